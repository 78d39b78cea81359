import { wibDate } from "@naungan/core";
import type { Platform } from "@naungan/platform";
import type { Json } from "./enrolment-client";

/*
 * Death-benefit claims for the API tests: participants put straight into the
 * registry (the registry's own activation, as a completed enrolment would),
 * valid claims and heirs, and the treasurer's payouts.
 */

/** A deceased man born 05-01-1985 in Tanjung Jabung Barat (15.06.02), one NIK per serial 1–999. */
export const deceasedNik = (serial: number) => `1506020501850${String(serial).padStart(3, "0")}`;

/** A bank account at Bank Jambi. */
export const account = (holder: string, number = "0123456789") => ({ bank: "Bank Jambi", number, holder });

/** A widow (woman born 05-03-1988: day + 40) and two children of the deceased: class 1, equal shares. */
export const family = () => [
  { nik: "1506024503880001", name: "Siti Aminah", relationship: "spouse", bankAccount: account("Siti Aminah", "1110000001") },
  { nik: "1506021207150001", name: "Rudi Hartono", relationship: "child", bankAccount: account("Siti Aminah", "1110000001"), birthDate: "2015-07-12", schoolLevel: "tk_sd" },
  { nik: "1506025009180001", name: "Nur Aisyah", relationship: "child", bankAccount: account("Siti Aminah", "1110000001"), birthDate: "2018-09-10", schoolLevel: "preschool" },
];

/** A brother (class 3) and a father-in-law (class 4): only the brother receives. */
export const siblingAndParentInLaw = () => [
  { nik: "1506021003800002", name: "Ahmad Fauzi", relationship: "sibling", bankAccount: account("Ahmad Fauzi", "2220000002") },
  { nik: "1506020202550003", name: "Haji Usman", relationship: "parent_in_law", bankAccount: account("Haji Usman", "3330000003") },
];

/** A DISNAKER claim for `nik`: natural death on 2026-11-02 (within the 2026 coverage, before today), the family as heirs. */
export const claim = (nik: string, overrides: Json = {}): Json => ({
  opdCode: "DISNAKER",
  deceasedNik: nik,
  dateOfDeath: "2026-11-02",
  cause: "natural",
  heirs: family(),
  documents: { deathCertificateNo: "474.3/123/2026", familyCardNo: "1506020101100001", heirStatementNo: "145/KEL/2026" },
  ...overrides,
});

/** Covers the NIKs for 2026 at `opdCode`, as an enrolment case completing would. */
export async function register(platform: Platform, niks: string[], opdCode = "DISNAKER", caseId = `seed-${opdCode.toLowerCase()}`) {
  await platform.participants.activate(
    { caseId, attempt: 1, opdCode, period: { from: "2026-01", to: "2026-12" }, workers: niks.map((nik) => ({ nik, name: `Almarhum ${nik.slice(-4)}`, category: "honorer" as const })) },
    { actor: "system:test", requestId: "t" },
  );
}

/** Today in WIB: a payout is dated between the complete claim (filed now) and today. */
export const today = () => wibDate(new Date());

/** The treasurer's payout body paying every payee of the case (as `GET /api/cases/:id` shows them) its amount. */
export const payoutBody = (c: Json, reference = "TRF", paidAt = today()) => ({
  sp2dNumber: `SP2D-${c.id}`,
  paidAt,
  payouts: (c.payees as Json[]).map((p, i) => ({ nik: p.nik as string, transferReference: `${reference}-${c.id}-${i}`, amount: p.amount as number })),
});
