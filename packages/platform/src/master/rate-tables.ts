import { discountSchema, isValidIsoDate, rateTableSchema, wibDate, type Discount, type RateTable } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { Actor } from "../audit/actor";
import type { AuditLog } from "../audit/audit-log";
import { Refused } from "../errors";
import { TransactionRefused, type Db, type TransactItem } from "../storage/db";

const rateTableKey = (id: string) => ({ pk: `RATETABLE#${id}`, sk: "RATETABLE" });
const discountKey = (id: string) => ({ pk: `DISCOUNT#${id}`, sk: "DISCOUNT" });
const rateTableItem = (table: RateTable) => ({ ...rateTableKey(table.id), type: "rate_table", table, gsi1pk: "RATETABLES", gsi1sk: `${table.validFrom}#${table.id}` });
const discountItem = (discount: Discount) => ({ ...discountKey(discount.id), type: "discount", discount, gsi1pk: "DISCOUNTS", gsi1sk: `${discount.validFrom}#${discount.id}` });

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const overlaps = (a: { validFrom: string; validTo?: string }, b: { validFrom: string; validTo?: string }) =>
  a.validFrom <= (b.validTo ?? "9999-12-31") && b.validFrom <= (a.validTo ?? "9999-12-31");

export interface NewVersionResult {
  outcome: "created" | "unchanged";
  /** The version whose open end was set to the day before the new one starts. */
  closed?: { id: string; validTo: string };
}

/**
 * Effective-dated contribution rate tables and discount periods, stored as
 * versions: a new regulation is a new version from a future date, and what
 * was in force on a past day is never rewritten — so a case keeps the
 * figures it was priced with, and pricing (core rateTableOn) always finds
 * exactly one table for a day.
 */
export class RateTables {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
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

  /** Seeds a version as given (demo data, `set-rate-table --defaults`); false when its id exists. */
  async createIfAbsent(input: RateTable, by: Actor): Promise<boolean> {
    const table = rateTableSchema.parse(input);
    return this.putIfAbsent(`rate-table#${table.id}`, "rate_table.created", { after: table }, [{ Put: { Item: rateTableItem(table), ConditionExpression: "attribute_not_exists(pk)" } }], by);
  }

  async createDiscountIfAbsent(input: Discount, by: Actor): Promise<boolean> {
    const discount = discountSchema.parse(input);
    return this.putIfAbsent(`discount#${discount.id}`, "discount.created", { after: discount }, [{ Put: { Item: discountItem(discount), ConditionExpression: "attribute_not_exists(pk)" } }], by);
  }

  /**
   * A new version of the rates. It must start after today (WIB) and after
   * every stored version — except the very first of a fresh stage, which
   * records the regulation already in force. The open-ended version it
   * follows gets its end set to the day before, in the same transaction.
   * The same id with the same figures is `unchanged` (safe to re-run).
   */
  async addVersion(input: RateTable, by: Actor): Promise<NewVersionResult> {
    const table = rateTableSchema.parse(input);
    const existing = await this.list();
    const same = existing.find((v) => v.id === table.id);
    if (same) {
      if (sameJson(same, table)) return { outcome: "unchanged" };
      throw refusedAt("id", t.admin.errors.rateTableExists(table.id));
    }
    const today = wibDate(this.now());
    if (existing.length > 0 && table.validFrom <= today) throw refusedAt("validFrom", t.admin.errors.notInFuture(table.validFrom, today));
    const later = existing.filter((v) => v.validFrom >= table.validFrom);
    if (later.length) throw refusedAt("validFrom", t.admin.errors.notAfterLatest(table.validFrom, later.map((v) => `${v.id} (${v.validFrom})`).join(", ")));
    const validTo = dayBefore(table.validFrom);
    const toClose = existing.filter((v) => overlaps(v, table));
    const writes: TransactItem[] = [{ Put: { Item: rateTableItem(table), ConditionExpression: "attribute_not_exists(pk)" } }];
    for (const v of toClose) writes.push(setValidTo(rateTableKey(v.id), "table", v.validTo, validTo));
    const data = { after: table, closed: toClose.map((v) => ({ id: v.id, before: { validTo: v.validTo ?? null }, after: { validTo } })) };
    if (!(await this.putIfAbsent(`rate-table#${table.id}`, "rate_table.created", data, writes, by))) throw new Refused("conflict", t.admin.errors.raced);
    const closed = toClose[0];
    return { outcome: "created", ...(closed ? { closed: { id: closed.id, validTo } } : {}) };
  }

  /** A new discount period ([U] PP 50/2025 and its successors), starting after today. */
  async addDiscount(input: Discount, by: Actor): Promise<NewVersionResult> {
    const discount = discountSchema.parse(input);
    const same = (await this.discounts()).find((d) => d.id === discount.id);
    if (same) {
      if (sameJson(same, discount)) return { outcome: "unchanged" };
      throw refusedAt("id", t.admin.errors.discountExists(discount.id));
    }
    const today = wibDate(this.now());
    if (discount.validFrom <= today) throw refusedAt("validFrom", t.admin.errors.notInFuture(discount.validFrom, today));
    if (!(await this.createDiscountIfAbsent(discount, by))) throw new Refused("conflict", t.admin.errors.raced);
    return { outcome: "created" };
  }

  /**
   * Ends a discount period early (e.g. to switch `whenBudgetFunded` with a
   * new period from the next day): only days from today on change, never
   * days already priced.
   */
  async endDiscount(id: string, validTo: string, by: Actor): Promise<void> {
    const discount = (await this.discounts()).find((d) => d.id === id);
    if (!discount) throw new Refused("not_found", t.admin.errors.unknownDiscount(id));
    const today = wibDate(this.now());
    if (!isValidIsoDate(validTo) || validTo < today || validTo < discount.validFrom || validTo >= discount.validTo) {
      throw refusedAt("validTo", t.admin.errors.discountEnd(today));
    }
    const data = { before: { validTo: discount.validTo }, after: { validTo } };
    try {
      await this.audit.record({ subject: `discount#${id}`, actor: by.actor, action: "discount.ended", requestId: by.requestId, data }, [setValidTo(discountKey(id), "discount", discount.validTo, validTo)]);
    } catch (err) {
      if (err instanceof TransactionRefused) throw new Refused("conflict", t.admin.errors.raced);
      throw err;
    }
  }

  private async putIfAbsent(subject: string, action: string, data: Record<string, unknown>, writes: TransactItem[], by: Actor): Promise<boolean> {
    try {
      await this.audit.record({ subject, actor: by.actor, action, requestId: by.requestId, data }, writes);
      return true;
    } catch (err) {
      if (err instanceof TransactionRefused) return false;
      throw err;
    }
  }
}

/** Sets a version's `validTo`, conditional on the value read (absent = open-ended). */
function setValidTo(key: { pk: string; sk: string }, attribute: "table" | "discount", old: string | undefined, validTo: string): TransactItem {
  return {
    Update: {
      Key: key,
      UpdateExpression: "SET #v.#to = :to",
      ConditionExpression: old === undefined ? "attribute_not_exists(#v.#to)" : "#v.#to = :old",
      ExpressionAttributeNames: { "#v": attribute, "#to": "validTo" },
      ExpressionAttributeValues: { ":to": validTo, ...(old === undefined ? {} : { ":old": old }) },
    },
  };
}

function refusedAt(path: string, message: string): Refused {
  return new Refused("invalid", message, [{ path, message }]);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]));
  return value;
}
