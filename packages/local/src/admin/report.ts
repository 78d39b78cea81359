import { randomBytes } from "node:crypto";

/** One bad row (or cell): `line` is the physical line of the file (header = 1). */
export interface RowProblem {
  line: number;
  column: string;
  message: string;
}

/** Counts every import prints; `invalid` are the rows left out. */
export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  invalid: RowProblem[];
}

/** Who the audit log names for CLI changes, and one request id per run. */
export const adminActor = () => ({ actor: `admin-cli:${process.env.USER ?? process.env.USERNAME ?? "unknown"}`, requestId: `admin-${Date.now()}-${randomBytes(4).toString("hex")}` });
export type By = ReturnType<typeof adminActor>;

export const EXIT_OK = 0;
export const EXIT_FATAL = 1;
export const EXIT_BAD_ROWS = 2;
/** verify-audit: the log does not verify. */
export const EXIT_AUDIT_BROKEN = 3;

export const invalidLines = (problems: readonly RowProblem[]) => new Set(problems.map((p) => p.line)).size;

export function formatSummary(what: string, s: ImportSummary): string[] {
  const lines = [`${what}: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${invalidLines(s.invalid)} invalid`];
  for (const p of [...s.invalid].sort((a, b) => a.line - b.line)) lines.push(`line ${p.line}: ${p.column || "(row)"}: ${p.message}`);
  return lines;
}

export const exitCodeOf = (s: ImportSummary) => (s.invalid.length > 0 ? EXIT_BAD_ROWS : EXIT_OK);
