import { readFile } from "node:fs/promises";
import { participantBatches, type Platform } from "@naungan/platform";
import type { By, ImportSummary, RowProblem } from "./report";
import { AdminUsageError } from "./target";

/**
 * `import-participants <csv>`: the participants covered before the
 * platform, upserted per NIK with an `import` period (100 per transaction,
 * see Participants.importExisting). The file is read and checked by the same
 * code as the admin's import page (platform participant-csv.ts). One audit
 * event per run carries the counts.
 */
export async function importParticipantsCsv(platform: Platform, file: string, by: By): Promise<ImportSummary> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new AdminUsageError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  const opds = new Set((await platform.opds.list()).map((o) => o.code));
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, invalid: [] };
  let rows = 0;
  for await (const batch of participantBatches(bytes, opds)) {
    if (batch.unreadable) throw new AdminUsageError(`${file}: ${batch.errors.map((e) => `line ${e.line}: ${e.message}`).join(" ")}`);
    summary.invalid.push(...(batch.errors satisfies RowProblem[]));
    rows = batch.rowsRead;
    if (batch.participants.length === 0) continue;
    const result = await platform.participants.importExisting(batch.participants);
    summary.created += result.created;
    summary.updated += result.updated;
    summary.unchanged += result.unchanged;
  }
  await platform.audit.record({
    subject: "participant-import",
    actor: by.actor,
    action: "participants.imported",
    requestId: by.requestId,
    data: { file: file.split(/[\\/]/).pop(), rows, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, invalid: new Set(summary.invalid.map((i) => i.line)).size },
  });
  return summary;
}
