import type { Role } from "./roles";

/*
 * Personal data under UU PDP 27/2022: NIKs (and the family card number,
 * which has the same shape) and bank account numbers are shown only to the
 * roles whose work needs them; everyone else sees them masked. An auditor
 * may reveal one value at a time, and the reveal is itself audited.
 */

const MASK = "•";

/** `1506010501850003` → `1506••••••••0003`: the region and the serial stay, the birth date goes. */
export function maskNik(nik: string): string {
  if (nik.length <= 8) return MASK.repeat(nik.length);
  return nik.slice(0, 4) + MASK.repeat(nik.length - 8) + nik.slice(-4);
}

/** `1234567890` → `••••••7890`: enough to tell accounts apart, not to pay into one. */
export function maskAccount(number: string): string {
  if (number.length <= 4) return MASK.repeat(number.length);
  return MASK.repeat(number.length - 4) + number.slice(-4);
}

/** Keys whose string values are NIK-shaped identifiers of a person or a family. */
const NIK_KEYS = new Set(["nik", "deceasedNik", "childNik", "familyCardNo"]);

/**
 * A copy of `value` with every NIK (any key in NIK_KEYS) and every bank
 * account number (`number` inside a `bankAccount`) masked, at any depth:
 * for case details, audit event data and exports alike.
 */
export function maskPersonalData<T>(value: T): T {
  return maskWithin(value, undefined) as T;
}

function maskWithin(value: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => maskWithin(v, parentKey));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === "string" && NIK_KEYS.has(key)) out[key] = maskNik(v);
    else if (typeof v === "string" && key === "number" && parentKey === "bankAccount") out[key] = maskAccount(v);
    else out[key] = maskWithin(v, key);
  }
  return out;
}

/**
 * Who sees NIKs and account numbers in full: the OPD's own operators and
 * heads (they file and verify their cases; OPD scope already limits them to
 * their OPD), the finance approver (checks the payees before signing off)
 * and the treasurer (pays into the accounts). The auditor and the admin see
 * them masked; an auditor may reveal one value, which is audited.
 */
export const seesPersonalData = (role: Role): boolean =>
  role === "opd_operator" || role === "opd_head" || role === "finance_approver" || role === "treasurer";

/** The roles that may reveal one masked value (the reveal is an audit event). */
export const mayRevealPersonalData = (role: Role): boolean => role === "auditor";
