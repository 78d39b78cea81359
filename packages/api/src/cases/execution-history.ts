import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from "@aws-sdk/client-sfn";
import { maskPersonalData, type CaseType } from "@naungan/core";
import { caseSubject, type CaseRecord, type Platform } from "@naungan/platform";
import { deathBenefitWorkflow, enrolmentWorkflow, executionName, type WorkflowDefinition } from "@naungan/workflows/definitions";
import type { AslDefinition } from "./workflow-diagram";

/*
 * A case's workflow runs as Step Functions reports them: one execution per
 * attempt (`<caseId>-<attempt>`), read through the platform's SFN client (the
 * local engine locally, AWS when deployed) with DescribeExecution and every
 * page of GetExecutionHistory. An execution that no longer exists (AWS keeps
 * closed ones 90 days) is listed as UNKNOWN, without events.
 */

/** A history event as the SDK returns it, its dates as ISO strings. */
export type ExecutionEventJson = { id: number; previousEventId?: number; timestamp: string; type: string } & Record<string, unknown>;

export type ExecutionStatusOrUnknown = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE" | "UNKNOWN";

export interface CaseExecution {
  attempt: number;
  /** null when no ARN of the case's executions is known (the workflow never started). */
  executionArn: string | null;
  status: ExecutionStatusOrUnknown;
  startDate: string | null;
  stopDate?: string;
  events: ExecutionEventJson[];
}

export interface CaseHistory {
  executions: CaseExecution[];
}

/** Errors that mean "this execution is not there" (rather than "the engine does not answer"). */
const MISSING = new Set(["ExecutionDoesNotExist", "InvalidArn", "StateMachineDoesNotExist"]);

const isMissing = (err: unknown) => err instanceof Error && MISSING.has(err.name);

/** Dates become ISO strings, everything else stays as the SDK gave it. */
function jsonDates(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonDates);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonDates(v)]));
  return value;
}

/** Swaps the execution name (after the last `:`) of an execution ARN. */
export const withExecutionName = (executionArn: string, name: string) => `${executionArn.slice(0, executionArn.lastIndexOf(":") + 1)}${name}`;

/**
 * Each attempt's execution ARN. The current one is on the case; earlier ones
 * share its state machine and differ by name. A case without one (its latest
 * start failed, or a resubmission not started yet) takes the state machine
 * from the `workflow.started` audit events.
 */
export async function attemptArns(platform: Platform, record: CaseRecord): Promise<Map<number, string>> {
  const arns = new Map<number, string>();
  let template = record.executionArn;
  if (!template) {
    let cursor: string | undefined;
    do {
      const page = await platform.audit.events(caseSubject(record.id), { cursor, limit: 500 });
      for (const e of page.items) {
        const arn = e.data.executionArn;
        if (e.action !== "workflow.started" || typeof arn !== "string") continue;
        template = arn;
        if (typeof e.data.attempt === "number") arns.set(e.data.attempt, arn);
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  if (!template) return arns;
  for (let attempt = 1; attempt <= record.attempt; attempt++) {
    if (!arns.has(attempt)) arns.set(attempt, withExecutionName(template, executionName(record.id, attempt)));
  }
  return arns;
}

/** Every event of one execution, oldest first, across all pages. */
export async function executionEvents(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

const unknown = (attempt: number, executionArn: string | null): CaseExecution => ({ attempt, executionArn, status: "UNKNOWN", startDate: null, events: [] });

/** One attempt's execution with its whole history; UNKNOWN when it does not exist. */
export async function caseExecution(sfn: SFNClient | undefined, attempt: number, executionArn: string | undefined): Promise<CaseExecution> {
  if (!sfn || !executionArn) return unknown(attempt, executionArn ?? null);
  try {
    const [described, events] = await Promise.all([sfn.send(new DescribeExecutionCommand({ executionArn })), executionEvents(sfn, executionArn)]);
    return {
      attempt,
      executionArn,
      status: (described.status ?? "UNKNOWN") as ExecutionStatusOrUnknown,
      startDate: described.startDate?.toISOString() ?? null,
      ...(described.stopDate ? { stopDate: described.stopDate.toISOString() } : {}),
      events: events.map((e) => jsonDates(e) as ExecutionEventJson),
    };
  } catch (err) {
    if (isMissing(err)) return unknown(attempt, executionArn);
    throw err;
  }
}

/** The executions of every attempt of the case, first attempt first. */
export async function caseHistory(platform: Platform, record: CaseRecord): Promise<CaseHistory> {
  const arns = await attemptArns(platform, record);
  const attempts = Array.from({ length: record.attempt }, (_, i) => i + 1);
  return { executions: await Promise.all(attempts.map((attempt) => caseExecution(platform.sfn, attempt, arns.get(attempt)))) };
}

/** The ASL of each case type's workflow. */
export const workflowOfCase = { enrolment: enrolmentWorkflow, death_benefit: deathBenefitWorkflow } as const satisfies Record<CaseType, WorkflowDefinition>;

export interface CaseWorkflow {
  definition: AslDefinition;
  /** undefined when the engine did not answer. */
  history?: CaseHistory;
}

/**
 * What the case page draws: the case's workflow and its executions. The page
 * still shows when the workflow engine does not answer (without marks).
 */
export async function caseWorkflow(platform: Platform, record: CaseRecord): Promise<CaseWorkflow> {
  const definition = workflowOfCase[record.type].definition as AslDefinition;
  try {
    return { definition, history: await caseHistory(platform, record) };
  } catch (err) {
    console.warn(JSON.stringify({ level: "warn", message: "case history unavailable", caseId: record.id, error: err instanceof Error ? err.message : String(err) }));
    return { definition };
  }
}

/** JSON texts in event details (task inputs, outputs, parameters) that may carry a payout's NIKs and accounts. */
const JSON_TEXT_FIELDS = new Set(["input", "output", "parameters"]);

/**
 * The history with personal data masked inside the JSON texts Step Functions
 * keeps (a payout decision is a task's output): for viewers who see them
 * masked everywhere else (packages/core/src/personal-data.ts).
 */
export function maskHistory(history: CaseHistory): CaseHistory {
  const maskText = (text: string) => {
    try {
      return JSON.stringify(maskPersonalData(JSON.parse(text)));
    } catch {
      return text;
    }
  };
  const maskDetails = (details: unknown): unknown =>
    details && typeof details === "object"
      ? Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === "string" && JSON_TEXT_FIELDS.has(k) ? maskText(v) : v]))
      : details;
  return {
    ...history,
    executions: history.executions.map((x) => ({
      ...x,
      events: x.events.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, k.endsWith("EventDetails") ? maskDetails(v) : v])) as ExecutionEventJson),
    })),
  };
}
