import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { createPlatform, type Platform } from "@naungan/platform";
import { tasks, type TaskName } from "../tasks";

let platform: Platform | undefined;

/** One platform per Lambda container, configured from the function's environment (stacks/Workflows.ts). */
function platformFromEnv(): Platform {
  platform ??= createPlatform({
    dynamo: {},
    tableName: required("TABLE_NAME"),
    // Tasks sign nothing; sessions are the API's.
    sessionSecret: "unused: workflow tasks sign no sessions",
    stepFunctions: {},
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
 * through with their names (the ASL's Retry/Catch match on them).
 */
export function taskHandler(name: TaskName) {
  const logger = new Logger({ serviceName: "naungan-workflows" });
  return async (event: any, context: Context) => {
    logger.addContext(context);
    logger.appendKeys({ task: name, caseId: event?.caseId, attempt: event?.attempt });
    try {
      const result = await tasks[name]({ platform: platformFromEnv(), requestId: context.awsRequestId }, event);
      logger.info("task done");
      return result;
    } catch (err) {
      logger.error("task failed", err as Error);
      throw err;
    }
  };
}
