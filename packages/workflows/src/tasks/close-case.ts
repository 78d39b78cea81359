import { caseSteps, formatRupiah, type CaseStatus } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { CaseRecord } from "@naungan/platform";
import { by, type CaseRef, type TaskContext } from "./task-context";

export interface CloseCaseInput extends CaseRef {
  outcome: "returned" | "rejected" | "failed";
  /** Why, when no person's decision says it: a validation message, a shortfall, an error. */
  reason?: string;
  shortfall?: number;
  error?: { Error?: string; Cause?: string };
}

/**
 * Ends an attempt that did not complete: releases its reservation (if any;
 * spends it when the transfer was already recorded)
 * and sets the case's final status for this attempt with the reason — the
 * decider's note, the shortfall, or the error. Idempotent.
 */
export async function closeCase(ctx: TaskContext, input: CloseCaseInput): Promise<{ status: CaseStatus }> {
  const { platform } = ctx;
  const c = await platform.cases.get(input.caseId);
  if (!c) throw new Error(`no case ${input.caseId}`);
  if (c.attempt !== input.attempt) return { status: c.status }; // a newer attempt runs; this one was closed before
  // Money the treasurer already transferred is spent, whatever failed after it;
  // anything short of that goes back to the budget line.
  // (A death claim reserves nothing: BPJS's fund pays it.)
  if (c.type === "enrolment") {
    const transferred = (await platform.steps.get(c.id, c.attempt, "disbursement"))?.decision?.disbursement;
    if (transferred) await platform.ledger.spend({ caseId: c.id, attempt: c.attempt, transferReference: transferred.transferReference }, by(ctx));
    else await platform.ledger.release({ caseId: c.id, attempt: c.attempt }, by(ctx));
  }
  if (c.status === input.outcome) return { status: c.status };
  const outcome = await outcomeOf(ctx, c, input);
  await platform.cases.transition(
    c.id,
    { attempt: c.attempt, from: ["validating", "awaiting_opd_head", "awaiting_finance", "awaiting_disbursement"], set: { status: input.outcome, outcome }, remove: ["currentStep", "holders"] },
    by(ctx),
    { action: `case.${input.outcome}`, data: { before: { status: c.status }, after: { status: input.outcome }, ...outcome } },
  );
  return { status: input.outcome };
}

async function outcomeOf(ctx: TaskContext, c: CaseRecord, input: CloseCaseInput): Promise<NonNullable<CaseRecord["outcome"]>> {
  if (input.shortfall !== undefined) return { reason: t.cases.outcome.shortfall(formatRupiah(input.shortfall)), shortfall: input.shortfall };
  if (input.reason) return { reason: input.reason };
  if (input.outcome === "failed") {
    const decided = (await ctx.platform.steps.get(c.id, c.attempt, "disbursement"))?.decision;
    const paid = decided?.disbursement ?? decided?.payout;
    return { reason: (paid ? t.cases.outcome.failedAfterPayment : t.cases.outcome.failed)(input.error?.Error ?? "Error") };
  }
  // A person decided: their note is the reason.
  for (const step of caseSteps) {
    const decision = (await ctx.platform.steps.get(c.id, c.attempt, step))?.decision;
    if (decision && decision.decision !== "approve") {
      return { reason: decision.note ?? t.cases.outcome.decidedBy(step), ...(decision.note ? { note: decision.note } : {}), actor: decision.actor };
    }
  }
  return { reason: t.cases.status[input.outcome] };
}
