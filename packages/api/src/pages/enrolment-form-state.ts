import { isWageEarner, workerCategories, type WorkerCategory } from "@naungan/core";
import type { CaseRecord } from "@naungan/platform";
import type { WorkerView } from "../cases/case-view";
import { formText } from "./page-context";

/*
 * The enrolment form's state lives in the form itself (no session storage):
 * every button posts all fields and the page is rendered again from them.
 * Worker fields are named after the API's paths (`workers.3.nik`), so the
 * platform's field errors land next to the right input without mapping.
 */

export const workerFields = ["nik", "name", "birthDate", "category", "monthlyWage", "incomeBracket", "riskGroup"] as const;
export type WorkerFormField = (typeof workerFields)[number];
export type WorkerRow = Record<WorkerFormField, string>;

export interface EnrolmentFormState {
  budgetLineId: string;
  periodStart: string;
  months: string;
  rows: WorkerRow[];
  /** The returned case being corrected (resubmission). */
  from?: string;
}

/** Rows the form holds; larger batches go through the CSV upload. */
export const MAX_FORM_ROWS = 500;

export const emptyRow = (): WorkerRow => ({ nik: "", name: "", birthDate: "", category: "", monthlyWage: "", incomeBracket: "", riskGroup: "" });

export const isBlank = (row: WorkerRow) => workerFields.every((f) => row[f] === "");

const rowField = /^workers\.(\d{1,6})\.(\w+)$/;

/** The form as posted; rows beyond the limit are counted, not kept. */
export function readForm(body: Record<string, unknown>): { state: EnrolmentFormState; tooManyRows: boolean } {
  const rows: WorkerRow[] = [];
  let tooManyRows = false;
  for (const [name, value] of Object.entries(body)) {
    const m = rowField.exec(name);
    if (!m || !(workerFields as readonly string[]).includes(m[2]!)) continue;
    const index = Number(m[1]);
    if (index >= MAX_FORM_ROWS) {
      tooManyRows = true;
      continue;
    }
    for (let i = rows.length; i <= index; i++) rows.push(emptyRow());
    // One line per field: a line break could not come from an input and would shift CSV lines.
    rows[index]![m[2] as WorkerFormField] = formText(value).replace(/[\r\n]+/g, " ");
  }
  const from = formText(body.from);
  return {
    state: {
      budgetLineId: formText(body.budgetLineId),
      periodStart: formText(body.periodStart),
      months: formText(body.months),
      rows: rows.length > 0 ? rows : [emptyRow()],
      ...(from ? { from } : {}),
    },
    tooManyRows,
  };
}

/** A row with only the fields its category uses (the form shows them all without JavaScript). */
export function relevantFields(row: WorkerRow): WorkerRow {
  if (!(workerCategories as readonly string[]).includes(row.category)) return row;
  return isWageEarner(row.category as WorkerCategory) ? { ...row, incomeBracket: "" } : { ...row, monthlyWage: "", riskGroup: "" };
}

/** A returned case's workers, as rows to correct. */
export function stateOfCase(c: CaseRecord, workers: readonly WorkerView[]): EnrolmentFormState {
  return {
    budgetLineId: c.budgetLineId ?? "",
    periodStart: String(c.details.periodStart ?? ""),
    months: String(c.details.months ?? ""),
    rows: workers.map((w) => ({
      nik: w.nik,
      name: w.name,
      birthDate: w.birthDate,
      category: w.category,
      monthlyWage: w.monthlyWage === undefined ? "" : String(w.monthlyWage),
      incomeBracket: w.incomeBracket ?? "",
      riskGroup: w.riskGroup ?? "",
    })),
    from: c.id,
  };
}
