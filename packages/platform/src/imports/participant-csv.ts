import { nikMessage, type NikReasonCode } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { importedParticipantSchema, type ImportedParticipant } from "../enrolment/participants";
import { looksScientific, readCsvCategory, readCsvMonth, readCsvWholeNumber } from "./csv-cells";
import { csvRecords } from "./csv-records";
import { REPLACEMENT_CHAR } from "./csv-text";
import { bytesOf, type UploadSource } from "./upload-bytes";
import type { RowError } from "./worker-csv";

/*
 * The CSV of existing participants (the admin's import page and the
 * `import-participants` CLI read it here): one header line, then one
 * participant per line. Read as a stream and handed on in batches, so a
 * 42,000-row file is never held whole; only the NIKs seen (for duplicates) are.
 */

type Field = keyof ImportedParticipant;

/** Column order of the template; `id` is what the template says, `aliases` other accepted names. */
export const participantCsvColumns: readonly { field: Field; id: keyof typeof t.adminParticipants.columns; required: boolean; aliases: readonly string[] }[] = [
  { field: "nik", id: "nik", required: true, aliases: [] },
  { field: "name", id: "nama", required: true, aliases: [] },
  { field: "kpj", id: "kpj", required: false, aliases: ["no_kpj", "nomor_kpj"] },
  { field: "category", id: "kategori", required: true, aliases: [] },
  { field: "opdCode", id: "kode_opd", required: true, aliases: ["opd"] },
  { field: "coverageFrom", id: "mulai", required: true, aliases: ["periode_mulai"] },
  { field: "coverageTo", id: "selesai", required: true, aliases: ["periode_selesai"] },
  { field: "contributionMonths", id: "bulan_iuran", required: true, aliases: ["jumlah_bulan_iuran"] },
];

/** Rows per batch: one `importExisting` call and one progress step each. */
export const PARTICIPANT_BATCH_ROWS = 500;

/** Compared without case, spaces, `_`, `-` or `.`. */
const norm = (name: string) => name.toLowerCase().replace(/[\s_\-.]/g, "");
const fieldByHeader = new Map<string, Field>(participantCsvColumns.flatMap((c) => [c.field, c.id, ...c.aliases].map((name) => [norm(name), c.field] as [string, Field])));

/** Control characters (other than tab) and U+FFFD appear in a cell only when the bytes were not UTF-8 text. */
const notText = new RegExp(`[\\u0000-\\u0008\\u000B-\\u001F${REPLACEMENT_CHAR}]`);

export interface ParticipantBatch {
  /** 0, 1, 2…: the same for the same file, so a rerun knows which batches it has done. */
  index: number;
  participants: ImportedParticipant[];
  /** Every error of this batch's rows (and, in the last batch, of the file's end). */
  errors: RowError[];
  /** Lines of this batch with an error: the rows left out. */
  invalidLines: number;
  /** Data rows read so far, valid or not. */
  rowsRead: number;
  /** The file cannot be read at all (no header, a required column missing, no rows): nothing is imported. */
  unreadable: boolean;
}

/** The participant CSV in batches of `size` rows (checked, with the OPDs known to the platform). */
export async function* participantBatches(file: UploadSource, knownOpds: ReadonlySet<string>, size = PARTICIPANT_BATCH_ROWS): AsyncGenerator<ParticipantBatch> {
  const reader = new ParticipantCsvReader(knownOpds);
  let index = 0;
  let rowsRead = 0;
  let participants: ImportedParticipant[] = [];
  let errors: RowError[] = [];
  let rowsInBatch = 0;
  const cut = (unreadable = false): ParticipantBatch => {
    const batch = { index: index++, participants, errors, invalidLines: new Set(errors.map((e) => e.line)).size, rowsRead, unreadable };
    participants = [];
    errors = [];
    rowsInBatch = 0;
    return batch;
  };
  for await (const item of reader.items(bytesOf(file))) {
    if (item.kind === "unreadable") {
      errors.push(...item.errors);
      yield cut(true);
      return;
    }
    if (item.kind === "fileEnd") {
      errors.push(item.error);
      continue;
    }
    rowsRead++;
    rowsInBatch++;
    if (item.kind === "participant") participants.push(item.participant);
    else errors.push(...item.errors);
    if (rowsInBatch === size) yield cut();
  }
  if (rowsInBatch > 0 || errors.length > 0) yield cut();
}

type ReaderItem =
  | { kind: "participant"; line: number; participant: ImportedParticipant }
  | { kind: "invalid"; line: number; errors: RowError[] }
  /** Why the rest of the file could not be read (rows before it stand). */
  | { kind: "fileEnd"; error: RowError }
  | { kind: "unreadable"; errors: RowError[] };

class ParticipantCsvReader {
  private header: string[] | undefined;
  private readonly indexOf = new Map<Field, number>();
  private readonly firstLineOfNik = new Map<string, number>();

  constructor(private readonly knownOpds: ReadonlySet<string>) {}

  async *items(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ReaderItem> {
    let rows = 0;
    let headerLine = 1;
    for await (const item of csvRecords(chunks)) {
      if (item.kind === "problem") {
        const error = { line: item.line, column: "", message: item.message };
        yield this.header ? { kind: "fileEnd", error } : { kind: "unreadable", errors: [error] };
        return;
      }
      const cells = item.cells.map((c) => c.trim());
      if (cells.every((c) => c === "")) continue; // blank lines, and Excel's ";;;;;;;" rows
      if (this.header) {
        rows++;
        yield this.row(item.line, cells);
        continue;
      }
      headerLine = item.line;
      const { missing, duplicated } = this.readHeader(cells);
      if (missing.length > 0 || duplicated.length > 0) {
        const expected = participantCsvColumns.map((c) => c.id).join(", ");
        yield {
          kind: "unreadable",
          errors: [
            ...duplicated.map((c) => ({ line: item.line, column: c, message: t.enrolment.csv.file.duplicateColumn(c) })),
            ...missing.map((c) => ({ line: item.line, column: c, message: t.adminParticipants.csv.missingColumn(c, expected) })),
          ],
        };
        return;
      }
    }
    if (!this.header) yield { kind: "unreadable", errors: [{ line: 1, column: "", message: t.enrolment.csv.file.empty }] };
    else if (rows === 0) yield { kind: "unreadable", errors: [{ line: headerLine + 1, column: "", message: t.adminParticipants.csv.noRows }] };
  }

  /**
   * Reads the header (unknown columns are ignored: a spreadsheet's extra notes do no harm); answers the required columns
   * missing, and the known columns named twice (which of the two holds the data is anyone's guess: the file is refused).
   */
  private readHeader(cells: string[]): { missing: string[]; duplicated: string[] } {
    this.header = cells;
    const duplicated: string[] = [];
    cells.forEach((name, i) => {
      const field = fieldByHeader.get(norm(name));
      if (field && this.indexOf.has(field)) duplicated.push(name);
      else if (field) this.indexOf.set(field, i);
    });
    return { missing: participantCsvColumns.filter((c) => c.required && !this.indexOf.has(c.field)).map((c) => c.id), duplicated };
  }

  /** The column as this file names it. */
  private columnOf(field: Field): string {
    const i = this.indexOf.get(field);
    return i === undefined ? participantCsvColumns.find((c) => c.field === field)!.id : this.header![i]!;
  }

  private row(line: number, cells: string[]): ReaderItem {
    const text = Object.fromEntries(participantCsvColumns.map((c) => [c.field, cells[this.indexOf.get(c.field) ?? -1] ?? ""])) as Record<Field, string>;
    // One message per cell: the first problem of each column.
    const byField = new Map<Field, string>();
    for (const c of participantCsvColumns) {
      if (notText.test(text[c.field])) byField.set(c.field, t.enrolment.csv.cell.notUtf8);
    }
    if (!byField.has("nik") && looksScientific(text.nik)) byField.set("nik", t.enrolment.csv.nik.scientific(text.nik));
    const parsed = importedParticipantSchema.safeParse({
      nik: text.nik,
      name: text.name,
      kpj: text.kpj || undefined,
      category: readCsvCategory(text.category),
      opdCode: text.opdCode.toUpperCase(),
      coverageFrom: readCsvMonth(text.coverageFrom),
      coverageTo: readCsvMonth(text.coverageTo),
      contributionMonths: readCsvWholeNumber(text.contributionMonths) ?? -1,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        if (!byField.has(field)) byField.set(field, this.message(field, issue, text[field]));
      }
    }
    if (byField.size === 0 && parsed.success) {
      const p = parsed.data;
      if (!this.knownOpds.has(p.opdCode)) byField.set("opdCode", t.adminParticipants.csv.unknownOpd(p.opdCode));
      const first = this.firstLineOfNik.get(p.nik);
      if (first !== undefined) byField.set("nik", t.adminParticipants.csv.duplicateNik(first));
      else if (byField.size === 0) this.firstLineOfNik.set(p.nik, line);
      if (byField.size === 0) return { kind: "participant", line, participant: p };
    }
    const errors = participantCsvColumns.filter((c) => byField.has(c.field)).map((c) => ({ line, column: this.columnOf(c.field), message: byField.get(c.field)! }));
    return { kind: "invalid", line, errors };
  }

  /** A zod issue of one field as a sentence in Bahasa Indonesia; `value` is the cell as written. */
  private message(field: Field, issue: { code: string; params?: Record<string, unknown> }, value: string): string {
    const m = t.adminParticipants.csv;
    const column = this.columnOf(field);
    if (value === "" && field !== "kpj") return t.enrolment.csv.cell.required(column);
    switch (field) {
      case "nik":
        return nikMessage(issue.params?.reason as NikReasonCode | undefined, value);
      case "name":
        return issue.code === "too_big" ? t.enrolment.csv.name.tooLong : t.enrolment.csv.cell.invalid(column);
      case "kpj":
        return m.kpj(value);
      case "category":
        return t.enrolment.csv.category.unknown(value);
      case "opdCode":
        return m.opdCode(value);
      case "coverageFrom":
      case "coverageTo":
        return issue.code === "custom" ? m.periodReversed : m.month(column, value);
      case "contributionMonths":
        return m.months(value);
    }
  }
}

/** The template offered for download: BOM (so Excel reads UTF-8), `;` (Excel's separator in the Indonesian locale), CRLF. */
export function participantTemplateCsv(): string {
  const rows = [
    participantCsvColumns.map((c) => c.id),
    ["1506025208900001", "Siti Aminah", "12345678901", "honorer", "DISNAKER", "2025-01", "2025-12", "12"],
    ["1506010501850003", "Ahmad Yani", "", "nelayan", "PERIKANAN", "2024-07", "2025-06", "12"],
  ];
  return `\uFEFF${rows.map((r) => r.join(";")).join("\r\n")}\r\n`;
}
