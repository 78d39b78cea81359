import * as z from "zod";

export const roles = [
  "opd_operator",
  "opd_head",
  "finance_approver",
  "treasurer",
  "auditor",
  "admin",
] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

/** Roles that act for one OPD and may only see that OPD's cases. */
export const rolesScopedToOpd: Role[] = ["opd_operator", "opd_head"];

/**
 * Whether a user may see data of `opdCode`. A scoped user without an OPD
 * sees nothing: a missing assignment must not widen access.
 */
export function canSeeOpd(user: { role: Role; opdCode?: string | undefined }, opdCode: string): boolean {
  if (!rolesScopedToOpd.includes(user.role)) return true;
  return user.opdCode !== undefined && user.opdCode === opdCode;
}
