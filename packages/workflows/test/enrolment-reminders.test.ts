/**
 * Human steps left alone (DESIGN.md §3): each timeout reminds the holders;
 * after the last reminder a finance step escalates to the backup approver,
 * whose link decides it. A decision landing as the step times out is kept.
 * Timeouts here are 1 second (`reminderSeconds`), the workflow's own timer.
 */
import { id as t } from "@naungan/core/i18n";
import type { Engine, LambdaHandler } from "@naungan/engine";
import type { Platform } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvalToken, auditEvents, by, decisionEvents, expectChainVerifies, financeToCompletion, headApproves, headDecides, honorers, mailsAbout,
  startJourneyPlatform, submission, submitToHead, tokenOf, until, untilStatus, user, withFault,
} from "./support/journey";
import { tasks } from "../src/tasks";

let platform: Platform;
let engine: Engine;

beforeAll(async () => {
  ({ platform, engine } = await startJourneyPlatform({ reminderSeconds: 1, remindersBeforeEscalation: 2 }));
});
afterAll(async () => engine?.close());

const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const BACKUP = "cadangan@bkad.demo";
const link = { requestId: "test-link" };
const subjects = async (to: string, caseId: string) => (await mailsAbout(platform, to, caseId)).map((m) => m.subject).reverse();

/** Finance rejects by link, so that the case stops reminding while the other tests run. */
const closeAtFinance = async (caseId: string) => {
  await platform.decisions.decideByLink(await approvalToken(platform, caseId, FINANCE), { decision: "reject", note: "Selesai diuji" }, link);
  await untilStatus(platform, caseId, "rejected");
};

/** Waits until the workflow opens `step` again; if it does not, says where the case is. */
async function untilReopened(caseId: string, step: "opd_head" | "finance") {
  const opens = (await platform.steps.get(caseId, 1, step))!.opens;
  try {
    await until(`${step} to re-open`, async () => ((await platform.steps.get(caseId, 1, step))!.opens > opens ? true : undefined), 30_000);
  } catch (err) {
    const c = await platform.cases.get(caseId);
    throw new Error(`${step} of ${caseId} did not re-open in 30 s; the case is ${c?.status} (${JSON.stringify(c?.outcome ?? {})})`, { cause: err });
  }
}

describe("the OPD head's step, left alone", () => {
  it("reminds the head at each timeout, never escalates, and the first mail's link still decides", async () => {
    const c = await submitToHead(platform, submission(honorers(1, 801)));
    await until("3 reminders", async () => ((await platform.steps.get(c.id, 1, "opd_head"))?.reminders ?? 0) >= 3 || undefined, 30_000);
    await until("3 reminder mails", async () => (await subjects(HEAD, c.id)).length >= 4 || undefined, 30_000);

    const ask = t.mail.ask.opd_head;
    expect((await subjects(HEAD, c.id)).slice(0, 4)).toEqual([
      t.mail.subject.request(ask, c.id),
      t.mail.subject.reminder(1, ask, c.id),
      t.mail.subject.reminder(2, ask, c.id),
      t.mail.subject.reminder(3, ask, c.id),
    ]);
    const step = (await platform.steps.get(c.id, 1, "opd_head"))!;
    expect(step.reminders).toBeLessThanOrEqual(step.opens); // at most one reminder per opening
    expect(step.escalatedTo).toBeUndefined();
    expect((await platform.cases.get(c.id))?.holders).toEqual([HEAD]);
    expect(await mailsAbout(platform, BACKUP, c.id)).toEqual([]);
    expect((await auditEvents(platform, c.id)).filter((e) => e.action === "step.reminded").length).toBeGreaterThanOrEqual(3);

    // Reminders carry new links; the first one stays valid.
    const first = (await mailsAbout(platform, HEAD, c.id)).at(-1)!;
    await platform.decisions.decideByLink(tokenOf(first)!, { decision: "approve" }, link);
    await untilStatus(platform, c.id, "awaiting_finance");
    await closeAtFinance(c.id);
    await expectChainVerifies(platform, c.id);
  }, 60_000);
});

describe("the finance step, left alone", () => {
  it("reminds twice, then escalates to the backup, who decides through the escalation mail's link", async () => {
    const c = await submitToHead(platform, submission(honorers(2, 811)));
    await headApproves(platform, c.id);
    const escalated = await until("the escalation", async () => (await platform.steps.get(c.id, 1, "finance"))?.escalatedTo, 30_000);
    expect(escalated).toBe(BACKUP);
    const mail = await until("the escalation mail", async () => (await mailsAbout(platform, BACKUP, c.id)).at(-1), 30_000);

    const ask = t.mail.ask.finance;
    expect(mail.subject).toBe(t.mail.subject.escalation(ask, c.id));
    expect(mail.text).toContain(FINANCE); // names who let it time out
    expect((await subjects(FINANCE, c.id)).slice(0, 3)).toEqual([t.mail.subject.request(ask, c.id), t.mail.subject.reminder(1, ask, c.id), t.mail.subject.reminder(2, ask, c.id)]);
    expect((await platform.cases.get(c.id))?.holders).toEqual([FINANCE, BACKUP]);
    const escalations = (await auditEvents(platform, c.id)).filter((e) => e.action === "step.escalated");
    expect(escalations).toMatchObject([{ data: { step: "finance", to: BACKUP } }]);

    await platform.decisions.decideByLink(tokenOf(mail)!, { decision: "approve", note: "Disetujui pejabat cadangan" }, link);
    await untilStatus(platform, c.id, "awaiting_disbursement");
    expect((await decisionEvents(platform, c.id, "finance")).map((e) => e.actor)).toEqual([BACKUP]);
    const treasurer = await user(platform, "bud@bkad.demo");
    await platform.decisions.disburse(c.id, { sp2dNumber: "SP2D-E1", transferReference: "TRF-E1", paidAt: "2026-01-20", amount: c.amount }, treasurer, by(treasurer.email));
    await untilStatus(platform, c.id, "completed");
    await expectChainVerifies(platform, c.id);
  }, 60_000);
});

describe("a decision racing the timeout", () => {
  it("is not lost, whenever within a reminder period it lands", async () => {
    // Each case is decided at another moment after its step re-opened: at once, and up to the next timeout.
    const delays = [0, 0, 250, 500, 750, 900, 1000, 1100];
    const cases = await Promise.all(delays.map((_, i) => submitToHead(platform, submission(honorers(1, 821 + i)))));
    await Promise.all(
      cases.map(async (c, i) => {
        await untilReopened(c.id, "opd_head");
        await new Promise((resolve) => setTimeout(resolve, delays[i]));
        await headDecides(platform, c.id, "approve");
      }),
    );
    for (const c of cases) {
      await untilStatus(platform, c.id, "awaiting_finance", 30_000);
      expect(await decisionEvents(platform, c.id, "opd_head")).toHaveLength(1);
    }
    await Promise.all(cases.map((c) => closeAtFinance(c.id)));
    for (const c of cases) await expectChainVerifies(platform, c.id);
  }, 60_000);

  it("finance approving by link right as the step re-opens still completes the case", async () => {
    const c = await submitToHead(platform, submission(honorers(1, 841)));
    await headApproves(platform, c.id);
    await untilReopened(c.id, "finance");
    await financeToCompletion(platform, c.id);
    await expectChainVerifies(platform, c.id);
  }, 60_000);
});

describe("an opening slower than the step's timeout", () => {
  it("does not fail the case: the step is opened again, and the head's decision goes through", async () => {
    // The first OpenStep of the case answers after its 1-second wait has already timed out.
    let late: Promise<unknown> | undefined;
    const slowFirstOpening: LambdaHandler = (event, context) => {
      const open = () => tasks.OpenStep({ platform, requestId: context.awsRequestId }, event);
      if (late) return open();
      late = new Promise((resolve) => setTimeout(resolve, 2_500)).then(open);
      return late;
    };
    await withFault({ engine, platform }, "OpenStep", slowFirstOpening, async () => {
      const c = await submitToHead(platform, submission(honorers(1, 861)));
      await headDecides(platform, c.id, "approve");
      await untilStatus(platform, c.id, "awaiting_finance", 30_000);
      expect(await decisionEvents(platform, c.id, "opd_head")).toHaveLength(1);
      expect((await subjects(HEAD, c.id))[0]).toBe(t.mail.subject.request(t.mail.ask.opd_head, c.id));
      await closeAtFinance(c.id);
      // The late opening answers a wait that is over: it changes nothing.
      await late!.catch(() => undefined);
      expect((await platform.cases.get(c.id))?.status).toBe("rejected");
      await expectChainVerifies(platform, c.id);
    });
  }, 60_000);
});
