import * as z from "zod";
import { newId } from "@naungan/core";
import type { AuditLog } from "../audit/audit-log";
import type { Participants } from "../enrolment/participants";
import type { Opds } from "../master/opds";
import { conditionFailed, TransactionRefused, type Db } from "../storage/db";
import { ErrorsByLine, importExpiry, ImportStore, ImportSuperseded } from "./import-store";
import { participantBatches, type ParticipantBatch } from "./participant-csv";
import type { UploadSource } from "./upload-bytes";
import type { RowError } from "./worker-csv";

/*
 * The administrator's import of existing participants from a CSV upload
 * (the same file as `npm run admin -- import-participants`). `create` stores
 * the upload, `run` (in the background) reads it a batch of rows at a time
 * and upserts each batch's good rows per NIK; bad rows are stored as errors
 * and do not hold the others back.
 *
 *   parsing ─► importing ─► done
 *                  └──────► invalid (the file cannot be read at all; nothing imported)
 *
 * Safe to run again (after a crash, or twice at once): each batch's counts
 * are stored once (`BATCH#<n>`, conditional on absence) and a rerun takes
 * them instead of importing the batch again, so the totals are not counted
 * twice; a batch imported but not yet recorded when a run died is imported
 * again, which `importExisting` makes harmless (its rows then count as
 * unchanged). The final transition and the one audit event are one
 * transaction, conditional on the status: only one run ends the import.
 */

export const participantImportStatuses = ["parsing", "importing", "done", "invalid"] as const;
export type ParticipantImportStatus = (typeof participantImportStatuses)[number];

export const participantImportRequestSchema = z.object({ filename: z.string().trim().min(1).max(255).optional() });

/** What a run did, summed over the batches. `invalid` counts the rows left out. */
export interface ParticipantImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
}

interface ParticipantImportRecord extends ParticipantImportCounts {
  id: string;
  status: ParticipantImportStatus;
  rowsTotal: number;
  rowsDone: number;
  errorsTotal: number;
  submittedBy: string;
  requestId: string;
  createdAt: string;
  size: number;
  filename?: string;
  chunks: number;
}

export interface ParticipantImportView extends ParticipantImportCounts {
  id: string;
  status: ParticipantImportStatus;
  rowsTotal: number;
  rowsDone: number;
  /** The first IMPORT_ERRORS_SHOWN errors, by line. */
  errors: RowError[];
  errorsTotal: number;
  submittedBy: string;
  createdAt: string;
  size: number;
  filename?: string;
}

export class ParticipantImportNotFound extends Error {
  override name = "ParticipantImportNotFound";
  constructor(readonly importId: string) {
    super(`participant import ${importId} does not exist`);
  }
}

interface BatchCounts extends ParticipantImportCounts {
  errors: number;
}

const batchSk = (index: number) => `BATCH#${String(index).padStart(5, "0")}`;
const subject = (id: string) => `participant-import#${id}`;
const final = (status: ParticipantImportStatus) => status === "done" || status === "invalid";
const zero: BatchCounts = { created: 0, updated: 0, unchanged: 0, invalid: 0, errors: 0 };

export class ParticipantImportJobs {
  private readonly store: ImportStore<ParticipantImportStatus>;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly participants: Participants,
    private readonly opds: Opds,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new ImportStore<ParticipantImportStatus>(db, "PIMPORT#");
  }

  /** Stores the upload (in chunks, never whole; ImportTooLarge beyond the limit) and creates the import in status `parsing`. */
  async create(input: { filename?: string; file: UploadSource }, by: { actor: string; requestId: string }): Promise<{ importId: string }> {
    const { filename } = participantImportRequestSchema.parse({ filename: input.filename });
    const createdAt = this.now();
    const id = newId("pimp", createdAt.getTime());
    const expiresAt = importExpiry(createdAt);
    const { size, chunks, rowsEstimate } = await this.store.storeUpload(id, input.file, expiresAt);
    const record: ParticipantImportRecord = {
      id,
      status: "parsing",
      // An estimate until the file is read.
      rowsTotal: rowsEstimate,
      rowsDone: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      invalid: 0,
      errorsTotal: 0,
      submittedBy: by.actor,
      requestId: by.requestId,
      createdAt: createdAt.toISOString(),
      size,
      ...(filename ? { filename } : {}),
      chunks,
    };
    await this.db.put({ pk: this.store.pk(id), sk: "IMPORT", type: "participant_import", ...record, expiresAt }, { ConditionExpression: "attribute_not_exists(pk)" });
    return { importId: id };
  }

  /** Processes the import to its end (`done` or `invalid`); safe to call again (see the comment at the top). */
  async run(importId: string): Promise<ParticipantImportView> {
    const record = await this.record(importId);
    if (!record) throw new ParticipantImportNotFound(importId);
    try {
      if (!final(record.status)) await this.process(record);
    } catch (err) {
      if (!(err instanceof ImportSuperseded)) throw err;
    }
    return (await this.get(importId))!;
  }

  private async process(record: ParticipantImportRecord): Promise<void> {
    const id = record.id;
    await this.update(id, { status: "importing" });
    const knownOpds = new Set((await this.opds.list()).map((o) => o.code));
    const totals = { ...zero };
    let rows = 0;
    for await (const batch of participantBatches(this.store.chunks(id), knownOpds)) {
      if (batch.unreadable) return this.finishUnreadable(record, batch);
      const counts = await this.batch(record, batch);
      for (const key of Object.keys(totals) as (keyof BatchCounts)[]) totals[key] += counts[key];
      rows = batch.rowsRead;
      await this.update(id, { rowsDone: rows, rowsTotal: Math.max(rows, record.rowsTotal) });
    }
    const { errors, ...counts } = totals;
    await this.finish(record, "done", { rowsTotal: rows, rowsDone: rows, errorsTotal: errors, ...counts }, { rows, ...counts });
  }

  /** One batch: its errors stored, its good rows upserted, its counts recorded once (a rerun takes them). */
  private async batch(record: ParticipantImportRecord, batch: ParticipantBatch): Promise<BatchCounts> {
    const key = { pk: this.store.pk(record.id), sk: batchSk(batch.index) };
    const done = await this.db.get<BatchCounts>(key.pk, key.sk, true);
    if (done) return countsOf(done);
    const expiresAt = importExpiry(record.createdAt);
    const errors = new ErrorsByLine();
    errors.add(batch.errors);
    await this.store.putErrors(record.id, errors, expiresAt);
    const result = batch.participants.length > 0 ? await this.participants.importExisting(batch.participants) : zero;
    const counts: BatchCounts = { created: result.created, updated: result.updated, unchanged: result.unchanged, invalid: batch.invalidLines, errors: batch.errors.length };
    try {
      await this.db.put({ ...key, type: "participant_import_batch", ...counts, expiresAt }, { ConditionExpression: "attribute_not_exists(pk)" });
      return counts;
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      // A concurrent run recorded this batch first: its counts stand.
      return countsOf((await this.db.get<BatchCounts>(key.pk, key.sk, true))!);
    }
  }

  private async finishUnreadable(record: ParticipantImportRecord, batch: ParticipantBatch): Promise<void> {
    const errors = new ErrorsByLine();
    errors.add(batch.errors);
    await this.store.putErrors(record.id, errors, importExpiry(record.createdAt));
    const counts = { created: 0, updated: 0, unchanged: 0, invalid: 0 };
    await this.finish(record, "invalid", { rowsTotal: batch.rowsRead, rowsDone: batch.rowsRead, errorsTotal: errors.total, ...counts }, { rows: batch.rowsRead, ...counts, unreadable: true });
  }

  /** The final transition with the import's one audit event, in one transaction. */
  private async finish(record: ParticipantImportRecord, status: "done" | "invalid", fields: Record<string, number>, data: Record<string, unknown>): Promise<void> {
    const names: Record<string, string> = { "#status": "status" };
    const values: Record<string, unknown> = { ":status": status, ":from": "importing" };
    const sets = Object.entries(fields).map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    try {
      await this.audit.record(
        {
          subject: subject(record.id),
          actor: record.submittedBy,
          action: "participants.imported",
          requestId: record.requestId,
          data: { importId: record.id, ...(record.filename ? { file: record.filename } : {}), ...data },
        },
        [
          {
            Update: {
              Key: { pk: this.store.pk(record.id), sk: "IMPORT" },
              UpdateExpression: `SET #status = :status, ${sets.join(", ")}`,
              ConditionExpression: "#status = :from",
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
        ],
      );
    } catch (err) {
      if (err instanceof TransactionRefused) throw new ImportSuperseded();
      throw err;
    }
  }

  /** Sets `fields` while the import is running; otherwise another run ended it. */
  private update(id: string, fields: Record<string, unknown>): Promise<void> {
    return this.store.update(id, fields, ["parsing", "importing"]);
  }

  /** The import as the progress page shows it, or undefined. */
  async get(importId: string): Promise<ParticipantImportView | undefined> {
    const record = await this.record(importId);
    if (!record) return undefined;
    const { id, status, rowsTotal, rowsDone, created, updated, unchanged, invalid, errorsTotal, submittedBy, createdAt, size, filename } = record;
    const errors = await this.store.firstErrors(importId);
    return { id, status, rowsTotal, rowsDone, created, updated, unchanged, invalid, errors, errorsTotal, submittedBy, createdAt, size, ...(filename ? { filename } : {}) };
  }

  /** Every error of an import, by line (for the downloadable report). */
  errors(importId: string): AsyncGenerator<RowError> {
    return this.store.errors(importId);
  }

  private async record(importId: string): Promise<ParticipantImportRecord | undefined> {
    return this.db.get<ParticipantImportRecord>(this.store.pk(importId), "IMPORT", true);
  }
}

const countsOf = ({ created, updated, unchanged, invalid, errors }: BatchCounts): BatchCounts => ({ created, updated, unchanged, invalid, errors });
