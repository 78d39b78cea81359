import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { GENESIS_HASH, TransactionRefused, hashEvent, type AuditEvent, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

let platform: Platform;
let tableName: string;
let clock: { now: Date };

beforeAll(async () => {
  ({ platform, tableName, clock } = await createTestPlatform("audit"));
});

const event = (subject: string, n: number) => ({
  subject,
  actor: "tester@naungan.demo",
  action: "test.step",
  requestId: `req-${n}`,
  data: { n, before: { amount: 1000 * n }, after: { amount: 1000 * n + 1, note: "ü ✓" } },
});

async function appendMany(subject: string, count: number) {
  for (let n = 1; n <= count; n++) {
    clock.now = new Date(clock.now.getTime() + 60_000);
    await platform.audit.record(event(subject, n));
  }
}

const sk = (seq: number) => seq.toString().padStart(12, "0");

/** Tampering as someone with raw table access would do it. */
async function overwrite(subject: string, seq: number, fields: Partial<AuditEvent>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  await platform.db.doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: `AUDIT#${subject}`, sk: sk(seq) },
      UpdateExpression: `SET ${sets.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** A forged event that is self-consistent: its own hash matches its content. */
function rehashed(original: AuditEvent, changes: Partial<AuditEvent>): AuditEvent {
  const { hash: _old, ...rest } = { ...original, ...changes };
  return { ...rest, hash: hashEvent(rest) };
}

describe("audit log", () => {
  it("chains events by sequence number and the previous event's hash", async () => {
    await appendMany("case#chain", 3);
    const { items } = await platform.audit.events("case#chain");
    expect(items.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(items[0]!.prevHash).toBe(GENESIS_HASH);
    expect(items[1]!.prevHash).toBe(items[0]!.hash);
    expect(items[2]!.prevHash).toBe(items[1]!.hash);
    expect(items[2]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(items[0]).toMatchObject({ actor: "tester@naungan.demo", action: "test.step", requestId: "req-1", data: { n: 1 } });
    expect(await platform.audit.verify("case#chain")).toEqual({ ok: true, events: 3 });
  });

  it("never forks: parallel appends to one subject get distinct, contiguous numbers", async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => platform.audit.record(event("case#race", i + 1))));
    const { items } = await platform.audit.events("case#race", { limit: 100 });
    expect(items.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(items.map((e) => e.requestId)).size).toBe(25);
    expect(await platform.audit.verify("case#race")).toEqual({ ok: true, events: 25 });
  });

  it("writes the event and the state change together, or neither", async () => {
    const refused = { Put: { Item: { pk: "THING#absent", sk: "THING", value: 1 }, ConditionExpression: "attribute_exists(pk)" } };
    await expect(platform.audit.record(event("case#atomic", 1), [refused])).rejects.toBeInstanceOf(TransactionRefused);
    expect((await platform.audit.events("case#atomic")).items).toEqual([]);
    expect(await platform.db.get("THING#absent", "THING")).toBeUndefined();

    await platform.audit.record(event("case#atomic", 1), [{ Put: { Item: { pk: "THING#1", sk: "THING", value: 1 } } }]);
    expect(await platform.db.get("THING#1", "THING")).toMatchObject({ value: 1 });
    expect((await platform.audit.events("case#atomic")).items).toHaveLength(1);
  });

  it("names an edited event", async () => {
    await appendMany("case#edited", 4);
    await overwrite("case#edited", 3, { data: { n: 3, after: { amount: 999_999 } } });
    expect(await platform.audit.verify("case#edited")).toMatchObject({ ok: false, brokenAt: 3, reason: "edited", events: 2 });
  });

  it("names a deleted event", async () => {
    await appendMany("case#deleted", 4);
    await platform.db.doc.send(new DeleteCommand({ TableName: tableName, Key: { pk: "AUDIT#case#deleted", sk: sk(2) } }));
    expect(await platform.audit.verify("case#deleted")).toMatchObject({ ok: false, brokenAt: 2, reason: "deleted", events: 1 });
  });

  it("names an inserted event: a forgery with a recomputed hash no longer links to its predecessor", async () => {
    await appendMany("case#forged", 3);
    const { items } = await platform.audit.events("case#forged");
    const forged = rehashed(items[1]!, { prevHash: "f".repeat(64), data: { n: 2, after: { amount: 1 } } });
    await overwrite("case#forged", 2, { data: forged.data, prevHash: forged.prevHash, hash: forged.hash });
    expect(await platform.audit.verify("case#forged")).toMatchObject({ ok: false, brokenAt: 2, reason: "inserted" });
  });

  it("names reordered events", async () => {
    await appendMany("case#reordered", 3);
    const [first, second, third] = (await platform.audit.events("case#reordered")).items;
    // Events 2 and 3 swapped places, each renumbered and rehashed so it is valid on its own.
    const movedUp = rehashed(third!, { seq: 2 });
    const movedDown = rehashed(second!, { seq: 3 });
    const fields = (e: AuditEvent) => ({ at: e.at, data: e.data, requestId: e.requestId, prevHash: e.prevHash, hash: e.hash });
    await overwrite("case#reordered", 2, fields(movedUp));
    await overwrite("case#reordered", 3, fields(movedDown));
    expect(first!.seq).toBe(1);
    expect(await platform.audit.verify("case#reordered")).toMatchObject({ ok: false, brokenAt: 2, reason: "reordered" });
  });

  it("an empty chain verifies with zero events", async () => {
    expect(await platform.audit.verify("case#nothing")).toEqual({ ok: true, events: 0 });
  });
});
