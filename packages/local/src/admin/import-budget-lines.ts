import { budgetLineId, newBudgetLineSchema, Refused, type NewBudgetLine, type Platform } from "@naungan/platform";
import { issuesToProblems, readCsv, readInt, readRupiah, type CsvRow } from "./csv";
import type { By, ImportSummary, RowProblem } from "./report";

const columns = [
  { field: "opdCode", required: true, aliases: ["kode_opd", "opd"] },
  { field: "year", required: true, aliases: ["tahun"] },
  { field: "accountCode", required: true, aliases: ["kode_rekening", "rekening"] },
  { field: "name", required: true, aliases: ["nama", "uraian"] },
  { field: "pagu", required: true },
] as const;
type Field = (typeof columns)[number]["field"];

/**
 * `import-budget-lines <csv>` (opdCode,year,accountCode,name,pagu): the
 * year's DPA lines. A line is identified by OPD, year and account code;
 * re-running updates its name and pagu (audited with before and after), but
 * a pagu never drops below what is already reserved and spent on the line.
 */
export async function importBudgetLines(platform: Platform, file: string, by: By): Promise<ImportSummary> {
  const rows = await readCsv(file, columns);
  const opds = new Set((await platform.opds.list()).map((o) => o.code));
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, invalid: [] };
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const line = parseRow(row, opds, summary.invalid);
    if (!line) continue;
    const id = budgetLineId(line);
    const seen = firstLine.get(id);
    if (seen !== undefined) {
      summary.invalid.push({ line: row.line, column: row.column("accountCode"), message: `budget line ${id} appears again (first on line ${seen})` });
      continue;
    }
    firstLine.set(id, row.line);
    try {
      summary[await platform.budgetLines.upsert(line, by)]++;
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      // A pagu below reserved + spent, or the line's ledger moved while importing: the line is left as it is.
      summary.invalid.push({ line: row.line, column: row.column(err.fields?.[0]?.path === "pagu" ? "pagu" : "accountCode"), message: err.message });
    }
  }
  return summary;
}

function parseRow(row: CsvRow<Field>, opds: Set<string>, problems: RowProblem[]): NewBudgetLine | undefined {
  const { cells } = row;
  const year = readInt(cells.year);
  const pagu = readRupiah(cells.pagu);
  const own: RowProblem[] = [];
  if (year === undefined) own.push({ line: row.line, column: row.column("year"), message: `"${cells.year}" is not a year` });
  if (pagu === undefined) own.push({ line: row.line, column: row.column("pagu"), message: `"${cells.pagu}" is not a whole rupiah amount` });
  const parsed = newBudgetLineSchema.safeParse({ opdCode: cells.opdCode.toUpperCase(), year: year ?? 0, accountCode: cells.accountCode, name: cells.name, pagu: pagu ?? 0 });
  if (!parsed.success) own.push(...issuesToProblems(row, parsed.error.issues.filter((i) => !(i.path[0] === "year" && year === undefined) && !(i.path[0] === "pagu" && pagu === undefined))));
  else if (!opds.has(parsed.data.opdCode)) own.push({ line: row.line, column: row.column("opdCode"), message: `unknown OPD ${parsed.data.opdCode} (import the OPDs first)` });
  problems.push(...own);
  return own.length === 0 && parsed.success ? parsed.data : undefined;
}
