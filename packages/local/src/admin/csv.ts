import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { parseRupiah, RupiahParseError } from "@naungan/core";
import { AdminUsageError } from "./target";
import type { RowProblem } from "./report";

/** One data row: the physical line and its cells by field name (trimmed; "" when empty or missing). */
export interface CsvRow<F extends string> {
  line: number;
  cells: Record<F, string>;
  /** The header name the file uses for each field (for messages). */
  column: (field: F) => string;
}

export interface CsvColumn<F extends string> {
  field: F;
  required: boolean;
  /** Other accepted spellings (Indonesian names); compared without case, spaces, `_` or `-`. */
  aliases?: readonly string[];
}

const norm = (name: string) => name.toLowerCase().replace(/[\s_\-.]/g, "");

/** `;` when the header has more semicolons than commas (Excel in Indonesian locale), else `,`. */
function detectDelimiter(text: string): ";" | "," {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ";" : ",";
}

/**
 * Reads a whole admin CSV (comma or semicolon, UTF-8 with or without BOM,
 * CRLF or LF). A file that cannot be read, or whose header lacks a required
 * column, is fatal; rows are handed on with their line numbers.
 */
export async function readCsv<F extends string>(path: string, columns: readonly CsvColumn<F>[]): Promise<CsvRow<F>[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new AdminUsageError(`Cannot read ${path}: ${(err as Error).message}`);
  }
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    // Line breaks as "\n" only, so that lines count the same in every file (csv-text.ts does the same).
    text = text.replace(/\r\n?/g, "\n");
    records = parse(text, { bom: true, delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: true, trim: true, info: true, raw: true }) as never;
  } catch (err) {
    throw new AdminUsageError(`${path} is not readable CSV: ${(err as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new AdminUsageError(`${path} is empty: it needs a header line (${columns.map((c) => c.field).join(",")}).`);
  const indexOf = new Map<F, number>();
  const names = header.record.map(norm);
  for (const c of columns) {
    const i = names.findIndex((n) => n === norm(c.field) || (c.aliases ?? []).some((a) => norm(a) === n));
    if (i >= 0) indexOf.set(c.field, i);
    else if (c.required) throw new AdminUsageError(`${path}: the header has no "${c.field}" column (expected ${columns.map((x) => x.field).join(",")}).`);
  }
  const column = (field: F) => {
    const i = indexOf.get(field);
    return i === undefined ? field : header.record[i]!;
  };
  return rows
    .filter((r) => r.record.some((cell) => cell !== ""))
    .map((r) => ({
      // `info.lines` is where the record ends; a quoted cell may span lines, and we name where it starts.
      line: r.info.lines - (r.raw.replace(/^(?:[ \t]*\n)+/, "").replace(/\n$/, "").match(/\n/g)?.length ?? 0),
      cells: Object.fromEntries(columns.map((c) => [c.field, indexOf.has(c.field) ? (r.record[indexOf.get(c.field)!] ?? "") : ""])) as Record<F, string>,
      column,
    }));
}

/** Zod issues of one row, named by the file's column for each field. */
export function issuesToProblems<F extends string>(row: CsvRow<F>, issues: readonly { path: PropertyKey[]; message: string }[]): RowProblem[] {
  return issues.map((i) => ({ line: row.line, column: i.path.length ? row.column(String(i.path[0]) as F) : "", message: i.message }));
}

/** `5000000`, `5.000.000`, `Rp 5.000.000,00`; undefined when it is not a whole rupiah amount. */
export function readRupiah(text: string): number | undefined {
  try {
    return parseRupiah(text);
  } catch (err) {
    if (err instanceof RupiahParseError || err instanceof RangeError) return undefined;
    throw err;
  }
}

/** A whole number (`12`, `1.200`); undefined otherwise. */
export const readInt = (text: string): number | undefined => (/^\d{1,3}(\.\d{3})*$|^\d+$/.test(text) ? Number(text.replace(/\./g, "")) : undefined);

/** `ii` → `II`, `2` → `II`. */
export const readRiskGroup = (text: string): string => ({ "1": "I", "2": "II", "3": "III", "4": "IV", "5": "V" })[text] ?? text.toUpperCase();
