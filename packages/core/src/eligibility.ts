import * as z from "zod";
import { isoDateSchema } from "./calendar";
import { isWageEarner, monthSchema, workerCategorySchema } from "./enrolment";
import { death as t } from "./i18n/id-death";

/*
 * May the heirs claim? (DOMAIN.md §3): the deceased must have been an
 * active participant on the date of death. Decided over what the registry
 * knows: the months the deceased was covered and, for a BPU participant
 * (who pays month by month), the months actually paid. The count of
 * contribution months it returns decides the JKM scholarship (≥ 36).
 */

export const coveragePeriodSchema = z
  .object({ from: monthSchema, to: monthSchema })
  .refine((p) => p.from <= p.to, { message: "to must not be before from", path: ["to"] });
export type CoveragePeriod = z.infer<typeof coveragePeriodSchema>;

export const registryFactsSchema = z.object({
  category: workerCategorySchema,
  coverage: z.array(coveragePeriodSchema),
  /** BPU only: the months whose contribution was paid. */
  paidMonths: z.array(monthSchema).optional(),
  dateOfDeath: isoDateSchema,
});
export type RegistryFacts = z.infer<typeof registryFactsSchema>;

export const eligibilityRuleSchema = z.object({
  /** A BPU with this many unpaid months in a row before the month of death is inactive. */
  bpuInactiveAfterUnpaidMonths: z.int().min(1),
});
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>;

export const defaultEligibilityRule: Readonly<EligibilityRule> = Object.freeze({ bpuInactiveAfterUnpaidMonths: 3 });

export type IneligibleReason = "not_covered" | "bpu_inactive";

export type Eligibility =
  | { eligible: true; contributionMonths: number }
  | { eligible: false; reason: IneligibleReason; message: string };

/** "2026-03" → a month number; consecutive months differ by 1. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/**
 * - not_covered: no coverage period holds the month of death.
 * - bpu_inactive: a BPU left the months just before the month of death
 *   unpaid, as many in a row as the rule says (D7: three). The month of
 *   death itself is not counted: its contribution may still be within its
 *   payment window. Months outside coverage were not owed and end the run.
 * - contributionMonths: covered months up to and including the month of
 *   death; for a BPU only those of them that were paid.
 */
export function deathClaimEligibility(facts: RegistryFacts, rule: EligibilityRule = defaultEligibilityRule): Eligibility {
  const deathMonth = monthIndex(facts.dateOfDeath);
  const covered = new Set<number>();
  for (const p of facts.coverage) {
    for (let m = monthIndex(p.from); m <= Math.min(monthIndex(p.to), deathMonth); m++) covered.add(m);
  }
  if (!covered.has(deathMonth)) return { eligible: false, reason: "not_covered", message: t.eligibility.notCovered };
  if (isWageEarner(facts.category)) return { eligible: true, contributionMonths: covered.size };

  const paid = new Set((facts.paidMonths ?? []).map(monthIndex));
  let unpaidRun = 0;
  for (let m = deathMonth - 1; covered.has(m) && !paid.has(m); m--) unpaidRun += 1;
  if (unpaidRun >= rule.bpuInactiveAfterUnpaidMonths) {
    return { eligible: false, reason: "bpu_inactive", message: t.eligibility.bpuInactive(rule.bpuInactiveAfterUnpaidMonths) };
  }
  return { eligible: true, contributionMonths: [...covered].filter((m) => paid.has(m)).length };
}
