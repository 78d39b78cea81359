import { inject } from "vitest";
import { createPlatform } from "../../src";
import { createTestTable } from "./test-table";

export const TEST_SESSION_SECRET = "test-secret-0123456789-0123456789-0123456789";

/** A platform on a fresh table of the run's DynamoDB Local; `clock.now` can be moved by the test. */
export async function createTestPlatform(label = "platform") {
  const { tableName } = await createTestTable(label);
  const clock = { now: new Date("2026-11-26T09:00:00Z") };
  const platform = createPlatform({
    dynamo: { endpoint: inject("dynamoEndpoint") },
    tableName,
    sessionSecret: TEST_SESSION_SECRET,
    now: () => clock.now,
  });
  return { platform, clock, tableName };
}
