import * as z from "zod";
import { enrolmentPeriodSchema, MAX_WORKERS_PER_CASE, newId, opdCodeSchema, type EnrolmentWorker } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { AuditLog } from "../audit/audit-log";
import { TransactionRefused, type Db, type Item } from "../storage/db";
import { ErrorsByLine, importExpiry, ImportStore, ImportSuperseded } from "./import-store";
import type { UploadSource } from "./upload-bytes";
import { WorkerCsvReader, type RowError, type WorkerField } from "./worker-csv";

/*
 * A CSV import of workers (API.md "Enrolment", docs/enrolment.md "Items"):
 * `create` stores the upload, `run` (started in the background) reads it,
 * validates every row, lets the enrolment service check the batch and —
 * only when no row is wrong — submit it as one case.
 *
 *   parsing ─► validating ─► persisting ─► done
 *                   └──────► invalid (every error stored)
 *
 * `persisting` is the point of no return: it is entered with a conditional
 * update, so of two runs of one import only one calls `submit`. A run that
 * died after entering it is taken over only once it is presumed dead, and
 * then `submit` gets the same importId, so the submitter returns the case it
 * already made.
 */

export const importStatuses = ["parsing", "validating", "persisting", "done", "invalid"] as const;
export type ImportStatus = (typeof importStatuses)[number];

// The storage limits are every import's (import-store.ts); exported from here as before.
export { IMPORT_CHUNK_BYTES, IMPORT_ERRORS_SHOWN, IMPORT_TTL_SECONDS, ImportTooLarge, MAX_IMPORT_BYTES } from "./import-store";
/** A run still `persisting` after this long is presumed dead (longer than a Lambda may run). */
export const PERSIST_TAKEOVER_MS = 15 * 60 * 1000;
/** Progress is written at most this often: enough for a live bar, few writes. */
const PROGRESS_EVERY = { rows: 500, ms: 250 };

export const importRequestSchema = z.object({
  opdCode: opdCodeSchema,
  budgetLineId: z.string().min(1).max(120),
  ...enrolmentPeriodSchema.shape,
  filename: z.string().trim().min(1).max(255).optional(),
});
export type ImportRequest = z.infer<typeof importRequestSchema> & { file: UploadSource };

export class ImportNotFound extends Error {
  override name = "ImportNotFound";
  constructor(readonly importId: string) {
    super(`import ${importId} does not exist`);
  }
}

export interface ImportedWorker {
  /** Physical line of the CSV file. */
  line: number;
  worker: EnrolmentWorker;
}

/** What the steps know about the import they work for. */
export interface ImportContext {
  importId: string;
  opdCode: string;
  budgetLineId: string;
  periodStart: string;
  months: number;
  submittedBy: string;
  /** The request that uploaded the file. */
  requestId: string;
}

/** Supplied by the enrolment service. */
export interface ImportSteps {
  /** Checks beyond one row (registry duplicates, master data); errors name lines of the file. */
  checkBatch(workers: readonly ImportedWorker[], context: ImportContext & { columnOf(field: WorkerField): string }): Promise<RowError[]>;
  /** Creates the case. Called at most once per import, except after a presumed-dead run: must be idempotent by `importId`. */
  submit(workers: EnrolmentWorker[], context: ImportContext): Promise<{ caseId: string }>;
}

interface ImportRecord extends Omit<ImportContext, "importId"> {
  id: string;
  status: ImportStatus;
  rowsTotal: number;
  rowsDone: number;
  errorsTotal: number;
  caseId?: string;
  createdAt: string;
  size: number;
  filename?: string;
  chunks: number;
  persistingSince?: string;
}

export interface ImportView {
  id: string;
  status: ImportStatus;
  rowsTotal: number;
  rowsDone: number;
  caseId?: string;
  /** The first IMPORT_ERRORS_SHOWN errors, by line. */
  errors: RowError[];
  errorsTotal: number;
  opdCode: string;
  budgetLineId: string;
  periodStart: string;
  months: number;
  submittedBy: string;
  createdAt: string;
  size: number;
  filename?: string;
}

export interface ImportOutcome {
  status: ImportStatus;
  caseId?: string;
  errorsTotal: number;
}

const pk = (id: string) => `IMPORT#${id}`;
const subject = (id: string) => `import#${id}`;

export class ImportJobs {
  private readonly store: ImportStore<ImportStatus>;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new ImportStore<ImportStatus>(db, "IMPORT#");
  }

  /** Stores the upload (in chunks, never whole) and creates the import in status `parsing`. */
  async create(input: ImportRequest, by: { actor: string; requestId: string }): Promise<{ importId: string }> {
    const { file, ...fields } = input;
    const request = importRequestSchema.parse(fields);
    const createdAt = this.now();
    const id = newId("imp", createdAt.getTime());
    const expiresAt = importExpiry(createdAt);
    const { size, chunks, rowsEstimate } = await this.store.storeUpload(id, file, expiresAt);
    const { filename, ...scope } = request;
    const record: ImportRecord = {
      id,
      status: "parsing",
      // An estimate until the file is parsed.
      rowsTotal: rowsEstimate,
      rowsDone: 0,
      errorsTotal: 0,
      ...scope,
      submittedBy: by.actor,
      requestId: by.requestId,
      createdAt: createdAt.toISOString(),
      size,
      ...(filename ? { filename } : {}),
      chunks,
    };
    await this.audit.record(
      {
        subject: subject(id),
        actor: by.actor,
        action: "import.created",
        requestId: by.requestId,
        data: { size, ...(filename ? { filename } : {}), ...scope, rowsEstimate: record.rowsTotal },
        opdCode: request.opdCode,
      },
      [{ Put: { Item: { pk: pk(id), sk: "IMPORT", type: "import", ...record, expiresAt }, ConditionExpression: "attribute_not_exists(pk)" } }],
    );
    return { importId: id };
  }

  /**
   * Processes an import to its end (`done` or `invalid`). Safe to call again
   * for the same import, at the same time or after a crash: a finished
   * import is left as it is, and `submit` is called at most once (see the
   * comment at the top).
   */
  async run(importId: string, steps: ImportSteps): Promise<ImportOutcome> {
    const record = await this.record(importId);
    if (!record) throw new ImportNotFound(importId);
    try {
      return await this.process(record, steps);
    } catch (err) {
      if (err instanceof ImportSuperseded) return outcome((await this.record(importId))!);
      throw err;
    }
  }

  private async process(record: ImportRecord, steps: ImportSteps): Promise<ImportOutcome> {
    const id = record.id;
    if (record.status === "done" || record.status === "invalid") return outcome(record);
    const takeover = record.status === "persisting";
    if (takeover) {
      const since = record.persistingSince ?? "";
      if (this.now().getTime() - Date.parse(since) < PERSIST_TAKEOVER_MS) return outcome(record);
      await this.store.update(id, { persistingSince: this.now().toISOString() }, ["persisting"], { persistingSince: since });
    } else {
      // A run that died while parsing or validating is simply started again.
      await this.store.update(id, { status: "parsing", rowsDone: 0 }, ["parsing", "validating"]);
    }

    const reader = new WorkerCsvReader();
    const workers: ImportedWorker[] = [];
    const errors = new ErrorsByLine();
    let rows = 0;
    let written = { rows: 0, at: performance.now() };
    for await (const item of reader.rows(this.store.chunks(id))) {
      if (item.kind === "file") {
        errors.add(item.errors);
        continue;
      }
      rows++;
      if (rows === MAX_WORKERS_PER_CASE + 1) errors.add([{ line: item.line, column: "", message: t.enrolment.csv.file.tooManyRows(MAX_WORKERS_PER_CASE) }]);
      if (item.kind === "invalid") errors.add(item.errors);
      else if (rows <= MAX_WORKERS_PER_CASE) workers.push({ line: item.line, worker: item.worker });
      if (!takeover && rows - written.rows >= PROGRESS_EVERY.rows && performance.now() - written.at >= PROGRESS_EVERY.ms) {
        await this.store.update(id, { rowsDone: rows, rowsTotal: Math.max(rows, record.rowsTotal) }, ["parsing"]);
        written = { rows, at: performance.now() };
      }
    }

    const context: ImportContext = {
      importId: id,
      opdCode: record.opdCode,
      budgetLineId: record.budgetLineId,
      periodStart: record.periodStart,
      months: record.months,
      submittedBy: record.submittedBy,
      requestId: record.requestId,
    };
    if (!takeover) {
      await this.store.update(id, { status: "validating", rowsDone: rows, rowsTotal: rows }, ["parsing"]);
      if (workers.length > 0) errors.add(await steps.checkBatch(workers, { ...context, columnOf: (field) => reader.columnOf(field) }));
      if (errors.total > 0) return this.finishInvalid(record, rows, errors);
      await this.store.update(id, { status: "persisting", persistingSince: this.now().toISOString() }, ["validating"]);
    } else if (errors.total > 0) {
      // The stored file was valid when this import entered `persisting`.
      throw new Error(`import ${id}: the stored file no longer reads as it did (${errors.total} errors)`);
    }

    let caseId: string;
    try {
      ({ caseId } = await steps.submit(
        workers.map((w) => w.worker),
        context,
      ));
    } catch (err) {
      // Not presumed dead: a retry may take over at once (the submitter is idempotent by importId).
      await this.store.update(id, { persistingSince: new Date(0).toISOString() }, ["persisting"]).catch(() => {});
      throw err;
    }
    return this.finish(record, "import.completed", { rows, caseId }, "SET #status = :done, caseId = :caseId REMOVE persistingSince", "persisting", {
      ":done": "done",
      ":caseId": caseId,
    });
  }

  private async finishInvalid(record: ImportRecord, rows: number, errors: ErrorsByLine): Promise<ImportOutcome> {
    await this.store.putErrors(record.id, errors, importExpiry(record.createdAt));
    return this.finish(record, "import.invalid", { rows, errorsTotal: errors.total, linesWithErrors: errors.lineCount }, "SET #status = :invalid, errorsTotal = :n", "validating", {
      ":invalid": "invalid",
      ":n": errors.total,
    });
  }

  /** The final transition, with its audit event, in one transaction. */
  private async finish(
    record: ImportRecord,
    action: string,
    data: Record<string, unknown>,
    updateExpression: string,
    from: ImportStatus,
    values: Item,
  ): Promise<ImportOutcome> {
    try {
      await this.audit.record(
        { subject: subject(record.id), actor: record.submittedBy, action, requestId: record.requestId, data, opdCode: record.opdCode },
        [
          {
            Update: {
              Key: { pk: pk(record.id), sk: "IMPORT" },
              UpdateExpression: updateExpression,
              ConditionExpression: "#status = :from",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ...values, ":from": from },
            },
          },
        ],
      );
    } catch (err) {
      if (err instanceof TransactionRefused) throw new ImportSuperseded();
      throw err;
    }
    return outcome((await this.record(record.id))!);
  }

  /** The import as the progress page shows it, or undefined. */
  async get(importId: string): Promise<ImportView | undefined> {
    const record = await this.record(importId);
    if (!record) return undefined;
    const errors = await this.store.firstErrors(importId);
    const { id, status, rowsTotal, rowsDone, caseId, errorsTotal, opdCode, budgetLineId, periodStart, months, submittedBy, createdAt, size, filename } = record;
    return {
      id,
      status,
      rowsTotal,
      rowsDone,
      ...(caseId ? { caseId } : {}),
      errors,
      errorsTotal,
      opdCode,
      budgetLineId,
      periodStart,
      months,
      submittedBy,
      createdAt,
      size,
      ...(filename ? { filename } : {}),
    };
  }

  /** Every error of an import, by line (for the downloadable report). */
  errors(importId: string): AsyncGenerator<RowError> {
    return this.store.errors(importId);
  }

  private async record(importId: string): Promise<ImportRecord | undefined> {
    return this.db.get<ImportRecord>(pk(importId), "IMPORT", true);
  }
}

const outcome = (record: ImportRecord): ImportOutcome => ({
  status: record.status,
  ...(record.caseId ? { caseId: record.caseId } : {}),
  errorsTotal: record.errorsTotal,
});
