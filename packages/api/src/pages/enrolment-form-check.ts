import { monthSchema, type EnrolmentWorker } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { WorkerCsvReader, workerCsvColumns, type User } from "@naungan/platform";
import { isBlank, relevantFields, type EnrolmentFormState, type WorkerRow } from "./enrolment-form-state";

/** Messages by field path (`workers.3.nik`, `periodStart`); a field may have several. */
export type FieldErrors = Map<string, string[]>;

export const addError = (errors: FieldErrors, path: string, message: string) => {
  const list = errors.get(path) ?? [];
  if (!list.includes(message)) list.push(message);
  errors.set(path, list);
};

export interface SubmissionInput {
  opdCode: string;
  budgetLineId: string;
  periodStart: string;
  months: number;
  workers: EnrolmentWorker[];
}

const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
const HEADER_LINES = 1;

/**
 * Reads the rows the way an uploaded CSV file is read, so a worker typed in
 * the form and one uploaded are accepted (and refused, in the same words)
 * alike: the rows become a CSV text for the same reader.
 */
async function readRows(rows: readonly WorkerRow[]): Promise<{ workers: EnrolmentWorker[]; errors: FieldErrors }> {
  const lines = [
    workerCsvColumns.map((c) => c.id).join(","),
    ...rows.map((row) => workerCsvColumns.map((c) => quote(relevantFields(row)[c.field])).join(",")),
  ];
  const bytes = new TextEncoder().encode(lines.join("\r\n"));
  const reader = new WorkerCsvReader();
  const workers: EnrolmentWorker[] = [];
  const errors: FieldErrors = new Map();
  const indexOf = (line: number) => line - HEADER_LINES - 1;
  for await (const item of reader.rows((async function* () { yield bytes; })())) {
    if (item.kind === "worker") {
      workers[indexOf(item.line)] = item.worker;
      continue;
    }
    for (const e of item.errors) {
      const index = indexOf(e.line);
      const field = workerCsvColumns.find((c) => c.id === e.column)?.field;
      addError(errors, field ? `workers.${index}.${field}` : `workers.${index}`, formMessage(rows, index, field, e.message));
    }
  }
  return { workers, errors };
}

/** The reader names an earlier duplicate by its CSV line; the form says which worker. */
function formMessage(rows: readonly WorkerRow[], index: number, field: string | undefined, message: string): string {
  if (field !== "nik") return message;
  const first = rows.findIndex((r) => r.nik === rows[index]?.nik);
  return first >= 0 && first < index && message === t.enrolment.csv.nik.duplicate(first + HEADER_LINES + 1) ? t.cases.errors.duplicateInBatch(first) : message;
}

/** The budget line chosen and the period (the form and the CSV upload ask for both). */
export function checkPeriod(state: Pick<EnrolmentFormState, "budgetLineId" | "periodStart" | "months">): FieldErrors {
  const errors: FieldErrors = new Map();
  if (!state.budgetLineId) addError(errors, "budgetLineId", t.enrolment.form.errors.budgetLine);
  if (!monthSchema.safeParse(state.periodStart).success) addError(errors, "periodStart", t.enrolment.form.errors.periodStart);
  const months = Number(state.months);
  if (!/^\d{1,2}$/.test(state.months) || months < 1 || months > 12) addError(errors, "months", t.enrolment.form.errors.months);
  return errors;
}

/**
 * Checks what the form can check by itself (period, budget line chosen,
 * every row), in Bahasa Indonesia; the platform then checks the rest (master
 * data, registry, pricing). Blank rows are dropped first, so the indices of
 * errors are those of the rows shown again.
 */
export async function checkForm(state: EnrolmentFormState, user: User): Promise<{ rows: WorkerRow[]; errors: FieldErrors; input?: SubmissionInput }> {
  const errors = checkPeriod(state);
  const rows = state.rows.filter((row) => !isBlank(row));
  const months = Number(state.months);
  if (rows.length === 0) {
    addError(errors, "workers", t.enrolment.form.errors.noWorkers);
    return { rows: state.rows, errors };
  }
  const read = await readRows(rows);
  for (const [path, list] of read.errors) for (const message of list) addError(errors, path, message);
  if (errors.size > 0) return { rows, errors };
  return { rows, errors, input: { opdCode: user.opdCode ?? "", budgetLineId: state.budgetLineId, periodStart: state.periodStart, months, workers: read.workers } };
}
