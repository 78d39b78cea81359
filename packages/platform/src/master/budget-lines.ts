import * as z from "zod";
import { formatRupiah, opdCodeSchema, rupiahSchema } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { Actor } from "../audit/actor";
import type { AuditLog } from "../audit/audit-log";
import { Refused } from "../errors";
import { TransactionRefused, type Db } from "../storage/db";
import type { UpsertOutcome } from "./upsert";

export const newBudgetLineSchema = z.object({
  opdCode: opdCodeSchema,
  year: z.number().int().min(2020).max(2100),
  accountCode: z.string().regex(/^\d(\.\d{1,4}){5}(\+\d{4})*$/, "must be a SIPD account code like 5.1.02.02.02.0006"),
  name: z.string().trim().min(3).max(200),
  pagu: rupiahSchema,
});
export type NewBudgetLine = z.infer<typeof newBudgetLineSchema>;

export interface BudgetLine extends NewBudgetLine {
  id: string;
  reserved: number;
  spent: number;
  available: number;
}

/** `2026-DISNAKER-5.1.02.02.02.0006+0007`: readable, and unique per OPD, year and account. */
export const budgetLineId = (line: Pick<NewBudgetLine, "year" | "opdCode" | "accountCode">) =>
  `${line.year}-${line.opdCode}-${line.accountCode}`;

const key = (id: string) => ({ pk: `BUDGETLINE#${id}`, sk: "BUDGETLINE" });

/**
 * Budget lines (DPA pagu per OPD, year and account code). `reserved`,
 * `spent` and `available` only change through the budget ledger's
 * conditional transactions (enrolment/budget-ledger.ts); here lines are
 * created, read, renamed and given another pagu (a DPA change), never below
 * what is already reserved and spent.
 */
export class BudgetLines {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  async get(id: string): Promise<BudgetLine | undefined> {
    const item = await this.db.get<BudgetLine>(key(id).pk, key(id).sk);
    return item ? toLine(item) : undefined;
  }

  /** Lines of a year and/or an OPD, ordered by OPD and account code. */
  async list(filter: { year?: number; opdCode?: string }): Promise<BudgetLine[]> {
    const items = filter.opdCode
      ? await this.db.queryAll<BudgetLine>({
          IndexName: "gsi2",
          KeyConditionExpression: filter.year ? "gsi2pk = :pk AND begins_with(gsi2sk, :prefix)" : "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": `BUDGETLINES#${filter.opdCode}`, ...(filter.year ? { ":prefix": `${filter.year}#` } : {}) },
        })
      : await this.db.queryAll<BudgetLine>({
          IndexName: "gsi1",
          KeyConditionExpression: filter.year ? "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)" : "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": "BUDGETLINES", ...(filter.year ? { ":prefix": `${filter.year}#` } : {}) },
        });
    return items.map(toLine);
  }

  async createIfAbsent(input: NewBudgetLine, by: Actor): Promise<boolean> {
    const line = newBudgetLineSchema.parse(input);
    const id = budgetLineId(line);
    const record: BudgetLine = { id, ...line, reserved: 0, spent: 0, available: line.pagu };
    try {
      await this.audit.record(
        { subject: `budget-line#${id}`, actor: by.actor, action: "budget_line.created", requestId: by.requestId, data: { after: record }, opdCode: line.opdCode },
        [
          {
            Put: {
              Item: {
                ...key(id),
                type: "budget_line",
                ...record,
                gsi1pk: "BUDGETLINES",
                gsi1sk: `${line.year}#${line.opdCode}#${line.accountCode}`,
                gsi2pk: `BUDGETLINES#${line.opdCode}`,
                gsi2sk: `${line.year}#${line.accountCode}`,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      );
      return true;
    } catch (err) {
      if (err instanceof TransactionRefused) return false;
      throw err;
    }
  }

  /**
   * Creates the line or sets its name and pagu (audited with before and
   * after). A pagu below reserved + spent is refused (`unprocessable`, field
   * `pagu`, details.floor); the update is conditional on the ledger figures
   * read, so available = pagu − reserved − spent holds even if a reservation
   * lands meanwhile (then `conflict`: read again and retry).
   */
  async upsert(input: NewBudgetLine, by: Actor): Promise<UpsertOutcome> {
    const line = newBudgetLineSchema.parse(input);
    const id = budgetLineId(line);
    const before = await this.get(id);
    if (!before) {
      if (await this.createIfAbsent(line, by)) return "created";
      throw new Refused("conflict", t.admin.errors.raced);
    }
    return this.change(before, { name: line.name, pagu: line.pagu }, by);
  }

  /** Renames an existing line or changes its pagu, with upsert's rules. */
  async update(id: string, change: Pick<NewBudgetLine, "name" | "pagu">, by: Actor): Promise<Exclude<UpsertOutcome, "created">> {
    const before = await this.get(id);
    if (!before) throw new Refused("not_found", t.admin.errors.unknownBudgetLine(id));
    const parsed = newBudgetLineSchema.pick({ name: true, pagu: true }).parse(change);
    return this.change(before, parsed, by);
  }

  private async change(before: BudgetLine, change: Pick<NewBudgetLine, "name" | "pagu">, by: Actor): Promise<Exclude<UpsertOutcome, "created">> {
    if (before.name === change.name && before.pagu === change.pagu) return "unchanged";
    const floor = before.reserved + before.spent;
    if (change.pagu < floor) {
      const message = t.admin.errors.paguBelowFloor(formatRupiah(change.pagu), formatRupiah(floor));
      throw new Refused("unprocessable", message, [{ path: "pagu", message }], { floor });
    }
    const after: BudgetLine = { ...before, ...change, available: change.pagu - floor };
    try {
      await this.audit.record(
        { subject: `budget-line#${before.id}`, actor: by.actor, action: "budget_line.updated", requestId: by.requestId, data: { before, after }, opdCode: before.opdCode },
        [
          {
            Update: {
              Key: key(before.id),
              UpdateExpression: "SET #name = :name, pagu = :pagu, available = :available",
              ConditionExpression: "#name = :oldName AND pagu = :oldPagu AND reserved = :reserved AND spent = :spent",
              ExpressionAttributeNames: { "#name": "name" },
              ExpressionAttributeValues: {
                ":name": change.name,
                ":pagu": change.pagu,
                ":available": after.available,
                ":oldName": before.name,
                ":oldPagu": before.pagu,
                ":reserved": before.reserved,
                ":spent": before.spent,
              },
            },
          },
        ],
      );
    } catch (err) {
      if (err instanceof TransactionRefused) throw new Refused("conflict", t.admin.errors.raced);
      throw err;
    }
    return "updated";
  }
}

function toLine(item: BudgetLine): BudgetLine {
  const { id, opdCode, year, accountCode, name, pagu, reserved, spent, available } = item;
  return { id, opdCode, year, accountCode, name, pagu, reserved, spent, available };
}
