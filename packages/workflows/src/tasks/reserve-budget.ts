import { by, StaleAttempt, type CaseRef, type TaskContext } from "./task-context";

/** Reserves the case's amount on its budget line; a shortfall is an answer, not an error. */
export async function reserveBudget(ctx: TaskContext, input: CaseRef): Promise<{ ok: true } | { ok: false; shortfall: number; available: number }> {
  const c = await ctx.platform.cases.get(input.caseId);
  if (!c || c.attempt !== input.attempt || !c.budgetLineId) throw new StaleAttempt(`case ${input.caseId} is not at attempt ${input.attempt}`);
  return ctx.platform.ledger.reserve({ caseId: c.id, attempt: c.attempt, budgetLineId: c.budgetLineId, amount: c.amount, opdCode: c.opdCode }, by(ctx));
}
