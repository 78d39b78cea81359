import type { Platform } from "@naungan/platform";
import { issuesToProblems, readCategory, readCsv, readInt, readMonth } from "./csv";
import type { By, ImportSummary, RowProblem } from "./report";

const columns = [
  { field: "nik", required: true },
  { field: "name", required: true, aliases: ["nama"] },
  { field: "kpj", required: false, aliases: ["no_kpj", "nomor_kpj"] },
  { field: "category", required: true, aliases: ["kategori"] },
  { field: "opdCode", required: true, aliases: ["kode_opd", "opd"] },
  { field: "coverageFrom", required: true, aliases: ["mulai", "periode_mulai"] },
  { field: "coverageTo", required: true, aliases: ["selesai", "periode_selesai"] },
  { field: "contributionMonths", required: true, aliases: ["bulan_iuran", "jumlah_bulan_iuran"] },
] as const;

type ImportRow = Parameters<Platform["participants"]["importExisting"]>[0][number];

/**
 * `import-participants <csv>`: the participants covered before the
 * platform, upserted per NIK with an `import` period (100 per transaction,
 * see Participants.importExisting). One audit event per run carries the counts.
 */
export async function importParticipantsCsv(platform: Platform, file: string, by: By): Promise<ImportSummary> {
  const rows = await readCsv(file, columns);
  const opds = new Set((await platform.opds.list()).map((o) => o.code));
  const invalid: RowProblem[] = [];
  const good: ImportRow[] = [];
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const { cells } = row;
    const months = readInt(cells.contributionMonths);
    const parsed = platform.participants.checkImportRow({
      nik: cells.nik,
      name: cells.name,
      kpj: cells.kpj || undefined,
      category: readCategory(cells.category),
      opdCode: cells.opdCode.toUpperCase(),
      coverageFrom: readMonth(cells.coverageFrom),
      coverageTo: readMonth(cells.coverageTo),
      contributionMonths: months ?? -1,
    });
    if (!parsed.success) {
      // One message per cell: the first problem of each column.
      const byColumn = new Map<string, RowProblem>();
      for (const p of issuesToProblems(row, parsed.error.issues)) if (!byColumn.has(p.column)) byColumn.set(p.column, p);
      if (months === undefined) byColumn.set(row.column("contributionMonths"), { line: row.line, column: row.column("contributionMonths"), message: `"${cells.contributionMonths}" is not a whole number of months` });
      invalid.push(...byColumn.values());
      continue;
    }
    const p = parsed.data;
    if (!opds.has(p.opdCode)) {
      invalid.push({ line: row.line, column: row.column("opdCode"), message: `unknown OPD ${p.opdCode} (import the OPDs first)` });
      continue;
    }
    const seen = firstLine.get(p.nik);
    if (seen !== undefined) {
      invalid.push({ line: row.line, column: row.column("nik"), message: `NIK appears again (first on line ${seen})` });
      continue;
    }
    firstLine.set(p.nik, row.line);
    good.push(p);
  }
  const result = good.length ? await platform.participants.importExisting(good) : { created: 0, updated: 0, unchanged: 0 };
  const summary: ImportSummary = { created: result.created, updated: result.updated, unchanged: result.unchanged, invalid };
  await platform.audit.record({
    subject: "participant-import",
    actor: by.actor,
    action: "participants.imported",
    requestId: by.requestId,
    data: { file: file.split(/[\\/]/).pop(), rows: rows.length, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, invalid: new Set(invalid.map((i) => i.line)).size },
  });
  return summary;
}
