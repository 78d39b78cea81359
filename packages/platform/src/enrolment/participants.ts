import * as z from "zod";
import { MAX_WORKERS_PER_CASE, monthSchema, nikSchema, opdCodeSchema, periodsOverlap, workerCategorySchema, type WorkerCategory } from "@naungan/core";
import type { AuditLog } from "../audit/audit-log";
import { caseKey, caseSubject, type Actor } from "../cases/case-store";
import { TransactionRefused, type Db, type Page, type TransactItem } from "../storage/db";
import { chunk, mapInParallel, sleep } from "../storage/parallel";
import { batchGet } from "./batch-get";
import { coverageIncrements } from "./coverage-counters";

export interface CoveragePeriod {
  from: string;
  to: string;
  caseId?: string;
  source: "enrolment" | "import";
}

/** One person in the registry (one item per NIK), with every period they were covered for. */
export interface Participant {
  nik: string;
  name: string;
  category: WorkerCategory;
  opdCode: string;
  kpj?: string;
  periods: CoveragePeriod[];
  contributionMonths: number;
  firstActivatedAt: string;
}

/**
 * A case's activation: `activated` workers are covered for the period, of
 * whom `alreadyActive` were participants before this case (their period is
 * appended, they are not counted again) and `newParticipants` are first
 * activations (added to the coverage counters). The same on every re-run.
 */
export interface ActivationResult {
  activated: number;
  alreadyActive: number;
  newParticipants: number;
}

export const coveragePeriodSchema = z
  .object({ from: monthSchema, to: monthSchema })
  .refine((p) => p.from <= p.to, { path: ["to"], message: "The period must not end before it starts" });

const activationSchema = z.object({
  caseId: z.string().trim().min(1).max(64),
  attempt: z.int().min(1).max(999),
  opdCode: opdCodeSchema,
  period: coveragePeriodSchema,
  workers: z
    .array(z.object({ nik: nikSchema, name: z.string().trim().min(1).max(120), category: workerCategorySchema }))
    .min(1)
    .max(MAX_WORKERS_PER_CASE)
    .superRefine((workers, ctx) => {
      const seen = new Set<string>();
      workers.forEach((w, i) => {
        if (seen.has(w.nik)) ctx.addIssue({ code: "custom", path: [i, "nik"], message: "The same NIK appears twice in one activation" });
        seen.add(w.nik);
      });
    }),
});
type Activation = z.infer<typeof activationSchema>;
type Worker = Activation["workers"][number];

/** The registry's own bookkeeping on a participant item (not part of `Participant`). */
interface StoredParticipant extends Participant {
  /** Every case whose period is in `periods`: a case appends its period once. */
  caseIds?: Set<string>;
  /** The case that first activated the person (absent for imported ones): they count for that case. */
  firstCaseId?: string;
}

interface ActivationMarker extends ActivationResult {
  byCategory: Partial<Record<WorkerCategory, number>>;
}

const participantKey = (nik: string) => ({ pk: `PARTICIPANT#${nik}`, sk: "PARTICIPANT" });
const markerKey = (caseId: string) => ({ pk: caseKey(caseId).pk, sk: "ACTIVATION" });

/** Keys and writes per transaction: DynamoDB's limit for both BatchGetItem and TransactWriteItems. */
const CHUNK = 100;
/** Chunks in flight at once (chunks touch distinct NIKs and no shared item); helps in AWS, DynamoDB Local serializes them. */
const PARALLEL_CHUNKS = 6;
/** A chunk that lost a race (another case or a concurrent run wrote one of its NIKs) reads again. */
const MAX_CHUNK_ATTEMPTS = 20;

/** Months in a period, both ends included (`2026-01`–`2026-12` is 12). */
const monthsIn = (p: { from: string; to: string }) => {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return index(p.to) - index(p.from) + 1;
};

/**
 * The participant registry: who is covered, for which periods, by which case.
 *
 * Activation is idempotent and its counters exact under retries and
 * concurrent runs, in two phases:
 * 1. Per chunk of 100 workers: read the items (consistently), then ONE
 *    transaction that creates the new participants (conditional on absence)
 *    and appends the period to the existing ones (conditional on the case not
 *    being in `caseIds` yet). A chunk whose transaction is refused wrote
 *    nothing and is read again, so a crash or a concurrent run leaves each
 *    NIK with the case's period exactly once. Who is new for this case is
 *    read back from `firstCaseId`, so a re-run counts the same people.
 * 2. One transaction with the case's audit event, the activation marker
 *    (`CASE#<id>` / `ACTIVATION`, conditional on absence) and the counter
 *    increments: the counters move exactly once per case. Until it runs (a
 *    crash between the phases) the counters lag; the retry completes them.
 */
export class Participants {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async get(nik: string): Promise<Participant | undefined> {
    const key = participantKey(nik);
    const item = await this.db.get<StoredParticipant>(key.pk, key.sk, true);
    return item ? toParticipant(item) : undefined;
  }

  /** An OPD's participants in NIK order, a page at a time. */
  async listByOpd(opdCode: string, cursor?: string, limit = 50): Promise<Page<Participant>> {
    const page = await this.db.query<StoredParticipant>(
      { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": `PARTICIPANTS#${opdCode}` }, Limit: limit },
      cursor,
    );
    return { items: page.items.map(toParticipant), nextCursor: page.nextCursor };
  }

  /** The NIKs already covered for a period overlapping `period`, each with the first such period. */
  async findOverlapping(niks: readonly string[], period: { from: string; to: string }): Promise<Map<string, { caseId?: string; from: string; to: string }>> {
    const wanted = coveragePeriodSchema.parse(period);
    const unique = [...new Set(z.array(z.string()).parse(niks))];
    const items = await batchGet<Pick<StoredParticipant, "nik" | "periods">>(this.db, unique.map(participantKey), { consistent: true, attributes: ["nik", "periods"] });
    const covered = new Map<string, { caseId?: string; from: string; to: string }>();
    for (const item of items) {
      const hit = item.periods?.find((p) => periodsOverlap(p, wanted));
      if (hit) covered.set(item.nik, { ...(hit.caseId ? { caseId: hit.caseId } : {}), from: hit.from, to: hit.to });
    }
    return covered;
  }

  /** Covers the case's workers for the period (see the class comment for how retries stay exact). */
  async activate(
    input: { caseId: string; attempt: number; opdCode: string; period: { from: string; to: string }; workers: { nik: string; name: string; category: WorkerCategory }[] },
    by: Actor,
  ): Promise<ActivationResult> {
    const a = activationSchema.parse(input);
    const done = await this.marker(a.caseId);
    if (done) return done;
    const at = this.now().toISOString();
    const chunks = await mapInParallel(chunk(a.workers, CHUNK), PARALLEL_CHUNKS, (workers) => this.activateChunk(a, workers, at));
    const byCategory: Partial<Record<WorkerCategory, number>> = {};
    let alreadyActive = 0;
    for (const c of chunks) {
      alreadyActive += c.alreadyActive;
      for (const [category, n] of Object.entries(c.added) as [WorkerCategory, number][]) byCategory[category] = (byCategory[category] ?? 0) + n;
    }
    const result: ActivationResult = { activated: a.workers.length, alreadyActive, newParticipants: a.workers.length - alreadyActive };
    return this.recordActivation(a, { ...result, byCategory }, by, at);
  }

  /** Phase 2: the audit event, the marker and the counters, once per case. */
  private async recordActivation(a: Activation, marker: ActivationMarker, by: Actor, at: string): Promise<ActivationResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.audit.record(
          {
            subject: caseSubject(a.caseId),
            actor: by.actor,
            requestId: by.requestId,
            action: "coverage.activated",
            data: { attempt: a.attempt, period: a.period, ...marker },
            opdCode: a.opdCode,
          },
          [
            {
              Put: {
                Item: { ...markerKey(a.caseId), type: "activation", caseId: a.caseId, attempt: a.attempt, period: a.period, at, ...marker },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            ...coverageIncrements(a.opdCode, marker.byCategory),
          ],
        );
        return resultOf(marker);
      } catch (err) {
        if (!(err instanceof TransactionRefused)) throw err;
        // A concurrent run recorded it first: its figures are the same.
        const done = await this.marker(a.caseId);
        if (done) return done;
        // Another case's activation was moving the same counters: try again.
        if (attempt >= MAX_CHUNK_ATTEMPTS || err.reasons.some((r) => r !== "None" && r !== "TransactionConflict")) throw err;
        await sleep(Math.random() * 20 * attempt);
      }
    }
  }

  /** Phase 1 for up to 100 workers; answers who is new for this case (by category) and who was a participant before. */
  private async activateChunk(a: Activation, workers: Worker[], at: string): Promise<{ added: Partial<Record<WorkerCategory, number>>; alreadyActive: number }> {
    for (let attempt = 1; ; attempt++) {
      const items = await batchGet<Pick<StoredParticipant, "nik" | "caseIds" | "firstCaseId">>(this.db, workers.map((w) => participantKey(w.nik)), {
        consistent: true,
        attributes: ["nik", "caseIds", "firstCaseId"],
      });
      const found = new Map(items.map((item) => [item.nik, item]));
      const writes: TransactItem[] = [];
      const added: Partial<Record<WorkerCategory, number>> = {};
      let alreadyActive = 0;
      for (const w of workers) {
        const item = found.get(w.nik);
        const isNew = !item || (item.caseIds?.has(a.caseId) === true && item.firstCaseId === a.caseId);
        if (isNew) added[w.category] = (added[w.category] ?? 0) + 1;
        else alreadyActive++;
        if (!item) writes.push(this.newParticipant(a, w, at));
        else if (!item.caseIds?.has(a.caseId)) writes.push(appendPeriod(a, w.nik, at));
      }
      if (writes.length === 0) return { added, alreadyActive };
      try {
        await this.db.transact(writes);
        return { added, alreadyActive };
      } catch (err) {
        if (!(err instanceof TransactionRefused) || attempt >= MAX_CHUNK_ATTEMPTS) throw err;
        await sleep(Math.random() * 20 * attempt);
      }
    }
  }

  private newParticipant(a: Activation, w: Worker, at: string): TransactItem {
    const item: StoredParticipant = {
      nik: w.nik,
      name: w.name,
      category: w.category,
      opdCode: a.opdCode,
      periods: [periodOf(a)],
      contributionMonths: monthsIn(a.period),
      firstActivatedAt: at,
      caseIds: new Set([a.caseId]),
      firstCaseId: a.caseId,
    };
    return {
      Put: {
        Item: { ...participantKey(w.nik), type: "participant", ...item, updatedAt: at, gsi1pk: `PARTICIPANTS#${a.opdCode}`, gsi1sk: w.nik },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    };
  }

  /** Upserts existing participants with an `import` period (see `importParticipants`); idempotent. */
  async importExisting(rows: readonly ImportedParticipant[]): Promise<ParticipantImportResult> {
    return importParticipants(this.db, rows, this.now);
  }

  private async marker(caseId: string): Promise<ActivationResult | undefined> {
    const item = await this.db.get<ActivationMarker>(markerKey(caseId).pk, markerKey(caseId).sk, true);
    return item ? resultOf(item) : undefined;
  }
}

const periodOf = (a: Activation): CoveragePeriod => ({ from: a.period.from, to: a.period.to, caseId: a.caseId, source: "enrolment" });

/** An existing participant (an earlier case or an import) gets the case's period, once. */
function appendPeriod(a: Activation, nik: string, at: string): TransactItem {
  return {
    Update: {
      Key: participantKey(nik),
      UpdateExpression:
        "SET #periods = list_append(if_not_exists(#periods, :none), :period), #months = if_not_exists(#months, :zero) + :months, " +
        "#first = if_not_exists(#first, :at), #updatedAt = :at ADD #caseIds :case",
      ConditionExpression: "attribute_exists(pk) AND NOT contains(#caseIds, :caseId)",
      ExpressionAttributeNames: { "#periods": "periods", "#months": "contributionMonths", "#first": "firstActivatedAt", "#updatedAt": "updatedAt", "#caseIds": "caseIds" },
      ExpressionAttributeValues: {
        ":none": [],
        ":period": [periodOf(a)],
        ":zero": 0,
        ":months": monthsIn(a.period),
        ":at": at,
        ":case": new Set([a.caseId]),
        ":caseId": a.caseId,
      },
    },
  };
}

const resultOf = ({ activated, alreadyActive, newParticipants }: ActivationResult): ActivationResult => ({ activated, alreadyActive, newParticipants });

function toParticipant(item: StoredParticipant): Participant {
  const { nik, name, category, opdCode, kpj, periods, contributionMonths, firstActivatedAt } = item;
  return { nik, name, category, opdCode, ...(kpj ? { kpj } : {}), periods: periods ?? [], contributionMonths: contributionMonths ?? 0, firstActivatedAt };
}

/* ---------- Importing existing participants (the admin's import page and the CLI's `import-participants`) ---------- */

/** One existing participant as the regency's records hold it: covered for one period before the platform. */
export const importedParticipantSchema = z
  .object({
    nik: nikSchema,
    name: z.string().trim().min(1).max(120),
    kpj: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{5,20}$/, "KPJ must be 5–20 letters or digits")
      .optional(),
    category: workerCategorySchema,
    opdCode: opdCodeSchema,
    coverageFrom: monthSchema,
    coverageTo: monthSchema,
    contributionMonths: z.int().min(0).max(1200),
  })
  // Zod 4 runs this even when a month is malformed; that month's own message is enough then.
  .refine((p) => !monthSchema.safeParse(p.coverageFrom).success || !monthSchema.safeParse(p.coverageTo).success || p.coverageFrom <= p.coverageTo, {
    path: ["coverageTo"],
    message: "The period must not end before it starts",
  });
export type ImportedParticipant = z.infer<typeof importedParticipantSchema>;

export type ImportOutcomeKind = "created" | "updated" | "unchanged";

/** What one import run did to each NIK (in input order). */
export interface ParticipantImportResult {
  outcomes: { nik: string; outcome: ImportOutcomeKind }[];
  created: number;
  updated: number;
  unchanged: number;
}

interface ImportedFields {
  /** Months the import contributed to `contributionMonths` (so a re-import replaces rather than adds). */
  importedMonths?: number;
  updatedAt?: string;
}

/**
 * Upserts existing participants, 100 per transaction: a new NIK gets an item
 * with one `import` period; a known NIK has its import data (name, KPJ,
 * category, OPD, import period, imported months) replaced and keeps every
 * case period; the same data again writes nothing. Each write is conditional
 * on the item being as read (absent, or the same `updatedAt`), and a chunk
 * that lost a race reads again. Coverage counters are not moved: imported
 * people are in the configured baseline. The caller records one audit event
 * per run (ParticipantImportJobs, the CLI).
 */
export async function importParticipants(db: Db, rows: readonly ImportedParticipant[], now: () => Date): Promise<ParticipantImportResult> {
  const parsed = z.array(importedParticipantSchema).parse(rows);
  const seen = new Set<string>();
  for (const p of parsed) {
    if (seen.has(p.nik)) throw new Error(`NIK ${p.nik} appears twice in one import`);
    seen.add(p.nik);
  }
  const at = now().toISOString();
  const perChunk = await mapInParallel(chunk(parsed, CHUNK), PARALLEL_CHUNKS, (part) => importChunk(db, part, at));
  const outcomes = perChunk.flat();
  const count = (k: ImportOutcomeKind) => outcomes.filter((o) => o.outcome === k).length;
  return { outcomes, created: count("created"), updated: count("updated"), unchanged: count("unchanged") };
}

async function importChunk(db: Db, rows: ImportedParticipant[], at: string): Promise<{ nik: string; outcome: ImportOutcomeKind }[]> {
  for (let attempt = 1; ; attempt++) {
    const items = await batchGet<StoredParticipant & ImportedFields>(db, rows.map((r) => participantKey(r.nik)), { consistent: true });
    const found = new Map(items.map((item) => [item.nik, item]));
    const writes: TransactItem[] = [];
    const outcomes = rows.map((row) => {
      const item = found.get(row.nik);
      const next = importedItem(row, item, at);
      if (item && sameImport(item, next)) return { nik: row.nik, outcome: "unchanged" as const };
      writes.push({
        Put: item?.updatedAt
          ? { Item: next, ConditionExpression: "#u = :u", ExpressionAttributeNames: { "#u": "updatedAt" }, ExpressionAttributeValues: { ":u": item.updatedAt } }
          : { Item: next, ConditionExpression: item ? "attribute_exists(pk) AND attribute_not_exists(updatedAt)" : "attribute_not_exists(pk)" },
      });
      return { nik: row.nik, outcome: item ? ("updated" as const) : ("created" as const) };
    });
    if (writes.length === 0) return outcomes;
    try {
      await db.transact(writes);
      return outcomes;
    } catch (err) {
      if (!(err instanceof TransactionRefused) || attempt >= MAX_CHUNK_ATTEMPTS) throw err;
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

/** The stored item after importing `row` over `item` (case periods and bookkeeping kept). */
function importedItem(row: ImportedParticipant, item: (StoredParticipant & ImportedFields) | undefined, at: string): Record<string, unknown> {
  const casePeriods = (item?.periods ?? []).filter((p) => p.source !== "import");
  const otherMonths = (item?.contributionMonths ?? 0) - (item?.importedMonths ?? 0);
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = (item ?? {}) as Record<string, unknown>;
  const { kpj: _oldKpj, ...keep } = rest;
  return {
    ...keep,
    ...participantKey(row.nik),
    type: "participant",
    nik: row.nik,
    name: row.name,
    ...(row.kpj ? { kpj: row.kpj } : {}),
    category: row.category,
    opdCode: row.opdCode,
    periods: [{ from: row.coverageFrom, to: row.coverageTo, source: "import" } satisfies CoveragePeriod, ...casePeriods],
    contributionMonths: Math.max(0, otherMonths) + row.contributionMonths,
    importedMonths: row.contributionMonths,
    firstActivatedAt: item?.firstActivatedAt ?? at,
    updatedAt: at,
    gsi1pk: `PARTICIPANTS#${row.opdCode}`,
    gsi1sk: row.nik,
  };
}

function sameImport(item: StoredParticipant & ImportedFields, next: Record<string, unknown>): boolean {
  const importPeriods = (periods: CoveragePeriod[] | undefined) => JSON.stringify((periods ?? []).filter((p) => p.source === "import").map((p) => [p.from, p.to]));
  return (
    item.name === next.name &&
    (item.kpj ?? undefined) === next.kpj &&
    item.category === next.category &&
    item.opdCode === next.opdCode &&
    item.importedMonths === next.importedMonths &&
    importPeriods(item.periods) === importPeriods(next.periods as CoveragePeriod[])
  );
}
