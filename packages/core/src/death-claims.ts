import * as z from "zod";
import { isoDateSchema, type IsoDate } from "./calendar";
import {
  childSchoolLevels,
  computeBenefit,
  deathCauses,
  type ClaimChild,
  type DeathBenefit,
  type DeathBenefitTable,
} from "./death-benefits";
import { deathClaimEligibility, type CoveragePeriod, type EligibilityRule } from "./eligibility";
import type { WorkerCategory } from "./enrolment";
import { bankAccountSchema, funeralOrganiserSchema, heirSchema, payeesOf, type BankAccount, type ClaimProblem, type HeirClass, type Payee } from "./heirs";
import { death as t } from "./i18n/id-death";
import { rupiahSchema, type Rupiah } from "./money";
import { nikSchema } from "./nik";
import { opdCodeSchema } from "./opds";
import { instantSchema } from "./time";

/*
 * A death-benefit claim as an OPD files it (API.md "Death benefit"), and the
 * decision on it: who died, whether they were covered, what the claim is
 * worth and who is paid what. Pure: the platform reads the registry and
 * settings, this decides.
 */

/** A child heir may bring the facts the scholarship needs. */
export const claimHeirSchema = heirSchema.extend({
  birthDate: isoDateSchema.optional(),
  schoolLevel: z.enum(childSchoolLevels).optional(),
  levelYear: z.int().min(1).max(20).optional(),
});
export type ClaimHeir = z.infer<typeof claimHeirSchema>;

export const claimDocumentsSchema = z.object({
  deathCertificateNo: z.string().trim().min(1).max(64),
  familyCardNo: z.string().trim().min(1).max(64),
  heirStatementNo: z.string().trim().min(1).max(64),
});

export const deathClaimSubmissionSchema = z
  .object({
    opdCode: opdCodeSchema,
    deceasedNik: nikSchema,
    dateOfDeath: isoDateSchema,
    cause: z.enum(deathCauses),
    /** The monthly wage the JKK death benefit is 48 times; required for a work accident. */
    monthlyWage: rupiahSchema.min(1).optional(),
    heirs: z.array(claimHeirSchema).max(30),
    /** Who arranged the funeral: required when no heir and no will beneficiary is named. */
    funeralOrganiser: funeralOrganiserSchema.optional(),
    documents: claimDocumentsSchema,
    /** When the last document came in (the SLA clock starts there); the submission time when absent. */
    completeAt: z.union([instantSchema, isoDateSchema]).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.cause === "work_accident" && c.monthlyWage === undefined) {
      ctx.addIssue({ code: "custom", path: ["monthlyWage"], message: t.claim.wageRequired });
    }
    c.heirs.forEach((h, i) => {
      if (h.nik === c.deceasedNik) ctx.addIssue({ code: "custom", path: ["heirs", i, "nik"], message: t.claim.heirIsDeceased });
      if (h.relationship === "child" && h.schoolLevel !== undefined && h.birthDate === undefined) {
        ctx.addIssue({ code: "custom", path: ["heirs", i, "birthDate"], message: t.claim.childBirthDateRequired });
      }
    });
  });
export type DeathClaimSubmission = z.infer<typeof deathClaimSubmissionSchema>;

/** What the registry knows of the deceased. */
export interface RegisteredDeceased {
  nik: string;
  name: string;
  category: WorkerCategory;
  opdCode: string;
  coverage: CoveragePeriod[];
  /** BPU only: the months paid (absent: every covered month, as when the regency paid the period in advance). */
  paidMonths?: string[];
}

export interface ClaimRules {
  tables: readonly DeathBenefitTable[];
  eligibility?: EligibilityRule;
  /** The date today in WIB: a death cannot be after it. */
  today: IsoDate;
}

/** A payee with the account the treasurer pays into. */
export type ClaimPayee = Payee & { bankAccount: BankAccount };

export interface AcceptedClaim {
  ok: true;
  contributionMonths: number;
  benefit: DeathBenefit;
  heirClass: HeirClass;
  payees: ClaimPayee[];
  /** Not paid out (no heir: all but the funeral cost stays in the fund). */
  unpaid: Rupiah;
}

export type ClaimRefusal =
  /** The claim itself must be corrected (400), with the fields. */
  | { ok: false; kind: "invalid"; message: string; problems: ClaimProblem[] }
  /** A valid claim the rules refuse (422): not a participant, or inactive. */
  | { ok: false; kind: "ineligible"; reason: "not_registered" | "not_covered" | "bpu_inactive"; message: string };

/**
 * The decision on a claim: the deceased must have been an active participant
 * on the date of death (DOMAIN.md §3), the benefit follows from the cause,
 * the wage and the contribution months, and only the highest class of heirs
 * receives it.
 */
export function assessDeathClaim(claim: DeathClaimSubmission, deceased: RegisteredDeceased | undefined, rules: ClaimRules): AcceptedClaim | ClaimRefusal {
  if (claim.dateOfDeath > rules.today) {
    return { ok: false, kind: "invalid", message: t.claim.deathInFuture, problems: [{ path: "dateOfDeath", message: t.claim.deathInFuture }] };
  }
  if (!deceased) return { ok: false, kind: "ineligible", reason: "not_registered", message: t.eligibility.notRegistered };
  const paidMonths = deceased.paidMonths ?? deceased.coverage.flatMap((p) => monthsOf(p.from, p.to));
  const eligibility = deathClaimEligibility(
    { category: deceased.category, coverage: deceased.coverage, paidMonths, dateOfDeath: claim.dateOfDeath },
    rules.eligibility,
  );
  if (!eligibility.eligible) return { ok: false, kind: "ineligible", reason: eligibility.reason, message: eligibility.message };

  const children: ClaimChild[] = claim.heirs
    .filter((h) => h.relationship === "child" && h.schoolLevel !== undefined && h.birthDate !== undefined)
    .map((h) => ({ nik: h.nik, name: h.name, birthDate: h.birthDate!, schoolLevel: h.schoolLevel!, ...(h.levelYear ? { levelYear: h.levelYear } : {}) }));
  const benefit = computeBenefit(
    { cause: claim.cause, ...(claim.monthlyWage ? { monthlyWage: claim.monthlyWage } : {}), contributionMonths: eligibility.contributionMonths, children },
    rules.tables,
    claim.dateOfDeath,
  );
  const result = payeesOf(claim.heirs, benefit, claim.funeralOrganiser);
  if (!result.ok) return { ok: false, kind: "invalid", message: t.claim.heirsRefused(result.problems.length), problems: result.problems };
  const accounts = new Map(claim.heirs.map((h) => [h.nik, h.bankAccount]));
  const payees = result.payees.map((p) => ({
    ...p,
    bankAccount: p.kind === "heir" ? accounts.get(p.nik)! : claim.funeralOrganiser!.bankAccount,
  }));
  return { ok: true, contributionMonths: eligibility.contributionMonths, benefit, heirClass: result.class, payees, unpaid: result.unpaid };
}

/** Every month from `from` to `to`, both included. */
function monthsOf(from: string, to: string): string[] {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let i = index(from); i <= index(to); i++) months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  return months;
}
