import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import type { TableDefinition } from "./table-definition.js";

/** CreateTable input for a definition, as the Storage stack declares it. */
export function createTableInput(def: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, "S" | "N">();
  for (const key of [def.partitionKey, def.sortKey, ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]) {
    attributes.set(key.name, key.type);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: "HASH" },
      { AttributeName: def.sortKey.name, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: def.globalIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: "HASH" },
        { AttributeName: i.sortKey.name, KeyType: "RANGE" },
      ],
      Projection: i.include ? { ProjectionType: "INCLUDE", NonKeyAttributes: i.include } : { ProjectionType: "ALL" },
    })),
  };
}

/**
 * Creates the table if it is missing and switches on TTL. Safe to call on
 * every start: an existing table is left as it is.
 */
export async function ensureTable(client: DynamoDBClient, def: TableDefinition, tableName: string): Promise<"created" | "existing"> {
  let outcome: "created" | "existing" = "existing";
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
    try {
      await client.send(new CreateTableCommand(createTableInput(def, tableName)));
      outcome = "created";
    } catch (createErr) {
      // Another process created it between our describe and create.
      if (!(createErr instanceof ResourceInUseException)) throw createErr;
    }
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== "ENABLED") {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return outcome;
}
