import { ArnFormat, RemovalPolicy, type Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import { Function as SSTFunction, use, type App, type StackContext } from "sst/constructs";
import {
  definitionTemplate,
  enrolmentWorkflow,
  handlerPath,
  substitutionKey,
  TASK_FUNCTIONS,
  type TaskFunctionName,
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

/** The enrolment state machine's name: fixed per stage, so other stacks can name its ARN without importing it. */
export const enrolmentStateMachineName = (app: App) => app.logicalPrefixedName(enrolmentWorkflow.name);

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
        nodejs: { format: "esm", sourcemap: true },
        environment: {
          TABLE_NAME: table.tableName,
          POWERTOOLS_SERVICE_NAME: "naungan-workflows",
          NODE_OPTIONS: "--enable-source-maps",
          // Every task gets it, so a task that mails without the permission
          // fails loudly instead of writing to a local outbox nobody reads.
          MAIL_FROM: from,
        },
        permissions: [tableDataAccess(table), ...(MAILING_TASKS.includes(name) ? [sendMail] : [])],
      }),
    ]),
  ) as Record<TaskFunctionName, SSTFunction>;

  const name = enrolmentStateMachineName(app);
  const isProd = app.stage === "prod";
  const logGroup = new LogGroup(stack, "EnrolmentLogs", {
    // The prefix AWS recommends for vended logs (keeps the log resource policy small).
    logGroupName: `/aws/vendedlogs/states/${name}`,
    retention: RetentionDays.ONE_YEAR,
    removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });

  const enrolment = new StateMachine(stack, "Enrolment", {
    stateMachineName: name,
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromString(definitionTemplate(enrolmentWorkflow)),
    definitionSubstitutions: Object.fromEntries(enrolmentWorkflow.tasks.map((task) => [substitutionKey(task), functions[task].functionArn])),
    logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
  });
  // A definition from a string tells CDK nothing about the tasks, so it
  // grants nothing: the role may invoke exactly the workflow's functions.
  // (No grantTaskResponse to the functions: they never answer tokens, and it
  // would make the functions depend on the state machine that depends on them.)
  enrolment.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ["lambda:InvokeFunction"],
      resources: enrolmentWorkflow.tasks.map((task) => functions[task].functionArn),
    }),
  );

  stack.addOutputs({ EnrolmentStateMachineArn: enrolment.stateMachineArn });
  return { enrolment, functions };
}
