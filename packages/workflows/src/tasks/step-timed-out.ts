import type { CaseStep } from "@naungan/core";
import { TransactionRefused, type StepDecision } from "@naungan/platform";
import { mailHolder } from "./step-mail";
import { by, type CaseRef, type TaskContext } from "./task-context";

export interface StepTimedOutInput extends CaseRef {
  step: CaseStep;
  reason: "timeout" | "decided";
}

/**
 * A human step's wait ended without a delivered decision. A decision stored
 * meanwhile (it raced the timeout) is handed back for the workflow to route.
 * Otherwise the holders get a reminder; once the reminders are used up, a
 * finance step escalates to the backup approver. Each opening's timeout is
 * handled once, however often the task runs.
 */
export async function stepTimedOut(ctx: TaskContext, input: StepTimedOutInput): Promise<{ decision: StepDecision | null }> {
  const { platform } = ctx;
  const step = await platform.steps.get(input.caseId, input.attempt, input.step);
  // The wait ended before its OpenStep stored the step (OpenStep slower than the timeout):
  // nothing to remind of yet; the workflow opens the step again.
  if (!step) return { decision: null };
  if (step.decision) return { decision: step.decision };
  const c = (await platform.cases.get(input.caseId))!;
  const settings = await platform.settings.get();
  const escalate =
    input.step === "finance" && !step.escalatedTo && step.reminders >= settings.remindersBeforeEscalation && !step.holders.includes(settings.backupFinanceApprover);
  const reminder = step.reminders + 1;
  try {
    if (escalate) {
      const holders = [...step.holders, settings.backupFinanceApprover];
      const changed = await platform.cases.transition(
        c.id,
        { attempt: c.attempt, from: [c.status], set: { holders } },
        by(ctx),
        { action: "step.escalated", data: { step: input.step, to: settings.backupFinanceApprover, before: { holders: step.holders }, after: { holders } } },
        [platform.steps.reminderWrite(step, settings.backupFinanceApprover)],
      );
      if (!changed) throw new TransactionRefused(["None"]);
    } else {
      await platform.audit.record(
        { subject: `case#${c.id}`, ...by(ctx), action: "step.reminded", data: { step: input.step, reminder, holders: step.holders }, opdCode: c.opdCode },
        [platform.steps.reminderWrite(step)],
      );
    }
  } catch (err) {
    if (!(err instanceof TransactionRefused)) throw err;
    // This opening's timeout was handled already, or a decision just arrived.
    const latest = await platform.steps.get(input.caseId, input.attempt, input.step);
    return { decision: latest?.decision ?? null };
  }
  if (escalate) {
    const primaryApprover = step.holders.join(", ");
    await mailHolder(ctx, c, input.step, settings.backupFinanceApprover, { kind: "escalation", primaryApprover });
  } else {
    for (const to of step.holders) await mailHolder(ctx, c, input.step, to, { kind: "reminder", reminder });
  }
  return { decision: null };
}
