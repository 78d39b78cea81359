import { canSeeOpd, type EnrolmentWorker } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { User } from "../auth/users";
import { Refused } from "../errors";
import type { Platform } from "../platform";
import type { EnrolmentService } from "../cases/enrolment-service";
import type { ImportContext, ImportedWorker, ImportOutcome, ImportSteps } from "./import-jobs";

type Checked = Awaited<ReturnType<EnrolmentService["check"]>>;
import type { RowError, WorkerField } from "./worker-csv";

/*
 * What an import does with the rows it read: the enrolment service checks
 * the batch (registry duplicates, master data, pricing — everything that
 * would refuse the submission, so a valid file never fails at `submit`) and
 * submits it as one case. The upload route and page (locally, in
 * process) and the ImportRunner Lambda (deployed) all run an import through here.
 */

/** What the upload is for; refused at upload time when no row could fix it. */
export interface ImportTarget {
  opdCode: string;
  budgetLineId: string;
  periodStart: string;
  months: number;
}

/** The case of an import: derived from the import id, so a retried `submit` finds the case it made. */
export const importCaseId = (importId: string) => `case_${importId.slice(importId.indexOf("_") + 1)}`;

const submissionOf = (workers: readonly EnrolmentWorker[], c: ImportContext) => ({
  opdCode: c.opdCode,
  budgetLineId: c.budgetLineId,
  periodStart: c.periodStart,
  months: c.months,
  workers,
});

/** The OPD scope and the budget line, checked before the file is stored (400/403 naming the field). */
export async function checkImportTarget(platform: Platform, target: ImportTarget, user: User): Promise<void> {
  if (!canSeeOpd(user, target.opdCode)) throw new Refused("forbidden", t.cases.errors.otherOpd);
  const line = await platform.budgetLines.get(target.budgetLineId);
  if (!line || line.opdCode !== target.opdCode) {
    throw new Refused("invalid", t.cases.errors.unknownBudgetLine, [{ path: "budgetLineId", message: t.cases.errors.unknownBudgetLine }]);
  }
  if (Number(target.periodStart.slice(0, 4)) !== line.year) {
    const message = t.cases.errors.periodOutsideYear(line.year);
    throw new Refused("invalid", message, [{ path: "periodStart", message }]);
  }
}

/** A refusal of the batch as errors of the file: `workers.3.nik` → the line of worker 3, the file's NIK column. */
function rowErrors(refused: Refused, workers: readonly ImportedWorker[], columnOf: (field: WorkerField) => string): RowError[] {
  const fields = refused.fields?.length ? refused.fields : [{ path: "", message: refused.message }];
  return fields.map(({ path, message }) => {
    const m = /^workers\.(\d+)\.(\w+)/.exec(path);
    const worker = m ? workers[Number(m[1])] : undefined;
    // Not a row's fault (the period, the budget line): reported against the header line.
    return worker ? { line: worker.line, column: columnOf(m![2] as WorkerField), message } : { line: 1, column: "", message };
  });
}

/** The steps of an import run by `user` (by default the uploader, looked up when the run starts elsewhere). */
export function enrolmentImportSteps(platform: Platform, user?: User): ImportSteps {
  const submitter = async (context: ImportContext) => {
    const found = user ?? (await platform.users.get(context.submittedBy));
    if (!found?.active) throw new Refused("forbidden", t.api.imports.submitterInactive);
    return found;
  };
  // The check of this run's batch, handed to `submit` so a 19,000-row file is
  // not looked up in the registry and priced twice (the workflow's
  // ValidateAndPrice still looks again before anyone decides).
  let checked: Checked | undefined;
  return {
    async checkBatch(workers, context) {
      try {
        checked = await platform.enrolments.check(submissionOf(workers.map((w) => w.worker), context), await submitter(context));
        return [];
      } catch (err) {
        if (err instanceof Refused) return rowErrors(err, workers, context.columnOf);
        throw err;
      }
    },
    async submit(workers, context) {
      const by = { actor: context.submittedBy, requestId: context.requestId };
      const input = submissionOf(workers, context);
      const sameBatch = checked?.submission.workers.length === workers.length && checked.submission.workers.every((w, i) => w.nik === workers[i]!.nik);
      const record = await platform.enrolments.submit(input, await submitter(context), by, { caseId: importCaseId(context.importId), ...(sameBatch ? { checked } : {}) });
      return { caseId: record.id };
    },
  };
}

/** Runs an import to its end; safe to call again for the same import (see ImportJobs.run). */
export function runEnrolmentImport(platform: Platform, importId: string, user?: User): Promise<ImportOutcome> {
  return platform.imports.run(importId, enrolmentImportSteps(platform, user));
}
