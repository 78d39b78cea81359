import { periodEnd, type EnrolmentWorker } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { workerPrefix } from "./case-workers";
import { StaleAttempt, type CaseRef, type TaskContext } from "./task-context";

/**
 * The workflow's own check before anyone is asked to decide: the submission
 * was checked when it came in, but a worker may have been enrolled by another
 * case since. Reads only; a refusal is closed by CloseCase (returned).
 */
export async function validateAndPrice(ctx: TaskContext, input: CaseRef): Promise<{ ok: true; amount: number } | { ok: false; reason: string }> {
  const { platform } = ctx;
  const c = await platform.cases.get(input.caseId);
  if (!c || c.attempt !== input.attempt) throw new StaleAttempt(`case ${input.caseId} is not at attempt ${input.attempt}`);
  const period = { from: String(c.details.periodStart), to: periodEnd({ periodStart: String(c.details.periodStart), months: Number(c.details.months) }) };
  let covered = 0;
  let workers = 0;
  for await (const page of platform.cases.allItems<EnrolmentWorker>(c.id, workerPrefix(c.attempt))) {
    workers += page.length;
    const found = await platform.participants.findOverlapping(
      page.map((w) => w.nik),
      period,
    );
    for (const hit of found.values()) if (hit.caseId !== c.id) covered++;
  }
  if (workers !== c.details.workersCount) throw new Error(`case ${c.id} has ${workers} worker items, expected ${String(c.details.workersCount)}`);
  if (covered > 0) return { ok: false, reason: t.cases.outcome.alreadyCovered(covered) };
  return { ok: true, amount: c.amount };
}
