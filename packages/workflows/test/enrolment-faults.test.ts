/**
 * Faults: a task function that fails (a Lambda fault, injected by
 * registering a failing function under the task's name on the engine), and
 * the engine restarting while a case waits for finance (DESIGN.md §6).
 */
import type { LambdaHandler } from "@naungan/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tasks } from "../src/tasks";
import { NamedError } from "./support/scripted-workflow";
import {
  approvalToken, decisionEvents, DEMO_LINE, disburse, expectChainVerifies, figures, financeApproves, financeToCompletion, headApproves,
  honorers, type Journey, niks, startJourneyPlatform, submission, submitToHead, untilStatus, withFault,
} from "./support/journey";

let journey: Journey;

beforeAll(async () => {
  journey = await startJourneyPlatform();
});
afterAll(async () => journey?.engine.close());

/** A case brought through every step up to the treasurer's record of the transfer. */
async function disbursed(first: number) {
  const { platform } = journey;
  const c = await submitToHead(platform, submission(honorers(2, first)));
  await headApproves(platform, c.id);
  await disburse(platform, await financeApproves(platform, c.id));
  return c;
}

describe("a task that fails", () => {
  it("ActivateCoverage failing after the transfer ends the case `failed`, the money counted as spent, nobody covered", async () => {
    const { platform } = journey;
    const before = await figures(platform, DEMO_LINE);
    const coverageBefore = await platform.coverage.totals();
    await withFault(
      journey,
      "ActivateCoverage",
      () => {
        throw new NamedError("RegistryUnavailable", "the participant registry did not answer");
      },
      async () => {
        const c = await disbursed(901);
        const failed = await untilStatus(platform, c.id, "failed");
        expect(failed.outcome?.reason).toContain("RegistryUnavailable");
        expect(failed.currentStep).toBeUndefined();
        // The transfer happened: the line shows it spent, not available again.
        expect(await platform.ledger.get(c.id, 1)).toMatchObject({ status: "spent" });
        const after = await figures(platform, DEMO_LINE);
        expect(after.spent - before.spent).toBe(c.amount);
        expect(after.available).toBe(before.available - c.amount);
        expect(failed.outcome?.reason).toContain("setelah pencairan");
        expect(await platform.participants.get(niks(1, 901)[0]!)).toBeUndefined();
        expect(await platform.coverage.totals()).toEqual(coverageBefore);
        await expectChainVerifies(platform, c.id);
      },
    );
  });

  it("a transient Lambda fault (throttling) on ReserveBudget is retried and the case goes on", async () => {
    const { platform } = journey;
    let calls = 0;
    const throttledOnce: LambdaHandler = (event, context) => {
      if (++calls === 1) throw new NamedError("Lambda.TooManyRequestsException", "Rate exceeded");
      return tasks.ReserveBudget({ platform, requestId: context.awsRequestId }, event);
    };
    await withFault(journey, "ReserveBudget", throttledOnce, async () => {
      const c = await submitToHead(platform, submission(honorers(1, 911)));
      await headApproves(platform, c.id);
      expect(calls).toBe(2);
      expect(await platform.ledger.get(c.id, 1)).toMatchObject({ status: "reserved", amount: c.amount });
      await financeToCompletion(platform, c.id);
      await expectChainVerifies(platform, c.id);
    });
  });
});

describe("the engine restarting", () => {
  it("while a case waits for finance: after the restart the mailed link decides and the case completes", async () => {
    const c = await submitToHead(journey.platform, submission(honorers(2, 921)));
    await headApproves(journey.platform, c.id);
    const token = await approvalToken(journey.platform, c.id, "verifikator@bkad.demo");

    journey = await journey.restart();
    expect(journey.engine.resumed).toBeGreaterThanOrEqual(1);
    const { platform } = journey;
    await platform.decisions.decideByLink(token, { decision: "approve" }, { requestId: "test-after-restart" });
    await disburse(platform, await untilStatus(platform, c.id, "awaiting_disbursement"));
    const done = await untilStatus(platform, c.id, "completed");
    expect(done.attempt).toBe(1);
    expect((await decisionEvents(platform, c.id)).map((e) => e.data.step)).toEqual(["opd_head", "finance", "disbursement"]);
    expect(await platform.ledger.get(c.id, 1)).toMatchObject({ status: "spent" });
    expect((await platform.participants.get(niks(1, 921)[0]!))?.periods).toHaveLength(1);
    await expectChainVerifies(platform, c.id);
  });
});

describe("the engine restarting after a reminder fell due", () => {
  it("sends the overdue reminder on resume (the tasks are registered first) and the case goes on", async () => {
    let j = await startJourneyPlatform({ reminderSeconds: 2, remindersBeforeEscalation: 5 });
    try {
      const c = await submitToHead(j.platform, submission(honorers(1, 951)));
      await j.engine.close();
      // Down for longer than the reminder interval: the step's timer is overdue at restart.
      await new Promise((r) => setTimeout(r, 3_000));
      j = await j.restart();
      const { platform } = j;
      const deadline = Date.now() + 20_000;
      while ((await platform.steps.get(c.id, 1, "opd_head"))!.reminders < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await platform.steps.get(c.id, 1, "opd_head"))!.reminders).toBeGreaterThanOrEqual(1);
      expect((await platform.cases.get(c.id))!.status).toBe("awaiting_opd_head");
      await headApproves(platform, c.id);
      await untilStatus(platform, c.id, "awaiting_finance");
      await expectChainVerifies(platform, c.id);
    } finally {
      await j.engine.close();
    }
  }, 60_000);
});
