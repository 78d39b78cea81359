import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Api as HttpApi, Config, use, type StackContext } from "sst/constructs";
import { Storage } from "./Storage";

/**
 * The DynamoDB actions the API function may call, and nothing more.
 *
 * Deliberately absent:
 * - `dynamodb:DeleteItem`: the audit log is append-only, sessions are revoked
 *   by an update, and expired items (approval tokens, sessions) go by TTL.
 * - `dynamodb:Scan`: every screen has a key or GSI query.
 * - `dynamodb:TransactWriteItems` / `TransactGetItems`: not IAM actions;
 *   transactions are authorised by the per-item actions they contain
 *   (Put → PutItem, Update → UpdateItem, ConditionCheck → ConditionCheckItem,
 *   Delete → DeleteItem, which is missing, so a transaction cannot delete).
 * Caveat: `BatchWriteItem` is authorised as one action for both its
 * PutRequests and DeleteRequests, so a batch *can* delete. IAM alone does not
 * make the table append-only (PutItem/UpdateItem can overwrite anyway); the
 * audit chain's hashes are what make tampering detectable.
 */
export const API_DYNAMODB_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:Query",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;

export function Api({ stack }: StackContext) {
  const { table } = use(Storage);
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
          // the format. SST v2 otherwise strips the .map from the bundle (it
          // uploads it for its console only), which would leave
          // --enable-source-maps nothing to read.
          nodejs: { format: "esm", sourcemap: true },
          // The pages' stylesheets travel with the bundle (read by packages/api/src/http/static-files.ts).
          copyFiles: [
            { from: "node_modules/@picocss/pico/css/pico.min.css", to: "static/pico.min.css" },
            { from: "packages/api/static/app.css", to: "static/app.css" },
          ],
          environment: {
            TABLE_NAME: table.tableName,
            NODE_OPTIONS: "--enable-source-maps",
            NAUNGAN_STATIC_DIR: "/var/task/static",
          },
          // Handler reads it as Config.SESSION_SECRET from "sst/node/config".
          bind: [sessionSecret],
          // NOT `permissions: [table]`: that grants dynamodb:* on the table.
          permissions: [
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: [...API_DYNAMODB_ACTIONS],
              resources: [table.tableArn, `${table.tableArn}/index/*`],
            }),
          ],
        },
      },
    },
  });

  // The function references the HTTP API's endpoint; the API resource itself
  // does not depend on the function (only its route/integration/permission
  // do), so there is no CloudFormation cycle.
  api.getFunction("$default")!.addEnvironment("PUBLIC_URL", api.url);

  stack.addOutputs({ ApiUrl: api.url });
  return { api, sessionSecret };
}
