import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { DynamoClients } from "./clients";
import { chunk, mapInParallel, sleep } from "./parallel";

export type Item = Record<string, unknown>;

/** One entry of a TransactWriteItems call, table name filled in by `Db`. */
export type TransactItem =
  | { Put: { Item: Item; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
  | {
      Update: {
        Key: Item;
        UpdateExpression: string;
        ConditionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Item;
      };
    }
  | { ConditionCheck: { Key: Item; ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } };

/** A transaction was refused; `reasons[i]` is the code for item i ("None" when it passed). */
export class TransactionRefused extends Error {
  constructor(readonly reasons: string[]) {
    super(`transaction refused: ${reasons.join(", ")}`);
  }
}

/** A single-item write refused by its ConditionExpression. */
export const conditionFailed = (err: unknown): boolean => err instanceof Error && err.name === "ConditionalCheckFailedException";

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** BatchWriteItem calls in flight at once (a 19,000-worker case is 760 calls). */
const BATCH_WRITES_IN_FLIGHT = 4;

/** Thin table-bound wrapper over the document client: the one place that names the table. */
export class Db {
  constructor(
    readonly clients: DynamoClients,
    readonly tableName: string,
  ) {}

  get doc() {
    return this.clients.doc;
  }

  async get<T = Item>(pk: string, sk: string, consistent = false): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: consistent }));
    return out.Item as T | undefined;
  }

  async put(item: Item, condition?: Omit<Extract<TransactItem, { Put: unknown }>["Put"], "Item">): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition }));
  }

  async update(input: Extract<TransactItem, { Update: unknown }>["Update"]): Promise<Item | undefined> {
    const out = await this.doc.send(new UpdateCommand({ TableName: this.tableName, ReturnValues: "ALL_NEW", ...input }));
    return out.Attributes;
  }

  /** One page of a query; the cursor is the opaque, URL-safe LastEvaluatedKey. */
  async query<T = Item>(input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">, cursor?: string): Promise<Page<T>> {
    let out;
    try {
      out = await this.doc.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey: decodeCursor(cursor) }));
    } catch (err) {
      // A well-formed cursor from another query: DynamoDB refuses the start key.
      if (cursor && err instanceof Error && err.name === "ValidationException") throw new InvalidCursor();
      throw err;
    }
    return { items: (out.Items ?? []) as T[], nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  /** Every item a query matches; only for small, bounded sets (master data). */
  async queryAll<T = Item>(input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.query<T>(input, cursor);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /**
   * Puts many items, 25 per BatchWriteItem with a few calls in flight,
   * retrying what DynamoDB leaves unprocessed (with backoff) until every item
   * is written. Unconditional and in no particular order: only for items
   * whose keys are new or owned by the caller.
   */
  async batchPut(items: readonly Item[]): Promise<void> {
    await mapInParallel(chunk(items, 25), BATCH_WRITES_IN_FLIGHT, async (part) => {
      let pending = part.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt));
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    });
  }

  async transact(items: TransactItem[]): Promise<void> {
    const TransactItems = items.map((entry) => {
      const [kind, body] = Object.entries(entry)[0] as [string, object];
      return { [kind]: { TableName: this.tableName, ...body } };
    });
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems }));
    } catch (err) {
      if (err instanceof TransactionCanceledException) {
        throw new TransactionRefused((err.CancellationReasons ?? []).map((r) => r.Code ?? "None"));
      }
      throw err;
    }
  }
}

export class InvalidCursor extends Error {
  constructor() {
    super("cursor is not valid");
  }
}

function encodeCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined;
}

function decodeCursor(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (key && typeof key === "object" && !Array.isArray(key) && Object.values(key).every((v) => typeof v === "string" || typeof v === "number")) {
      return key as Item;
    }
  } catch {
    // fall through
  }
  throw new InvalidCursor();
}
