import type { Db, Page } from "@naungan/platform";
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";

type QueryInput = Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey" | "Limit">;

/**
 * One page of a query with a cursor only when more items follow: it reads
 * one item more than asked, so the last page never ends in an empty one
 * (AWS's List operations never answer an empty page with a token).
 * `keyNames` are the table and index key attributes (the cursor is built
 * from them in `Db.query`'s format: base64url JSON of the start key).
 */
export async function queryPage<T extends Record<string, unknown>>(
  db: Db,
  input: QueryInput,
  limit: number,
  cursor: string | undefined,
  keyNames: string[],
): Promise<Page<T>> {
  const page = await db.query<T>({ ...input, Limit: limit + 1 }, cursor);
  const items = page.items.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    // DynamoDB may stop early at 1 MB: then its own cursor carries on.
    nextCursor: page.items.length > limit && last ? cursorOf(last, keyNames) : page.nextCursor,
  };
}

/** A cursor pointing just after `item`, in the format `Db.query` takes. */
export function cursorOf(item: Record<string, unknown>, keyNames: string[]): string {
  const start: Record<string, unknown> = {};
  for (const k of keyNames) start[k] = item[k];
  return Buffer.from(JSON.stringify(start)).toString("base64url");
}

export function isConditionFailure(err: unknown): boolean {
  return err instanceof Error && err.name === "ConditionalCheckFailedException";
}

export function ignoreConditionFailure(err: unknown): void {
  if (!isConditionFailure(err)) throw err;
}
