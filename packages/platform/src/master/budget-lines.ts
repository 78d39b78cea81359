import { z } from "zod";
import { opdCodeSchema, rupiahSchema } from "@naungan/core";
import type { AuditLog } from "../audit/audit-log";
import { TransactionRefused, type Db } from "../storage/db";

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
 * conditional transactions (a later workflow); here they are created and read.
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

  async createIfAbsent(input: NewBudgetLine, by: { actor: string; requestId: string }): Promise<boolean> {
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
}

function toLine(item: BudgetLine): BudgetLine {
  const { id, opdCode, year, accountCode, name, pagu, reserved, spent, available } = item;
  return { id, opdCode, year, accountCode, name, pagu, reserved, spent, available };
}
