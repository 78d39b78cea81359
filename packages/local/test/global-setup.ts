/**
 * vitest globalSetup (root vitest.config.ts): ONE in-memory DynamoDB Local on
 * a port the OS picks, for the whole test run. Test files reach it through
 * `inject("dynamoEndpoint")` and make their own tables
 * (packages/platform/test/support/test-table.ts), so they stay isolated.
 */
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { findFreePort, startDynamoDbLocal, type DynamoDbLocal } from "../src/dynamodb-local.js";
import { LocalRuntimeError } from "../src/errors.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let db: DynamoDbLocal | undefined;
  // The free port could be taken between asking and binding; try another one then.
  for (let attempt = 1; !db; attempt++) {
    const port = await findFreePort();
    try {
      db = await startDynamoDbLocal({ port });
    } catch (err) {
      const portTaken = err instanceof LocalRuntimeError && err.message.startsWith(`Port ${port} `);
      if (!portTaken || attempt >= 3) throw err;
    }
  }
  project.provide("dynamoEndpoint", db.endpoint);
  const started = db;
  return async () => {
    await started.stop();
  };
}
