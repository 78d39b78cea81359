import type { Context } from "aws-lambda";
import { AuditLog, CaseStore, createDynamoClients, createSfnClient, Db, SettingsStore, UnstartedWorkflows } from "@naungan/platform";
import { stackEnv } from "./lambda-env";

// The sweep needs the cases, the settings (the executions' timing) and Step
// Functions only, not the whole platform: a smaller bundle starts faster
// (docs/performance.md, figure 4). The ARNs come from the Api stack.
const db = new Db(createDynamoClients({}), stackEnv("TABLE_NAME", "Api"));
const now = () => new Date();
const audit = new AuditLog(db, now);
const sweep = new UnstartedWorkflows({
  cases: new CaseStore(db, audit, now),
  settings: new SettingsStore(db, audit),
  sfn: createSfnClient(),
  workflows: { enrolment: process.env.STATE_MACHINE_ENROLMENT_ARN, deathBenefit: process.env.STATE_MACHINE_DEATH_BENEFIT_ARN },
  now,
});

/** Run every few minutes by a Cron: starts the workflow of each case a submission stored but never started. */
export async function handler(_event: unknown, context?: Pick<Context, "awsRequestId">) {
  const result = await sweep.resume({ actor: "system:workflow-starts", requestId: context?.awsRequestId ?? "workflow-starts" });
  if (result.started.length > 0) console.log(JSON.stringify({ level: "info", message: "workflows started for stored cases", cases: result.started }));
  // A failure fails the invocation (the Lambda's error metric); the next run, or the retry, tries again: a start is idempotent by name.
  if (result.failed.length > 0) {
    console.log(JSON.stringify({ level: "error", message: "workflows still not started", failed: result.failed }));
    throw new Error(`${result.failed.length} case workflow(s) could not be started: ${result.failed.map((f) => f.caseId).join(", ")}`);
  }
  return result;
}
