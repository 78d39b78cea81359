import * as z from "zod";

/*
 * SIPD account codes (kode rekening) the regency budgets contributions on
 * (DOMAIN.md §4). They are data [U]: no code was found for APBD-paid
 * fishers, so that entry ships without one until the finance agency names it.
 */

/** One SIPD account code, e.g. 5.1.02.02.02.0006; empty while unknown. */
export const sipdCodeSchema = z
  .string()
  .trim()
  .regex(/^(\d(\.\d{1,4}){5})?$/, "must be a SIPD account code like 5.1.02.02.02.0006, or empty while unknown");

export const accountCodeSchema = z.object({
  code: sipdCodeSchema,
  label: z.string().trim().min(2).max(120),
});
export type AccountCode = z.infer<typeof accountCodeSchema>;

export const accountCodesSchema = z
  .array(accountCodeSchema)
  .max(50)
  .refine((codes) => new Set(codes.map((c) => c.code).filter(Boolean)).size === codes.filter((c) => c.code).length, "each account code may appear once");

/** CONFIGURATION [U] — the defaults of DOMAIN.md §4. */
export const defaultAccountCodes: readonly AccountCode[] = [
  { code: "5.1.02.02.02.0006", label: "Iuran JKK non-ASN" },
  { code: "5.1.02.02.02.0007", label: "Iuran JKM non-ASN" },
  { code: "5.1.02.02.02.0010", label: "Iuran JHT" },
  { code: "5.1.02.02.02.0005", label: "Iuran jaminan kesehatan" },
  { code: "", label: "Iuran nelayan dibayar APBD" },
];
