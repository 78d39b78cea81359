import type { CaseRecord, DeathClaimDetails, Platform } from "@naungan/platform";
import { by, untilStatus, user } from "./journey";

/** A bank account for a heir (the number is what the treasurer transfers to). */
export const account = (holder: string, number = "0123456789") => ({ bank: "Bank Jambi", number, holder });

/** A widow (woman born 05-03-1988, day + 40) and two school children of the deceased. */
export const family = (serial = 1) => {
  const s = String(serial).padStart(3, "0");
  return [
    { nik: `1506024503880${s}`, name: "Siti Aminah", relationship: "spouse" as const, bankAccount: account("Siti Aminah", `11100${s}`) },
    { nik: `1506021207150${s}`, name: "Rudi Hartono", relationship: "child" as const, bankAccount: account("Siti Aminah", `11100${s}`), birthDate: "2015-07-12", schoolLevel: "tk_sd" as const },
    { nik: `1506025009180${s}`, name: "Nur Aisyah", relationship: "child" as const, bankAccount: account("Siti Aminah", `11100${s}`), birthDate: "2018-09-10", schoolLevel: "preschool" as const },
  ];
};

/** A claim of DISNAKER for `deceasedNik`, natural death on 2026-11-02, complete the next day, unless overridden. */
export const claim = (deceasedNik: string, overrides: Record<string, unknown> = {}) => ({
  opdCode: "DISNAKER",
  deceasedNik,
  dateOfDeath: "2026-11-02",
  cause: "natural",
  heirs: family(),
  documents: { deathCertificateNo: "474.3/123/2026", familyCardNo: "1506020101100001", heirStatementNo: "145/KEL/2026" },
  completeAt: "2026-11-03",
  ...overrides,
});

/** Files the claim as the DISNAKER operator. */
export async function fileClaim(platform: Platform, input: ReturnType<typeof claim>): Promise<CaseRecord> {
  const operator = await user(platform, "operator@disnaker.demo");
  return platform.deathClaims.submit(input, operator, by(operator.email));
}

/** The treasurer pays every payee its approved amount; answers the payouts sent. */
export async function payOut(platform: Platform, c: CaseRecord, paidAt = "2026-11-04") {
  const treasurer = await user(platform, "bud@bkad.demo");
  const payouts = (c.details as unknown as DeathClaimDetails).payees.map((p, i) => ({ nik: p.nik, transferReference: `TRF-${c.id}-${i}`, amount: p.amount }));
  await platform.decisions.disburse(c.id, { sp2dNumber: `SP2D-${c.id}`, paidAt, payouts }, treasurer, by(treasurer.email));
  return payouts;
}

/** Registered participants through a completed enrolment would take a whole journey; the registry's own activation does it directly. */
export async function register(platform: Platform, niks: string[], caseId: string, category: "honorer" | "nelayan" = "honorer", period = { from: "2026-01", to: "2026-12" }) {
  await platform.participants.activate(
    { caseId, attempt: 1, opdCode: "DISNAKER", period, workers: niks.map((nik) => ({ nik, name: `Almarhum ${nik.slice(-4)}`, category })) },
    { actor: "system:test", requestId: "test" },
  );
}

export { untilStatus };
