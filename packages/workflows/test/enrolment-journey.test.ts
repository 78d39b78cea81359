import type { Engine } from "@naungan/engine";
import type { Platform } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalToken, by, honorer, niks, startJourneyPlatform, submission, untilStatus, user } from "./support/journey";

let platform: Platform;
let engine: Engine;

beforeAll(async () => {
  ({ platform, engine } = await startJourneyPlatform());
});
afterAll(async () => engine?.close());

describe("an enrolment, end to end on the real ASL", () => {
  it("goes from submission through the OPD head, finance and the treasurer to active coverage", async () => {
    const operator = await user(platform, "operator@disnaker.demo");
    const workers = niks(3).map((n) => honorer(n));
    const submitted = await platform.enrolments.submit(submission(workers), operator, by(operator.email));
    expect(submitted.amount).toBe(3 * 162_000);
    const lineBefore = (await platform.budgetLines.get("2026-DISNAKER-5.1.02.02.02.0006+0007"))!;

    const atHead = await untilStatus(platform, submitted.id, "awaiting_opd_head");
    expect(atHead.currentStep).toBe("opd_head");
    expect(atHead.holders).toEqual(["kepala@disnaker.demo"]);
    const head = await user(platform, "kepala@disnaker.demo");
    await platform.decisions.decide(submitted.id, { decision: "approve", note: "SPM ditandatangani" }, head, by(head.email));

    const atFinance = await untilStatus(platform, submitted.id, "awaiting_finance");
    expect(atFinance.holders).toEqual(["verifikator@bkad.demo"]);
    const line = (await platform.budgetLines.get(lineBefore.id))!;
    expect(line.reserved - lineBefore.reserved).toBe(submitted.amount);
    // The step shows before its mail goes out: wait for the mail.
    const token = await approvalToken(platform, submitted.id, "verifikator@bkad.demo");
    await platform.decisions.decideByLink(token, { decision: "approve" }, { requestId: "test-link" });

    await untilStatus(platform, submitted.id, "awaiting_disbursement");
    const treasurer = await user(platform, "bud@bkad.demo");
    const coverageBefore = await platform.coverage.totals();
    await platform.decisions.disburse(submitted.id, { sp2dNumber: "SP2D-001", transferReference: "TRF-001", paidAt: "2026-01-20", amount: submitted.amount }, treasurer, by(treasurer.email));

    const done = await untilStatus(platform, submitted.id, "completed");
    expect(done.currentStep).toBeUndefined();
    const after = (await platform.budgetLines.get(lineBefore.id))!;
    expect(after.spent - lineBefore.spent).toBe(submitted.amount);
    expect(after.reserved).toBe(lineBefore.reserved);
    const coverage = await platform.coverage.totals();
    expect(coverage.activated - coverageBefore.activated).toBe(3);
    expect(await platform.audit.verify(`case#${submitted.id}`)).toMatchObject({ ok: true });
  });
});
