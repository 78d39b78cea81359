/**
 * Activities on the engine table (see ./table.ts):
 *   ACT#<arn> / ACT    gsi1: ACTS / <creationDate>#<name>
 */
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db, Page } from "@naungan/platform";
import { ignoreConditionFailure, isConditionFailure, queryPage } from "./paging";

export interface ActivityRecord {
  activityArn: string;
  name: string;
  /** ISO-8601. */
  creationDate: string;
}

const KIND = "activity";
const key = (arn: string) => ({ pk: `ACT#${arn}`, sk: "ACT" });
const LIST_PK = "ACTS";

export class Activities {
  constructor(private readonly db: Db) {}

  async get(activityArn: string): Promise<ActivityRecord | undefined> {
    const item = await this.db.get<Record<string, unknown>>(key(activityArn).pk, key(activityArn).sk, true);
    return item ? fromItem(item) : undefined;
  }

  /**
   * CreateActivity is idempotent by name: an activity that exists is
   * returned as it is (`created: false`).
   */
  async create(record: ActivityRecord): Promise<{ record: ActivityRecord; created: boolean }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.db.put(
          { ...key(record.activityArn), type: KIND, ...record, gsi1pk: LIST_PK, gsi1sk: `${record.creationDate}#${record.name}` },
          { ConditionExpression: "attribute_not_exists(pk)" },
        );
        return { record, created: true };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      const existing = await this.get(record.activityArn);
      if (existing) return { record: existing, created: false };
    }
    throw new Error(`could not create activity ${record.activityArn}: it keeps changing`);
  }

  /** True when it existed. Deleting one that does not exist is no error in AWS. */
  async delete(activityArn: string): Promise<boolean> {
    const out = await this.db.doc
      .send(new DeleteCommand({ TableName: this.db.tableName, Key: key(activityArn), ConditionExpression: "attribute_exists(pk)" }))
      .then(() => true)
      .catch((err: unknown) => {
        ignoreConditionFailure(err);
        return false;
      });
    return out;
  }

  /** One page in creation order; `cursor` is the previous page's `nextCursor`. */
  async list(limit: number, cursor?: string): Promise<Page<ActivityRecord>> {
    const page = await queryPage<Record<string, unknown>>(
      this.db,
      { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": LIST_PK } },
      limit,
      cursor,
      ["pk", "sk", "gsi1pk", "gsi1sk"],
    );
    return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
  }
}

function fromItem(item: Record<string, unknown>): ActivityRecord {
  return { activityArn: item.activityArn as string, name: item.name as string, creationDate: item.creationDate as string };
}
