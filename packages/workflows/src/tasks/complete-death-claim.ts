import type { DeathClaimDetails } from "@naungan/platform";
import { by, StaleAttempt, type CaseRef, type TaskContext } from "./task-context";

/**
 * The heirs are paid: the claim completes with its deadline clock stopped at
 * the payment (late days and the penalty owed to the heirs, PP 44/2015
 * art. 40). Idempotent: a completed claim is answered as it is.
 */
export async function completeDeathClaim(ctx: TaskContext, input: CaseRef): Promise<{ late: boolean; penalty: number }> {
  const { platform } = ctx;
  const c = await platform.cases.get(input.caseId);
  if (!c || c.attempt !== input.attempt || c.type !== "death_benefit") throw new StaleAttempt(`claim ${input.caseId} is not at attempt ${input.attempt}`);
  const done = (c.details as unknown as DeathClaimDetails).sla;
  if (c.status === "completed" && done) return { late: done.late, penalty: done.penalty };
  const payout = (await platform.steps.get(c.id, c.attempt, "disbursement"))?.decision?.payout;
  if (!payout) throw new Error(`claim ${c.id} has no recorded payout`);
  const sla = { ...(await platform.deathClaims.sla(c, payout.paidAt)), paidAt: payout.paidAt };
  await platform.cases.transition(
    c.id,
    { attempt: c.attempt, from: ["awaiting_disbursement"], set: { status: "completed", details: { ...c.details, sla } }, remove: ["currentStep", "holders"] },
    by(ctx),
    { action: "case.completed", data: { before: { status: c.status }, after: { status: "completed" }, paid: payout.amount, payouts: payout.payouts.length, sla } },
  );
  return { late: sla.late, penalty: sla.penalty };
}
