/**
 * Duplicate workers (DESIGN.md §3, ValidateAndPrice): the same NIK twice in
 * one submission, or a NIK already active for an overlapping period, is
 * refused at submission naming the row and writes nothing; the next year's
 * period is not a duplicate.
 */
import type { Engine } from "@naungan/engine";
import type { Platform } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  budgetLine, by, completeEnrolment, executionNames, expectChainVerifies, honorer, niks, refusal, startJourneyPlatform, submission, user,
} from "./support/journey";

let platform: Platform;
let engine: Engine;

beforeAll(async () => {
  ({ platform, engine } = await startJourneyPlatform());
});
afterAll(async () => engine?.close());

const operator = () => user(platform, "operator@disnaker.demo");
/** What a submission writes or starts: DISNAKER's cases and the enrolment executions. */
const written = async () => ({
  cases: (await platform.cases.list({ opdCode: "DISNAKER" }, { limit: 500 })).items,
  executions: await executionNames(platform),
});

describe("the same NIK twice in one submission", () => {
  it("is refused naming the second row, and nothing is written", async () => {
    const [a, b] = niks(2, 1);
    const before = await written();
    const op = await operator();
    const refused = await refusal(platform.enrolments.submit(submission([honorer(a!), honorer(a!), honorer(b!)]), op, by(op.email)), "invalid");
    expect(refused.fields?.map((f) => f.path)).toEqual(["workers.1.nik"]);
    expect(refused.fields?.[0]?.message).toContain("pekerja nomor 1");
    expect(await written()).toEqual(before);
  });
});

describe("a NIK already active", () => {
  const [covered, fresh] = niks(2, 101);

  it("for an overlapping period is refused naming its row; the next year's period is accepted", async () => {
    const first = await completeEnrolment(platform, submission([honorer(covered!)]));
    expect((await platform.participants.get(covered!))?.periods).toMatchObject([{ from: "2026-01", to: "2026-12", caseId: first.id }]);
    await expectChainVerifies(platform, first.id);

    // July 2026 to June 2027 overlaps the first case's 2026.
    const before = await written();
    const op = await operator();
    const overlapping = submission([honorer(fresh!), honorer(covered!)], { periodStart: "2026-07", months: 6 });
    const refused = await refusal(platform.enrolments.submit(overlapping, op, by(op.email)), "invalid");
    expect(refused.fields).toEqual([{ path: "workers.1.nik", message: expect.stringContaining(first.id) }]);
    expect(await written()).toEqual(before);

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
});
