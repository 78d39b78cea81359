import { CreateStateMachineCommand, SFNClient, StateMachineAlreadyExists, UpdateStateMachineCommand } from "@aws-sdk/client-sfn";
import { arns, defaultIdentity, type Engine } from "@naungan/engine";
import { createPlatform, sendDecision, type Platform, type PlatformConfig, type WorkflowArns } from "@naungan/platform";
import { definitionString, localSubstitutions, tasks, WORKFLOWS, type TaskName } from "@naungan/workflows";

const LOCAL_ROLE = `arn:aws:iam::${defaultIdentity.accountId}:role/naungan-local-workflows`;

/**
 * Puts the workflows' ASL on the local engine — the same documents the
 * Workflows stack deploys, with local Lambda ARNs substituted — creating each
 * state machine or updating it to the current document.
 */
export async function deployLocalWorkflows(engine: Engine): Promise<Required<WorkflowArns>> {
  const { region, accountId } = defaultIdentity;
  const sfn = new SFNClient({ endpoint: engine.endpoint, region, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const deployed: Partial<Record<keyof WorkflowArns, string>> = {};
    for (const [key, workflow] of Object.entries(WORKFLOWS) as [keyof WorkflowArns, (typeof WORKFLOWS)[keyof WorkflowArns]][]) {
      const definition = definitionString(workflow, localSubstitutions(region, accountId));
      const stateMachineArn = arns.stateMachine(defaultIdentity, workflow.name);
      try {
        await sfn.send(new CreateStateMachineCommand({ name: workflow.name, definition, roleArn: LOCAL_ROLE }));
      } catch (err) {
        if (!(err instanceof StateMachineAlreadyExists)) throw err;
        await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition }));
      }
      deployed[key] = stateMachineArn;
    }
    return deployed as Required<WorkflowArns>;
  } finally {
    sfn.destroy();
  }
}

/** Registers every task with the local engine under the function name the ASL calls, as Lambda runs them in AWS. */
export function registerLocalTasks(engine: Engine, platform: Platform): void {
  for (const name of Object.keys(tasks) as TaskName[]) {
    engine.lambdas.register(name, (event, context) => tasks[name]({ platform, requestId: context.awsRequestId }, event));
  }
}

/**
 * The platform with its workflows running on the local engine: the state
 * machines deployed, the platform told their ARNs, the tasks registered —
 * and only then the engine's running executions resumed (start the engine
 * with `resume: false`), so an overdue timer never calls a missing task.
 */
export async function createLocalPlatform(engine: Engine, config: Omit<PlatformConfig, "stepFunctions" | "workflows">): Promise<Platform> {
  const workflows = await deployLocalWorkflows(engine);
  const platform = createPlatform({ ...config, stepFunctions: { endpoint: engine.endpoint }, workflows });
  registerLocalTasks(engine, platform);
  await engine.resume();
  return platform;
}

const WAITING_STATUSES = ["awaiting_opd_head", "awaiting_finance", "awaiting_disbursement"] as const;

/**
 * After a crash (`kill -9`): a decision already written on its step item
 * whose SendTaskSuccess never reached the engine, or reached it but was lost
 * with the engine's last commit (DynamoDB Local acknowledges a transaction
 * up to about a second before it is on disk), would wait for the step's
 * timeout (two days by default) before StepTimedOut routes it. Delivered
 * again at start instead; a token the engine already closed answers
 * TaskTimedOut and is left alone. Returns how many were delivered.
 */
export async function redeliverRecordedDecisions(platform: Platform): Promise<number> {
  const { sfn } = platform;
  if (!sfn) return 0;
  let delivered = 0;
  for (const type of ["enrolment", "death_benefit"] as const) {
    for (const status of WAITING_STATUSES) {
      for await (const c of platform.cases.all({ type, status }, 500)) {
        if (!c.currentStep) continue;
        const step = await platform.steps.get(c.id, c.attempt, c.currentStep);
        if (!step?.decision || !step.taskToken) continue;
        if (await sendDecision(sfn, step.taskToken, step.decision)) delivered++;
      }
    }
  }
  return delivered;
}
