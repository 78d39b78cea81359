import { ArnFormat, RemovalPolicy, type Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import { Function as SSTFunction, use, type App, type StackContext } from "sst/constructs";
import {
  deathBenefitWorkflow,
  definitionTemplate,
  enrolmentWorkflow,
  handlerPath,
  substitutionKey,
  TASK_FUNCTIONS,
  type TaskFunctionName,
  type WorkflowDefinition,
} from "../packages/workflows/src/definitions";
import { Storage } from "./Storage";
import { tableDataAccess } from "./table-access";

/** The tasks that mail approvers (requests, reminders, escalations): only they may send through SES. */
const MAILING_TASKS: readonly TaskFunctionName[] = ["OpenStep", "StepTimedOut"];

/**
 * The sender of the workflow's mails, read when the app is synthesized: set
 * NAUNGAN_MAIL_FROM to an address of an SES-verified domain before deploying.
 */
export const mailFrom = () => process.env.NAUNGAN_MAIL_FROM ?? "naungan@tanjabbarkab.go.id";

/** A workflow's state machine name: fixed per stage, so other stacks can name its ARN without importing it. */
export const stateMachineName = (app: App, workflow: WorkflowDefinition) => app.logicalPrefixedName(workflow.name);
/** `<stage>-naungan-enrolment`. */
export const enrolmentStateMachineName = (app: App) => stateMachineName(app, enrolmentWorkflow);
/** `<stage>-naungan-death-benefit`. */
export const deathBenefitStateMachineName = (app: App) => stateMachineName(app, deathBenefitWorkflow);

/** ARN of a state machine of this stage, or (`execution`) the pattern of all its executions. */
export function stateMachineArn(stack: Stack, name: string, resource: "stateMachine" | "execution" = "stateMachine"): string {
  return stack.formatArn({ service: "states", resource, resourceName: resource === "execution" ? `${name}:*` : name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

export function Workflows({ stack, app }: StackContext) {
  const { table } = use(Storage);
  const from = mailFrom();
  const fromDomain = from.split("@")[1];
  if (!fromDomain) throw new Error(`NAUNGAN_MAIL_FROM must be an email address, got "${from}"`);

  // SES authorises SendEmail on the sending identity (here the verified
  // domain); the condition keeps the functions to this one address of it.
  const sendMail = new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ["ses:SendEmail"],
    resources: [stack.formatArn({ service: "ses", resource: "identity", resourceName: fromDomain })],
    conditions: { StringEquals: { "ses:FromAddress": from } },
  });

  const functions = Object.fromEntries(
    TASK_FUNCTIONS.map((name) => [
      name,
      new SSTFunction(stack, name, {
        handler: handlerPath(name),
        // Also the app defaults (sst.config.ts); restated so these functions
        // keep them even if the defaults change.
        runtime: "nodejs22.x",
        architecture: "arm_64",
        // ValidateAndPrice and ActivateCoverage walk batches of up to 19,000
        // workers; Step Functions waits for the function however long it runs.
        memorySize: 1024,
        timeout: 300,
        nodejs: { format: "esm", sourcemap: true, minify: true },
        environment: {
          TABLE_NAME: table.tableName,
          POWERTOOLS_SERVICE_NAME: "naungan-workflows",
          // Every task gets it, so a task that mails without the permission
          // fails loudly instead of writing to a local outbox nobody reads.
          MAIL_FROM: from,
        },
        permissions: [tableDataAccess(table), ...(MAILING_TASKS.includes(name) ? [sendMail] : [])],
      }),
    ]),
  ) as Record<TaskFunctionName, SSTFunction>;

  // One code path for both. Enrolment keeps the construct ids it always had
  // ("Enrolment", "EnrolmentLogs"), so an update does not replace it.
  const enrolment = workflowStateMachine(stack, app, "Enrolment", enrolmentWorkflow, functions);
  const deathBenefit = workflowStateMachine(stack, app, "DeathBenefit", deathBenefitWorkflow, functions);

  stack.addOutputs({
    EnrolmentStateMachineArn: enrolment.stateMachineArn,
    DeathBenefitStateMachineArn: deathBenefit.stateMachineArn,
  });
  return { enrolment, deathBenefit, functions };
}

/**
 * A workflow's Standard state machine (construct `<id>`), logging every event
 * with execution data to its own log group (`<id>Logs`), its ASL document's
 * placeholders substituted by its own task functions' ARNs.
 */
function workflowStateMachine(
  stack: Stack,
  app: App,
  id: string,
  workflow: WorkflowDefinition,
  functions: Record<TaskFunctionName, SSTFunction>,
): StateMachine {
  const name = stateMachineName(app, workflow);
  const logGroup = new LogGroup(stack, `${id}Logs`, {
    // The prefix AWS recommends for vended logs (keeps the log resource policy small).
    logGroupName: `/aws/vendedlogs/states/${name}`,
    retention: RetentionDays.ONE_YEAR,
    removalPolicy: app.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });

  const stateMachine = new StateMachine(stack, id, {
    stateMachineName: name,
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromString(definitionTemplate(workflow)),
    definitionSubstitutions: Object.fromEntries(workflow.tasks.map((task) => [substitutionKey(task), functions[task].functionArn])),
    logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
  });
  // A definition from a string tells CDK nothing about the tasks, so it
  // grants nothing: the role may invoke exactly this workflow's functions.
  // (No grantTaskResponse to the functions: they never answer tokens, and it
  // would make the functions depend on the state machine that depends on them.)
  stateMachine.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ["lambda:InvokeFunction"],
      resources: workflow.tasks.map((task) => functions[task].functionArn),
    }),
  );
  return stateMachine;
}
