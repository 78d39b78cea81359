import { createHash } from "node:crypto";
import { isValidIsoDate, toDate, wibDate } from "@naungan/core";
import { Refused } from "../errors";
import { Db, InvalidCursor, type Item } from "../storage/db";
import { fromItem, type AuditEvent } from "./audit-log";
import { canonicalJson } from "./canonical-json";

/*
 * The auditor's view of the log: events newest first, filtered, paged —
 * always a Query on the narrowest key, never a scan.
 *
 *   caseId / subject  base table, pk `AUDIT#<subject>` (sequence order)
 *   actor             gsi2 `AUDITACTOR#<actor>` / `<at>#<subject>#<seq>`
 *   opd               gsi1 `AUDITOPD#<opd>`     / same
 *   otherwise         gsi3 `AUDITDAY#<WIB date>` / same, walking the WIB
 *                     days from `to` back to `from` (at most 366 days; the
 *                     last 31 days when `from` is not given)
 *
 * The time range is a sort-key condition on the indexes (a filter on the
 * base table); the other filters are filter expressions.
 */

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;
/** Days walked when no narrower key is given and `from` is not. */
export const AUDIT_DEFAULT_DAYS = 31;
/** The longest range walked day by day. */
export const AUDIT_MAX_DAYS = 366;
/** Queries one page may issue before answering with what it has (and a cursor). */
const MAX_QUERIES_PER_PAGE = 40;
/** Items read per query when a filter expression may drop some. */
const FILTERED_READ = 500;

export interface AuditFilter {
  caseId?: string;
  /** Any chain, e.g. `user#kepala@disnaker.demo` (caseId wins when both are given). */
  subject?: string;
  actor?: string;
  action?: string;
  opd?: string;
  /** `YYYY-MM-DD` (start of that WIB day) or an ISO instant with offset; inclusive. */
  from?: string;
  /** `YYYY-MM-DD` (end of that WIB day) or an ISO instant with offset; inclusive. */
  to?: string;
}

/** An event as the auditor sees it: the case id when the chain is a case's. */
export interface AuditRecord extends AuditEvent {
  caseId: string | null;
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor?: string;
}

interface CursorState {
  v: 1;
  /** Fingerprint of the filter the cursor belongs to. */
  f: string;
  /** The resolved, inclusive time range (ISO instants), so "the last 31 days" does not move between pages. */
  lo?: string;
  hi?: string;
  /** The WIB day being walked (day walk only). */
  d?: string;
  /** Where the query of the current partition goes on (Db's cursor); absent: from its start. */
  k?: string;
}

type Source = { kind: "subject"; subject: string } | { kind: "actor"; actor: string } | { kind: "opd"; opd: string } | { kind: "day" };

const caseIdOf = (subject: string) => (subject.startsWith("case#") ? subject.slice("case#".length) : null);
const toRecord = (event: AuditEvent): AuditRecord => ({ ...event, caseId: caseIdOf(event.subject) });

const DAY_MS = 86_400_000;
const dayStart = (date: string) => Date.parse(`${date}T00:00:00+07:00`);
const previousDay = (date: string) => wibDate(new Date(dayStart(date) - 1));

export class AuditQuery {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One page, newest first. A page may hold fewer than `limit` events and still have a `nextCursor`. */
  async page(filter: AuditFilter, options: { cursor?: string; limit?: number } = {}): Promise<AuditPage> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? AUDIT_PAGE_DEFAULT), 1), AUDIT_PAGE_MAX);
    const source = sourceOf(filter);
    const fingerprint = fingerprintOf(filter);
    const state: CursorState = options.cursor ? decodeState(options.cursor, fingerprint) : { v: 1, f: fingerprint, ...this.range(filter, source) };
    const items: AuditRecord[] = [];
    let day = state.d;
    let inner = state.k;
    if (source.kind === "day" && !day) day = wibDate(state.hi!);
    const lastDay = source.kind === "day" ? wibDate(state.lo!) : undefined;

    for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
      const remaining = limit - items.length;
      const input = this.queryInput(source, filter, state, day, remaining);
      const page = await this.db.query<Item>(input, inner);
      if (page.items.length > remaining) {
        const kept = page.items.slice(0, remaining);
        items.push(...kept.map((i) => toRecord(fromItem(i))));
        return { items, nextCursor: encodeState({ ...state, d: day, k: encodeKey(keyOf(source, kept[kept.length - 1]!)) }) };
      }
      items.push(...page.items.map((i) => toRecord(fromItem(i))));
      inner = page.nextCursor;
      if (!inner) {
        // This partition is done: the next (older) WIB day, or the end.
        if (source.kind !== "day" || day! <= lastDay!) return { items };
        day = previousDay(day!);
      }
      if (items.length === limit) return { items, nextCursor: encodeState({ ...state, d: day, k: inner }) };
    }
    return { items, nextCursor: encodeState({ ...state, d: day, k: inner }) };
  }

  /** Every matching event, newest first, a page at a time (bounded memory). */
  async *stream(filter: AuditFilter, options: { pageSize?: number } = {}): AsyncGenerator<AuditRecord> {
    let cursor: string | undefined;
    do {
      const page = await this.page(filter, { cursor, limit: options.pageSize ?? AUDIT_PAGE_MAX });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** The inclusive range asked for; for the day walk a bounded one. */
  private range(filter: AuditFilter, source: Source): { lo?: string; hi?: string } {
    const lo = filter.from !== undefined ? bound("from", filter.from, "start") : undefined;
    let hi = filter.to !== undefined ? bound("to", filter.to, "end") : undefined;
    if (lo && hi && lo > hi) throw new Refused("invalid", "from is after to", [{ path: "from", message: "must not be after to" }]);
    if (source.kind !== "day") return { lo, hi };
    hi ??= this.now().toISOString();
    const firstDay = lo ? wibDate(lo) : wibDate(new Date(dayStart(wibDate(hi)) - (AUDIT_DEFAULT_DAYS - 1) * DAY_MS));
    const days = Math.round((dayStart(wibDate(hi)) - dayStart(firstDay)) / DAY_MS) + 1;
    if (days > AUDIT_MAX_DAYS) {
      throw new Refused("invalid", `Without caseId, actor or opd the range is at most ${AUDIT_MAX_DAYS} days`, [
        { path: "from", message: `at most ${AUDIT_MAX_DAYS} days before to` },
      ]);
    }
    return { lo: lo ?? new Date(dayStart(firstDay)).toISOString(), hi };
  }

  private queryInput(source: Source, filter: AuditFilter, state: CursorState, day: string | undefined, remaining: number) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const conditions: string[] = [];
    const where = (attribute: string, value: string) => {
      const n = `#${attribute}`;
      names[n] = attribute;
      values[`:${attribute}`] = value;
      conditions.push(`${n} = :${attribute}`);
    };
    let key: string;
    let index: string | undefined;
    if (source.kind === "subject") {
      key = "pk = :pk";
      values[":pk"] = `AUDIT#${source.subject}`;
      // The base table's sort key is the sequence number: the time range is a filter.
      if (state.lo && state.hi) {
        names["#at"] = "at";
        values[":lo"] = state.lo;
        values[":hi"] = state.hi;
        conditions.push("#at BETWEEN :lo AND :hi");
      } else if (state.lo) {
        names["#at"] = "at";
        values[":lo"] = state.lo;
        conditions.push("#at >= :lo");
      } else if (state.hi) {
        names["#at"] = "at";
        values[":hi"] = state.hi;
        conditions.push("#at <= :hi");
      }
      if (filter.actor) where("actor", filter.actor);
      if (filter.opd) where("opdCode", filter.opd);
    } else {
      const [name, pk] =
        source.kind === "actor" ? ["gsi2", `AUDITACTOR#${source.actor}`] : source.kind === "opd" ? ["gsi1", `AUDITOPD#${source.opd}`] : ["gsi3", `AUDITDAY#${day}`];
      index = name;
      values[":pk"] = pk;
      key = `${name}pk = :pk`;
      // Sort keys are `<at>#<subject>#<seq>`: "$" sorts after "#", so `<hi>$` includes events at exactly `hi`.
      if (state.lo && state.hi) {
        values[":lo"] = state.lo;
        values[":hi"] = `${state.hi}$`;
        key += ` AND ${name}sk BETWEEN :lo AND :hi`;
      } else if (state.lo) {
        values[":lo"] = state.lo;
        key += ` AND ${name}sk >= :lo`;
      } else if (state.hi) {
        values[":hi"] = `${state.hi}$`;
        key += ` AND ${name}sk <= :hi`;
      }
      if (filter.opd && source.kind !== "opd") where("opdCode", filter.opd);
      if (filter.actor && source.kind !== "actor") where("actor", filter.actor);
    }
    if (filter.action) where("action", filter.action);
    const filtered = conditions.length > 0;
    return {
      ...(index ? { IndexName: index } : { ConsistentRead: true }),
      KeyConditionExpression: key,
      ...(filtered ? { FilterExpression: conditions.join(" AND ") } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      // One more than needed tells whether the partition goes on; with a filter, read a good slice.
      Limit: filtered ? Math.max(FILTERED_READ, remaining + 1) : remaining + 1,
    };
  }
}

function sourceOf(filter: AuditFilter): Source {
  if (filter.caseId) return { kind: "subject", subject: `case#${filter.caseId}` };
  if (filter.subject) return { kind: "subject", subject: filter.subject };
  if (filter.actor) return { kind: "actor", actor: filter.actor };
  if (filter.opd) return { kind: "opd", opd: filter.opd };
  return { kind: "day" };
}

/** `YYYY-MM-DD` is a whole WIB day; an instant must carry its offset. */
function bound(field: "from" | "to", value: string, side: "start" | "end"): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isValidIsoDate(value)) throw new Refused("invalid", `${field} is not a date`, [{ path: field, message: "not a calendar date" }]);
    const start = dayStart(value);
    return new Date(side === "start" ? start : start + DAY_MS - 1).toISOString();
  }
  try {
    return toDate(value).toISOString();
  } catch {
    throw new Refused("invalid", `${field} is neither YYYY-MM-DD nor an ISO instant with offset`, [
      { path: field, message: "YYYY-MM-DD (WIB day) or an ISO 8601 instant with offset" },
    ]);
  }
}

/** The key DynamoDB would give as LastEvaluatedKey after `item`, for cutting a page short. */
function keyOf(source: Source, item: Item): Item {
  const base = { pk: item.pk, sk: item.sk };
  if (source.kind === "subject") return base;
  const n = source.kind === "actor" ? 2 : source.kind === "opd" ? 1 : 3;
  return { ...base, [`gsi${n}pk`]: item[`gsi${n}pk`], [`gsi${n}sk`]: item[`gsi${n}sk`] };
}

/** Db's cursor format (base64url JSON of the start key). */
const encodeKey = (key: Item) => Buffer.from(JSON.stringify(key)).toString("base64url");

function fingerprintOf(filter: AuditFilter): string {
  const { caseId, subject, actor, action, opd, from, to } = filter;
  return createHash("sha256").update(canonicalJson({ caseId, subject, actor, action, opd, from, to })).digest("base64url").slice(0, 16);
}

const encodeState = (state: CursorState) => Buffer.from(JSON.stringify(state)).toString("base64url");

function decodeState(cursor: string, fingerprint: string): CursorState {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursor();
  }
  const s = state as Partial<CursorState> | null;
  const optionalString = (v: unknown) => v === undefined || typeof v === "string";
  if (!s || typeof s !== "object" || s.v !== 1 || s.f !== fingerprint || ![s.lo, s.hi, s.d, s.k].every(optionalString)) throw new InvalidCursor();
  if (s.d !== undefined && !isValidIsoDate(s.d)) throw new InvalidCursor();
  return s as CursorState;
}
