import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { createPlatformWith, createSesMailer, type Platform } from "@naungan/platform";
import type { TaskName } from "../tasks";
import type { TaskContext } from "../tasks/task-context";

let platform: Platform | undefined;

/**
 * One platform per Lambda container, configured from the function's environment
 * (stacks/Workflows.ts). Tasks mail through SES; they neither call Step
 * Functions (they answer it) nor touch the anchors' bucket, so their bundles hold
 * neither client.
 */
function platformFromEnv(): Platform {
  platform ??= createPlatformWith({ sesMailer: createSesMailer }, {
    dynamo: {},
    tableName: required("TABLE_NAME"),
    // Tasks sign nothing; sessions are the API's.
    sessionSecret: "unused: workflow tasks sign no sessions",
    publicUrl: required("PUBLIC_URL"),
    mail: process.env.MAIL_FROM ? { kind: "ses", from: process.env.MAIL_FROM } : { kind: "outbox" },
  });
  return platform;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * The Lambda entry of one task: logs the case it works on and lets errors
 * through with their names (the ASL's Retry/Catch match on them). Each handler
 * passes its own task (not the tasks index), so a function's bundle holds
 * only its task.
 */
export function taskHandler<I>(name: TaskName, task: (ctx: TaskContext, input: I) => Promise<unknown>) {
  const logger = new Logger({ serviceName: "naungan-workflows" });
  return async (event: any, context: Context) => {
    logger.addContext(context);
    logger.appendKeys({ task: name, caseId: event?.caseId, attempt: event?.attempt });
    try {
      const result = await task({ platform: platformFromEnv(), requestId: context.awsRequestId }, event);
      logger.info("task done");
      return result;
    } catch (err) {
      logger.error("task failed", err as Error);
      throw err;
    }
  };
}
