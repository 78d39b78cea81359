import { maskPersonalData, seesPersonalData, type CaseStatus, type CaseStep, type CaseType, type ClaimSla, type Role, type WorkerCategory } from "@naungan/core";
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
 * first page of workers. Everything here is built in full; what leaves the
 * API or a page goes through `forViewer`, which masks NIKs and account
 * numbers for the roles that do not need them (UU PDP 27/2022).
 */

/**
 * The one place the personal-data policy meets a response: `value` as is for
 * the roles that see NIKs and accounts (core's `seesPersonalData`), else a
 * masked copy (`maskPersonalData`). No viewer: masked.
 */
export function forViewer<T>(value: T, viewer: { role: Role } | undefined): T {
  return viewer && seesPersonalData(viewer.role) ? value : maskPersonalData(value);
}

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
      // A reveal names the field it showed (never the value): that is its note.
      const note = e.action === PERSONAL_DATA_REVEALED ? text(e.data.field) : (text(e.data.note) ?? text(e.data.reason));
      timeline.push({ at: e.at, actor: e.actor, action: e.action, step: text(e.data.step), note });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return timeline;
}

/** The audit action of an auditor's reveal of one masked value (data: `{ field }`). */
export const PERSONAL_DATA_REVEALED = "personal_data.revealed";

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

/** A value at a dotted path (`payees.1.bankAccount.number`), own properties only. */
function valueAt(value: unknown, segments: readonly string[]): unknown {
  let at = value;
  for (const key of segments) {
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const INDEX = /^(0|[1-9]\d{0,5})$/;

/**
 * The full value of one personal-data field of the case, by its path in the
 * case view: `workers.<index>.nik` (any worker of the current attempt, by its
 * index), `deceased.nik`, `heirs.0.nik`, `payees.1.bankAccount.number`,
 * `payout.payouts.0.nik`, `scholarshipSchedule.0.childNik`,
 * `documents.familyCardNo`. Undefined when the path is not a field that
 * `forViewer` masks (or names nothing): a masked field is exactly one whose
 * masked value differs from the full one.
 */
export async function personalDataAt(platform: Platform, record: CaseRecord, field: string): Promise<string | undefined> {
  const segments = field.split(".");
  if (field.length > 100 || segments.some((s) => s === "")) return undefined;
  let source: unknown;
  if (record.type === "enrolment") {
    const [first, index] = segments;
    if (first !== "workers" || index === undefined || !INDEX.test(index)) return undefined;
    const found = await platform.cases.items<CaseWorker>(record.id, workerSk(record.attempt, Number(index)), { limit: 1 });
    source = found.items[0] ? { workers: { [index]: workerView(found.items[0]) } } : undefined;
  } else if (record.type === "death_benefit") {
    source = await deathClaimView(platform, record);
  }
  const full = valueAt(source, segments);
  return typeof full === "string" && full !== valueAt(maskPersonalData(source), segments) ? full : undefined;
}
