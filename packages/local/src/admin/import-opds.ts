import { opdSchema } from "@naungan/core";
import { Refused, type Platform } from "@naungan/platform";
import { issuesToProblems, readCsv, readRiskGroup } from "./csv";
import type { By, ImportSummary } from "./report";

const columns = [
  { field: "code", required: true, aliases: ["kode", "opdCode", "kode_opd"] },
  { field: "name", required: true, aliases: ["nama", "nama_opd"] },
  { field: "riskGroup", required: true, aliases: ["kelompok_risiko", "risk"] },
] as const;

/**
 * `import-opds <csv>` (code,name,riskGroup): creates missing OPDs, updates a
 * changed name or risk group (audited with before and after), leaves equal
 * ones alone.
 */
export async function importOpds(platform: Platform, file: string, by: By): Promise<ImportSummary> {
  const rows = await readCsv(file, columns);
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, invalid: [] };
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const parsed = opdSchema.safeParse({ code: row.cells.code.toUpperCase(), name: row.cells.name, riskGroup: readRiskGroup(row.cells.riskGroup) });
    if (!parsed.success) {
      summary.invalid.push(...issuesToProblems(row, parsed.error.issues));
      continue;
    }
    const opd = parsed.data;
    const seen = firstLine.get(opd.code);
    if (seen !== undefined) {
      summary.invalid.push({ line: row.line, column: row.column("code"), message: `OPD ${opd.code} appears again (first on line ${seen})` });
      continue;
    }
    firstLine.set(opd.code, row.line);
    try {
      summary[await platform.opds.upsert(opd, by)]++;
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      summary.invalid.push({ line: row.line, column: "", message: err.message });
    }
  }
  return summary;
}
