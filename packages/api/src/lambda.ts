import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { handle } from "hono/aws-lambda";
import { createSfnClient, s3AnchorBucket } from "@naungan/platform";
import { Config } from "sst/node/config";
import { createApp } from "./app";
import type { ImportDispatcher } from "./imports/start-import";
import { platformFromEnv } from "./lambda-platform";

// The AWS adapter: same app as locally; only where the table, key and workflow come from differs.
// Step Functions for cases and decisions; the anchors' bucket for the auditor's verification.
const platform = platformFromEnv(Config.SESSION_SECRET, { stepFunctions: createSfnClient, anchorBucket: s3AnchorBucket });

/** A Lambda is frozen once it has answered: an upload is processed by its own invocation of the ImportRunner. */
const lambda = new LambdaClient({});
const dispatchImport: ImportDispatcher = async (importId, _user, kind) => {
  const FunctionName = process.env.IMPORT_RUNNER_FUNCTION;
  if (!FunctionName) throw new Error("IMPORT_RUNNER_FUNCTION is not set (the Api stack sets it)");
  await lambda.send(new InvokeCommand({ FunctionName, InvocationType: "Event", Payload: JSON.stringify({ importId, kind }) }));
};

export const handler = handle(createApp({ platform, secureCookies: true, dispatchImport }));
