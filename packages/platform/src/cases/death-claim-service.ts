import type { SFNClient } from "@aws-sdk/client-sfn";
import {
  assessDeathClaim,
  canSeeOpd,
  claimSla,
  defaultDeathBenefitTables,
  deathClaimSubmissionSchema,
  newId,
  wibDate,
  type AcceptedClaim,
  type ClaimHeir,
  type ClaimPayee,
  type ClaimSla,
  type DeathBenefit,
  type DeathCause,
  type DeathClaimSubmission,
  type FuneralOrganiser,
  type HeirClass,
  type RegisteredDeceased,
  type WorkerCategory,
} from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { User } from "../auth/users";
import type { Participant, Participants } from "../enrolment/participants";
import { Refused } from "../errors";
import type { Opds } from "../master/opds";
import type { Settings, SettingsStore } from "../settings";
import type { Db, TransactItem } from "../storage/db";
import type { Actor, CaseRecord, CaseStore } from "./case-store";
import { startCaseExecution } from "./start-execution";

/** What a death-benefit case keeps in `details`. */
export interface DeathClaimDetails {
  deceased: { nik: string; name: string; category: WorkerCategory; opdCode: string };
  dateOfDeath: string;
  cause: DeathCause;
  monthlyWage?: number;
  /** Contribution months counted from the registry up to the month of death. */
  contributionMonths: number;
  documents: DeathClaimSubmission["documents"];
  /** When the claim was complete: the SLA clock starts here. */
  completeAt: string;
  benefit: DeathBenefit;
  heirClass: HeirClass;
  heirs: ClaimHeir[];
  funeralOrganiser?: FuneralOrganiser;
  /** Who is paid what, into which account; their amounts sum to the case amount. */
  payees: ClaimPayee[];
  /** Not paid out (no heir): stays in the social security fund. */
  unpaid: number;
  /** The clock as it stood at payment (set when the claim completes). */
  sla?: ClaimSla & { paidAt: string };
}

export interface DeathClaimServiceDeps {
  db: Db;
  cases: CaseStore;
  opds: Opds;
  participants: Participants;
  settings: SettingsStore;
  sfn?: SFNClient;
  /** The death-benefit state machine (local engine or AWS). */
  stateMachineArn?: string;
  now: () => Date;
}

/** One claim per deceased person, ever: this item names the claim and is written with it. */
const claimMarkerKey = (nik: string) => ({ pk: `DEATHCLAIM#${nik}`, sk: "DEATHCLAIM" });

export type CheckedClaim = { submission: DeathClaimSubmission; deceased: Participant; assessment: AcceptedClaim; completeAt: string };

/**
 * Filing death-benefit claims: everything knowable before the workflow runs
 * is decided here (core's `assessDeathClaim` over the registry), so a
 * refused claim writes nothing.
 */
export class DeathClaimService {
  constructor(private readonly deps: DeathClaimServiceDeps) {}

  /** The registry's entry for the claim form's NIK search; any OPD may file for a participant it employs. */
  async findDeceased(nik: string): Promise<Participant | undefined> {
    return this.deps.participants.get(nik);
  }

  /** The claim that already exists for this person, if any. */
  async existingClaim(nik: string): Promise<string | undefined> {
    const key = claimMarkerKey(nik);
    return (await this.deps.db.get<{ caseId: string }>(key.pk, key.sk, true))?.caseId;
  }

  /** Checks a claim and works out the benefit and the payees; refusals name the fields. */
  async check(input: unknown, user: Pick<User, "role" | "opdCode">): Promise<CheckedClaim> {
    const parsed = deathClaimSubmissionSchema.safeParse(input);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
      throw new Refused("invalid", t.death.claim.invalid, fields);
    }
    const submission = parsed.data;
    if (!canSeeOpd(user as { role: User["role"]; opdCode?: string }, submission.opdCode)) throw new Refused("forbidden", t.cases.errors.otherOpd);
    const [opd, deceased, settings] = await Promise.all([
      this.deps.opds.get(submission.opdCode),
      this.deps.participants.get(submission.deceasedNik),
      this.deps.settings.get(),
    ]);
    if (!opd) throw new Refused("invalid", t.cases.errors.unknownOpd, [{ path: "opdCode", message: t.cases.errors.unknownOpd }]);
    const now = this.deps.now();
    // The OPD that employs the participant files the claim; to any other OPD the person is unknown (nothing leaks).
    const ownDeceased = deceased && deceased.opdCode === submission.opdCode ? deceased : undefined;
    const assessment = assessDeathClaim(submission, ownDeceased && registered(ownDeceased), { tables: tablesFor(settings), today: wibDate(now) });
    if (!assessment.ok) {
      if (assessment.kind === "invalid") throw new Refused("invalid", assessment.message, assessment.problems);
      throw new Refused("unprocessable", assessment.message, [{ path: "deceasedNik", message: assessment.message }], { reason: assessment.reason });
    }
    const completeAt = completeAtOf(submission, now);
    if (completeAt.problem) throw new Refused("invalid", t.death.claim.invalid, [{ path: "completeAt", message: completeAt.problem }]);
    return { submission, deceased: ownDeceased!, assessment, completeAt: completeAt.at };
  }

  /**
   * Files the claim (status `validating`) and starts its workflow. The case
   * and the person's claim marker are written in one transaction, so of two
   * claims for one person, even at the same moment, one is refused (409
   * naming the other).
   */
  async submit(input: unknown, user: User, by: Actor): Promise<CaseRecord> {
    const checked = await this.check(input, user);
    const nik = checked.submission.deceasedNik;
    const first = await this.existingClaim(nik);
    if (first) throw alreadyClaimed(first);
    const caseId = newId("case", this.deps.now().getTime());
    const record = this.record(caseId, checked, user);
    const marker: TransactItem = {
      Put: { Item: { ...claimMarkerKey(nik), type: "death_claim_marker", caseId, nik, at: record.submittedAt }, ConditionExpression: "attribute_not_exists(pk)" },
    };
    const created = await this.deps.cases.create(record, [], by, { action: "case.submitted", data: { after: { ...record.details, amount: record.amount } } }, [marker]);
    if (!created) {
      const winner = await this.existingClaim(nik);
      if (winner && winner !== caseId) throw alreadyClaimed(winner);
      throw new Error(`case ${caseId} could not be created`);
    }
    return startCaseExecution(this.deps, this.deps.stateMachineArn, caseId, 1, by);
  }

  /** A `returned` claim corrected and sent again, for the same deceased person. */
  async resubmit(caseId: string, input: unknown, user: User, by: Actor): Promise<CaseRecord> {
    const current = await this.deps.cases.get(caseId);
    if (!current || current.type !== "death_benefit" || !canSeeOpd(user, current.opdCode)) throw new Refused("not_found", t.cases.errors.notFound);
    if (current.status !== "returned") throw new Refused("conflict", t.cases.errors.notReturned(current.status));
    const checked = await this.check(input, user);
    const before = current.details as unknown as DeathClaimDetails;
    if (checked.submission.deceasedNik !== before.deceased.nik) {
      throw new Refused("invalid", t.death.claim.otherDeceased, [{ path: "deceasedNik", message: t.death.claim.otherDeceased }]);
    }
    if (checked.submission.opdCode !== current.opdCode) throw new Refused("invalid", t.cases.errors.otherOpd, [{ path: "opdCode", message: t.cases.errors.otherOpd }]);
    const attempt = current.attempt + 1;
    const { amount, details } = this.record(caseId, checked, user);
    const next = await this.deps.cases.transition(
      caseId,
      { attempt: current.attempt, from: ["returned"], set: { attempt, status: "validating", amount, details }, remove: ["outcome", "currentStep", "holders", "executionArn"] },
      by,
      { action: "case.resubmitted", data: { attempt, before: { amount: current.amount, payees: before.payees }, after: { amount, payees: details.payees } } },
    );
    if (!next) throw new Refused("conflict", t.cases.errors.notReturned(current.status));
    return startCaseExecution(this.deps, this.deps.stateMachineArn, caseId, attempt, by);
  }

  /**
   * The workflow's own check (CheckEligibility): the registry may have
   * changed since the claim was filed. Reads only.
   */
  async recheck(c: CaseRecord): Promise<{ ok: true; amount: number } | { ok: false; reason: string }> {
    const d = c.details as unknown as DeathClaimDetails;
    const [deceased, settings, marker] = await Promise.all([this.deps.participants.get(d.deceased.nik), this.deps.settings.get(), this.existingClaim(d.deceased.nik)]);
    if (marker !== c.id) return { ok: false, reason: t.death.claim.alreadyClaimed(marker ?? "?") };
    const claim = claimOf(d, c.opdCode);
    const assessment = assessDeathClaim(claim, deceased && registered(deceased), { tables: tablesFor(settings), today: wibDate(this.deps.now()) });
    if (!assessment.ok) return { ok: false, reason: assessment.message };
    if (assessment.benefit.total !== d.benefit.total) throw new Error(`case ${c.id}: the benefit changed from ${d.benefit.total} to ${assessment.benefit.total}`);
    return { ok: true, amount: c.amount };
  }

  /** The deadline clock of a claim: at payment (a date, `paidAt`) once paid, else as of now. */
  async sla(c: CaseRecord, paidAt?: string): Promise<ClaimSla> {
    const d = c.details as unknown as DeathClaimDetails;
    const { holidays } = await this.deps.settings.get();
    return claimSla({ completeAt: d.completeAt, ...(paidAt ? { paidAt: startOfWibDay(paidAt) } : {}), now: this.deps.now(), benefitTotal: c.amount, holidays });
  }

  private record(caseId: string, checked: CheckedClaim, user: User): CaseRecord & { details: DeathClaimDetails & Record<string, unknown> } {
    const { submission: s, deceased, assessment: a } = checked;
    const now = this.deps.now().toISOString();
    const details: DeathClaimDetails = {
      deceased: { nik: deceased.nik, name: deceased.name, category: deceased.category, opdCode: deceased.opdCode },
      dateOfDeath: s.dateOfDeath,
      cause: s.cause,
      ...(s.monthlyWage ? { monthlyWage: s.monthlyWage } : {}),
      contributionMonths: a.contributionMonths,
      documents: s.documents,
      completeAt: checked.completeAt,
      benefit: a.benefit,
      heirClass: a.heirClass,
      heirs: s.heirs,
      ...(s.funeralOrganiser ? { funeralOrganiser: s.funeralOrganiser } : {}),
      payees: a.payees,
      unpaid: a.unpaid,
    };
    return {
      id: caseId,
      type: "death_benefit",
      opdCode: s.opdCode,
      status: "validating",
      attempt: 1,
      // What is paid out: the benefit, less what stays in the fund when nobody inherits.
      amount: a.payees.reduce((sum, p) => sum + p.amount, 0),
      submittedBy: user.email,
      submittedAt: now,
      updatedAt: now,
      details: details as DeathClaimDetails & Record<string, unknown>,
    };
  }
}

const alreadyClaimed = (caseId: string) => new Refused("conflict", t.death.claim.alreadyClaimed(caseId), [{ path: "deceasedNik", message: t.death.claim.alreadyClaimed(caseId) }], { caseId });

/** The benefit tables with the admin's JKK floor ([U]). */
const tablesFor = (settings: Settings) => defaultDeathBenefitTables.map((table) => ({ ...table, jkk: { ...table.jkk, floor: settings.jkkDeathFloor } }));

function registered(p: Participant): RegisteredDeceased {
  return { nik: p.nik, name: p.name, category: p.category, opdCode: p.opdCode, coverage: p.periods.map(({ from, to }) => ({ from, to })) };
}

/** A stored claim as the submission it was made from. */
function claimOf(d: DeathClaimDetails, opdCode: string): DeathClaimSubmission {
  return {
    opdCode,
    deceasedNik: d.deceased.nik,
    dateOfDeath: d.dateOfDeath,
    cause: d.cause,
    ...(d.monthlyWage ? { monthlyWage: d.monthlyWage } : {}),
    heirs: d.heirs,
    ...(d.funeralOrganiser ? { funeralOrganiser: d.funeralOrganiser } : {}),
    documents: d.documents,
  };
}

const startOfWibDay = (date: string) => `${date}T00:00:00+07:00`;

/** `completeAt` as an instant: a bare date is the start of that day in WIB; never before the death, never in the future. */
function completeAtOf(s: DeathClaimSubmission, now: Date): { at: string; problem?: undefined } | { at: string; problem: string } {
  const at = s.completeAt === undefined ? now : new Date(s.completeAt.length === 10 ? startOfWibDay(s.completeAt) : s.completeAt);
  if (at.getTime() > now.getTime()) return { at: "", problem: t.death.claim.completeInFuture };
  if (wibDate(at) < s.dateOfDeath) return { at: "", problem: t.death.claim.completeBeforeDeath };
  return { at: at.toISOString() };
}
