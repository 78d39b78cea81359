import type { SFNClient } from "@aws-sdk/client-sfn";
import {
  canSeeOpd,
  enrolmentSubmissionSchema,
  newId,
  periodEnd,
  priceEnrolment,
  type EnrolmentProblem,
  type EnrolmentSubmission,
  type EnrolmentWorker,
} from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { User } from "../auth/users";
import { Refused } from "../errors";
import type { BudgetLines } from "../master/budget-lines";
import type { Opds } from "../master/opds";
import type { RateTables } from "../master/rate-tables";
import type { Participants } from "../enrolment/participants";
import type { SettingsStore } from "../settings";
import { workerSk, type Actor, type CaseRecord, type CaseStore } from "./case-store";
import { startCaseExecution } from "./start-execution";

/** A worker as stored with its case: the submitted fields plus the priced amount. */
export interface CaseWorker extends EnrolmentWorker {
  index: number;
  amount: number;
}

/** What an enrolment case keeps in `details`. */
export type EnrolmentDetails = {
  periodStart: string;
  months: number;
  workersCount: number;
  breakdown: { jkk: number; jkm: number; jht: number; jp: number };
  /** The rate table (and discounts) each month was priced with. */
  pricedWith: { month: string; rateTableId: string; discountIds: string[] }[];
};

export interface EnrolmentServiceDeps {
  cases: CaseStore;
  opds: Opds;
  budgetLines: BudgetLines;
  rateTables: RateTables;
  participants: Participants;
  settings: SettingsStore;
  sfn?: SFNClient;
  /** The enrolment state machine (local engine or AWS). */
  stateMachineArn?: string;
  now: () => Date;
}

type Problem = EnrolmentProblem;

/**
 * Submitting and resubmitting enrolments: everything that can be known
 * before the workflow runs is checked here, so a refused submission writes
 * nothing; the workflow then takes the case through its steps.
 */
export class EnrolmentService {
  constructor(private readonly deps: EnrolmentServiceDeps) {}

  /** Checks a submission and prices it; the problems name each field (`workers.3.nik`). */
  async check(input: unknown, user: Pick<User, "role" | "opdCode">): Promise<{ submission: EnrolmentSubmission; priced: Priced }> {
    const parsed = enrolmentSubmissionSchema.safeParse(input);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
      throw new Refused("invalid", t.cases.errors.invalidSubmission, fields);
    }
    const submission = parsed.data;
    if (!canSeeOpd(user as { role: User["role"]; opdCode?: string }, submission.opdCode)) throw new Refused("forbidden", t.cases.errors.otherOpd);
    const [opd, line] = await Promise.all([this.deps.opds.get(submission.opdCode), this.deps.budgetLines.get(submission.budgetLineId)]);
    if (!opd) throw new Refused("invalid", t.cases.errors.unknownOpd, [{ path: "opdCode", message: t.cases.errors.unknownOpd }]);
    if (!line || line.opdCode !== submission.opdCode) {
      throw new Refused("invalid", t.cases.errors.unknownBudgetLine, [{ path: "budgetLineId", message: t.cases.errors.unknownBudgetLine }]);
    }
    if (Number(submission.periodStart.slice(0, 4)) !== line.year) {
      throw new Refused("invalid", t.cases.errors.periodOutsideYear(line.year), [{ path: "periodStart", message: t.cases.errors.periodOutsideYear(line.year) }]);
    }
    const problems = [...duplicatesInBatch(submission.workers), ...(await this.alreadyCovered(submission))];
    const [rateTables, discounts] = await Promise.all([this.deps.rateTables.list(), this.deps.rateTables.discounts()]);
    const pricing = priceEnrolment(submission.workers, submission, { rateTables, discounts, opdRiskGroup: opd.riskGroup });
    if (!pricing.ok) problems.push(...pricing.problems);
    if (problems.length > 0 || !pricing.ok) {
      problems.sort((a, b) => (a.worker ?? -1) - (b.worker ?? -1));
      throw new Refused("invalid", t.cases.errors.workersRefused(problems.length), problems.map(({ path, message }) => ({ path, message })), { problems });
    }
    return { submission, priced: { amount: pricing.amount, breakdown: pricing.breakdown, months: pricing.months, amounts: pricing.workers.map((w) => w.amount) } };
  }

  /** Problems of workers already covered for an overlapping period (for the CSV import too). */
  async alreadyCovered(submission: Pick<EnrolmentSubmission, "periodStart" | "months" | "workers">): Promise<Problem[]> {
    const period = { from: submission.periodStart, to: periodEnd(submission) };
    const covered = await this.deps.participants.findOverlapping(
      submission.workers.map((w) => w.nik),
      period,
    );
    const problems: Problem[] = [];
    submission.workers.forEach((w, i) => {
      const found = covered.get(w.nik);
      if (found) problems.push({ worker: i, path: `workers.${i}.nik`, message: t.cases.errors.alreadyCovered(found.from, found.to, found.caseId) });
    });
    return problems;
  }

  /**
   * Creates the case (status `validating`) and starts its workflow. With
   * `caseId` (an import's), a retry finds the case already made and only
   * makes sure its workflow runs.
   */
  async submit(
    input: unknown,
    user: User,
    by: Actor,
    /** `checked`: this same input's `check` by this user, moments ago (a CSV import checks before it submits). */
    options: { caseId?: string; checked?: { submission: EnrolmentSubmission; priced: Priced } } = {},
  ): Promise<CaseRecord> {
    const { submission, priced } = options.checked ?? (await this.check(input, user));
    const caseId = options.caseId ?? newId("case", this.deps.now().getTime());
    const now = this.deps.now().toISOString();
    const record: CaseRecord = {
      id: caseId,
      type: "enrolment",
      opdCode: submission.opdCode,
      status: "validating",
      attempt: 1,
      amount: priced.amount,
      budgetLineId: submission.budgetLineId,
      submittedBy: user.email,
      submittedAt: now,
      updatedAt: now,
      details: enrolmentDetails(submission, priced),
    };
    await this.deps.cases.create(record, workerItems(submission.workers, priced.amounts, 1), by, {
      action: "case.submitted",
      data: { after: { ...record.details, amount: record.amount, budgetLineId: record.budgetLineId } },
    });
    return startCaseExecution(this.deps, this.deps.stateMachineArn, caseId, 1, by);
  }

  /** A `returned` case corrected and sent again: the next attempt, with its own workers and execution. */
  async resubmit(caseId: string, input: unknown, user: User, by: Actor): Promise<CaseRecord> {
    const current = await this.deps.cases.get(caseId);
    if (!current || current.type !== "enrolment" || !canSeeOpd(user, current.opdCode)) throw new Refused("not_found", t.cases.errors.notFound);
    if (current.status !== "returned") throw new Refused("conflict", t.cases.errors.notReturned(current.status));
    const { submission, priced } = await this.check(input, user);
    if (submission.opdCode !== current.opdCode) throw new Refused("invalid", t.cases.errors.otherOpd, [{ path: "opdCode", message: t.cases.errors.otherOpd }]);
    const attempt = current.attempt + 1;
    await this.deps.cases.putItems(caseId, workerItems(submission.workers, priced.amounts, attempt));
    const next = await this.deps.cases.transition(
      caseId,
      {
        attempt: current.attempt,
        from: ["returned"],
        set: { attempt, status: "validating", amount: priced.amount, budgetLineId: submission.budgetLineId, details: enrolmentDetails(submission, priced) },
        remove: ["outcome", "currentStep", "holders", "executionArn"],
      },
      by,
      { action: "case.resubmitted", data: { attempt, before: { amount: current.amount }, after: { amount: priced.amount, workersCount: submission.workers.length } } },
    );
    if (!next) throw new Refused("conflict", t.cases.errors.notReturned(current.status));
    return startCaseExecution(this.deps, this.deps.stateMachineArn, caseId, attempt, by);
  }
}

export interface Priced {
  amount: number;
  breakdown: EnrolmentDetails["breakdown"];
  months: EnrolmentDetails["pricedWith"];
  /** Per worker, in order. */
  amounts: number[];
}

function enrolmentDetails(submission: EnrolmentSubmission, priced: Priced): EnrolmentDetails {
  return {
    periodStart: submission.periodStart,
    months: submission.months,
    workersCount: submission.workers.length,
    breakdown: priced.breakdown,
    pricedWith: priced.months,
  };
}

function workerItems(workers: readonly EnrolmentWorker[], amounts: readonly number[], attempt: number) {
  return workers.map((w, index) => ({ sk: workerSk(attempt, index), type: "case_worker", ...w, index, amount: amounts[index]! }));
}

/** The second and later rows with a NIK seen before in the same submission. */
export function duplicatesInBatch(workers: readonly Pick<EnrolmentWorker, "nik">[]): Problem[] {
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  workers.forEach((w, i) => {
    const seen = first.get(w.nik);
    if (seen === undefined) first.set(w.nik, i);
    else problems.push({ worker: i, path: `workers.${i}.nik`, message: t.cases.errors.duplicateInBatch(seen) });
  });
  return problems;
}
