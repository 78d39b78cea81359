import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import type { SettingsStore } from "../settings";
import type { Actor, CaseRecord, CaseStore } from "./case-store";

export interface ExecutionStarterDeps {
  cases: CaseStore;
  settings: SettingsStore;
  sfn?: SFNClient;
}

/**
 * Starts attempt `attempt`'s execution of a case on `stateMachineArn`, named
 * `<caseId>-<attempt>` so that a retry cannot start a second one, and notes
 * the execution on the case. Both workflows take the same input.
 */
export async function startCaseExecution(
  deps: ExecutionStarterDeps,
  stateMachineArn: string | undefined,
  caseId: string,
  attempt: number,
  by: Actor,
): Promise<CaseRecord> {
  const { sfn } = deps;
  if (!sfn || !stateMachineArn) throw new Error(`the workflow of case ${caseId} is not configured (stateMachineArn)`);
  const settings = await deps.settings.get();
  const input = JSON.stringify({
    caseId,
    attempt,
    timing: { reminderSeconds: settings.reminderSeconds, remindersBeforeEscalation: settings.remindersBeforeEscalation },
  });
  let executionArn: string | undefined;
  try {
    ({ executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `${caseId}-${attempt}`, input })));
  } catch (err) {
    // Started before with other timing (settings changed between retries): it runs already.
    if (!(err instanceof ExecutionAlreadyExists)) throw err;
  }
  const current = (await deps.cases.get(caseId))!;
  if (executionArn && current.attempt === attempt && !current.executionArn) {
    await deps.cases.transition(caseId, { attempt, from: [current.status], set: { executionArn } }, by, {
      action: "workflow.started",
      data: { executionArn, attempt },
    });
  }
  return (await deps.cases.get(caseId))!;
}
