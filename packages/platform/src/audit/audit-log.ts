import { createHash } from "node:crypto";
import { wibDate } from "@naungan/core";
import { Db, TransactionRefused, type Page, type TransactItem } from "../storage/db";
import { canonicalJson } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);
const MAX_APPEND_ATTEMPTS = 12;

/** What a caller says happened; the log adds sequence, time and hashes. */
export interface AuditInput {
  /** The chain the event belongs to, e.g. `case#C01…`, `user#kepala@disnaker.demo`. */
  subject: string;
  actor: string;
  action: string;
  requestId: string;
  /** The data that changed (before/after values where there are any). */
  data: Record<string, unknown>;
  opdCode?: string;
}

export interface AuditEvent {
  subject: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  requestId: string;
  data: Record<string, unknown>;
  opdCode?: string;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: number; reason: "edited" | "deleted" | "reordered" | "inserted"; detail: string };

const pkOf = (subject: string) => `AUDIT#${subject}`;
const skOf = (seq: number) => seq.toString().padStart(12, "0");

/** Key of one event: the chain's partition, the 12-digit sequence number. */
export const auditEventKey = (subject: string, seq: number) => ({ pk: pkOf(subject), sk: skOf(seq) });
/** Key of a chain's head item (its newest seq and hash), written with every event. */
export const auditHeadKey = (subject: string) => ({ pk: `AUDITHEAD#${subject}`, sk: "AUDITHEAD" });
/** gsi3 partition listing every chain head, sorted by subject. */
export const AUDIT_HEADS_GSI3PK = "AUDITHEADS";

/** The head of a chain as stored: enough to enumerate and anchor every chain. */
export interface ChainHead {
  subject: string;
  seq: number;
  hash: string;
  at: string;
}

/** The stored item of an event: its keys and index keys (by actor, by WIB day, by OPD when known). */
export function auditEventItem(event: AuditEvent): Record<string, unknown> {
  const ref = `${event.at}#${event.subject}#${skOf(event.seq)}`;
  return {
    ...auditEventKey(event.subject, event.seq),
    type: "audit_event",
    ...event,
    ...(event.opdCode ? { gsi1pk: `AUDITOPD#${event.opdCode}`, gsi1sk: ref } : {}),
    gsi2pk: `AUDITACTOR#${event.actor}`,
    gsi2sk: ref,
    gsi3pk: `AUDITDAY#${wibDate(event.at)}`,
    gsi3sk: ref,
  };
}

/** The head item after `event`. */
export function auditHeadItem(event: AuditEvent): Record<string, unknown> {
  return {
    ...auditHeadKey(event.subject),
    type: "audit_head",
    subject: event.subject,
    seq: event.seq,
    hash: event.hash,
    at: event.at,
    gsi3pk: AUDIT_HEADS_GSI3PK,
    gsi3sk: event.subject,
  };
}

/** The hash covers every field of the event but the hash itself. */
export function hashEvent(event: Omit<AuditEvent, "hash">): string {
  const { subject, seq, at, actor, action, requestId, data, opdCode, prevHash } = event;
  return createHash("sha256")
    .update(canonicalJson({ subject, seq, at, actor, action, requestId, data, opdCode, prevHash }))
    .digest("hex");
}

/**
 * Append-only, hash-chained audit log, one chain per subject. Each event is
 * written with `attribute_not_exists` on its sequence number in the same
 * transaction as the state change it records, so a chain cannot fork and a
 * change is never stored without its event (nor the event without it).
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Appends `input` together with `writes` atomically. When another writer
   * took the next sequence number first, it re-reads the head and tries again;
   * if one of `writes` is refused, throws `TransactionRefused` with the reasons
   * for `writes` (the audit entry's own slot is dropped).
   */
  async record(input: AuditInput, writes: TransactItem[] = []): Promise<AuditEvent> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(input.subject);
      const event = this.nextEvent(input, head);
      try {
        await this.db.transact([
          { Put: { Item: auditEventItem(event), ConditionExpression: "attribute_not_exists(pk)" } },
          // The chain's head moves with its event, never backwards (a chain that predates heads has none yet).
          {
            Put: {
              Item: auditHeadItem(event),
              ConditionExpression: "attribute_not_exists(pk) OR #seq < :seq",
              ExpressionAttributeNames: { "#seq": "seq" },
              ExpressionAttributeValues: { ":seq": event.seq },
            },
          },
          ...writes,
        ]);
        return event;
      } catch (err) {
        if (!(err instanceof TransactionRefused)) throw err;
        const [eventReason, headReason, ...writeReasons] = err.reasons;
        const auditReason = eventReason !== "None" ? eventReason : headReason;
        const chainRace = auditReason === "ConditionalCheckFailed";
        // A conflict with another transaction is a race to retry, not a refusal.
        const writeRefused = writeReasons.some((r) => r !== "None" && r !== "TransactionConflict");
        if (writeRefused) throw new TransactionRefused(writeReasons);
        if ((chainRace || auditReason === "TransactionConflict" || writeReasons.includes("TransactionConflict")) && attempt < MAX_APPEND_ATTEMPTS) {
          await sleep(Math.random() * 20 * attempt);
          continue;
        }
        throw err;
      }
    }
  }

  /** Events of one subject in sequence order, paged. */
  async events(subject: string, options: { cursor?: string; limit?: number; newestFirst?: boolean } = {}): Promise<Page<AuditEvent>> {
    const page = await this.db.query<Record<string, unknown>>(
      {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pkOf(subject) },
        ScanIndexForward: !options.newestFirst,
        Limit: options.limit ?? 50,
        ConsistentRead: true,
      },
      options.cursor,
    );
    return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
  }

  /** Walks a subject's chain from the first event and names the first broken link. */
  async verify(subject: string): Promise<ChainVerdict> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for await (const event of this.walk(subject)) {
      const count = expectedSeq - 1;
      if (hashEvent(event) !== event.hash) {
        return { ok: false, events: count, brokenAt: event.seq, reason: "edited", detail: `event ${event.seq} does not match its hash` };
      }
      if (event.seq > expectedSeq) {
        return { ok: false, events: count, brokenAt: expectedSeq, reason: "deleted", detail: `events ${expectedSeq}–${event.seq - 1} are missing` };
      }
      if (event.prevHash !== prevHash) {
        // Genuine events moved to other places keep their times (which now run
        // backwards) or point at another event of the chain; else it was made up.
        const reason = (await this.looksReordered(subject, event)) ? "reordered" : "inserted";
        return { ok: false, events: count, brokenAt: event.seq, reason, detail: `event ${event.seq} does not follow event ${event.seq - 1}` };
      }
      prevHash = event.hash;
      expectedSeq++;
    }
    return { ok: true, events: expectedSeq - 1 };
  }

  /** Every event of a subject in order, a page at a time (bounded memory). */
  private async *walk(subject: string): AsyncGenerator<AuditEvent> {
    let cursor: string | undefined;
    do {
      const page = await this.events(subject, { cursor, limit: 500 });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  private async looksReordered(subject: string, broken: AuditEvent): Promise<boolean> {
    let lastAt = "";
    for await (const event of this.walk(subject)) {
      if (event.hash === broken.prevHash) return true;
      if (event.seq >= broken.seq - 1 && event.at < lastAt) return true;
      lastAt = event.at;
    }
    return false;
  }

  /** One event by its sequence number. */
  async event(subject: string, seq: number): Promise<AuditEvent | undefined> {
    const { pk, sk } = auditEventKey(subject, seq);
    const item = await this.db.get<Record<string, unknown>>(pk, sk, true);
    return item ? fromItem(item) : undefined;
  }

  /** The stored head of one chain. */
  async chainHead(subject: string): Promise<ChainHead | undefined> {
    const { pk, sk } = auditHeadKey(subject);
    const item = await this.db.get<Record<string, unknown>>(pk, sk, true);
    return item ? headFromItem(item) : undefined;
  }

  /** Every chain head, sorted by subject (UTF-8 byte order), a page at a time: no scan. */
  async heads(options: { cursor?: string; limit?: number } = {}): Promise<Page<ChainHead>> {
    const page = await this.db.query<Record<string, unknown>>(
      {
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk",
        ExpressionAttributeValues: { ":pk": AUDIT_HEADS_GSI3PK },
        Limit: options.limit ?? 500,
      },
      options.cursor,
    );
    return { items: page.items.map(headFromItem), nextCursor: page.nextCursor };
  }

  /** Every chain head in subject order, bounded memory. */
  async *allHeads(): AsyncGenerator<ChainHead> {
    let cursor: string | undefined;
    do {
      const page = await this.heads({ cursor, limit: 500 });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  private async head(subject: string): Promise<AuditEvent | undefined> {
    const page = await this.events(subject, { limit: 1, newestFirst: true });
    return page.items[0];
  }

  private nextEvent(input: AuditInput, head: AuditEvent | undefined): AuditEvent {
    const at = this.now().toISOString();
    // Round-trip through JSON so the hashed data is exactly what DynamoDB gives back.
    const data = JSON.parse(JSON.stringify(input.data)) as Record<string, unknown>;
    const unhashed = {
      subject: input.subject,
      seq: (head?.seq ?? 0) + 1,
      at,
      actor: input.actor,
      action: input.action,
      requestId: input.requestId,
      data,
      ...(input.opdCode ? { opdCode: input.opdCode } : {}),
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    return { ...unhashed, hash: hashEvent(unhashed) };
  }
}

function headFromItem(item: Record<string, unknown>): ChainHead {
  const { subject, seq, hash, at } = item as unknown as ChainHead;
  return { subject, seq: Number(seq), hash, at };
}

export function fromItem(item: Record<string, unknown>): AuditEvent {
  const { subject, seq, at, actor, action, requestId, data, opdCode, prevHash, hash } = item as unknown as AuditEvent;
  return { subject, seq, at, actor, action, requestId, data, ...(opdCode ? { opdCode } : {}), prevHash, hash };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
