import { randomBytes } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { Db, InvalidCursor, TransactionRefused, createDynamoClients, ensureTable, type TransactItem } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Emitted } from "../src/runtime/interpreter";
import { CommitBatcher } from "../src/store/commit-batcher";
import { chunkItems, historyPage } from "../src/store/event-chunks";
import { ExecutionStore, type ExecutionRecord } from "../src/store/executions";
import { engineTable } from "../src/store/table";

/*
 * The engine's storage against DynamoDB Local: events kept in chunks (one
 * item per commit, paged by event id), definitions stored once, and commits
 * of different executions grouped into one transaction.
 */

let db: Db;
beforeAll(async () => {
  const clients = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
  const tableName = `test-store-${randomBytes(4).toString("hex")}`;
  await ensureTable(clients.client, engineTable, tableName);
  db = new Db(clients, tableName);
});
afterAll(() => db?.doc.destroy());

const at = new Date("2026-11-27T03:00:00Z");
const events = (from: number, n: number, detailBytes = 20): Emitted[] =>
  Array.from({ length: n }, (_, i) => ({ id: from + i, previousEventId: from + i - 1, at, event: { type: "PassStateEntered", details: { name: `S${from + i}`, input: "x".repeat(detailBytes) } } }));

function record(name: string, definition = '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}'): ExecutionRecord {
  return {
    executionArn: `arn:aws:states:ap-southeast-3:000000000000:execution:sm:${name}`,
    stateMachineArn: "arn:aws:states:ap-southeast-3:000000000000:stateMachine:sm",
    stateMachineName: "sm",
    name,
    status: "RUNNING",
    input: "{}",
    startDate: at.toISOString(),
    roleArn: "arn:aws:iam::000000000000:role/r",
    definition,
    nextEventId: 1,
    runState: "{}",
  };
}

/** Creates an execution and commits `batches` (sizes of consecutive event batches) to it. */
async function withHistory(store: ExecutionStore, name: string, batches: number[], detailBytes?: number) {
  let r = record(name);
  let id = 1;
  const [first, ...rest] = batches;
  r = { ...r, nextEventId: id + first! };
  expect(await store.create(r, events(id, first!, detailBytes))).toBe(true);
  id += first!;
  for (const n of rest) {
    const next = { ...r, nextEventId: id + n };
    await store.commit(next, r.nextEventId, events(id, n, detailBytes));
    r = next;
    id += n;
  }
  return r;
}

async function allPages(store: ExecutionStore, r: ExecutionRecord, limit: number, reverse: boolean) {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.history(r, { limit, reverse, cursor });
    ids.push(...page.items.map((e) => e.id));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (page.nextCursor) expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe("history in chunks", () => {
  it("stores one commit's events in one item", () => {
    const items = chunkItems("EX#a", events(4, 5));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ sk: "EV#0000000004", lastId: 8 });
  });

  it("splits a commit only where an item would pass 400 KB", () => {
    const items = chunkItems("EX#a", events(1, 12, 100_000));
    expect(items.map((i) => i.sk)).toEqual(["EV#0000000001", "EV#0000000004", "EV#0000000007", "EV#0000000010"]);
    for (const item of items) expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(400_000);
  });

  it("pages every event exactly once, oldest or newest first, whatever the page size", async () => {
    const store = new ExecutionStore(db);
    const r = await withHistory(store, "paged", [4, 5, 1, 7, 3, 5]);
    const all = Array.from({ length: 25 }, (_, i) => i + 1);
    for (const limit of [1, 2, 3, 5, 7, 24, 25, 100]) {
      const forward = await allPages(store, r, limit, false);
      expect(forward.ids).toEqual(all);
      expect(forward.pages).toBe(Math.ceil(25 / limit));
      expect((await allPages(store, r, limit, true)).ids).toEqual([...all].reverse());
    }
    const first = await store.history(r, { limit: 3 });
    expect(first.items[0]).toMatchObject({ id: 1, previousEventId: 0, type: "PassStateEntered", stateEnteredEventDetails: { name: "S1" } });
    expect(first.items[0]!.timestamp).toEqual(at);
  });

  it("reads a commit that was split into several items", async () => {
    const store = new ExecutionStore(db);
    const r = await withHistory(store, "split", [2, 12, 1], 100_000);
    expect((await allPages(store, r, 4, false)).ids).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it("never shows events past the committed counter, and drops them on resume", async () => {
    const store = new ExecutionStore(db);
    const r = await withHistory(store, "uncommitted", [3, 2]);
    // A batch that crashed before its final transaction left a chunk behind.
    const [orphan] = chunkItems(`EX#${r.executionArn}`, events(6, 4));
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: orphan }));
    expect((await allPages(store, r, 2, false)).ids).toEqual([1, 2, 3, 4, 5]);
    expect((await allPages(store, r, 2, true)).ids).toEqual([5, 4, 3, 2, 1]);
    expect(await store.dropUncommitted(r)).toBe(1);
    await store.commit({ ...r, nextEventId: 8 }, r.nextEventId, events(6, 2));
    expect((await allPages(store, { ...r, nextEventId: 8 }, 10, false)).ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("reads events stored one per item before chunks", async () => {
    const store = new ExecutionStore(db);
    const r = { ...record("old-events"), nextEventId: 4 };
    const pk = `EX#${r.executionArn}`;
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk, sk: "EX", type: "execution", ...r } }));
    for (const e of events(1, 3)) {
      const item = { pk, sk: `EV#${String(e.id).padStart(10, "0")}`, type: "event", id: e.id, previousEventId: e.previousEventId, timestamp: at.toISOString(), eventType: e.event.type, details: e.event.details };
      await db.doc.send(new PutCommand({ TableName: db.tableName, Item: item }));
    }
    expect((await store.get(r.executionArn))?.definition).toBe(r.definition);
    expect((await allPages(store, r, 2, false)).ids).toEqual([1, 2, 3]);
    expect((await allPages(store, r, 2, true)).ids).toEqual([3, 2, 1]);
  });

  it("refuses a cursor it did not make", async () => {
    for (const cursor of ["nope", Buffer.from('{"next":0}').toString("base64url"), Buffer.from('{"pk":"EX#a","sk":"EV#1"}').toString("base64url")]) {
      await expect(historyPage(db, "EX#none", 10, { cursor })).rejects.toBeInstanceOf(InvalidCursor);
    }
  });
});

describe("definitions stored once", () => {
  it("keeps the execution item small and gives the definition back, also to another process", async () => {
    const definition = JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Result: "y".repeat(5000), End: true } } });
    const store = new ExecutionStore(db);
    const a = { ...record("def-a", definition), nextEventId: 2 };
    const b = { ...record("def-b", definition), nextEventId: 2 };
    await store.create(a, events(1, 1));
    await store.create(b, events(1, 1));
    const item = await db.get<Record<string, unknown>>(`EX#${a.executionArn}`, "EX", true);
    expect(item?.definition).toBeUndefined();
    expect(typeof item?.definitionHash).toBe("string");
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(2000);
    const fresh = new ExecutionStore(db);
    expect((await fresh.get(b.executionArn))?.definition).toBe(definition);
  });
});

describe("group commit", () => {
  /** Counts the transactions the batcher sends (the real Db underneath). */
  function counting() {
    const sent: number[] = [];
    const counted = Object.create(db) as Db;
    counted.transact = async (items: TransactItem[]) => {
      sent.push(items.length);
      return db.transact(items);
    };
    return { batcher: new CommitBatcher(counted), sent };
  }
  const put = (pk: string, condition?: string): TransactItem => ({ Put: { Item: { pk, sk: "X", v: 1 }, ...(condition ? { ConditionExpression: condition } : {}) } });

  it("sends commits that arrive together in fewer transactions, each applied", async () => {
    const { batcher, sent } = counting();
    const keys = Array.from({ length: 30 }, (_, i) => `GC#${randomBytes(3).toString("hex")}#${i}`);
    await Promise.all(keys.map((k) => batcher.commit([put(k), put(`${k}#b`)])));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(60);
    expect(sent.length).toBeLessThan(30);
    for (const k of keys) expect(await db.get(k, "X", true)).toMatchObject({ v: 1 });
  });

  it("never puts more than 100 items in one transaction", async () => {
    const { batcher, sent } = counting();
    const keys = Array.from({ length: 40 }, (_, i) => `GC#${randomBytes(3).toString("hex")}#${i}`);
    await Promise.all(keys.map((k) => batcher.commit([put(k), put(`${k}#b`), put(`${k}#c`), put(`${k}#d`), put(`${k}#e`), put(`${k}#f`)])));
    expect(Math.max(...sent)).toBeLessThanOrEqual(100);
    expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(240);
  });

  it("refuses only the commit whose condition failed; the others in its group are applied", async () => {
    const { batcher } = counting();
    const taken = `GC#${randomBytes(3).toString("hex")}#taken`;
    await db.put({ pk: taken, sk: "X", v: 0 });
    const keys = Array.from({ length: 12 }, (_, i) => `GC#${randomBytes(3).toString("hex")}#${i}`);
    const outcomes = await Promise.allSettled([
      ...keys.slice(0, 6).map((k) => batcher.commit([put(k, "attribute_not_exists(pk)")])),
      batcher.commit([put(`${taken}#other`), put(taken, "attribute_not_exists(pk)")]),
      ...keys.slice(6).map((k) => batcher.commit([put(k, "attribute_not_exists(pk)")])),
    ]);
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    const refused = outcomes[6] as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(TransactionRefused);
    expect((refused.reason as TransactionRefused).reasons).toEqual(["None", "ConditionalCheckFailed"]);
    for (const k of keys) expect(await db.get(k, "X", true)).toMatchObject({ v: 1 });
    // Nothing of the refused commit was written.
    expect(await db.get(`${taken}#other`, "X", true)).toBeUndefined();
    expect(await db.get(taken, "X", true)).toMatchObject({ v: 0 });
  });
});
