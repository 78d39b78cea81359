import { id as t } from "@naungan/core/i18n";
import type { RowError } from "./worker-csv";

/*
 * The downloadable error report of an import: BOM and `;` so Excel in the
 * Indonesian locale opens it in columns, CRLF line ends. Cells are text the
 * user (or an attacker) wrote, so a cell that a spreadsheet would run as a
 * formula (= + - @, or tab/CR that some apps strip first) gets a leading
 * apostrophe (OWASP "CSV injection").
 */

const BOM = "\uFEFF";

export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const reportLine = (e: RowError) => `${[e.line, e.column, e.message].map(csvCell).join(";")}\r\n`;
const headerLine = () => `${BOM}${t.enrolment.csv.reportHeader.map(csvCell).join(";")}\r\n`;

/** The whole report as one string (for a bounded list of errors). */
export function errorsCsv(errors: Iterable<RowError>): string {
  let out = headerLine();
  for (const e of errors) out += reportLine(e);
  return out;
}

/** The same report a line at a time, for streaming every error of an import as a download. */
export async function* errorsCsvLines(errors: AsyncIterable<RowError>): AsyncGenerator<string> {
  yield headerLine();
  for await (const e of errors) yield reportLine(e);
}
