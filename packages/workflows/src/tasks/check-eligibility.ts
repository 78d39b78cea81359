import { StaleAttempt, type CaseRef, type TaskContext } from "./task-context";

/**
 * The workflow's own check of a claim before anyone is asked to decide: the
 * claim was checked when it was filed, but the registry may have changed
 * since. Reads only; a refusal is closed by CloseCase (returned).
 */
export async function checkEligibility(ctx: TaskContext, input: CaseRef): Promise<{ ok: true; amount: number } | { ok: false; reason: string }> {
  const c = await ctx.platform.cases.get(input.caseId);
  if (!c || c.attempt !== input.attempt || c.type !== "death_benefit") throw new StaleAttempt(`claim ${input.caseId} is not at attempt ${input.attempt}`);
  return ctx.platform.deathClaims.recheck(c);
}
