import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  coveragePeriodSchema,
  deathClaimEligibility,
  defaultEligibilityRule,
  registryFactsSchema,
  type CoveragePeriod,
  type RegistryFacts,
} from "../src/eligibility";
import { death as t } from "../src/i18n/id-death";

/** Every month from `from` to `to`, both included ("2025-11", "2026-02" → 4 months). */
function months(from: string, to: string): string[] {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let i = index(from); i <= index(to); i++) out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  return out;
}
const period = (from: string, to: string): CoveragePeriod => ({ from, to });

function honorer(coverage: CoveragePeriod[], dateOfDeath: string): RegistryFacts {
  return { category: "honorer", coverage, dateOfDeath };
}
function nelayan(coverage: CoveragePeriod[], paidMonths: string[], dateOfDeath: string): RegistryFacts {
  return { category: "nelayan", coverage, paidMonths, dateOfDeath };
}

describe("DOMAIN.md §6 vectors", () => {
  it("D7: a BPU (nelayan) who left 3 months unpaid before the month of death → refused, bpu_inactive", () => {
    // Paid to 2025-11; 2025-12, 2026-01, 2026-02 unpaid; dies 2026-03-10.
    const facts = nelayan([period("2025-01", "2026-12")], months("2025-01", "2025-11"), "2026-03-10");
    expect(deathClaimEligibility(facts)).toEqual({ eligible: false, reason: "bpu_inactive", message: t.eligibility.bpuInactive(3) });
  });

  it("D7: with 2 unpaid months before the month of death the BPU is still eligible", () => {
    // Paid to 2025-12; 2026-01, 2026-02 unpaid; 2026-03 (the month of death) unpaid too, not counted.
    const facts = nelayan([period("2025-01", "2026-12")], months("2025-01", "2025-12"), "2026-03-10");
    expect(deathClaimEligibility(facts)).toEqual({ eligible: true, contributionMonths: 12 });
  });
});

describe("deathClaimEligibility", () => {
  it("not covered in the month of death → not_covered", () => {
    const expected = { eligible: false, reason: "not_covered", message: t.eligibility.notCovered };
    // Coverage ended the month before.
    expect(deathClaimEligibility(honorer([period("2024-01", "2026-02")], "2026-03-01"))).toEqual(expected);
    // Coverage starts the month after.
    expect(deathClaimEligibility(honorer([period("2026-04", "2026-12")], "2026-03-31"))).toEqual(expected);
    // No coverage at all.
    expect(deathClaimEligibility(honorer([], "2026-03-15"))).toEqual(expected);
    // A BPU too, whatever was paid.
    expect(deathClaimEligibility(nelayan([period("2025-01", "2026-02")], months("2025-01", "2026-02"), "2026-03-15"))).toEqual(expected);
  });

  it("covered on the first and on the last day of a covered month", () => {
    expect(deathClaimEligibility(honorer([period("2026-03", "2026-03")], "2026-03-01"))).toEqual({ eligible: true, contributionMonths: 1 });
    expect(deathClaimEligibility(honorer([period("2026-03", "2026-03")], "2026-03-31"))).toEqual({ eligible: true, contributionMonths: 1 });
  });

  it("wage earner: contributionMonths = covered months up to and including the month of death, later months not counted", () => {
    // 2023-01 … 2026-03 = 39 months; 2026-04 … 2026-12 come after the death.
    expect(deathClaimEligibility(honorer([period("2023-01", "2026-12")], "2026-03-15"))).toEqual({ eligible: true, contributionMonths: 39 });
    expect(deathClaimEligibility({ ...honorer([period("2023-01", "2026-12")], "2026-03-15"), category: "tenaga_teknis" })).toEqual({
      eligible: true,
      contributionMonths: 39,
    });
  });

  it("wage earner: paidMonths are ignored (the employer owes every covered month)", () => {
    const facts: RegistryFacts = { ...honorer([period("2025-01", "2026-12")], "2026-03-15"), paidMonths: [] };
    expect(deathClaimEligibility(facts)).toEqual({ eligible: true, contributionMonths: 15 });
  });

  it("wage earner: gaps between periods are not counted, overlapping periods count each month once", () => {
    // 2023-01…2023-12 (12) + 2025-01…2026-03 (15); 2024 not covered.
    expect(deathClaimEligibility(honorer([period("2023-01", "2023-12"), period("2025-01", "2026-12")], "2026-03-15"))).toEqual({
      eligible: true,
      contributionMonths: 27,
    });
    // 2025-01…2025-12 and 2025-07…2026-03 overlap over six months: 15 months in all.
    expect(deathClaimEligibility(honorer([period("2025-07", "2026-03"), period("2025-01", "2025-12")], "2026-03-15"))).toEqual({
      eligible: true,
      contributionMonths: 15,
    });
  });

  it("35 and 36 months (D2/D3's thresholds) across a year boundary", () => {
    expect(deathClaimEligibility(honorer([period("2023-05", "2026-12")], "2026-03-15"))).toEqual({ eligible: true, contributionMonths: 35 });
    expect(deathClaimEligibility(honorer([period("2023-04", "2026-12")], "2026-03-15"))).toEqual({ eligible: true, contributionMonths: 36 });
  });

  it("BPU: counts only the paid covered months up to and including the month of death", () => {
    const coverage = [period("2025-01", "2026-12")];
    // Paid 2025-01…2026-03 and also 2026-04 in advance, plus a month outside coverage.
    const paid = [...months("2024-12", "2026-04")];
    expect(deathClaimEligibility(nelayan(coverage, paid, "2026-03-15"))).toEqual({ eligible: true, contributionMonths: 15 });
    // The month of death unpaid: not counted, not a reason to refuse.
    expect(deathClaimEligibility(nelayan(coverage, months("2025-01", "2026-02"), "2026-03-15"))).toEqual({ eligible: true, contributionMonths: 14 });
    // Gaps of up to two unpaid months are allowed in the middle.
    const holes = months("2025-01", "2026-02").filter((m) => m !== "2025-06" && m !== "2025-07");
    expect(deathClaimEligibility(nelayan(coverage, holes, "2026-03-15"))).toEqual({ eligible: true, contributionMonths: 12 });
  });

  it("BPU: only the run of unpaid months just before the month of death matters", () => {
    const coverage = [period("2025-01", "2026-12")];
    // Four unpaid months in 2025, then paid to 2026-02.
    const paid = months("2025-01", "2026-02").filter((m) => !["2025-04", "2025-05", "2025-06", "2025-07"].includes(m));
    expect(deathClaimEligibility(nelayan(coverage, paid, "2026-03-15"))).toEqual({ eligible: true, contributionMonths: 10 });
  });

  it("BPU: months outside coverage were not owed and end the run of unpaid months", () => {
    // Covered only from 2026-01, nothing paid yet: two unpaid months before March.
    expect(deathClaimEligibility(nelayan([period("2026-01", "2026-12")], [], "2026-03-15"))).toEqual({ eligible: true, contributionMonths: 0 });
    // A gap in coverage in 2025-12 breaks a run that would otherwise be three.
    expect(
      deathClaimEligibility(nelayan([period("2025-01", "2025-10"), period("2026-01", "2026-12")], months("2025-01", "2025-10"), "2026-03-15")),
    ).toEqual({ eligible: true, contributionMonths: 10 });
    // Covered without a break: 2025-11…2026-02 unpaid = 4 → inactive.
    expect(deathClaimEligibility(nelayan([period("2025-01", "2026-12")], months("2025-01", "2025-10"), "2026-03-15"))).toMatchObject({
      eligible: false,
      reason: "bpu_inactive",
    });
  });

  it("BPU: absent paidMonths means nothing paid", () => {
    const facts: RegistryFacts = { category: "nelayan", coverage: [period("2025-01", "2026-12")], dateOfDeath: "2026-03-15" };
    expect(deathClaimEligibility(facts)).toMatchObject({ eligible: false, reason: "bpu_inactive" });
  });

  it("the number of unpaid months is a rule", () => {
    expect(defaultEligibilityRule).toEqual({ bpuInactiveAfterUnpaidMonths: 3 });
    expect(Object.isFrozen(defaultEligibilityRule)).toBe(true);
    const facts = nelayan([period("2025-01", "2026-12")], months("2025-01", "2025-12"), "2026-03-10"); // 2 unpaid
    expect(deathClaimEligibility(facts, { bpuInactiveAfterUnpaidMonths: 2 })).toEqual({
      eligible: false,
      reason: "bpu_inactive",
      message: t.eligibility.bpuInactive(2),
    });
    expect(t.eligibility.bpuInactive(2)).toContain("2 bulan");
  });

  it("property: a wage earner covered from `from` without a break has (death month − from + 1) contribution months", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 1, max: 28 }), (before, after, day) => {
        const death = "2026-03";
        const all = months("2006-03", "2028-03");
        const deathAt = all.indexOf(death);
        const facts = honorer([period(all[deathAt - before]!, all[deathAt + after]!)], `${death}-${String(day).padStart(2, "0")}`);
        expect(deathClaimEligibility(facts)).toEqual({ eligible: true, contributionMonths: before + 1 });
      }),
    );
  });
});

describe("schemas", () => {
  it("a coverage period may not end before it starts", () => {
    expect(coveragePeriodSchema.safeParse(period("2026-01", "2026-01")).success).toBe(true);
    const r = coveragePeriodSchema.safeParse(period("2026-02", "2026-01"));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["to"]);
  });

  it("registry facts need a calendar date of death and YYYY-MM months", () => {
    expect(registryFactsSchema.safeParse(nelayan([period("2025-01", "2026-12")], ["2025-01"], "2026-03-15")).success).toBe(true);
    expect(registryFactsSchema.safeParse(honorer([period("2025-01", "2026-12")], "2026-02-30")).success).toBe(false);
    expect(registryFactsSchema.safeParse(nelayan([period("2025-01", "2026-12")], ["2025-13"], "2026-03-15")).success).toBe(false);
  });
});
