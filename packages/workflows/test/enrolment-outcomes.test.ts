/**
 * The ends of an attempt other than `completed` (DESIGN.md §3): rejected or
 * returned at each approval step, and returned for a shortfall (F2) — each
 * with its reservation released (or never made) and the decider named.
 */
import { arns, defaultIdentity, type Engine } from "@naungan/engine";
import type { Platform } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrolmentWorkflow } from "../src/definitions";
import {
  approvalToken, budgetLine, by, decisionEvents, DEMO_LINE, executionNames, expectChainVerifies, figures, financeToCompletion, headApproves,
  headDecides, honorer, HONORER_YEAR, honorers, niks, startJourneyPlatform, submission, submitToHead, untilStatus, user,
} from "./support/journey";

let platform: Platform;
let engine: Engine;

beforeAll(async () => {
  ({ platform, engine } = await startJourneyPlatform());
});
afterAll(async () => engine?.close());

const financeDecides = async (caseId: string, decision: "reject" | "return", note: string) =>
  platform.decisions.decideByLink(await approvalToken(platform, caseId, "verifikator@bkad.demo"), { decision, note }, { requestId: "test-link" });

describe("rejected", () => {
  it("by the OPD head in the app: nothing was reserved, the outcome names the head and the note", async () => {
    const before = await figures(platform, DEMO_LINE);
    const c = await submitToHead(platform, submission(honorers(2, 1)));
    await headDecides(platform, c.id, "reject", "Bukan pegawai dinas ini");

    const closed = await untilStatus(platform, c.id, "rejected");
    expect(closed.outcome).toMatchObject({ actor: "kepala@disnaker.demo", note: "Bukan pegawai dinas ini" });
    expect(closed.currentStep).toBeUndefined();
    expect(closed.holders).toBeUndefined();
    expect(await platform.ledger.get(c.id, 1)).toBeUndefined();
    expect(await figures(platform, DEMO_LINE)).toEqual(before);
    await expectChainVerifies(platform, c.id);
  });

  it("by finance through the mailed link: the reservation is released and the line is back where it was", async () => {
    const before = await figures(platform, DEMO_LINE);
    const c = await submitToHead(platform, submission(honorers(3, 11)));
    await headApproves(platform, c.id);
    expect((await figures(platform, DEMO_LINE)).reserved).toBe(before.reserved + 3 * HONORER_YEAR);
    await financeDecides(c.id, "reject", "SPD belum terbit");

    const closed = await untilStatus(platform, c.id, "rejected");
    expect(closed.outcome).toMatchObject({ actor: "verifikator@bkad.demo", note: "SPD belum terbit" });
    expect(await platform.ledger.get(c.id, 1)).toMatchObject({ status: "released", amount: 3 * HONORER_YEAR });
    expect(await figures(platform, DEMO_LINE)).toEqual(before);
    await expectChainVerifies(platform, c.id);
  });
});

describe("returned, corrected and resubmitted", () => {
  it.each([
    ["the OPD head", "opd_head" as const, 21],
    ["finance", "finance" as const, 31],
  ])("returned by %s, attempt 2 runs as <caseId>-2 and completes", async (_who, step, first) => {
    const before = await figures(platform, DEMO_LINE);
    const c = await submitToHead(platform, submission(niks(2, first).map((n) => honorer(n, 2_000_000))));
    if (step === "opd_head") await headDecides(platform, c.id, "return", "Upah tidak sesuai UMK");
    else {
      await headApproves(platform, c.id);
      await financeDecides(c.id, "return", "Upah tidak sesuai UMK");
    }
    const returned = await untilStatus(platform, c.id, "returned");
    expect(returned.outcome).toMatchObject({ note: "Upah tidak sesuai UMK", actor: step === "opd_head" ? "kepala@disnaker.demo" : "verifikator@bkad.demo" });
    expect(await figures(platform, DEMO_LINE)).toEqual(before);

    // The operator corrects the wages and adds a worker.
    const operator = await user(platform, "operator@disnaker.demo");
    const corrected = submission(honorers(3, first));
    const resubmitted = await platform.enrolments.resubmit(c.id, corrected, operator, by(operator.email));
    expect(resubmitted).toMatchObject({ attempt: 2, amount: 3 * HONORER_YEAR });
    expect(resubmitted.outcome).toBeUndefined();
    expect(resubmitted.executionArn).toBe(arns.execution(defaultIdentity, enrolmentWorkflow.name, `${c.id}-2`));
    expect((await executionNames(platform)).filter((n) => n.startsWith(c.id))).toEqual([`${c.id}-1`, `${c.id}-2`]);

    await untilStatus(platform, c.id, "awaiting_opd_head");
    await headApproves(platform, c.id);
    const done = await financeToCompletion(platform, c.id);
    expect(done.attempt).toBe(2);
    // Attempt 1's reservation (if any) stayed released; attempt 2's was spent.
    expect((await platform.ledger.get(c.id, 1))?.status ?? "none").toBe(step === "opd_head" ? "none" : "released");
    expect(await platform.ledger.get(c.id, 2)).toMatchObject({ status: "spent", amount: 3 * HONORER_YEAR });
    const after = await figures(platform, DEMO_LINE);
    expect(after).toEqual({ ...before, available: before.available - 3 * HONORER_YEAR, spent: before.spent + 3 * HONORER_YEAR });
    expect((await platform.participants.get(niks(1, first + 2)[0]!))?.periods).toHaveLength(1);
    await expectChainVerifies(platform, c.id);
  });
});

describe("a shortfall (F2)", () => {
  it("returns the case after the OPD head's approval with the missing amount, reserving nothing", async () => {
    // Another case holds part of a small line, so only 300,000 remains.
    const lineId = await budgetLine(platform, "5.1.02.02.02.0010", 400_000);
    await platform.ledger.reserve({ caseId: "other-case", attempt: 1, budgetLineId: lineId, amount: 100_000, opdCode: "DISNAKER" }, by("system:test"));
    const before = await figures(platform, lineId);
    expect(before.available).toBe(300_000);

    const c = await submitToHead(platform, submission(honorers(2, 41), { budgetLineId: lineId }));
    expect(c.amount).toBe(2 * HONORER_YEAR);
    await headDecides(platform, c.id, "approve");
    const returned = await untilStatus(platform, c.id, "returned");
    expect(returned.outcome?.shortfall).toBe(2 * HONORER_YEAR - 300_000);
    expect(returned.outcome?.reason).toContain("24.000");
    expect(await platform.ledger.get(c.id, 1)).toMatchObject({ status: "refused", shortfall: 24_000, available: 300_000 });
    expect(await figures(platform, lineId)).toEqual(before);
    // The OPD head's approval stands in the chain; finance was never asked.
    expect((await decisionEvents(platform, c.id)).map((e) => [e.action, e.data.step])).toEqual([["step.approve", "opd_head"]]);
    expect(await platform.steps.get(c.id, 1, "finance")).toBeUndefined();
    await expectChainVerifies(platform, c.id);
  });
});
