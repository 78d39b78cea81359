import { randomBytes } from "node:crypto";
import { roleSchema, type Role } from "@naungan/core";
import type { Platform } from "@naungan/platform";
import { AdminUsageError } from "./target";
import type { By } from "./report";

export interface CreateUserResult {
  outcome: "created" | "exists";
  email: string;
  /** Only when the CLI generated it (so it is shown once); never the one from the environment. */
  generatedPassword?: string;
}
export type CreateAdminResult = CreateUserResult;

export interface CreateUserInput {
  email?: string;
  name?: string;
  role?: string;
  opdCode?: string;
  /** From the environment; generated when absent. */
  password?: string;
  /** Names the environment variable in messages. */
  passwordVariable?: string;
}

/**
 * `create-admin --email E --name N`: the first administrator. The password
 * comes from NAUNGAN_ADMIN_PASSWORD or is generated (and shown once). An
 * existing admin of that email is left as is (the password is not reset);
 * an existing user with another role is refused.
 */
export function createAdmin(platform: Platform, input: Omit<CreateUserInput, "role" | "opdCode">, by: By): Promise<CreateAdminResult> {
  return createUser(platform, { passwordVariable: "NAUNGAN_ADMIN_PASSWORD", ...input, role: "admin" }, by);
}

/** `create-user --email E --name N --role R [--opd CODE]`: any role, the same rules as create-admin. */
export async function createUser(platform: Platform, input: CreateUserInput, by: By): Promise<CreateUserResult> {
  if (!input.email || !input.name || !input.role) throw new AdminUsageError("Needs --email <address>, --name <full name> and (for create-user) --role <role>.");
  const role = roleSchema.safeParse(input.role);
  if (!role.success) throw new AdminUsageError(`--role must be one of ${roleSchema.options.join(", ")}.`);
  const email = input.email.trim().toLowerCase();
  const opdCode = input.opdCode?.toUpperCase();
  if (opdCode && !(await platform.opds.get(opdCode))) throw new AdminUsageError(`Unknown OPD ${opdCode}: import the OPDs first.`);
  const existing = await platform.users.get(email);
  if (existing) {
    if (existing.role !== role.data || (existing.opdCode ?? undefined) !== opdCode) {
      throw new AdminUsageError(`${email} already exists as ${describe(existing.role, existing.opdCode)}; it was not changed.`);
    }
    return { outcome: "exists", email };
  }
  const generated = input.password ? undefined : randomBytes(18).toString("base64url");
  const password = input.password ?? generated!;
  try {
    const created = await platform.users.createIfAbsent({ email, name: input.name, role: role.data as Role, ...(opdCode ? { opdCode } : {}), password }, by);
    if (!created) return createUser(platform, input, by);
  } catch (err) {
    if (err instanceof Error && err.name === "ZodError") {
      const issues = (err as unknown as { issues: { path: PropertyKey[]; message: string }[] }).issues;
      const field = (p: string) => (p === "password" ? (input.passwordVariable ?? "password") : p === "opdCode" ? "--opd" : p);
      throw new AdminUsageError(issues.map((i) => `${field(i.path.join("."))}: ${i.message}`).join("; "));
    }
    throw err;
  }
  return { outcome: "created", email, ...(generated ? { generatedPassword: generated } : {}) };
}

const describe = (role: string, opdCode?: string) => `role ${role}${opdCode ? ` of ${opdCode}` : ""}`;
