import { budgetLineId, newBudgetLineSchema, TransactionRefused, type BudgetLine, type NewBudgetLine, type Platform } from "@naungan/platform";
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

const formatRp = (n: number) => `Rp${n.toLocaleString("id-ID")}`;

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
    const result = await upsertLine(platform, line, by);
    if (typeof result === "string") summary[result]++;
    else summary.invalid.push({ line: row.line, column: row.column(result.field), message: result.message });
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

async function upsertLine(platform: Platform, line: NewBudgetLine, by: By): Promise<"created" | "updated" | "unchanged" | { field: Field; message: string }> {
  const id = budgetLineId(line);
  const before = await platform.budgetLines.get(id);
  if (!before) return (await platform.budgetLines.createIfAbsent(line, by)) ? "created" : upsertLine(platform, line, by);
  if (before.name === line.name && before.pagu === line.pagu) return "unchanged";
  const floor = before.reserved + before.spent;
  if (line.pagu < floor) {
    return { field: "pagu", message: `${formatRp(line.pagu)} is below what is already reserved and spent on ${id} (${formatRp(floor)}); the line was left as it is` };
  }
  const after: BudgetLine = { ...before, name: line.name, pagu: line.pagu, available: line.pagu - floor };
  try {
    await platform.audit.record(
      { subject: `budget-line#${id}`, actor: by.actor, action: "budget_line.updated", requestId: by.requestId, data: { before, after }, opdCode: line.opdCode },
      [
        {
          Update: {
            Key: { pk: `BUDGETLINE#${id}`, sk: "BUDGETLINE" },
            UpdateExpression: "SET #name = :name, pagu = :pagu, available = :available",
            // The ledger may not have moved since we read it: then available = pagu - reserved - spent holds.
            ConditionExpression: "pagu = :oldPagu AND reserved = :reserved AND spent = :spent",
            ExpressionAttributeNames: { "#name": "name" },
            ExpressionAttributeValues: { ":name": line.name, ":pagu": line.pagu, ":available": after.available, ":oldPagu": before.pagu, ":reserved": before.reserved, ":spent": before.spent },
          },
        },
      ],
    );
  } catch (err) {
    if (!(err instanceof TransactionRefused)) throw err;
    return { field: "pagu", message: "the line's reservations changed while importing; run the import again" };
  }
  return "updated";
}
