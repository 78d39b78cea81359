import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { AuditAnchors, anchorDigest, auditEventItem, auditHeadItem, hashEvent, s3AnchorBucket, type AnchorDocument, type AuditEvent, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

/*
 * Anchors against someone with raw write access to the table: cutting a
 * chain's newest events (and its head, to hide it), removing a chain, editing
 * an event, or rewriting a chain's tail with fresh hashes.
 */

const sk = (seq: number) => seq.toString().padStart(12, "0");
const subjects = ["case#A1", "case#A2", "case#B1", "user#kepala@disnaker.demo", "opd#DISNAKER"];

async function seeded(label: string) {
  const t = await createTestPlatform(label);
  for (let n = 1; n <= 4; n++) {
    for (const subject of subjects) {
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      await t.platform.audit.record({ subject, actor: "tester@naungan.demo", action: "test.step", requestId: `r${n}`, data: { n }, opdCode: "DISNAKER" });
    }
  }
  return t;
}

async function remove(t: { platform: Platform; tableName: string }, pk: string, sortKey: string) {
  await t.platform.db.doc.send(new DeleteCommand({ TableName: t.tableName, Key: { pk, sk: sortKey } }));
}

async function eventOf(platform: Platform, subject: string, seq: number): Promise<AuditEvent> {
  return (await platform.audit.event(subject, seq))!;
}

describe("audit anchors", () => {
  it("anchors every chain's head with a digest, and the whole log verifies", async () => {
    const { platform } = await seeded("anchor-ok");
    const summary = await platform.auditAnchors.anchor("system:test");
    expect(summary).toMatchObject({ version: 1, by: "system:test", chainCount: 5, events: 20 });
    const heads = await Promise.all([...subjects].sort().map(async (s) => ({ subject: s, seq: 4, hash: (await eventOf(platform, s, 4)).hash })));
    expect(summary.digest).toBe(anchorDigest(heads));
    expect(await platform.auditAnchors.verifyAll()).toEqual({ ok: true, events: 20, chains: 5, anchoredAt: summary.at });
    // Events after the anchor are fine.
    await platform.audit.record({ subject: "case#A1", actor: "x", action: "later", requestId: "r", data: {} });
    await platform.audit.record({ subject: "case#NEW", actor: "x", action: "later", requestId: "r", data: {} });
    expect(await platform.auditAnchors.verifyAll()).toMatchObject({ ok: true, events: 22, chains: 6 });
    expect(await platform.auditAnchors.verifyCase("A1")).toEqual({ ok: true, events: 5, anchoredAt: summary.at });
  });

  it("names a chain whose newest event was deleted with its head", async () => {
    const t = await seeded("anchor-deleted");
    await t.platform.auditAnchors.anchor("system:test");
    await remove(t, "AUDIT#case#A2", sk(4));
    await remove(t, "AUDITHEAD#case#A2", "AUDITHEAD");
    // The chain on its own still looks whole: only the anchor knows.
    expect(await t.platform.audit.verify("case#A2")).toEqual({ ok: true, events: 3 });
    expect(await t.platform.auditAnchors.verifyAll()).toMatchObject({ ok: false, subject: "case#A2", caseId: "A2", brokenAt: 4, reason: "deleted" });
    expect(await t.platform.auditAnchors.verifyCase("A2")).toMatchObject({ ok: false, brokenAt: 4, reason: "deleted" });
  });

  it("names a chain whose newest event was deleted but whose head stayed, even before any anchor", async () => {
    const t = await seeded("head-deleted");
    await remove(t, "AUDIT#case#B1", sk(4));
    expect(await t.platform.auditAnchors.verifyAll()).toMatchObject({ ok: false, subject: "case#B1", brokenAt: 4, reason: "deleted" });
  });

  it("names an anchored chain that is gone altogether", async () => {
    const t = await seeded("anchor-gone");
    await t.platform.auditAnchors.anchor("system:test");
    for (let seq = 1; seq <= 4; seq++) await remove(t, "AUDIT#user#kepala@disnaker.demo", sk(seq));
    await remove(t, "AUDITHEAD#user#kepala@disnaker.demo", "AUDITHEAD");
    expect(await t.platform.auditAnchors.verifyAll()).toMatchObject({ ok: false, subject: "user#kepala@disnaker.demo", caseId: null, brokenAt: 1, reason: "deleted" });
  });

  it("names an edited event, and verify by case names its seq", async () => {
    const t = await seeded("anchor-edited");
    await t.platform.auditAnchors.anchor("system:test");
    await t.platform.db.doc.send(
      new UpdateCommand({ TableName: t.tableName, Key: { pk: "AUDIT#case#A1", sk: sk(2) }, UpdateExpression: "SET #d = :d", ExpressionAttributeNames: { "#d": "data" }, ExpressionAttributeValues: { ":d": { n: 99 } } }),
    );
    expect(await t.platform.auditAnchors.verifyAll()).toMatchObject({ ok: false, subject: "case#A1", brokenAt: 2, reason: "edited" });
    expect(await t.platform.auditAnchors.verifyCase("A1")).toMatchObject({ ok: false, caseId: "A1", brokenAt: 2, reason: "edited" });
    expect(await t.platform.auditAnchors.verifyCase("A2")).toMatchObject({ ok: true, events: 4 });
  });

  it("names a chain rewritten with fresh hashes after the anchor", async () => {
    const t = await seeded("anchor-rewritten");
    await t.platform.auditAnchors.anchor("system:test");
    // Rewrite events 3 and 4 of case#A1 self-consistently, head included.
    let prev = await eventOf(t.platform, "case#A1", 2);
    for (const seq of [3, 4]) {
      const { hash: _old, ...original } = await eventOf(t.platform, "case#A1", seq);
      const unhashed = { ...original, data: { n: -seq }, prevHash: prev.hash };
      const forged = { ...unhashed, hash: hashEvent(unhashed) };
      await t.platform.db.doc.send(new PutCommand({ TableName: t.tableName, Item: auditEventItem(forged) }));
      await t.platform.db.doc.send(new PutCommand({ TableName: t.tableName, Item: auditHeadItem(forged) }));
      prev = forged;
    }
    expect(await t.platform.audit.verify("case#A1")).toEqual({ ok: true, events: 4 });
    expect(await t.platform.auditAnchors.verifyCase("A1")).toMatchObject({ ok: false, brokenAt: 4, reason: "edited" });
    expect(await t.platform.auditAnchors.verifyAll()).toMatchObject({ ok: false, subject: "case#A1", brokenAt: 4, reason: "edited" });
  });

  it("writes the anchor to the bucket and prefers the bucket's copy", async () => {
    const t = await seeded("anchor-s3");
    const objects = new Map<string, { body: string; input: Record<string, unknown> }>();
    const s3 = {
      async send(command: unknown): Promise<any> {
        if (command instanceof PutObjectCommand) {
          objects.set(command.input.Key!, { body: command.input.Body as string, input: command.input as unknown as Record<string, unknown> });
          return {};
        }
        if (command instanceof ListObjectsV2Command) {
          const after = command.input.StartAfter ?? "";
          return { Contents: [...objects.keys()].filter((k) => k > after && k.startsWith(command.input.Prefix ?? "")).sort().map((Key) => ({ Key })), IsTruncated: false };
        }
        if (command instanceof GetObjectCommand) {
          const body = objects.get(command.input.Key!)!.body;
          return { Body: { transformToString: async () => body } };
        }
        throw new Error("unexpected command");
      },
    };
    const anchors = new AuditAnchors(t.platform.db, t.platform.audit, () => t.clock.now, { bucket: s3AnchorBucket("anchors-bucket", s3 as never) });
    const summary = await anchors.anchor("system:test");
    const key = `anchors/2026-11-26/${summary.at}.json`;
    expect(summary.s3Key).toBe(key);
    const stored = objects.get(key)!;
    expect(stored.input).toMatchObject({ Bucket: "anchors-bucket", ContentType: "application/json", ChecksumAlgorithm: "SHA256" });
    const document = JSON.parse(stored.body) as AnchorDocument;
    expect(document).toMatchObject({ ...summary, chainCount: 5 });
    expect(anchorDigest(document.chains)).toBe(document.digest);
    // The attacker removes the table's anchor too: the bucket's still catches the cut.
    await remove(t, "AUDITANCHOR", summary.at);
    await remove(t, "AUDIT#case#B1", sk(4));
    await remove(t, "AUDITHEAD#case#B1", "AUDITHEAD");
    expect(await t.platform.auditAnchors.verifyAll()).toMatchObject({ ok: true });
    expect(await anchors.verifyAll()).toMatchObject({ ok: false, subject: "case#B1", brokenAt: 4, reason: "deleted" });
  });

  it("anchors chains beyond one stored part", async () => {
    const t = await createTestPlatform("anchor-parts");
    const events: AuditEvent[] = [];
    for (let i = 0; i < 2500; i++) {
      const unhashed = { subject: `case#P${String(i).padStart(5, "0")}`, seq: 1, at: "2026-11-20T01:00:00.000Z", actor: "a", action: "b", requestId: "r", data: {}, prevHash: "0".repeat(64) };
      events.push({ ...unhashed, hash: hashEvent(unhashed) });
    }
    await t.platform.db.batchPut([...events.map(auditEventItem), ...events.map(auditHeadItem)]);
    const summary = await t.platform.auditAnchors.anchor("system:test");
    expect(summary).toMatchObject({ chainCount: 2500, events: 2500 });
    await remove(t, "AUDIT#case#P01500", sk(1));
    await remove(t, "AUDITHEAD#case#P01500", "AUDITHEAD");
    expect(await t.platform.auditAnchors.verifyCase("P01500")).toMatchObject({ ok: false, brokenAt: 1, reason: "deleted" });
    expect(await t.platform.auditAnchors.verifyAll()).toMatchObject({ ok: false, subject: "case#P01500", reason: "deleted" });
  }, 120_000);
});
