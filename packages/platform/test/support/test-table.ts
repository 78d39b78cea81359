/**
 * A fresh table (the real `mainTable` definition) in the test run's shared
 * DynamoDB Local, with a unique name per call so test files never see each
 * other's items. The endpoint comes from packages/local/test/global-setup.ts.
 */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDynamoClients, type DynamoClients } from "../../src/storage/clients.js";
import { ensureTable } from "../../src/storage/create-table.js";
import { mainTable } from "../../src/storage/table-definition.js";

// Repeated from global-setup.ts so this package type-checks on its own.
declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export interface TestTable extends DynamoClients {
  tableName: string;
}

export async function createTestTable(label = "t"): Promise<TestTable> {
  const { client, doc } = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
  const safeLabel = label.replace(/[^A-Za-z0-9_.-]/g, "-");
  const tableName = `test-${safeLabel}-${randomBytes(4).toString("hex")}`;
  await ensureTable(client, mainTable, tableName);
  return { client, doc, tableName };
}
