import { opdSchema, type Opd } from "@naungan/core";
import { TransactionRefused, type Platform } from "@naungan/platform";
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
      summary[await upsertOpd(platform, opd, by)]++;
    } catch (err) {
      if (!(err instanceof TransactionRefused)) throw err;
      summary.invalid.push({ line: row.line, column: "", message: "the OPD changed while importing; run the import again" });
    }
  }
  return summary;
}

async function upsertOpd(platform: Platform, opd: Opd, by: By): Promise<"created" | "updated" | "unchanged"> {
  const before = await platform.opds.get(opd.code);
  if (!before) return (await platform.opds.createIfAbsent(opd, by)) ? "created" : upsertOpd(platform, opd, by);
  if (before.name === opd.name && before.riskGroup === opd.riskGroup) return "unchanged";
  await platform.audit.record(
    { subject: `opd#${opd.code}`, actor: by.actor, action: "opd.updated", requestId: by.requestId, data: { before, after: opd }, opdCode: opd.code },
    [
      {
        Update: {
          Key: { pk: `OPD#${opd.code}`, sk: "OPD" },
          UpdateExpression: "SET #name = :name, #risk = :risk",
          ConditionExpression: "#name = :oldName AND #risk = :oldRisk",
          ExpressionAttributeNames: { "#name": "name", "#risk": "riskGroup" },
          ExpressionAttributeValues: { ":name": opd.name, ":risk": opd.riskGroup, ":oldName": before.name, ":oldRisk": before.riskGroup },
        },
      },
    ],
  );
  return "updated";
}
