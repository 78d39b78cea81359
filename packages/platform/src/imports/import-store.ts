import { id as t } from "@naungan/core/i18n";
import { conditionFailed, type Db } from "../storage/db";
import { fixedSizePieces, LineCounter, type UploadSource } from "./upload-bytes";
import type { RowError } from "./worker-csv";

/*
 * What every kind of CSV import keeps in the table (the enrolment import,
 * import-jobs.ts; the participant import, participant-import-jobs.ts): the
 * upload in chunks, the errors one item per line, all under the import's
 * partition and removed by TTL.
 */

/** A DynamoDB item holds at most 400 KB; the rest is keys and attributes. */
export const IMPORT_CHUNK_BYTES = 350 * 1024;
/** Far above 20,000 rows of a few hundred bytes; the API answers 413 beyond. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Imports are working data: the case (and the audit log) is what stays. */
export const IMPORT_TTL_SECONDS = 3 * 24 * 60 * 60;
/** How many errors `get` returns; the rest are in the downloadable report. */
export const IMPORT_ERRORS_SHOWN = 500;

export class ImportTooLarge extends Error {
  override name = "ImportTooLarge";
  constructor(readonly maxBytes: number) {
    super(t.enrolment.csv.file.tooLarge(Math.round(maxBytes / (1024 * 1024))));
  }
}

const chunkSk = (n: number) => `CHUNK#${String(n).padStart(5, "0")}`;
const errorSk = (line: number) => `ERROR#${String(line).padStart(7, "0")}`;

/** When an import's items expire: TTL counts from the upload. */
export const importExpiry = (createdAt: string | Date) => Math.floor(new Date(createdAt).getTime() / 1000) + IMPORT_TTL_SECONDS;

/** Another run of the same import moved it on (or ended it); this one stops without error. */
export class ImportSuperseded extends Error {}

/** `Status`: the statuses of this kind of import, so that `update` names only real ones. */
export class ImportStore<Status extends string = string> {
  /** `prefix` names the kind of import: its items live under `<prefix><id>`. */
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {}

  pk(id: string): string {
    return `${this.prefix}${id}`;
  }

  /**
   * Sets `fields` on the import item if its status is one of `from` (and
   * every `expect` attribute holds); otherwise throws ImportSuperseded.
   */
  async update(id: string, fields: Record<string, unknown>, from: readonly Status[], expect: Record<string, unknown> = {}): Promise<void> {
    const names: Record<string, string> = { "#status": "status" };
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields).map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    const conditions = [`#status IN (${from.map((_, i) => `:from${i}`).join(", ")})`];
    from.forEach((s, i) => (values[`:from${i}`] = s));
    Object.entries(expect).forEach(([name, value], i) => {
      names[`#e${i}`] = name;
      values[`:e${i}`] = value;
      conditions.push(`#e${i} = :e${i}`);
    });
    try {
      await this.db.update({
        Key: { pk: this.pk(id), sk: "IMPORT" },
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: conditions.join(" AND "),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      });
    } catch (err) {
      if (conditionFailed(err)) throw new ImportSuperseded();
      throw err;
    }
  }

  /**
   * Stores the upload in chunks (never whole), refusing it beyond
   * MAX_IMPORT_BYTES. Until the import item exists nothing points at the
   * chunks (TTL removes strays). `rowsEstimate`: lines with content, less the header.
   */
  async storeUpload(id: string, file: UploadSource, expiresAt: number): Promise<{ size: number; chunks: number; rowsEstimate: number }> {
    const lines = new LineCounter();
    let size = 0;
    let chunks = 0;
    for await (const piece of fixedSizePieces(file, IMPORT_CHUNK_BYTES)) {
      size += piece.length;
      if (size > MAX_IMPORT_BYTES) throw new ImportTooLarge(MAX_IMPORT_BYTES);
      lines.add(piece);
      await this.db.put({ pk: this.pk(id), sk: chunkSk(chunks++), type: "import_chunk", data: piece, expiresAt });
    }
    return { size, chunks, rowsEstimate: Math.max(0, lines.total - 1) };
  }

  /** The stored upload, a chunk at a time. */
  async *chunks(id: string): AsyncGenerator<Uint8Array> {
    for await (const item of this.items<{ data: Uint8Array }>(id, "CHUNK#", 2)) yield item.data;
  }

  /** Stores errors, one item per line; the same keys and content on a rerun, so writing them twice is harmless. */
  async putErrors(id: string, errors: ErrorsByLine, expiresAt: number): Promise<void> {
    await this.db.batchPut(errors.lines().map(([line, list]) => ({ pk: this.pk(id), sk: errorSk(line), type: "import_error", line, errors: list, expiresAt })));
  }

  /** Every error of an import, by line (for the downloadable report). */
  async *errors(id: string): AsyncGenerator<RowError> {
    for await (const item of this.items<{ line: number; errors: { column: string; message: string }[] }>(id, "ERROR#", 100)) {
      for (const e of item.errors) yield { line: item.line, column: e.column, message: e.message };
    }
  }

  /** The first IMPORT_ERRORS_SHOWN errors, by line. */
  async firstErrors(id: string): Promise<RowError[]> {
    const errors: RowError[] = [];
    for await (const e of this.errors(id)) {
      if (errors.length === IMPORT_ERRORS_SHOWN) break;
      errors.push(e);
    }
    return errors;
  }

  /** Items of an import whose sort key starts with `prefix`, in order, `pageSize` per query (bounded memory). */
  async *items<T>(id: string, prefix: string, pageSize: number): AsyncGenerator<T> {
    let cursor: string | undefined;
    do {
      const page = await this.db.query<T>(
        {
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": this.pk(id), ":prefix": prefix },
          Limit: pageSize,
          ConsistentRead: true,
        },
        cursor,
      );
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}

/** Errors grouped by line: one stored item per line (`ERROR#<line>`). */
export class ErrorsByLine {
  private readonly byLine = new Map<number, { column: string; message: string }[]>();
  total = 0;

  add(errors: readonly RowError[]): void {
    for (const { line, column, message } of errors) {
      const list = this.byLine.get(line) ?? [];
      list.push({ column, message });
      this.byLine.set(line, list);
      this.total++;
    }
  }

  get lineCount(): number {
    return this.byLine.size;
  }

  lines(): [number, { column: string; message: string }[]][] {
    return [...this.byLine.entries()].sort(([a], [b]) => a - b);
  }
}
