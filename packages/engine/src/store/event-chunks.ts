import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { InvalidCursor, type Db, type Page } from "@naungan/platform";
import type { HistoryEvent } from "../runtime/events";
import { detailsKey } from "../runtime/events";
import type { Emitted } from "../runtime/interpreter";

/*
 * History events are stored in chunks: one item `EX#<arn> / EV#<first id>`
 * holds the consecutive events of one commit (`events`), split only where an
 * item would pass DynamoDB's 400 KB. DynamoDB Local's cost is per item, so a
 * commit of five events writes two items (a chunk and the execution) rather
 * than six. Items written before chunks hold one event each at top level;
 * they read as a chunk of one.
 */

/** Room left in a 400 KB item for the keys and attribute names. */
const CHUNK_BYTES = 350_000;

export const eventSk = (id: number) => `EV#${id.toString().padStart(10, "0")}`;

interface StoredEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  eventType: string;
  details?: Record<string, unknown>;
}

/** The chunk items of one commit's events, in order. */
export function chunkItems(pk: string, events: Emitted[]): Record<string, unknown>[] {
  const chunks: StoredEvent[][] = [];
  let current: StoredEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const stored: StoredEvent = {
      id: e.id,
      previousEventId: e.previousEventId,
      timestamp: e.at.toISOString(),
      eventType: e.event.type,
      ...(e.event.details ? { details: e.event.details } : {}),
    };
    const size = Buffer.byteLength(JSON.stringify(stored));
    if (current.length > 0 && bytes + size > CHUNK_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(stored);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((c) => ({ pk, sk: eventSk(c[0]!.id), type: "events", lastId: c[c.length - 1]!.id, events: c }));
}

function eventsOf(item: Record<string, unknown>): StoredEvent[] {
  return Array.isArray(item.events) ? (item.events as StoredEvent[]) : [item as unknown as StoredEvent];
}

function toEvent(e: StoredEvent): HistoryEvent {
  return {
    id: e.id,
    previousEventId: e.previousEventId,
    timestamp: new Date(e.timestamp),
    type: e.eventType,
    ...(e.details ? { [detailsKey(e.eventType)]: e.details } : {}),
  };
}

/** The cursor is the id of the next event to return. */
const encodeCursor = (id: number) => Buffer.from(JSON.stringify({ next: id })).toString("base64url");

function decodeCursor(cursor: string): number {
  try {
    const { next } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { next?: unknown };
    if (Number.isSafeInteger(next) && (next as number) >= 1) return next as number;
  } catch {
    // fall through
  }
  throw new InvalidCursor();
}

/**
 * One page of events 1 … lastId (the committed counter less one), oldest or
 * newest first. Chunk items past `lastId` (written by a batch that did not
 * commit) are never read.
 */
export async function historyPage(db: Db, pk: string, lastId: number, options: { reverse?: boolean; limit?: number; cursor?: string }): Promise<Page<HistoryEvent>> {
  const limit = options.limit ?? 100;
  const reverse = options.reverse ?? false;
  const from = options.cursor ? decodeCursor(options.cursor) : reverse ? lastId : 1;
  if (lastId < 1 || from > lastId) return { items: [] };
  // Forward: start at the chunk holding `from` (the last one whose first id is ≤ from).
  const low = reverse ? eventSk(1) : ((await chunkAtOrBefore(db, pk, from)) ?? eventSk(1));
  const high = eventSk(reverse ? from : lastId);
  const found: StoredEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :low AND :high",
        ExpressionAttributeValues: { ":pk": pk, ":low": low, ":high": high },
        ScanIndexForward: !reverse,
        ConsistentRead: true,
        Limit: limit + 1,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const events = eventsOf(item).filter((e) => e.id <= lastId && (reverse ? e.id <= from : e.id >= from));
      found.push(...(reverse ? events.reverse() : events));
    }
    start = out.LastEvaluatedKey;
  } while (start && found.length <= limit);
  const items = found.slice(0, limit).map(toEvent);
  return { items, ...(found.length > limit ? { nextCursor: encodeCursor(found[limit]!.id) } : {}) };
}

async function chunkAtOrBefore(db: Db, pk: string, id: number): Promise<string | undefined> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :low AND :high",
      ExpressionAttributeValues: { ":pk": pk, ":low": eventSk(1), ":high": eventSk(id) },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 1,
      ProjectionExpression: "sk",
    }),
  );
  return out.Items?.[0]?.sk as string | undefined;
}
