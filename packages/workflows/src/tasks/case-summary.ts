import type { CaseRecord, CaseSummary } from "@naungan/platform";
import type { TaskContext } from "./task-context";

/** The facts a mail about the case shows. */
export async function caseSummary(ctx: TaskContext, c: CaseRecord): Promise<CaseSummary> {
  const opd = await ctx.platform.opds.get(c.opdCode);
  const workersCount = typeof c.details.workersCount === "number" ? c.details.workersCount : undefined;
  return { caseId: c.id, caseType: c.type, opdName: opd?.name ?? c.opdCode, amount: c.amount, ...(workersCount !== undefined ? { workersCount } : {}) };
}
