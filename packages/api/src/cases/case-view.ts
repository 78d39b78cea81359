import type { CaseStatus, CaseStep, CaseType, ClaimSla, WorkerCategory } from "@naungan/core";
import {
  caseSubject,
  workerSk,
  type CaseRecord,
  type CaseWorker,
  type DeathClaimDetails,
  type EnrolmentDetails,
  type PayoutRecord,
  type Platform,
} from "@naungan/platform";

/*
 * A case as the API (and the case page) shows it: the record's facts, its
 * timeline from the audit chain, and for an enrolment the figures and the
 * first page of workers. NIKs are shown in full (masking comes later).
 */

export interface CaseSummary {
  id: string;
  type: CaseType;
  opdCode: string;
  status: CaseStatus;
  currentStep: CaseStep | null;
  attempt: number;
  amount: number;
  submittedBy: string;
  submittedAt: string;
  updatedAt: string;
  budgetLineId: string | null;
  executionArn: string | null;
  workersCount?: number;
  periodStart?: string;
  months?: number;
}

export interface TimelineEntry {
  at: string;
  actor: string;
  action: string;
  /** The human step the event is about, when it is about one. */
  step: string | null;
  /** A decider's note or the reason the case was closed. */
  note: string | null;
}

export interface WorkerView {
  index: number;
  nik: string;
  name: string;
  birthDate: string;
  category: WorkerCategory;
  monthlyWage?: number;
  incomeBracket?: string;
  riskGroup?: string;
  /** The worker's contribution for the whole period. */
  amount: number;
}

export interface CaseView extends CaseSummary {
  holders: string[];
  outcome: NonNullable<CaseRecord["outcome"]> | null;
  timeline: TimelineEntry[];
  breakdown?: EnrolmentDetails["breakdown"];
  workers?: WorkerView[];
  /** Where `GET /api/cases/:id/workers?cursor=` continues after `workers`. */
  workersNextCursor?: string;
}

/** What a death-benefit case adds (API.md "Death benefit"): `benefit`, `payees`, `sla` and the claim's facts. */
export interface DeathClaimView {
  deceased: DeathClaimDetails["deceased"];
  dateOfDeath: string;
  cause: DeathClaimDetails["cause"];
  monthlyWage: number | null;
  contributionMonths: number;
  documents: DeathClaimDetails["documents"];
  completeAt: string;
  benefit: Pick<DeathClaimDetails["benefit"], "lumpSum" | "periodic" | "funeral" | "scholarship" | "total">;
  scholarshipSchedule: DeathClaimDetails["benefit"]["scholarshipSchedule"];
  heirClass: DeathClaimDetails["heirClass"];
  heirs: DeathClaimDetails["heirs"];
  payees: DeathClaimDetails["payees"];
  unpaid: number;
  /** The payment deadline: stopped at the payment once paid, else as of now. */
  sla: ClaimSla & { paidAt: string | null };
  /** The treasurer's transfers, once recorded. */
  payout: PayoutRecord | null;
}

const enrolmentDetails = (record: CaseRecord) => (record.type === "enrolment" ? (record.details as Partial<EnrolmentDetails>) : undefined);

/** The facts a list of cases shows, one line per case. */
export function caseSummary(record: CaseRecord): CaseSummary {
  const details = enrolmentDetails(record);
  return {
    id: record.id,
    type: record.type,
    opdCode: record.opdCode,
    status: record.status,
    currentStep: record.currentStep ?? null,
    attempt: record.attempt,
    amount: record.amount,
    submittedBy: record.submittedBy,
    submittedAt: record.submittedAt,
    updatedAt: record.updatedAt,
    budgetLineId: record.budgetLineId ?? null,
    executionArn: record.executionArn ?? null,
    ...(details ? { workersCount: details.workersCount, periodStart: details.periodStart, months: details.months } : {}),
  };
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** Every audit event of the case, oldest first, as a timeline. */
export async function caseTimeline(platform: Platform, caseId: string): Promise<TimelineEntry[]> {
  const timeline: TimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await platform.audit.events(caseSubject(caseId), { cursor, limit: 500 });
    for (const e of page.items) {
      timeline.push({ at: e.at, actor: e.actor, action: e.action, step: text(e.data.step), note: text(e.data.note) ?? text(e.data.reason) });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return timeline;
}

/** The sort-key prefix of an attempt's workers (`WORKER#001#`), from the one place that builds their keys. */
const workerPrefix = (attempt: number) => workerSk(attempt, 0).replace(/\d+$/, "");

export function workerView(w: CaseWorker): WorkerView {
  return {
    index: w.index,
    nik: w.nik,
    name: w.name,
    birthDate: w.birthDate,
    category: w.category,
    ...(w.monthlyWage !== undefined ? { monthlyWage: w.monthlyWage } : {}),
    ...(w.incomeBracket !== undefined ? { incomeBracket: w.incomeBracket } : {}),
    ...(w.riskGroup !== undefined ? { riskGroup: w.riskGroup } : {}),
    amount: w.amount,
  };
}

/** One page of the workers of the case's current attempt, in submission order. */
export async function caseWorkers(platform: Platform, record: CaseRecord, page: { cursor?: string; limit?: number } = {}) {
  const found = await platform.cases.items<CaseWorker>(record.id, workerPrefix(record.attempt), page);
  return { items: found.items.map(workerView), ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}) };
}

/** A death-benefit case's own fields. */
export async function deathClaimView(platform: Platform, record: CaseRecord): Promise<DeathClaimView> {
  const d = record.details as unknown as DeathClaimDetails;
  const payout = (await platform.steps.get(record.id, record.attempt, "disbursement"))?.decision?.payout ?? null;
  const { lumpSum, periodic, funeral, scholarship, total, scholarshipSchedule } = d.benefit;
  const sla = d.sla ?? { ...(await platform.deathClaims.sla(record, payout?.paidAt)), paidAt: payout?.paidAt ?? null };
  return {
    deceased: d.deceased,
    dateOfDeath: d.dateOfDeath,
    cause: d.cause,
    monthlyWage: d.monthlyWage ?? null,
    contributionMonths: d.contributionMonths,
    documents: d.documents,
    completeAt: d.completeAt,
    benefit: { lumpSum, periodic, funeral, scholarship, total },
    scholarshipSchedule,
    heirClass: d.heirClass,
    heirs: d.heirs,
    payees: d.payees,
    unpaid: d.unpaid,
    sla,
    payout,
  };
}

/** Everything `GET /api/cases/:id` answers (and the case page shows). */
export async function caseView(platform: Platform, record: CaseRecord, options: { workersLimit?: number } = {}): Promise<CaseView & Partial<DeathClaimView>> {
  const details = enrolmentDetails(record);
  const [timeline, workers, claim] = await Promise.all([
    caseTimeline(platform, record.id),
    details ? caseWorkers(platform, record, { limit: options.workersLimit ?? 50 }) : undefined,
    record.type === "death_benefit" ? deathClaimView(platform, record) : undefined,
  ]);
  return {
    ...caseSummary(record),
    holders: record.holders ?? [],
    outcome: record.outcome ?? null,
    timeline,
    ...(details?.breakdown ? { breakdown: details.breakdown } : {}),
    ...(workers ? { workers: workers.items, ...(workers.nextCursor ? { workersNextCursor: workers.nextCursor } : {}) } : {}),
    ...claim,
  };
}
