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
  const name = `${caseId}-${attempt}`;
  let executionArn: string;
  try {
    executionArn = (await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }))).executionArn!;
  } catch (err) {
    // Started before with other timing (settings changed between retries): it runs already, under its known name.
    if (!(err instanceof ExecutionAlreadyExists)) throw err;
    executionArn = executionArnOf(stateMachineArn, name);
  }
  const current = (await deps.cases.get(caseId))!;
  if (current.attempt === attempt && !current.executionArn) {
    await deps.cases.transition(caseId, { attempt, from: [current.status], set: { executionArn } }, by, {
      action: "workflow.started",
      data: { executionArn, attempt },
    });
  }
  return (await deps.cases.get(caseId))!;
}

/** AWS's execution ARN: the state machine's, with `execution` for `stateMachine` and the name appended. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}
