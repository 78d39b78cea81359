import { periodEnd, type EnrolmentWorker } from "@naungan/core";
import { workerPrefix } from "./case-workers";
import { by, StaleAttempt, type CaseRef, type TaskContext } from "./task-context";

/**
 * The money has gone to BPJS: the reservation becomes spending, the workers
 * become active participants for the period, and the case is completed. Each
 * part is idempotent, so a retry after a crash finishes what is missing.
 */
export async function activateCoverage(ctx: TaskContext, input: CaseRef): Promise<{ activated: number }> {
  const { platform } = ctx;
  const c = await platform.cases.get(input.caseId);
  if (!c || c.attempt !== input.attempt) throw new StaleAttempt(`case ${input.caseId} is not at attempt ${input.attempt}`);
  const disbursed = (await platform.steps.get(c.id, c.attempt, "disbursement"))?.decision?.disbursement;
  if (!disbursed) throw new Error(`case ${c.id} has no recorded disbursement`);
  await platform.ledger.spend({ caseId: c.id, attempt: c.attempt, transferReference: disbursed.transferReference }, by(ctx));
  const period = { from: String(c.details.periodStart), to: periodEnd({ periodStart: String(c.details.periodStart), months: Number(c.details.months) }) };
  const workers: { nik: string; name: string; category: EnrolmentWorker["category"] }[] = [];
  for await (const page of platform.cases.allItems<EnrolmentWorker>(c.id, workerPrefix(c.attempt))) {
    for (const w of page) workers.push({ nik: w.nik, name: w.name, category: w.category });
  }
  const result = await platform.participants.activate({ caseId: c.id, attempt: c.attempt, opdCode: c.opdCode, period, workers }, by(ctx));
  if (c.status !== "completed") {
    await platform.cases.transition(
      c.id,
      { attempt: c.attempt, from: ["awaiting_disbursement"], set: { status: "completed" }, remove: ["currentStep", "holders"] },
      by(ctx),
      { action: "case.completed", data: { before: { status: c.status }, after: { status: "completed" }, activated: result.activated, alreadyActive: result.alreadyActive } },
    );
  }
  return { activated: result.activated };
}
