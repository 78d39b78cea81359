import { randomBytes } from "node:crypto";
import { ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { arns, defaultIdentity, startEngine, type Engine, type LambdaHandler } from "@naungan/engine";
import { createLocalPlatform, registerLocalTasks, seedDemoData } from "@naungan/local";
import { statusOfStep, type CaseStatus, type CaseStep, type Decision } from "@naungan/core";
import { Refused, type AuditEvent, type CaseRecord, type OutboxMail, type Platform, type RefusalKind, type Settings, type User } from "@naungan/platform";
import { expect, inject } from "vitest";
import { createTestTable } from "../../../platform/test/support/test-table";
import { enrolmentWorkflow } from "../../src/definitions";
import type { TaskName } from "../../src/tasks";
import { until } from "./scripted-workflow";

export { until };

export interface Journey {
  platform: Platform;
  engine: Engine;
  /**
   * Closes the engine and starts a new one on the same engine table (it
   * resumes the waiting executions), with a new platform on the same table
   * and the tasks registered again: what a restart of `npm start` does.
   */
  restart(): Promise<Journey>;
}

/** The platform with the real enrolment ASL and task functions on a local engine, and the demo data. */
export async function startJourneyPlatform(settings: Partial<Settings> = {}, options: { now?: () => Date } = {}): Promise<Journey> {
  const endpoint = inject("dynamoEndpoint");
  const { tableName } = await createTestTable("journey");
  const engineTable = `test-engine-${randomBytes(4).toString("hex")}`;
  const config = {
    dynamo: { endpoint },
    tableName,
    sessionSecret: "test-secret-0123456789-0123456789-0123456789",
    settings,
    ...(options.now ? { now: options.now } : {}),
  };
  const start = async (): Promise<Journey> => {
    const engine = await startEngine({ dynamoEndpoint: endpoint, port: 0, tableName: engineTable, resume: false });
    const platform = await createLocalPlatform(engine, config);
    return {
      platform,
      engine,
      restart: async () => {
        await engine.close();
        return start();
      },
    };
  };
  const journey = await start();
  await seedDemoData(journey.platform, "test-seed");
  return journey;
}

/** Runs `body` with `handler` standing in for the task `name`; the real tasks are registered again after. */
export async function withFault(journey: Pick<Journey, "engine" | "platform">, name: TaskName, handler: LambdaHandler, body: () => Promise<void>) {
  journey.engine.lambdas.register(name, handler);
  try {
    await body();
  } finally {
    registerLocalTasks(journey.engine, journey.platform);
  }
}

/** The names of the enrolment state machine's executions (`<caseId>-<attempt>`). */
export async function executionNames(platform: Platform): Promise<string[]> {
  const stateMachineArn = arns.stateMachine(defaultIdentity, enrolmentWorkflow.name);
  const out = await platform.sfn!.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
  return (out.executions ?? []).map((e) => e.name!).sort();
}

export async function user(platform: Platform, email: string): Promise<User> {
  const u = await platform.users.get(email);
  if (!u) throw new Error(`no user ${email}`);
  return u;
}

export const by = (actor: string) => ({ actor, requestId: `test-${randomBytes(3).toString("hex")}` });

/** Waits until the case reaches `status` (the workflow moves asynchronously). */
export async function untilStatus(platform: Platform, caseId: string, status: CaseStatus, timeoutMs = 20_000): Promise<CaseRecord> {
  let last: CaseRecord | undefined;
  try {
    return await until(
      `case ${caseId} to be ${status}`,
      async () => {
        last = await platform.cases.get(caseId);
        return last?.status === status ? last : undefined;
      },
      timeoutMs,
    );
  } catch {
    throw new Error(`case ${caseId} did not reach ${status}; it is ${last?.status} (${JSON.stringify(last?.outcome ?? {})})`);
  }
}

/** Waits until the step is open and its holders were mailed (OpenStep marks the case first, then mails). */
export async function untilStepOpen(platform: Platform, caseId: string, step: CaseStep, timeoutMs = 20_000): Promise<CaseRecord> {
  const c = await untilStatus(platform, caseId, statusOfStep[step], timeoutMs);
  await until(`step ${step} of ${caseId} to be mailed`, async () => (await platform.steps.get(caseId, c.attempt, step))?.notifiedAt, timeoutMs);
  return c;
}

/** Waits until the case leaves the workflow's hands for this attempt (no step open, not validating). */
export async function untilSettled(platform: Platform, caseId: string, timeoutMs = 20_000): Promise<CaseRecord> {
  return until(
    `case ${caseId} to settle`,
    async () => {
      const c = await platform.cases.get(caseId);
      return c && ["awaiting_finance", "completed", "returned", "rejected", "failed"].includes(c.status) ? c : undefined;
    },
    timeoutMs,
  );
}

/** Valid NIKs of Tungkal Ilir (15.06.02), men born 05-01-1985, serial from `first` (up to 999). */
export const niks = (count: number, first = 1) => Array.from({ length: count }, (_, i) => `1506020501850${String(first + i).padStart(3, "0")}`);

export const honorer = (nik: string, monthlyWage = 2_500_000) => ({ nik, name: `Pekerja ${nik.slice(-4)}`, birthDate: "1985-01-05", category: "honorer" as const, monthlyWage });

/** `count` honorer workers with NIKs from serial `first`. */
export const honorers = (count: number, first: number) => niks(count, first).map((n) => honorer(n));

/** An honorer (C1) for a year: 162,000. */
export const HONORER_YEAR = 162_000;

export const DEMO_LINE = "2026-DISNAKER-5.1.02.02.02.0006+0007";

export const submission = (workers: ReturnType<typeof honorer>[], overrides: Record<string, unknown> = {}) => ({
  opdCode: "DISNAKER",
  budgetLineId: DEMO_LINE,
  periodStart: "2026-01",
  months: 12,
  workers,
  ...overrides,
});

/** A budget line of DISNAKER of its own (another account code), so a test controls its pagu. */
export async function budgetLine(platform: Platform, accountCode: string, pagu: number, year = 2026): Promise<string> {
  await platform.budgetLines.createIfAbsent({ opdCode: "DISNAKER", year, accountCode, name: `Test line ${accountCode}`, pagu }, by("system:test"));
  return `${year}-DISNAKER-${accountCode}`;
}

export async function figures(platform: Platform, lineId: string) {
  const line = await platform.budgetLines.get(lineId);
  if (!line) throw new Error(`no budget line ${lineId}`);
  const { pagu, available, reserved, spent } = line;
  return { pagu, available, reserved, spent };
}

/** Mails to `to` about the case, newest first. */
export async function mailsAbout(platform: Platform, to: string, caseId: string): Promise<OutboxMail[]> {
  const page = await platform.outbox!.list({ to, limit: 500 });
  return page.items.filter((m) => m.caseId === caseId);
}

export const tokenOf = (mail: OutboxMail): string | undefined => {
  const link = mail.links.find((l) => l.includes("/approve/"));
  return link ? decodeURIComponent(link.split("/approve/")[1]!) : undefined;
};

/**
 * The token of the newest usable approval link mailed to `to` for the
 * case's open step and attempt, waiting for the mail (OpenStep shows the
 * step on the case before it mails).
 */
export async function approvalToken(platform: Platform, caseId: string, to: string): Promise<string> {
  return until(`an approval link to ${to} for ${caseId}`, async () => {
    const c = await platform.cases.get(caseId);
    for (const token of (await mailsAbout(platform, to, caseId)).map(tokenOf)) {
      const peeked = token ? await platform.approvals.peek(token) : undefined;
      if (peeked?.ok && peeked.link.attempt === c?.attempt && peeked.link.step === c.currentStep) return token;
    }
    return undefined;
  });
}

/** The rejection `promise` must end in, with its kind; answers it for more checks. */
export async function refusal(promise: Promise<unknown>, kind: RefusalKind): Promise<Refused> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a refusal (${kind})`).toBeInstanceOf(Refused);
  expect((err as Refused).kind).toBe(kind);
  return err as Refused;
}

export async function auditEvents(platform: Platform, caseId: string): Promise<AuditEvent[]> {
  const page = await platform.audit.events(`case#${caseId}`, { limit: 1000 });
  return page.items;
}

/** The people's decisions in the case's audit chain (`step.approve|reject|return`), optionally of one step. */
export async function decisionEvents(platform: Platform, caseId: string, step?: CaseStep): Promise<AuditEvent[]> {
  return (await auditEvents(platform, caseId)).filter(
    (e) => ["step.approve", "step.reject", "step.return"].includes(e.action) && (step === undefined || e.data.step === step),
  );
}

export async function expectChainVerifies(platform: Platform, caseId: string): Promise<void> {
  expect(await platform.audit.verify(`case#${caseId}`)).toMatchObject({ ok: true });
}

/** Submits as the DISNAKER operator and waits for the OPD head's step. */
export async function submitToHead(platform: Platform, input: ReturnType<typeof submission>): Promise<CaseRecord> {
  const operator = await user(platform, "operator@disnaker.demo");
  const submitted = await platform.enrolments.submit(input, operator, by(operator.email));
  return untilStepOpen(platform, submitted.id, "opd_head");
}

/** The DISNAKER head decides in the app. */
export async function headDecides(platform: Platform, caseId: string, decision: Decision, note?: string): Promise<void> {
  const head = await user(platform, "kepala@disnaker.demo");
  await platform.decisions.decide(caseId, { decision, ...(note ? { note } : {}) }, head, by(head.email));
}

/** The OPD head approves in the app; waits for the finance step. */
export async function headApproves(platform: Platform, caseId: string): Promise<CaseRecord> {
  await headDecides(platform, caseId, "approve");
  return untilStepOpen(platform, caseId, "finance");
}

/** Finance approves by its mailed link; waits for the treasurer's step. */
export async function financeApproves(platform: Platform, caseId: string): Promise<CaseRecord> {
  await platform.decisions.decideByLink(await approvalToken(platform, caseId, "verifikator@bkad.demo"), { decision: "approve" }, { requestId: "test-link" });
  return untilStatus(platform, caseId, "awaiting_disbursement");
}

/** The treasurer records the transfer of the case's amount (the disbursement step's decision). */
export async function disburse(platform: Platform, c: Pick<CaseRecord, "id" | "attempt" | "amount">): Promise<void> {
  const treasurer = await user(platform, "bud@bkad.demo");
  const ref = `TRF-${c.id}-${c.attempt}`;
  await platform.decisions.disburse(c.id, { sp2dNumber: `SP2D-${ref}`, transferReference: ref, paidAt: "2026-01-20", amount: c.amount }, treasurer, by(treasurer.email));
}

/** From the finance step: finance approves by link, the treasurer records the transfer; waits for `completed`. */
export async function financeToCompletion(platform: Platform, caseId: string): Promise<CaseRecord> {
  await disburse(platform, await financeApproves(platform, caseId));
  return untilStatus(platform, caseId, "completed");
}

/** Submission to `completed` through every step. */
export async function completeEnrolment(platform: Platform, input: ReturnType<typeof submission>): Promise<CaseRecord> {
  const c = await submitToHead(platform, input);
  await headApproves(platform, c.id);
  return financeToCompletion(platform, c.id);
}
