import type { Actor } from "../audit/actor";
import type { CaseStatus, CaseStep, CaseType } from "@naungan/core";
import type { AuditLog } from "../audit/audit-log";
import { TransactionRefused, type Db, type Item, type Page, type TransactItem } from "../storage/db";

/** What every case has, whatever its workflow; type-specific fields ride along in `details`. */
export interface CaseRecord {
  id: string;
  type: CaseType;
  opdCode: string;
  status: CaseStatus;
  /** The open human step, when the status is one of `awaiting_…`. */
  currentStep?: CaseStep;
  /** Who may decide the open step (emails). */
  holders?: string[];
  /** 1 for the first submission, +1 per resubmission after `returned`. */
  attempt: number;
  amount: number;
  budgetLineId?: string;
  submittedBy: string;
  submittedAt: string;
  updatedAt: string;
  executionArn?: string;
  /** Why the case was returned, rejected or failed (the last time). */
  outcome?: { reason: string; shortfall?: number; problems?: { path: string; message: string }[]; note?: string; actor?: string };
  details: Record<string, unknown>;
}

export interface CaseFilter {
  opdCode?: string;
  type?: CaseType;
  status?: CaseStatus;
}


export type { Actor };

export const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: "CASE" });
export const caseSubject = (id: string) => `case#${id}`;
const pad = (n: number, width: number) => String(n).padStart(width, "0");
export const workerSk = (attempt: number, index: number) => `WORKER#${pad(attempt, 3)}#${pad(index, 6)}`;

/** The index keys that follow a case's OPD, type and status (README "Data"). */
function indexKeys(c: Pick<CaseRecord, "id" | "opdCode" | "type" | "status" | "submittedAt">) {
  const sk = `${c.submittedAt}#${c.id}`;
  return {
    gsi1pk: `CASES#${c.opdCode}`,
    gsi1sk: sk,
    gsi2pk: `CASES#${c.type}#${c.status}`,
    gsi2sk: sk,
    gsi3pk: "CASES",
    gsi3sk: sk,
  };
}

const RECORD_FIELDS = [
  "id",
  "type",
  "opdCode",
  "status",
  "currentStep",
  "holders",
  "attempt",
  "amount",
  "budgetLineId",
  "submittedBy",
  "submittedAt",
  "updatedAt",
  "executionArn",
  "outcome",
  "details",
] as const;

function toRecord(item: Item): CaseRecord {
  const record: Record<string, unknown> = {};
  for (const f of RECORD_FIELDS) if (item[f] !== undefined) record[f] = item[f];
  // `type` is the item's kind in this table; the case's own type is `caseType`.
  record.type = item.caseType;
  return record as unknown as CaseRecord;
}

/**
 * Cases and their per-attempt items (workers). Every change of a case goes
 * through `record`/`transition` and so lands in the case's audit chain in the
 * same transaction.
 */
export class CaseStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async get(id: string): Promise<CaseRecord | undefined> {
    const item = await this.db.get<Item>(caseKey(id).pk, caseKey(id).sk, true);
    return item ? toRecord(item) : undefined;
  }

  /**
   * Stores a new case and its per-attempt items. The items go first (they are
   * invisible until the case exists); the case item is written with its audit
   * event, conditional on absence, and any `writes` (e.g. a claim's one-per-person
   * marker): answers false when the transaction is refused (the case already
   * exists, or one of `writes`' conditions failed).
   */
  async create(
    record: CaseRecord,
    items: readonly Item[],
    by: Actor,
    audit: { action: string; data: Record<string, unknown> },
    writes: TransactItem[] = [],
  ): Promise<boolean> {
    await this.db.batchPut(items.map((i) => ({ ...i, pk: caseKey(record.id).pk })));
    try {
      await this.audit.record(
        { subject: caseSubject(record.id), actor: by.actor, requestId: by.requestId, action: audit.action, data: audit.data, opdCode: record.opdCode },
        [{ Put: { Item: { ...caseKey(record.id), ...record, type: "case", caseType: record.type, ...indexKeys(record) }, ConditionExpression: "attribute_not_exists(pk)" } }, ...writes],
      );
      return true;
    } catch (err) {
      if (err instanceof TransactionRefused) return false;
      throw err;
    }
  }

  /** Stores more per-attempt items of an existing case (e.g. a resubmission's workers). */
  async putItems(caseId: string, items: readonly Item[]): Promise<void> {
    await this.db.batchPut(items.map((i) => ({ ...i, pk: caseKey(caseId).pk })));
  }

  /**
   * Changes a case if it is still in one of `from` (and at `attempt`), with
   * its audit event and any `writes` in one transaction. Answers the new
   * record, or `undefined` when the condition no longer holds (someone or a
   * retry got there first: the caller decides whether that is fine).
   */
  async transition(
    id: string,
    change: { attempt: number; from: readonly CaseStatus[]; set: Partial<Omit<CaseRecord, "id" | "type" | "opdCode" | "submittedAt">>; remove?: (keyof CaseRecord)[] },
    by: Actor,
    audit: { action: string; data: Record<string, unknown> },
    writes: TransactItem[] = [],
  ): Promise<CaseRecord | undefined> {
    const current = await this.get(id);
    if (!current || current.attempt !== change.attempt || !change.from.includes(current.status)) return undefined;
    const next: CaseRecord = { ...current, ...change.set, updatedAt: this.now().toISOString() };
    for (const field of change.remove ?? []) delete (next as Partial<CaseRecord>)[field];
    const names: Record<string, string> = { "#status": "status", "#attempt": "attempt", "#updatedAt": "updatedAt" };
    const values: Record<string, unknown> = { ":expectedStatus": current.status, ":expectedAttempt": current.attempt, ":expectedUpdatedAt": current.updatedAt };
    const sets: string[] = [];
    const removes: string[] = [];
    const assign = (field: string, value: unknown) => {
      names[`#${field}`] = field;
      if (value === undefined) removes.push(`#${field}`);
      else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    };
    for (const field of RECORD_FIELDS) {
      if (field === "id" || field === "type" || field === "opdCode" || field === "submittedAt") continue;
      if (JSON.stringify(next[field]) !== JSON.stringify(current[field])) assign(field, next[field]);
    }
    for (const [k, v] of Object.entries(indexKeys(next))) assign(k, v);
    try {
      await this.audit.record(
        { subject: caseSubject(id), actor: by.actor, requestId: by.requestId, action: audit.action, data: audit.data, opdCode: current.opdCode },
        [
          {
            Update: {
              Key: caseKey(id),
              UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
              // The record read is still the record: nothing changed in between.
              ConditionExpression: "#status = :expectedStatus AND #attempt = :expectedAttempt AND #updatedAt = :expectedUpdatedAt",
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          ...writes,
        ],
      );
      return next;
    } catch (err) {
      if (!(err instanceof TransactionRefused)) throw err;
      // Lost a race: look again, unless one of the caller's own writes was refused.
      if (err.reasons.slice(1).some((r) => r !== "None")) throw err;
      return this.transition(id, change, by, audit, writes);
    }
  }

  /** Cases newest first, by OPD, by type and status, or by type. */
  async list(filter: CaseFilter, options: { cursor?: string; limit?: number } = {}): Promise<Page<CaseRecord>> {
    const limit = options.limit ?? 50;
    // The narrowest index for the filter; the rest of the filter is a FilterExpression.
    const [index, pk] =
      filter.opdCode !== undefined
        ? ["gsi1", `CASES#${filter.opdCode}`]
        : filter.type && filter.status
          ? ["gsi2", `CASES#${filter.type}#${filter.status}`]
          : ["gsi3", "CASES"];
    const filters: string[] = [];
    const values: Record<string, unknown> = { ":pk": pk };
    const names: Record<string, string> = {};
    if (filter.type && index !== "gsi2") {
      filters.push("#caseType = :type");
      names["#caseType"] = "caseType";
      values[":type"] = filter.type;
    }
    if (filter.status && index !== "gsi2") {
      filters.push("#status = :status");
      names["#status"] = "status";
      values[":status"] = filter.status;
    }
    const page = await this.db.query<Item>(
      {
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: values,
        ...(filters.length ? { FilterExpression: filters.join(" AND "), ExpressionAttributeNames: names } : {}),
        ScanIndexForward: false,
        Limit: limit,
      },
      options.cursor,
    );
    return { items: page.items.map(toRecord), nextCursor: page.nextCursor };
  }

  /** One page of a case's per-attempt items with sort keys starting `prefix` (e.g. `WORKER#001#`). */
  async items<T = Item>(caseId: string, prefix: string, options: { cursor?: string; limit?: number } = {}): Promise<Page<T>> {
    return this.db.query<T>(
      {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": caseKey(caseId).pk, ":prefix": prefix },
        Limit: options.limit ?? 50,
      },
      options.cursor,
    );
  }

  /** Every case the filter matches, newest first, read a page at a time. */
  async *all(filter: CaseFilter, pageSize = 100): AsyncGenerator<CaseRecord> {
    let cursor: string | undefined;
    do {
      const page = await this.list(filter, { cursor, limit: pageSize });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Every item with that prefix, page by page (a 19,000-worker case in bounded pages). */
  async *allItems<T = Item>(caseId: string, prefix: string): AsyncGenerator<T[]> {
    let cursor: string | undefined;
    do {
      const page = await this.items<T>(caseId, prefix, { cursor, limit: 1000 });
      yield page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}
