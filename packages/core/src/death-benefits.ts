import * as z from "zod";
import { isoDateSchema, isValidIsoDate, type IsoDate } from "./calendar";
import { rupiahSchema, type Rupiah } from "./money";
import { nikSchema } from "./nik";
import { rateTableSchema } from "./rates";

/*
 * Death benefits (DOMAIN.md §3) as effective-dated data, and what a claim
 * is worth. JKM pays when the death was not a work accident (PP 82/2019),
 * JKK when it was. Amounts change by regulation, so the tables are data
 * with validFrom/validTo/source like the contribution rates; the table in
 * force on the date of death applies, because that is when the right to
 * the benefit arises.
 *
 * `total` is what BPJS pays the heirs at once: lump sum (for JKK the
 * 48 × wage death benefit) + periodic + funeral. The scholarship is NOT in
 * `total`: it belongs to named children, not to the heirs to share; BPJS
 * pays it year by year on proof of schooling and it stops at 23, marriage
 * or work, so it is an entitlement recorded as a schedule, not an amount
 * due now. D3's "174,000,000 total" is the sum of two children's
 * entitlements (`scholarship`), not part of the claim's `total`. The
 * payment deadline and its penalty apply to `total`.
 */

export const deathCauses = ["natural", "work_accident"] as const;
export type DeathCause = (typeof deathCauses)[number];

/** The levels a scholarship pays for, in the order a child passes them. */
export const scholarshipLevels = ["tk_sd", "smp", "sma", "higher"] as const;
export type ScholarshipLevel = (typeof scholarshipLevels)[number];

/**
 * Where a child is now. `preschool`: not yet at school age, entitled from
 * TK–SD on; `not_studying`: of school age but not at school, no scholarship.
 * `higher` is university or vocational training.
 */
export const childSchoolLevels = ["preschool", ...scholarshipLevels, "not_studying"] as const;
export type ChildSchoolLevel = (typeof childSchoolLevels)[number];

const levelRuleSchema = z.object({ perYear: rupiahSchema.min(1), maxYears: z.int().min(1).max(20) });

// The same validity fields as the contribution rate tables.
const { id, validFrom, validTo, source } = rateTableSchema.shape;

export const deathBenefitTableSchema = z
  .object({
    id,
    validFrom,
    validTo,
    source,
    jkm: z.object({
      lumpSum: rupiahSchema,
      /** 24 × Rp500,000, paid at once. */
      periodic: rupiahSchema,
      funeral: rupiahSchema,
      scholarshipMinContributionMonths: z.int().min(0),
    }),
    jkk: z.object({
      /** The death benefit is this many monthly wages (60 % × 80 = 48)… */
      wageMonths: z.int().min(1),
      /** …but at least this much. [U] 20,000,000, or 42,000,000 on another reading. */
      floor: rupiahSchema,
      periodic: rupiahSchema,
      funeral: rupiahSchema,
      scholarshipMinContributionMonths: z.int().min(0),
    }),
    scholarship: z.object({
      levels: z.object({ tk_sd: levelRuleSchema, smp: levelRuleSchema, sma: levelRuleSchema, higher: levelRuleSchema }),
      capPerChild: rupiahSchema,
      maxChildren: z.int().min(0),
      /** A child stops receiving on reaching this age. */
      endsAtAge: z.int().min(1),
    }),
  })
  .refine((t) => t.validTo === undefined || t.validTo >= t.validFrom, {
    message: "validTo must not be before validFrom",
    path: ["validTo"],
  });
export type DeathBenefitTable = z.infer<typeof deathBenefitTableSchema>;

/*
 * PP 82/2019 amended PP 44/2015 with these amounts; the scholarship became
 * payable under Permenaker 5/2021, in force from 2021-04-01. One version
 * from PP 82/2019's entry into force (2019-12-02).
 */
export const defaultDeathBenefitTables: DeathBenefitTable[] = [
  {
    id: "pp82-2019",
    validFrom: "2019-12-02",
    source: "PP 82/2019; Permenaker 5/2021",
    jkm: { lumpSum: 20_000_000, periodic: 12_000_000, funeral: 10_000_000, scholarshipMinContributionMonths: 36 },
    // [U] The floor may be read as Rp42,000,000; admins change it here.
    jkk: { wageMonths: 48, floor: 20_000_000, periodic: 12_000_000, funeral: 10_000_000, scholarshipMinContributionMonths: 0 },
    scholarship: {
      levels: {
        tk_sd: { perYear: 1_500_000, maxYears: 8 },
        smp: { perYear: 2_000_000, maxYears: 3 },
        sma: { perYear: 3_000_000, maxYears: 3 },
        higher: { perYear: 12_000_000, maxYears: 5 },
      },
      capPerChild: 87_000_000,
      maxChildren: 2,
      endsAtAge: 23,
    },
  },
];

/** The table in force on `date`. Throws when none is, or when versions overlap there. */
export function deathBenefitTableOn(tables: readonly DeathBenefitTable[], date: IsoDate): DeathBenefitTable {
  if (!isValidIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  const found = tables.filter((t) => t.validFrom <= date && (t.validTo === undefined || date <= t.validTo));
  if (found.length !== 1) {
    throw new Error(
      found.length === 0
        ? `No death benefit table is in force on ${date}`
        : `Death benefit tables overlap on ${date}: ${found.map((t) => t.id).join(", ")}`,
    );
  }
  return found[0]!;
}

export const claimChildSchema = z.object({
  nik: nikSchema,
  name: z.string().trim().min(2).max(120),
  birthDate: isoDateSchema,
  schoolLevel: z.enum(childSchoolLevels),
  /**
   * The year the child is in within the level as BPJS counts it, from 1
   * (TK–SD counts the two TK years first: SD grade 1 is year 3). Absent: 1,
   * the most the level can still pay.
   */
  levelYear: z.int().min(1).max(20).optional(),
  /** A married or working child no longer receives a scholarship. */
  married: z.boolean().optional(),
  working: z.boolean().optional(),
});
export type ClaimChild = z.infer<typeof claimChildSchema>;

/** The facts of a claim that decide its amount. */
export const deathClaimFactsSchema = z
  .object({
    cause: z.enum(deathCauses),
    /**
     * Whole rupiah a month; required for a work accident (JKK pays 48 × it).
     * For a BPU participant: the declared income of the income bracket [U].
     */
    monthlyWage: rupiahSchema.min(1).optional(),
    /** Months with contributions before the death (eligibility.ts counts them). */
    contributionMonths: z.int().min(0).max(1_200),
    /**
     * The deceased's children, in the order the heirs give them (the family
     * card lists the eldest first): when more qualify for a scholarship than
     * the table allows, the first ones in this order receive it.
     */
    children: z.array(claimChildSchema).max(30),
  })
  .superRefine((f, ctx) => {
    if (f.cause === "work_accident" && f.monthlyWage === undefined) {
      ctx.addIssue({ code: "custom", path: ["monthlyWage"], message: "monthlyWage is required for a work accident" });
    }
    const seen = new Map<string, number>();
    f.children.forEach((c, i) => {
      const first = seen.get(c.nik);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["children", i, "nik"], message: `Same NIK as child ${first + 1}` });
      else seen.set(c.nik, i);
    });
  });
export type DeathClaimFacts = z.infer<typeof deathClaimFactsSchema>;

export interface ScholarshipRow {
  childNik: string;
  level: ScholarshipLevel;
  perYear: Rupiah;
  /** Yearly payments at this level. */
  years: number;
  /** perYear × years, less where the per-child cap cuts the last row short. */
  amount: Rupiah;
}

export interface DeathBenefit {
  cause: DeathCause;
  /** The table the amounts come from. */
  tableId: string;
  /** JKM: the lump sum; JKK: the death benefit, 48 × wage raised to the floor. */
  lumpSum: Rupiah;
  periodic: Rupiah;
  funeral: Rupiah;
  /** The children's scholarship entitlement (sum of the schedule); not in `total`. */
  scholarship: Rupiah;
  /** Paid to the heirs at once: lumpSum + periodic + funeral. */
  total: Rupiah;
  scholarshipSchedule: ScholarshipRow[];
}

/** Full years of age on `date` (0 for a child born after it). */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return Math.max(0, age);
}

/**
 * One child's entitlement from where the child is now: the years left of
 * the current level (from `levelYear`), then every later level in full,
 * cut to the yearly payments left before `endsAtAge` (one a year from
 * `date`, so the last levels are the ones cut) and to the per-child cap.
 * A preschool child is counted from TK–SD year 1. Empty when the child
 * does not qualify.
 */
function childSchedule(child: ClaimChild, rules: DeathBenefitTable["scholarship"], date: IsoDate): ScholarshipRow[] {
  if (child.married || child.working || child.schoolLevel === "not_studying") return [];
  let yearsLeft = rules.endsAtAge - ageOn(child.birthDate, date);
  let capLeft = rules.capPerChild;
  const current = child.schoolLevel === "preschool" ? "tk_sd" : child.schoolLevel;
  const rows: ScholarshipRow[] = [];
  for (const level of scholarshipLevels.slice(scholarshipLevels.indexOf(current))) {
    if (yearsLeft <= 0 || capLeft <= 0) break;
    const { perYear, maxYears } = rules.levels[level];
    const done = level === current && child.schoolLevel !== "preschool" ? (child.levelYear ?? 1) - 1 : 0;
    const years = Math.min(Math.max(0, maxYears - done), yearsLeft);
    if (years === 0) continue;
    const amount = Math.min(perYear * years, capLeft);
    rows.push({ childNik: child.nik, level, perYear, years, amount });
    yearsLeft -= years;
    capLeft -= amount;
  }
  return rows;
}

/** The scholarship rows of the first `maxChildren` qualifying children, in the order given. */
export function scholarshipSchedule(
  children: readonly ClaimChild[],
  rules: DeathBenefitTable["scholarship"],
  date: IsoDate,
): ScholarshipRow[] {
  const rows: ScholarshipRow[] = [];
  let granted = 0;
  for (const child of children) {
    if (granted >= rules.maxChildren) break;
    const own = childSchedule(child, rules, date);
    if (own.length === 0) continue;
    rows.push(...own);
    granted += 1;
  }
  return rows;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * What the claim is worth, with the table in force on `date` (the date of
 * death; children's ages are taken on it too). `facts` must have passed
 * `deathClaimFactsSchema`: a work accident without a wage throws.
 */
export function computeBenefit(facts: DeathClaimFacts, tables: readonly DeathBenefitTable[], date: IsoDate): DeathBenefit {
  const table = deathBenefitTableOn(tables, date);
  let lumpSum: Rupiah;
  let rules: DeathBenefitTable["jkm"] | DeathBenefitTable["jkk"];
  if (facts.cause === "work_accident") {
    rules = table.jkk;
    const wage = facts.monthlyWage;
    if (wage === undefined || !Number.isSafeInteger(wage) || wage < 1) {
      throw new RangeError(`A work-accident claim needs a monthly wage in whole rupiah, got ${String(wage)}`);
    }
    lumpSum = Math.max(wage * rules.wageMonths, rules.floor);
    if (!Number.isSafeInteger(lumpSum)) throw new RangeError(`Death benefit is too large for a wage of ${wage}`);
  } else {
    rules = table.jkm;
    lumpSum = rules.lumpSum;
  }
  const schedule =
    facts.contributionMonths >= rules.scholarshipMinContributionMonths ? scholarshipSchedule(facts.children, table.scholarship, date) : [];
  return {
    cause: facts.cause,
    tableId: table.id,
    lumpSum,
    periodic: rules.periodic,
    funeral: rules.funeral,
    scholarship: sum(schedule.map((r) => r.amount)),
    total: lumpSum + rules.periodic + rules.funeral,
    scholarshipSchedule: schedule,
  };
}
