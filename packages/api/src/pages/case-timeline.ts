import { id as t } from "@naungan/core/i18n";
import type { TimelineEntry } from "../cases/case-view";
import type { CaseExecution, ExecutionEventJson } from "../cases/execution-history";

/*
 * The case page's timeline (case-page.tsx): the audit events of the case and
 * the events of its workflow executions, merged oldest first, each row
 * naming its source.
 * Of an execution it shows what a reader follows (started, each state
 * entered, task failures, the end); GET /api/cases/:id/history has them all.
 */

const h = t.history.timeline;

export interface MergedTimelineEntry {
  at: string;
  source: "audit" | "workflow";
  actor: string;
  action: string;
  /** The human step an audit event is about. */
  step: string | null;
  note: string | null;
  /** The attempt a workflow event belongs to. */
  attempt?: number;
}

const NOTE_MAX = 300;
const clip = (text: string) => (text.length > NOTE_MAX ? `${text.slice(0, NOTE_MAX - 1)}…` : text);
const TASK_FAILURE = /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$/;

/** Error and cause of a failure event, as one note. */
function failureNote(event: ExecutionEventJson): string | null {
  const key = `${event.type[0]!.toLowerCase()}${event.type.slice(1)}EventDetails`;
  const details = event[key] as { error?: unknown; cause?: unknown } | undefined;
  const parts = [details?.error, details?.cause].filter((v): v is string => typeof v === "string" && v !== "");
  return parts.length > 0 ? clip(parts.join(": ")) : null;
}

/** The row of an execution event, or undefined for the ones the page leaves out. */
function workflowEntry(event: ExecutionEventJson, attempt: number, state: string | undefined): MergedTimelineEntry | undefined {
  const base = { at: event.timestamp, source: "workflow" as const, actor: h.engine, step: null, attempt };
  const { type } = event;
  if (h.events[type]) return { ...base, action: h.events[type]!, note: type === "ExecutionStarted" || type === "ExecutionSucceeded" ? null : failureNote(event) };
  if (type.endsWith("StateEntered")) {
    const name = (event.stateEnteredEventDetails as { name?: string } | undefined)?.name;
    return name ? { ...base, action: h.entered(name), note: null } : undefined;
  }
  if (TASK_FAILURE.test(type)) {
    const where = state ?? "?";
    return { ...base, action: type.endsWith("TimedOut") ? h.taskTimedOut(where) : h.taskFailed(where), note: failureNote(event) };
  }
  return undefined;
}

/** Audit events and execution events, oldest first (audit first at the same instant). */
export function mergedTimeline(audit: readonly TimelineEntry[], executions: readonly CaseExecution[] = []): MergedTimelineEntry[] {
  const entries: MergedTimelineEntry[] = audit.map((e) => ({ ...e, source: "audit" }));
  for (const execution of executions) {
    let state: string | undefined;
    for (const event of execution.events) {
      if (event.type.endsWith("StateEntered")) state = (event.stateEnteredEventDetails as { name?: string } | undefined)?.name;
      const entry = workflowEntry(event, execution.attempt, state);
      if (entry) entries.push(entry);
    }
  }
  // Array.prototype.sort is stable: equal instants keep audit before workflow, and each source its own order.
  return entries.map((e, i) => ({ e, i, ms: Date.parse(e.at) })).sort((a, b) => a.ms - b.ms || a.i - b.i).map(({ e }) => e);
}
