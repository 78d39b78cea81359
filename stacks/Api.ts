import type { Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Cron, Api as HttpApi, Config, Function, use, type StackContext } from "sst/constructs";
import { Audit } from "./Audit";
import { Storage } from "./Storage";
import { tableDataAccess } from "./table-access";
import { deathBenefitStateMachineName, enrolmentStateMachineName, stateMachineArn, Workflows } from "./Workflows";

/**
 * What the API may do with the workflows: start them, answer their human
 * steps, and read their executions.
 *
 * SendTaskSuccess/Failure/Heartbeat list no resource type in the Service
 * Authorization Reference (which reads as "Resource must be *"), yet Step
 * Functions authorises a callback against the ARN of the state machine whose
 * task issued the token (AccessDenied messages name it; CDK's own
 * grantTaskResponse scopes to it). So they are scoped to the state machines
 * too: the API can answer tokens of these workflows only. StartExecution is
 * scoped to the state machines; DescribeExecution and GetExecutionHistory to
 * their executions.
 */
function workflowAccess(stack: Stack, stateMachineNames: readonly string[]): PolicyStatement[] {
  return [
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ["states:StartExecution", "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
      resources: stateMachineNames.map((name) => stateMachineArn(stack, name)),
    }),
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ["states:DescribeExecution", "states:GetExecutionHistory"],
      resources: stateMachineNames.map((name) => stateMachineArn(stack, name, "execution")),
    }),
  ];
}

/** Verification reads the audit anchors (stacks/Audit.ts): list and get under `anchors/`, nothing else. */
function anchorReadAccess(bucket: IBucket): PolicyStatement[] {
  return [
    new PolicyStatement({ effect: Effect.ALLOW, actions: ["s3:GetObject"], resources: [bucket.arnForObjects("anchors/*")] }),
    new PolicyStatement({ effect: Effect.ALLOW, actions: ["s3:ListBucket"], resources: [bucket.bucketArn], conditions: { StringLike: { "s3:prefix": ["anchors/*"] } } }),
  ];
}

export const WORKFLOW_STARTS_SCHEDULE = "rate(5 minutes)";

export function Api({ stack, app }: StackContext) {
  const { table } = use(Storage);
  const { bucket: anchorBucket } = use(Audit);
  const workflows = use(Workflows);
  // The ARNs from the state machines' fixed names, not from the constructs:
  // the workflow functions need this API's URL (below), so the API must not
  // depend on the Workflows stack as well (a cross-stack cycle).
  const enrolmentName = enrolmentStateMachineName(app);
  const deathBenefitName = deathBenefitStateMachineName(app);
  const enrolmentArn = stateMachineArn(stack, enrolmentName);
  const deathBenefitArn = stateMachineArn(stack, deathBenefitName);
  const sessionSecret = new Config.Secret(stack, "SESSION_SECRET");

  const api = new HttpApi(stack, "Api", {
    // API Gateway would answer preflights itself and overwrite the app's CORS
    // headers; the Hono app decides CORS (and CSRF) on its own.
    cors: false,
    routes: {
      // One catch-all route: HTTP API's `$default` matches every method and
      // path, `/` included, so the Hono app owns all routing. No
      // `ANY /{proxy+}` / `ANY /` pair needed (SST v2 accepts `$default` and
      // maps it to HttpRouteKey.DEFAULT).
      $default: {
        function: {
          handler: "packages/api/src/lambda.handler",
          // Also the app defaults (sst.config.ts); restated so this function
          // keeps them even if the defaults change.
          runtime: "nodejs22.x",
          architecture: "arm_64",
          memorySize: 512,
          // API Gateway's integration timeout is 29 s; a longer Lambda would
          // keep running after the client already got a 503.
          timeout: 29,
          // `nodejs` is merged shallowly with the app default, so restate
          // the format. Minified (SST v2 does not minify by default): a third
          // of the size and of the parse time at cold start; keepNames stays
          // on, so function and error names survive in stack traces. The .map
          // ships beside the bundle (SST v2 would otherwise keep it for its
          // console only) to decode a trace's positions offline; Node does not
          // load it (--enable-source-maps cost 60-130 ms of every cold start,
          // and at the regency's traffic most starts are cold: docs/performance.md).
          nodejs: { format: "esm", sourcemap: true, minify: true },
          // The pages' stylesheets travel with the bundle (read by packages/api/src/http/static-files.ts).
          copyFiles: [
            { from: "node_modules/@picocss/pico/css/pico.min.css", to: "static/pico.min.css" },
            { from: "packages/api/static/app.css", to: "static/app.css" },
          ],
          environment: {
            TABLE_NAME: table.tableName,
            NAUNGAN_STATIC_DIR: "/var/task/static",
            STATE_MACHINE_ENROLMENT_ARN: enrolmentArn,
            STATE_MACHINE_DEATH_BENEFIT_ARN: deathBenefitArn,
            AUDIT_ANCHOR_BUCKET: anchorBucket.bucketName,
          },
          // Handler reads it as Config.SESSION_SECRET from "sst/node/config".
          bind: [sessionSecret],
          permissions: [tableDataAccess(table), ...workflowAccess(stack, [enrolmentName, deathBenefitName]), ...anchorReadAccess(anchorBucket)],
        },
      },
    },
  });

  // The function references the HTTP API's endpoint; the API resource itself
  // does not depend on the function (only its route/integration/permission
  // do), so there is no CloudFormation cycle.
  // CSV uploads are processed after the answer, by their own invocation: a
  // Lambda is frozen once it has answered. Same table access; it starts the
  // enrolment workflow and nothing else (an enrolment import submits a case;
  // the administrator's participant import only writes the table).
  const importRunner = new Function(stack, "ImportRunner", {
    handler: "packages/api/src/import-runner.handler",
    runtime: "nodejs22.x",
    architecture: "arm_64",
    memorySize: 1024,
    timeout: 900,
    nodejs: { format: "esm", sourcemap: true, minify: true },
    environment: { TABLE_NAME: table.tableName, STATE_MACHINE_ENROLMENT_ARN: enrolmentArn },
    permissions: [tableDataAccess(table), new PolicyStatement({ effect: Effect.ALLOW, actions: ["states:StartExecution"], resources: [enrolmentArn] })],
  });
  const apiFunction = api.getFunction("$default")!;
  apiFunction.addEnvironment("IMPORT_RUNNER_FUNCTION", importRunner.functionName);
  importRunner.grantInvoke(apiFunction);

  // A submission stores its case, then starts the workflow; when the start is
  // lost (a fault between the two, or a lost answer), this sweep starts it
  // (packages/platform/src/cases/unstarted-workflows.ts). Every 5 minutes: a
  // case waits at most that long past the grace, for ~8,640 short runs a month.
  const workflowStarts = new Cron(stack, "WorkflowStarts", {
    schedule: WORKFLOW_STARTS_SCHEDULE,
    job: {
      function: {
        handler: "packages/api/src/workflow-starts.handler",
        runtime: "nodejs22.x",
        architecture: "arm_64",
        memorySize: 512,
        timeout: 120,
        nodejs: { format: "esm", sourcemap: true, minify: true },
        environment: { TABLE_NAME: table.tableName, STATE_MACHINE_ENROLMENT_ARN: enrolmentArn, STATE_MACHINE_DEATH_BENEFIT_ARN: deathBenefitArn },
        permissions: [tableDataAccess(table), new PolicyStatement({ effect: Effect.ALLOW, actions: ["states:StartExecution"], resources: [enrolmentArn, deathBenefitArn] })],
      },
    },
  });

  api.getFunction("$default")!.addEnvironment("PUBLIC_URL", api.url);
  // The links in the workflow's mails point here.
  for (const fn of Object.values(workflows.functions)) fn.addEnvironment("PUBLIC_URL", api.url);

  stack.addOutputs({ ApiUrl: api.url });
  return { api, sessionSecret, importRunner, workflowStarts };
}
