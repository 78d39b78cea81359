import { discountSchema, rateTableSchema, type Discount, type RateTable } from "@naungan/core";
import type { AuditLog } from "../audit/audit-log";
import { TransactionRefused, type Db } from "../storage/db";

/**
 * Effective-dated contribution rate tables and discount periods, stored as
 * versions: a new regulation is a new version, past versions stay as they were.
 */
export class RateTables {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<RateTable[]> {
    const items = await this.db.queryAll<{ table: RateTable }>({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": "RATETABLES" },
    });
    return items.map((i) => rateTableSchema.parse(i.table));
  }

  async discounts(): Promise<Discount[]> {
    const items = await this.db.queryAll<{ discount: Discount }>({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": "DISCOUNTS" },
    });
    return items.map((i) => discountSchema.parse(i.discount));
  }

  async createIfAbsent(input: RateTable, by: { actor: string; requestId: string }): Promise<boolean> {
    const table = rateTableSchema.parse(input);
    return this.putVersion(`rate-table#${table.id}`, "rate_table.created", table, {
      pk: `RATETABLE#${table.id}`,
      sk: "RATETABLE",
      type: "rate_table",
      table,
      gsi1pk: "RATETABLES",
      gsi1sk: `${table.validFrom}#${table.id}`,
    }, by);
  }

  async createDiscountIfAbsent(input: Discount, by: { actor: string; requestId: string }): Promise<boolean> {
    const discount = discountSchema.parse(input);
    return this.putVersion(`discount#${discount.id}`, "discount.created", discount, {
      pk: `DISCOUNT#${discount.id}`,
      sk: "DISCOUNT",
      type: "discount",
      discount,
      gsi1pk: "DISCOUNTS",
      gsi1sk: `${discount.validFrom}#${discount.id}`,
    }, by);
  }

  private async putVersion(subject: string, action: string, after: object, item: Record<string, unknown>, by: { actor: string; requestId: string }) {
    try {
      await this.audit.record({ subject, actor: by.actor, action, requestId: by.requestId, data: { after } }, [
        { Put: { Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
      ]);
      return true;
    } catch (err) {
      if (err instanceof TransactionRefused) return false;
      throw err;
    }
  }
}
