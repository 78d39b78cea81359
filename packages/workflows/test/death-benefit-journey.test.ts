import type { Engine } from "@naungan/engine";
import type { CaseRecord, DeathClaimDetails, Platform } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, claim, family, fileClaim, payOut, register } from "./support/death-claims";
import {
  approvalToken,
  completeEnrolment,
  expectChainVerifies,
  financeApproves,
  headApproves,
  honorer,
  mailsAbout,
  niks,
  submission,
  untilStatus,
  untilStepOpen,
} from "./support/journey";
import { startJourneyPlatform } from "./support/journey";

let platform: Platform;
let engine: Engine;
/** Workers activated by a completed enrolment: the registry the claims are checked against. */
const workers = niks(6, 101);

beforeAll(async () => {
  ({ platform, engine } = await startJourneyPlatform());
  await completeEnrolment(platform, submission(workers.map((n) => honorer(n, 3_000_000))));
}, 60_000);
afterAll(async () => engine?.close());

describe("a death-benefit claim, end to end on the real ASL", () => {
  it("JKM for a participant activated by an enrolment: OPD head, finance by link, payout to the heirs → completed, Rp42,000,000 paid", async () => {
    const filed = await fileClaim(platform, claim(workers[0]!));
    expect(filed.type).toBe("death_benefit");
    expect(filed.amount).toBe(42_000_000);
    const d = filed.details as unknown as DeathClaimDetails;
    expect(d.benefit).toMatchObject({ lumpSum: 20_000_000, periodic: 12_000_000, funeral: 10_000_000, total: 42_000_000 });
    // 11 months contributed: no scholarship yet (JKM needs 36).
    expect(d.contributionMonths).toBe(11);
    expect(d.benefit.scholarship).toBe(0);
    expect(d.heirClass).toBe(1);
    expect(d.payees.map((p) => p.amount)).toEqual([14_000_000, 14_000_000, 14_000_000]);

    await untilStepOpen(platform, filed.id, "opd_head");
    await headApproves(platform, filed.id);
    const financeMail = (await mailsAbout(platform, "verifikator@bkad.demo", filed.id))[0]!;
    expect(financeMail.text).toContain(d.deceased.name);
    expect(financeMail.text).toContain("Siti Aminah (Rp14.000.000)");
    expect(financeMail.text).toContain("Rp42.000.000");
    const atTreasurer = await financeApproves(platform, filed.id);

    const payouts = await payOut(platform, atTreasurer, "2026-11-04");
    const done = await untilStatus(platform, filed.id, "completed");
    const sla = (done.details as unknown as DeathClaimDetails).sla!;
    expect(sla).toMatchObject({ paidAt: "2026-11-04", late: false, lateDays: 0, penalty: 0 });
    const paid = (await platform.steps.get(filed.id, done.attempt, "disbursement"))!.decision!.payout!;
    expect(paid.payouts.map((p) => p.transferReference)).toEqual(payouts.map((p) => p.transferReference));
    expect(paid.payouts.reduce((sum, p) => sum + p.amount, 0)).toBe(42_000_000);
    expect(paid.payouts[0]!.bankAccount.number).toBe("11100001");
    await expectChainVerifies(platform, filed.id);
  });

  it("JKK death for a wage of Rp3,000,000: 144,000,000 + 12,000,000 + 10,000,000 = Rp166,000,000", async () => {
    const filed = await fileClaim(platform, claim(workers[1]!, { cause: "work_accident", monthlyWage: 3_000_000 }));
    expect(filed.amount).toBe(166_000_000);
    const d = filed.details as unknown as DeathClaimDetails;
    expect(d.benefit).toMatchObject({ lumpSum: 144_000_000, periodic: 12_000_000, funeral: 10_000_000, total: 166_000_000 });
    // JKK pays the scholarship without a minimum period: both children, up to age 23 (11 → 12 yearly payments: 8 TK–SD, 3 SMP, 1 SMA; 8 → 15).
    expect(d.benefit.scholarship).toBe(21_000_000 + 39_000_000);
    await untilStepOpen(platform, filed.id, "opd_head");
  });

  it("a payout paid late carries the penalty: complete Monday 2026-11-02, due Thursday, paid 5 working days after that → 5 % of the benefit", async () => {
    const filed = await fileClaim(platform, claim(workers[2]!, { dateOfDeath: "2026-10-30", completeAt: "2026-11-02" }));
    await untilStepOpen(platform, filed.id, "opd_head");
    await headApproves(platform, filed.id);
    const atTreasurer = await financeApproves(platform, filed.id);
    await payOut(platform, atTreasurer, "2026-11-12");
    const done = await untilStatus(platform, filed.id, "completed");
    expect((done.details as unknown as DeathClaimDetails).sla).toMatchObject({
      dueAt: "2026-11-05T23:59:59.999+07:00",
      late: true,
      lateDays: 5,
      penalty: 2_100_000,
    });
  });

  it("rejected by the OPD head: closed as rejected, and the person cannot be claimed again", async () => {
    const filed = await fileClaim(platform, claim(workers[3]!));
    await untilStepOpen(platform, filed.id, "opd_head");
    const head = (await platform.users.get("kepala@disnaker.demo"))!;
    await platform.decisions.decide(filed.id, { decision: "reject", note: "Akta kematian palsu" }, head, { actor: head.email, requestId: "t" });
    const rejected = await untilStatus(platform, filed.id, "rejected");
    expect(rejected.outcome?.reason).toBe("Akta kematian palsu");
    await expect(fileClaim(platform, claim(workers[3]!))).rejects.toMatchObject({ kind: "conflict", details: { caseId: filed.id } });
    await expectChainVerifies(platform, filed.id);
  });

  it("returned by finance, corrected and resubmitted: the next attempt runs with the new heirs", async () => {
    const filed = await fileClaim(platform, claim(workers[4]!));
    await untilStepOpen(platform, filed.id, "opd_head");
    await headApproves(platform, filed.id);
    const token = await approvalToken(platform, filed.id, "verifikator@bkad.demo");
    await platform.decisions.decideByLink(token, { decision: "return", note: "Rekening anak harus atas nama wali" }, { requestId: "t" });
    await untilStatus(platform, filed.id, "returned");
    const operator = (await platform.users.get("operator@disnaker.demo"))!;
    const spouseOnly = claim(workers[4]!).heirs.slice(0, 1);
    const again = await platform.deathClaims.resubmit(filed.id, claim(workers[4]!, { heirs: spouseOnly }), operator, { actor: operator.email, requestId: "t" });
    expect(again.attempt).toBe(2);
    const atHead = await untilStepOpen(platform, filed.id, "opd_head");
    expect((atHead.details as unknown as DeathClaimDetails).payees.map((p) => [p.name, p.amount])).toEqual([["Siti Aminah", 42_000_000]]);
    await expectChainVerifies(platform, filed.id);
  });

  it("two claims for one person at the same moment: exactly one is filed, the other is refused naming it", async () => {
    const [nik] = niks(1, 201);
    await register(platform, [nik!], "seed-concurrent");
    const results = await Promise.allSettled([fileClaim(platform, claim(nik!)), fileClaim(platform, claim(nik!))]);
    const filed = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(filed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const winner = (filed[0] as PromiseFulfilledResult<CaseRecord>).value;
    expect(refused[0]!.reason).toMatchObject({ kind: "conflict", details: { caseId: winner.id } });
    expect(refused[0]!.reason.message).toContain(winner.id);
    expect((await platform.cases.list({ type: "death_benefit" }, { limit: 500 })).items.filter((c) => (c.details as unknown as DeathClaimDetails).deceased.nik === nik)).toHaveLength(1);
  });

  it("refuses, writing nothing: a person who is not a participant (422), one not covered on the date of death, the wrong heirs (400)", async () => {
    const before = (await platform.cases.list({ type: "death_benefit" }, { limit: 500 })).items.length;
    const [stranger, lapsed] = niks(2, 301);
    await expect(fileClaim(platform, claim(stranger!))).rejects.toMatchObject({ kind: "unprocessable", details: { reason: "not_registered" } });
    await register(platform, [lapsed!], "seed-lapsed", "honorer", { from: "2026-01", to: "2026-06" });
    await expect(fileClaim(platform, claim(lapsed!))).rejects.toMatchObject({ kind: "unprocessable", details: { reason: "not_covered" } });
    // A share for a parent while the spouse inherits: the parent's class receives nothing.
    const parent = { nik: "1506020101600001", name: "Ayah Almarhum", relationship: "parent", bankAccount: account("Ayah Almarhum"), share: 1_000_000 };
    await expect(fileClaim(platform, claim(workers[0]!, { heirs: [...family(9), parent] }))).rejects.toMatchObject({ kind: "invalid" });
    const err = await fileClaim(platform, claim(niks(1, 302)[0]!, { heirs: [...family(9), parent] })).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unprocessable" }); // not a participant is decided before the heirs
    await register(platform, niks(1, 303), "seed-heirs");
    await expect(fileClaim(platform, claim(niks(1, 303)[0]!, { heirs: [...family(9), parent] }))).rejects.toMatchObject({
      kind: "invalid",
      fields: [{ path: "heirs.3.share", message: expect.stringContaining("golongan lebih tinggi") }],
    });
    expect((await platform.cases.list({ type: "death_benefit" }, { limit: 500 })).items.length).toBe(before);
    expect(await platform.deathClaims.existingClaim(niks(1, 303)[0]!)).toBeUndefined();
  });

  it("a payout that does not add up to the benefit is refused and records nothing", async () => {
    const filed = await fileClaim(platform, claim(workers[5]!));
    await untilStepOpen(platform, filed.id, "opd_head");
    await headApproves(platform, filed.id);
    const c = await financeApproves(platform, filed.id);
    const treasurer = (await platform.users.get("bud@bkad.demo"))!;
    const payees = (c.details as unknown as DeathClaimDetails).payees;
    const short = payees.map((p, i) => ({ nik: p.nik, transferReference: `T-${i}`, amount: i === 0 ? p.amount - 1 : p.amount }));
    await expect(platform.decisions.disburse(c.id, { sp2dNumber: "S", paidAt: "2026-11-04", payouts: short }, treasurer, { actor: treasurer.email, requestId: "t" })).rejects.toMatchObject({
      kind: "unprocessable",
      fields: expect.arrayContaining([expect.objectContaining({ path: "payouts" }), expect.objectContaining({ path: "payouts.0.amount" })]),
    });
    const missing = payees.slice(1).map((p, i) => ({ nik: p.nik, transferReference: `T-${i}`, amount: p.amount }));
    await expect(platform.decisions.disburse(c.id, { sp2dNumber: "S", paidAt: "2026-11-04", payouts: missing }, treasurer, { actor: treasurer.email, requestId: "t" })).rejects.toMatchObject({ kind: "unprocessable" });
    const exact = payees.map((p, i) => ({ nik: p.nik, transferReference: `T-${i}`, amount: p.amount }));
    for (const paidAt of ["2026-11-02", "2099-01-01"]) {
      // Before the claim was complete (2026-11-03), or after today.
      await expect(platform.decisions.disburse(c.id, { sp2dNumber: "S", paidAt, payouts: exact }, treasurer, { actor: treasurer.email, requestId: "t" })).rejects.toMatchObject({
        kind: "unprocessable",
        fields: [expect.objectContaining({ path: "paidAt" })],
      });
    }
    expect((await platform.steps.get(c.id, c.attempt, "disbursement"))!.decision).toBeUndefined();
    expect((await platform.cases.get(c.id))!.status).toBe("awaiting_disbursement");
  });
});
