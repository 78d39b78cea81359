import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { Db, Item } from "../storage/db";
import { chunk, mapInParallel, sleep } from "../storage/parallel";

/** DynamoDB's limit of keys per BatchGetItem. */
const BATCH_GET_LIMIT = 100;
/** BatchGetItem calls in flight at once: 19,000 keys are 190 calls. */
const PARALLEL_CALLS = 8;

export interface BatchGetOptions {
  consistent?: boolean;
  /** Attribute names to read (all when omitted). */
  attributes?: readonly string[];
}

/**
 * Reads the items of many keys, 100 per BatchGetItem, retrying the keys
 * DynamoDB leaves unprocessed (with backoff) until every key is answered.
 * Keys must be distinct; absent items are simply not in the answer.
 */
export async function batchGet<T = Item>(db: Db, keys: readonly { pk: string; sk: string }[], options: BatchGetOptions = {}): Promise<T[]> {
  const chunks = chunk(keys, BATCH_GET_LIMIT);
  const found = await mapInParallel(chunks, PARALLEL_CALLS, (part) => getChunk<T>(db, part, options));
  return found.flat();
}

async function getChunk<T>(db: Db, keys: readonly { pk: string; sk: string }[], options: BatchGetOptions): Promise<T[]> {
  const names = Object.fromEntries((options.attributes ?? []).map((a, i) => [`#a${i}`, a]));
  const projection = options.attributes?.length ? { ProjectionExpression: Object.keys(names).join(", "), ExpressionAttributeNames: names } : {};
  const items: T[] = [];
  let pending: Item[] = keys.map(({ pk, sk }) => ({ pk, sk }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt));
    const out = await db.doc.send(
      new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: pending, ConsistentRead: options.consistent ?? false, ...projection } } }),
    );
    items.push(...((out.Responses?.[db.tableName] ?? []) as T[]));
    pending = (out.UnprocessedKeys?.[db.tableName]?.Keys ?? []) as Item[];
  }
  return items;
}
