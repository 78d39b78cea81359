import { statusOfStep, type CaseStep } from "@naungan/core";
import { holdersOf } from "./holders";
import { mailHolder } from "./step-mail";
import { by, StaleAttempt, type CaseRef, type TaskContext } from "./task-context";

export interface OpenStepInput extends CaseRef {
  step: CaseStep;
  taskToken: string;
}

/**
 * A human step begins (or begins again after a reminder): the token is
 * stored on the step, the case shows who holds it, and the first opening
 * mails the holders. Throws `StepAlreadyDecided` (from the store) when the
 * decision was recorded before this opening, so the workflow routes it.
 */
export async function openStep(ctx: TaskContext, input: OpenStepInput): Promise<{ opened: number }> {
  const { platform } = ctx;
  const c = await platform.cases.get(input.caseId);
  if (!c || c.attempt !== input.attempt) throw new StaleAttempt(`case ${input.caseId} is not at attempt ${input.attempt}`);
  const settings = await platform.settings.get();
  const existing = await platform.steps.get(c.id, c.attempt, input.step);
  const holders = existing?.holders ?? (await holdersOf(ctx, c, input.step, settings));
  const step = await platform.steps.open({ ...input, holders });
  const status = statusOfStep[input.step];
  if (c.status !== status || c.currentStep !== input.step) {
    await platform.cases.transition(
      c.id,
      { attempt: c.attempt, from: ["validating", "awaiting_opd_head", "awaiting_finance", "awaiting_disbursement"], set: { status, currentStep: input.step, holders: step.holders } },
      by(ctx),
      { action: "step.opened", data: { step: input.step, holders: step.holders, before: { status: c.status }, after: { status } } },
    );
  }
  if (!step.notifiedAt) {
    const current = (await platform.cases.get(c.id))!;
    for (const to of step.holders) await mailHolder(ctx, current, input.step, to, { kind: "request" });
    await platform.steps.markNotified(c.id, c.attempt, input.step);
  }
  return { opened: step.opens };
}
