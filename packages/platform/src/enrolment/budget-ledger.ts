import * as z from "zod";
import { opdCodeSchema, rupiahSchema } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { AuditInput, AuditLog } from "../audit/audit-log";
import { caseSubject, type Actor } from "../cases/case-store";
import { Refused } from "../errors";
import type { BudgetLine } from "../master/budget-lines";
import { TransactionRefused, type Db, type TransactItem } from "../storage/db";
import { sleep } from "../storage/parallel";

/**
 * `refused`: the reservation was refused for a shortfall; kept so that a
 * retry of the same case attempt gets the same answer (and no second audit
 * event). A resubmission is a new attempt, with its own reservation.
 */
export type ReservationStatus = "reserved" | "released" | "spent" | "refused";

export interface Reservation {
  caseId: string;
  attempt: number;
  budgetLineId: string;
  amount: number;
  opdCode: string;
  status: ReservationStatus;
  /** When it was reserved (or refused). */
  at: string;
  releasedAt?: string;
  spentAt?: string;
  transferReference?: string;
  /** Only when refused: what the line lacked and had at the time. */
  shortfall?: number;
  available?: number;
}

export type ReserveResult = { ok: true } | { ok: false; shortfall: number; available: number };
export type ReleaseResult = { result: "released"; amount: number } | { result: "already_released" | "already_spent" | "not_reserved" };
export type SpendResult = { result: "spent"; amount: number } | { result: "already_spent" };

const caseRefSchema = z.object({
  caseId: z.string().trim().min(1).max(64),
  attempt: z.int().min(1).max(999),
});
const reserveInputSchema = caseRefSchema.extend({
  budgetLineId: z.string().min(1).max(120),
  amount: rupiahSchema.min(1),
  opdCode: opdCodeSchema,
});
const spendInputSchema = caseRefSchema.extend({
  transferReference: z.string().trim().min(1).max(100),
});

type Figures = Pick<BudgetLine, "available" | "reserved" | "spent">;

const reservationKey = (caseId: string, attempt: number) => ({ pk: `RESERVATION#${caseId}#${attempt}`, sk: "RESERVATION" });
const lineKey = (id: string) => ({ pk: `BUDGETLINE#${id}`, sk: "BUDGETLINE" });
const figures = ({ available, reserved, spent }: Figures): Figures => ({ available, reserved, spent });

/** A writer that lost a race on a busy line tries again; 20 cases on one line settle well within this. */
const MAX_LINE_ATTEMPTS = 60;

/**
 * The budget ledger (DESIGN.md §5): a case reserves its whole amount on one
 * budget line, and the reservation is later released (rejected, returned,
 * failed) or spent (disbursed). A line's figures move only in a transaction
 * with the reservation's change and the case's audit event, and every
 * operation is idempotent per case attempt.
 */
export class BudgetLedger {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async get(caseId: string, attempt: number): Promise<Reservation | undefined> {
    const key = reservationKey(caseId, attempt);
    const item = await this.db.get<Reservation>(key.pk, key.sk, true);
    return item ? toReservation(item) : undefined;
  }

  /**
   * Reserves `amount` on the line: `{ ok: true }`, or the shortfall when the
   * line's available pagu is lower. A retry of the same attempt gets the
   * first answer again without moving money.
   */
  async reserve(input: { caseId: string; attempt: number; budgetLineId: string; amount: number; opdCode: string }, by: Actor): Promise<ReserveResult> {
    const r = reserveInputSchema.parse(input);
    for (;;) {
      const existing = await this.get(r.caseId, r.attempt);
      if (existing) return sameReservation(existing, r);
      const at = this.now().toISOString();
      const reservation: Reservation = { ...r, status: "reserved", at };
      const moved = await this.move(r.budgetLineId, { available: -r.amount, reserved: r.amount, spent: 0 }, {
        reservation: { Put: { Item: { ...reservationKey(r.caseId, r.attempt), type: "reservation", ...reservation }, ConditionExpression: "attribute_not_exists(pk)" } },
        audit: (before, after) => this.event(r, by, "budget.reserved", { budgetLineId: r.budgetLineId, amount: r.amount, before, after }),
        check: (line) => {
          if (line.opdCode !== r.opdCode) throw new Refused("invalid", t.cases.errors.unknownBudgetLine, [{ path: "budgetLineId", message: t.cases.errors.unknownBudgetLine }]);
        },
      });
      if (moved.outcome !== "insufficient") {
        if (moved.outcome === "moved") return { ok: true };
        continue; // a concurrent retry wrote the reservation: answer from it
      }
      const { available } = moved.line;
      const refused: Reservation = { ...r, status: "refused", at, shortfall: r.amount - available, available };
      try {
        await this.audit.record(this.event(r, by, "budget.shortfall", { budgetLineId: r.budgetLineId, amount: r.amount, available, shortfall: refused.shortfall }), [
          { Put: { Item: { ...reservationKey(r.caseId, r.attempt), type: "reservation", ...refused }, ConditionExpression: "attribute_not_exists(pk)" } },
        ]);
        return { ok: false, shortfall: refused.shortfall!, available };
      } catch (err) {
        // A concurrent retry recorded its answer first: give that one.
        if (!(err instanceof TransactionRefused)) throw err;
      }
    }
  }

  /** Gives a reserved amount back to its line; says what it found when there is nothing to release. */
  async release(input: { caseId: string; attempt: number }, by: Actor): Promise<ReleaseResult> {
    const ref = caseRefSchema.parse(input);
    for (;;) {
      const r = await this.get(ref.caseId, ref.attempt);
      if (!r || r.status === "refused") return { result: "not_reserved" };
      if (r.status === "released") return { result: "already_released" };
      if (r.status === "spent") return { result: "already_spent" };
      const releasedAt = this.now().toISOString();
      const moved = await this.move(r.budgetLineId, { available: r.amount, reserved: -r.amount, spent: 0 }, {
        reservation: closeReservation(r, { status: "released", releasedAt }),
        audit: (before, after) => this.event(r, by, "budget.released", { budgetLineId: r.budgetLineId, amount: r.amount, before, after }),
      });
      if (moved.outcome === "moved") return { result: "released", amount: r.amount };
    }
  }

  /** Turns a reservation into spending (the disbursement); the same transfer reference again is a no-op. */
  async spend(input: { caseId: string; attempt: number; transferReference: string }, by: Actor): Promise<SpendResult> {
    const s = spendInputSchema.parse(input);
    for (;;) {
      const r = await this.get(s.caseId, s.attempt);
      if (!r || r.status === "refused") throw new Refused("conflict", t.ledger.errors.notReserved);
      if (r.status === "released") throw new Refused("conflict", t.ledger.errors.released);
      if (r.status === "spent") {
        if (r.transferReference === s.transferReference) return { result: "already_spent" };
        throw new Refused("conflict", t.cases.errors.otherTransfer, [{ path: "transferReference", message: t.cases.errors.otherTransfer }]);
      }
      const spentAt = this.now().toISOString();
      const moved = await this.move(r.budgetLineId, { available: 0, reserved: -r.amount, spent: r.amount }, {
        reservation: closeReservation(r, { status: "spent", spentAt, transferReference: s.transferReference }),
        audit: (before, after) =>
          this.event(r, by, "budget.spent", { budgetLineId: r.budgetLineId, amount: r.amount, transferReference: s.transferReference, before, after }),
      });
      if (moved.outcome === "moved") return { result: "spent", amount: r.amount };
    }
  }

  /**
   * Applies `delta` to the line's figures together with the reservation's
   * write and the audit event, in one transaction. `available >= amount` is
   * the guard that keeps the line from going negative; the condition on the
   * figures read makes the event's before/after exact (a writer that lost a
   * race reads again and retries).
   */
  private async move(
    lineId: string,
    delta: Figures,
    step: { reservation: TransactItem; audit: (before: Figures, after: Figures) => AuditInput; check?: (line: BudgetLine) => void },
  ): Promise<{ outcome: "moved" | "reservation_changed" } | { outcome: "insufficient"; line: BudgetLine }> {
    for (let attempt = 1; ; attempt++) {
      const line = await this.db.get<BudgetLine>(lineKey(lineId).pk, lineKey(lineId).sk, true);
      if (!line) throw new Refused("not_found", t.cases.errors.unknownBudgetLine, [{ path: "budgetLineId", message: t.cases.errors.unknownBudgetLine }]);
      step.check?.(line);
      const before = figures(line);
      const after = { available: before.available + delta.available, reserved: before.reserved + delta.reserved, spent: before.spent + delta.spent };
      if (after.available < 0) return { outcome: "insufficient", line };
      try {
        await this.audit.record(step.audit(before, after), [
          step.reservation,
          {
            Update: {
              Key: lineKey(lineId),
              UpdateExpression: "SET available = available + :dAvailable, reserved = reserved + :dReserved, spent = spent + :dSpent",
              ConditionExpression: "available >= :needed AND available = :available AND reserved = :reserved AND spent = :spent",
              ExpressionAttributeValues: {
                ":dAvailable": delta.available,
                ":dReserved": delta.reserved,
                ":dSpent": delta.spent,
                ":needed": Math.max(0, -delta.available),
                ":available": before.available,
                ":reserved": before.reserved,
                ":spent": before.spent,
              },
            },
          },
        ]);
        return { outcome: "moved" };
      } catch (err) {
        if (!(err instanceof TransactionRefused) || err.reasons.length !== 2) throw err;
        const [reservationReason, lineReason] = err.reasons;
        if (reservationReason === "ConditionalCheckFailed") return { outcome: "reservation_changed" };
        const raced = [reservationReason, lineReason].every((r) => r === "None" || r === "ConditionalCheckFailed" || r === "TransactionConflict");
        if (!raced || attempt >= MAX_LINE_ATTEMPTS) throw err;
        await sleep(Math.random() * 10 * Math.min(attempt, 10));
      }
    }
  }

  private event(r: Pick<Reservation, "caseId" | "attempt" | "opdCode">, by: Actor, action: string, data: Record<string, unknown>): AuditInput {
    return { subject: caseSubject(r.caseId), actor: by.actor, requestId: by.requestId, action, data: { attempt: r.attempt, ...data }, opdCode: r.opdCode };
  }
}

/** A reserve retry finding the attempt's reservation: the same request gets the first answer. */
function sameReservation(existing: Reservation, r: z.infer<typeof reserveInputSchema>): ReserveResult {
  if (existing.budgetLineId !== r.budgetLineId || existing.amount !== r.amount) {
    throw new Refused("conflict", t.ledger.errors.otherReservation, [{ path: "amount", message: t.ledger.errors.otherReservation }], {
      budgetLineId: existing.budgetLineId,
      amount: existing.amount,
    });
  }
  if (existing.status === "refused") return { ok: false, shortfall: existing.shortfall!, available: existing.available! };
  if (existing.status === "released") throw new Refused("conflict", t.ledger.errors.released);
  return { ok: true };
}

/** Moves a reservation out of `reserved` (only from there: a concurrent release or spend wins once). */
function closeReservation(r: Reservation, set: Partial<Reservation>): TransactItem {
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = { ":reserved": "reserved" };
  const sets = Object.entries(set).map(([field, value]) => {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    return `#${field} = :${field}`;
  });
  return {
    Update: {
      Key: reservationKey(r.caseId, r.attempt),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: "#status = :reserved",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function toReservation(item: Reservation): Reservation {
  const { caseId, attempt, budgetLineId, amount, opdCode, status, at, releasedAt, spentAt, transferReference, shortfall, available } = item;
  return {
    caseId,
    attempt,
    budgetLineId,
    amount,
    opdCode,
    status,
    at,
    ...(releasedAt ? { releasedAt } : {}),
    ...(spentAt ? { spentAt } : {}),
    ...(transferReference ? { transferReference } : {}),
    ...(shortfall !== undefined ? { shortfall, available } : {}),
  };
}
