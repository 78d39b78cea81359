import { DescribeTableCommand, DescribeTimeToLiveCommand, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { ensureTable } from "../src/storage/create-table.js";
import { mainTable } from "../src/storage/table-definition.js";
import { createTestTable } from "./support/test-table.js";

const keySchema = (pk: string, sk: string) => [
  { AttributeName: pk, KeyType: "HASH" },
  { AttributeName: sk, KeyType: "RANGE" },
];

describe("ensureTable", () => {
  it("creates the table with mainTable's keys and GSIs, and TTL on expiresAt", async () => {
    const { client, tableName: helperTable } = await createTestTable("create");
    const tableName = `${helperTable}-fresh`;

    expect(await ensureTable(client, mainTable, tableName)).toBe("created");

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.KeySchema).toEqual(keySchema("pk", "sk"));
    const indexes = [...(Table?.GlobalSecondaryIndexes ?? [])].sort((a, b) => (a.IndexName ?? "").localeCompare(b.IndexName ?? ""));
    expect(indexes.map((i) => ({ name: i.IndexName, keys: i.KeySchema, projection: i.Projection?.ProjectionType }))).toEqual(
      [1, 2, 3].map((n) => ({ name: `gsi${n}`, keys: keySchema(`gsi${n}pk`, `gsi${n}sk`), projection: "ALL" })),
    );

    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
  });

  it("returns existing on a second call and changes nothing", async () => {
    const { client, tableName } = await createTestTable("again");
    const key = { pk: { S: "opd#1" }, sk: { S: "profile" } };
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key, name: { S: "Dinas Kesehatan" } } }));
    const describe = async () => ({
      table: (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table,
      ttl: (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription,
    });
    const before = await describe();

    expect(await ensureTable(client, mainTable, tableName)).toBe("existing");

    expect(await describe()).toEqual(before);
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key }));
    expect(Item?.name?.S).toBe("Dinas Kesehatan");
  });
});
