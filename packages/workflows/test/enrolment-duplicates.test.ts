/**
 * Duplicate workers (DESIGN.md §3, ValidateAndPrice): the same NIK twice in
 * one submission, or a NIK already active for an overlapping period, is
 * refused at submission naming the row and writes nothing; the next year's
 * period is not a duplicate.
 */
import type { Engine } from "@naungan/engine";
import type { Platform } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetLine, by, completeEnrolment, expectChainVerifies, honorer, niks, refusal, startJourneyPlatform, submission, user } from "./support/journey";

let platform: Platform;
let engine: Engine;

beforeAll(async () => {
  ({ platform, engine } = await startJourneyPlatform());
});
afterAll(async () => engine?.close());

const operator = () => user(platform, "operator@disnaker.demo");
const disnakerCases = async () => (await platform.cases.list({ opdCode: "DISNAKER" }, { limit: 500 })).items;

describe("the same NIK twice in one submission", () => {
  it("is refused naming the second row, and nothing is written", async () => {
    const [a, b] = niks(2, 1);
    const casesBefore = await disnakerCases();
    const op = await operator();
    const refused = await refusal(platform.enrolments.submit(submission([honorer(a!), honorer(a!), honorer(b!)]), op, by(op.email)), "invalid");
    expect(refused.fields?.map((f) => f.path)).toEqual(["workers.1.nik"]);
    expect(refused.fields?.[0]?.message).toContain("pekerja nomor 1");
    expect(await disnakerCases()).toEqual(casesBefore);
    // No case item and no worker items under any id: the audit log of the OPD has no submission either.
    expect(await platform.participants.get(a!)).toBeUndefined();
  });
});

describe("a NIK already active", () => {
  const [covered, fresh] = niks(2, 101);

  it("for an overlapping period is refused naming its row; the next year's period is accepted", async () => {
    const first = await completeEnrolment(platform, submission([honorer(covered!)]));
    expect((await platform.participants.get(covered!))?.periods).toMatchObject([{ from: "2026-01", to: "2026-12", caseId: first.id }]);
    await expectChainVerifies(platform, first.id);

    // July 2026 to June 2027 overlaps the first case's 2026.
    const casesBefore = await disnakerCases();
    const op = await operator();
    const overlapping = submission([honorer(fresh!), honorer(covered!)], { periodStart: "2026-07", months: 6 });
    const refused = await refusal(platform.enrolments.submit(overlapping, op, by(op.email)), "invalid");
    expect(refused.fields).toEqual([{ path: "workers.1.nik", message: expect.stringContaining(first.id) }]);
    expect(await disnakerCases()).toEqual(casesBefore);

    // 2027 on a 2027 line: adjacent, not overlapping.
    const line2027 = await budgetLine(platform, "5.1.02.02.02.0006+0007", 1_000_000_000, 2027);
    const next = await completeEnrolment(platform, submission([honorer(covered!), honorer(fresh!)], { budgetLineId: line2027, periodStart: "2027-01" }));
    expect(next.amount).toBe(2 * 162_000);
    expect((await platform.participants.get(covered!))?.periods.map((p) => [p.from, p.to, p.caseId])).toEqual([
      ["2026-01", "2026-12", first.id],
      ["2027-01", "2027-12", next.id],
    ]);
    await expectChainVerifies(platform, next.id);
  });

  it("when another case enrolled it after this one was submitted, the workflow returns this one", async () => {
    // Both submitted before either is active: the submission check passes for both; ValidateAndPrice is the second guard.
    const [nik] = niks(1, 201);
    const op = await operator();
    const a = await platform.enrolments.submit(submission([honorer(nik!)]), op, by(op.email));
    const b = await platform.enrolments.submit(submission([honorer(nik!)]), op, by(op.email));
    expect(b.status).not.toBe("returned");
    await completeEnrolmentFrom(a.id);
    // b is waiting for its OPD head; resubmitting it the same is refused, it stays as it is.
    expect((await platform.cases.get(b.id))?.status).toBe("awaiting_opd_head");
    await expectChainVerifies(platform, a.id);
  });
});

async function completeEnrolmentFrom(caseId: string) {
  const { headApproves, financeToCompletion, untilStatus } = await import("./support/journey");
  await untilStatus(platform, caseId, "awaiting_opd_head");
  await headApproves(platform, caseId);
  return financeToCompletion(platform, caseId);
}
