import type * as z from "zod";
import { enrolmentWorkerSchema, nikMessage, type EnrolmentWorker, type NikReasonCode } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { looksScientific, readCsvCategory, readCsvDate, readCsvRiskGroup, readCsvWage } from "./csv-cells";
import { csvRecords } from "./csv-records";
import { REPLACEMENT_CHAR } from "./csv-text";

export { MAX_CSV_LINE } from "./csv-records";

/*
 * The worker CSV (API.md "Enrolment", `GET /api/enrolments/template.csv`):
 * one header line, then one worker per line. Read as a stream, so memory
 * holds one chunk of text and the rows not yet handed on, never the file.
 */

/** One problem of the file, a line or a cell. `line` is the physical line (header = 1); `column` the header name the user sees ("" for the whole line). */
export interface RowError {
  line: number;
  column: string;
  message: string;
}

export type WorkerField = keyof EnrolmentWorker;

/** Column order of the template; `id` is what the template says, `en` the API's field name. */
export const workerCsvColumns: readonly { field: WorkerField; id: string; required: boolean }[] = [
  { field: "nik", id: "nik", required: true },
  { field: "name", id: "nama", required: true },
  { field: "birthDate", id: "tanggal_lahir", required: true },
  { field: "category", id: "kategori", required: true },
  { field: "monthlyWage", id: "upah_bulanan", required: false },
  { field: "incomeBracket", id: "kelompok_penghasilan", required: false },
  { field: "riskGroup", id: "kelompok_risiko", required: false },
];

/** What the reader yields: a valid worker, an invalid row, or a problem of the file itself (not a row). */
export type WorkerCsvItem =
  | { kind: "worker"; line: number; worker: EnrolmentWorker }
  | { kind: "invalid"; line: number; errors: RowError[] }
  | { kind: "file"; errors: RowError[] };

const normalise = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, "_");
const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Accepted header spellings: the template's Indonesian names and the API's
 * field names (camelCase or snake_case). A name both languages share (`nik`)
 * says nothing about the language.
 */
const fieldByHeader = new Map<string, { field: WorkerField; language?: "id" | "en" }>(
  workerCsvColumns.flatMap((c) => [
    [normalise(c.field), { field: c.field, language: "en" as const }],
    [snake(c.field), { field: c.field, language: "en" as const }],
    [c.id, { field: c.field, ...(c.id === normalise(c.field) ? {} : { language: "id" as const }) }],
  ]),
);

/** Control characters (other than tab) and U+FFFD appear in a cell only when the bytes were not UTF-8 text. */
const notText = new RegExp(`[\\u0000-\\u0008\\u000B-\\u001F${REPLACEMENT_CHAR}]`);

interface HeaderColumn {
  /** As the user wrote it (trimmed). */
  name: string;
  field?: WorkerField;
}

/**
 * Reads one worker CSV. `rows()` yields each data row as a worker or its
 * errors; `columnOf()` names a field's column as this file calls it (so
 * later checks can point at the column the user sees).
 */
export class WorkerCsvReader {
  private header: HeaderColumn[] | undefined;
  private language: "id" | "en" = "id";
  private readonly firstLineOfNik = new Map<string, number>();
  private rowsSeen = 0;
  private headerLine = 1;

  columnOf(field: WorkerField): string {
    const present = this.header?.find((c) => c.field === field);
    if (present) return present.name;
    return this.language === "en" ? field : (workerCsvColumns.find((c) => c.field === field)?.id ?? field);
  }

  async *rows(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<WorkerCsvItem> {
    for await (const item of csvRecords(chunks)) {
      if (item.kind === "problem") {
        yield fileError(item.line, "", item.message);
        return;
      }
      for (const row of this.record(item.line, item.cells)) {
        yield row;
        // A header without a usable column layout: no row can be read.
        if (row.kind === "file" && this.header === undefined) return;
      }
    }
    if (this.header === undefined) yield fileError(1, "", t.enrolment.csv.file.empty);
    else if (this.rowsSeen === 0) yield fileError(this.headerLine + 1, "", t.enrolment.csv.file.noRows);
  }

  private *record(line: number, rawCells: string[]): Generator<WorkerCsvItem> {
    const cells = rawCells.map((c) => c.trim());
    if (cells.every((c) => c === "")) return; // blank lines, and Excel's ";;;;;;" rows
    if (this.header === undefined) {
      yield* this.readHeader(line, cells);
      return;
    }
    const header = this.header;
    this.rowsSeen++;
    if (cells.length < header.length) {
      yield invalid(line, [{ line, column: header[cells.length]!.name, message: t.enrolment.csv.file.tooFewCells(cells.length, header.length) }]);
      return;
    }
    // Trailing empty cells (a delimiter too many) do no harm; data there has no column.
    if (cells.slice(header.length).some((c) => c !== "")) {
      yield invalid(line, [{ line, column: "", message: t.enrolment.csv.file.tooManyCells(cells.length, header.length) }]);
      return;
    }
    yield this.worker(line, header, cells);
  }

  private *readHeader(line: number, cells: string[]): Generator<WorkerCsvItem> {
    this.headerLine = line;
    while (cells.length > 0 && cells.at(-1) === "") cells.pop();
    const header: HeaderColumn[] = cells.map((name) => ({ name, field: fieldByHeader.get(normalise(name))?.field }));
    const languages = cells.map((name) => fieldByHeader.get(normalise(name))?.language);
    this.language = languages.includes("id") || !languages.includes("en") ? "id" : "en";
    const allowed = workerCsvColumns.map((c) => (this.language === "en" ? c.field : c.id)).join(", ");
    const errors: RowError[] = [];
    let broken = false;
    header.forEach((column, i) => {
      const name = column.name === "" ? `(kolom ${i + 1})` : column.name;
      if (!column.field) errors.push({ line, column: name, message: t.enrolment.csv.file.unknownColumn(name, allowed) });
      else if (header.findIndex((c) => c.field === column.field) !== i) {
        errors.push({ line, column: name, message: t.enrolment.csv.file.duplicateColumn(name) });
        broken = true;
      }
    });
    this.header = header;
    for (const c of workerCsvColumns) {
      if (c.required && !header.some((h) => h.field === c.field)) {
        errors.push({ line, column: this.columnOf(c.field), message: t.enrolment.csv.file.missingColumn(this.columnOf(c.field)) });
        broken = true;
      }
    }
    // Without a usable header no row can be read; an unknown extra column only is ignored.
    if (broken) this.header = undefined;
    if (errors.length > 0) yield { kind: "file", errors };
  }

  private worker(line: number, header: HeaderColumn[], cells: string[]): WorkerCsvItem {
    const text: Partial<Record<WorkerField, string>> = {};
    header.forEach((column, i) => {
      if (column.field && cells[i] !== "") text[column.field] = cells[i];
    });
    const errors: RowError[] = [];
    const failed = new Set<WorkerField>();
    const fail = (field: WorkerField, message: string) => {
      failed.add(field);
      errors.push({ line, column: this.columnOf(field), message });
    };
    const input: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(text) as [WorkerField, string][]) {
      if (notText.test(value)) fail(field, t.enrolment.csv.cell.notUtf8);
      else if (field === "nik" && looksScientific(value)) fail(field, t.enrolment.csv.nik.scientific(value));
      else if (field === "birthDate") input[field] = readCsvDate(value) ?? fail(field, t.enrolment.csv.birthDate.format(value));
      else if (field === "monthlyWage") input[field] = readCsvWage(value) ?? fail(field, t.enrolment.csv.monthlyWage.format(value));
      else if (field === "category") input[field] = readCsvCategory(value);
      else if (field === "riskGroup") input[field] = readCsvRiskGroup(value);
      else input[field] = value;
    }

    const parsed = enrolmentWorkerSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of withCrossFieldIssues(input, parsed.error.issues)) {
        const field = issue.path[0] as WorkerField;
        if (failed.has(field)) continue;
        const message = this.issueMessage(field, issue, text[field]);
        if (!errors.some((e) => e.column === this.columnOf(field) && e.message === message)) {
          errors.push({ line, column: this.columnOf(field), message });
        }
      }
    }

    const nik = typeof input.nik === "string" ? input.nik : undefined;
    if (nik !== undefined && !failed.has("nik")) {
      const first = this.firstLineOfNik.get(nik);
      if (first !== undefined) errors.push({ line, column: this.columnOf("nik"), message: t.enrolment.csv.nik.duplicate(first) });
      else this.firstLineOfNik.set(nik, line);
    }

    if (errors.length > 0 || !parsed.success) {
      const position = (e: RowError) => header.findIndex((c) => c.name === e.column);
      return invalid(line, errors.sort((a, b) => position(a) - position(b)));
    }
    return { kind: "worker", line, worker: parsed.data };
  }

  /** A zod issue of one field as a sentence in Bahasa Indonesia; `value` is the cell as written. */
  private issueMessage(field: WorkerField, issue: { code: string; params?: Record<string, unknown> }, value: string | undefined): string {
    const m = t.enrolment.csv;
    const column = this.columnOf(field);
    if (value === undefined && issue.code !== "custom") return m.cell.required(column);
    switch (field) {
      case "nik":
        return nikMessage(issue.params?.reason as NikReasonCode | undefined, value ?? "");
      case "name":
        if (issue.code === "too_small") return m.name.tooShort;
        if (issue.code === "too_big") return m.name.tooLong;
        break;
      case "birthDate":
        return m.birthDate.notADate(value ?? "");
      case "category":
        return m.category.unknown(value ?? "");
      case "monthlyWage":
        if (issue.code === "custom") return value === undefined ? m.monthlyWage.required(column) : m.monthlyWage.notAllowed(column);
        if (issue.code === "too_small") return m.monthlyWage.tooSmall;
        if (issue.code === "too_big") return m.monthlyWage.tooBig;
        break;
      case "incomeBracket":
        if (issue.code === "custom") return value === undefined ? m.incomeBracket.required(column) : m.incomeBracket.notAllowed(column);
        if (issue.code === "too_big") return m.incomeBracket.tooLong;
        break;
      case "riskGroup":
        if (issue.code === "custom") return m.riskGroup.notAllowed(column);
        return m.riskGroup.unknown(value ?? "");
    }
    return m.cell.invalid(column);
  }
}

/** Valid values standing in for broken fields that the cross-field rules do not read. */
const standIns: Partial<Record<WorkerField, string>> = { nik: "1506025208900001", name: "Nama", birthDate: "2000-01-01" };

type Issues = z.core.$ZodIssue[];

/**
 * zod skips the schema's cross-field rules (wage for wage earners, bracket
 * for nelayan) while any field is invalid; checking them again with stand-ins
 * for the broken fields lets one upload report every problem of a row.
 */
function withCrossFieldIssues(input: Record<string, unknown>, issues: Issues): Issues {
  const broken = new Set(issues.map((i) => i.path[0] as WorkerField));
  if (![...broken].every((f) => standIns[f] !== undefined)) return issues;
  const again = enrolmentWorkerSchema.safeParse({ ...input, ...Object.fromEntries([...broken].map((f) => [f, standIns[f]])) });
  return again.success ? issues : [...issues, ...again.error.issues.filter((i) => !broken.has(i.path[0] as WorkerField))];
}

const invalid = (line: number, errors: RowError[]): WorkerCsvItem => ({ kind: "invalid", line, errors });
const fileError = (line: number, column: string, message: string): WorkerCsvItem => ({ kind: "file", errors: [{ line, column, message }] });

/** The template offered for download: BOM (so Excel reads UTF-8), `;` (Excel's separator in the Indonesian locale), CRLF; N1 and N2 of DOMAIN.md §6. */
export function templateCsv(): string {
  const rows = [
    workerCsvColumns.map((c) => c.id),
    ["1506025208900001", "Siti Aminah", "12-08-1990", "honorer", "2.500.000", "", ""],
    ["1506010501850003", "Ahmad Yani", "05-01-1985", "nelayan", "", "lowest", ""],
  ];
  return `\uFEFF${rows.map((r) => r.join(";")).join("\r\n")}\r\n`;
}
