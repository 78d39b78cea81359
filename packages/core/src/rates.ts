import * as z from "zod";
import { isoDateSchema, isValidIsoDate, type IsoDate } from "./calendar";
import { rupiahSchema } from "./money";

/*
 * Contribution rates (DOMAIN.md §2) as effective-dated data. Regulations
 * change rates by date, so pricing always asks "which table was in force on
 * this day" instead of reading constants. Dates are inclusive on both ends.
 */

export const riskGroups = ["I", "II", "III", "IV", "V"] as const;
export type RiskGroup = (typeof riskGroups)[number];
export const riskGroupSchema = z.enum(riskGroups);

/** 0–10,000 bp = 0–100 %. */
export const basisPointsSchema = z.int().min(0).max(10_000);

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "Expected a lowercase slug id");

const splitSchema = z.object({ employerBp: basisPointsSchema, workerBp: basisPointsSchema });

export const incomeBracketSchema = z.object({
  id: idSchema,
  label: z.string().min(1).max(120),
  /** The income a BPU participant declares; JKK is a rate of this. */
  declaredIncome: rupiahSchema.min(1),
});
export type IncomeBracket = z.infer<typeof incomeBracketSchema>;

const validityShape = {
  validFrom: isoDateSchema,
  /** Inclusive; absent = still in force. */
  validTo: isoDateSchema.optional(),
  /** The regulation that sets these figures, e.g. "PP 50/2025". */
  source: z.string().min(1).max(200),
};

function validToNotBeforeFrom(v: { validFrom: string; validTo?: string | undefined }): boolean {
  return v.validTo === undefined || v.validTo >= v.validFrom;
}
const validToMessage = { message: "validTo must not be before validFrom", path: ["validTo"] };

export const rateTableSchema = z
  .object({
    id: idSchema,
    ...validityShape,
    /** Penerima Upah: rates of the monthly wage. */
    wageEarner: z.object({
      jkkBpByRiskGroup: z.object({
        I: basisPointsSchema,
        II: basisPointsSchema,
        III: basisPointsSchema,
        IV: basisPointsSchema,
        V: basisPointsSchema,
      }),
      jkmBp: basisPointsSchema,
      /** Off by default for APBD-paid workers; kept so they can be switched on. */
      optional: z.object({ jht: splitSchema, jp: splitSchema }),
    }),
    /** Bukan Penerima Upah (e.g. fishers). */
    nonWageEarner: z.object({
      jkmFlat: rupiahSchema,
      jkkBp: basisPointsSchema,
      incomeBrackets: z.array(incomeBracketSchema).min(1).max(50),
    }),
  })
  .refine(validToNotBeforeFrom, validToMessage);
export type RateTable = z.infer<typeof rateTableSchema>;

export const discountProgrammeSchema = z.enum(["jkk", "jkm"]);

export const discountSchema = z
  .object({
    id: idSchema,
    appliesTo: z.literal("non_wage_earner"),
    programmes: z.array(discountProgrammeSchema).min(1).max(discountProgrammeSchema.options.length),
    /** Share taken off, in bp: 5,000 = 50 %. */
    percentBp: basisPointsSchema,
    ...validityShape,
    validTo: isoDateSchema,
    /** Whether the discount also applies when the APBD pays the contribution. */
    whenBudgetFunded: z.boolean(),
  })
  .refine(validToNotBeforeFrom, validToMessage);
export type Discount = z.infer<typeof discountSchema>;

/*
 * One version: the rates DOMAIN.md §2 gives have been in force since
 * PP 44/2015 took effect (2015-07-01); PP 82/2019 and PP 49/2023 amended
 * other articles (benefits, JKP) without changing what the employer pays.
 */
export const defaultRateTables: RateTable[] = [
  {
    id: "pp44-2015",
    validFrom: "2015-07-01",
    source: "PP 44/2015 jo. PP 82/2019 jo. PP 49/2023",
    wageEarner: {
      jkkBpByRiskGroup: { I: 24, II: 54, III: 89, IV: 127, V: 174 },
      jkmBp: 30,
      optional: {
        jht: { employerBp: 370, workerBp: 200 },
        jp: { employerBp: 200, workerBp: 100 },
      },
    },
    nonWageEarner: {
      jkmFlat: 6_800,
      jkkBp: 100,
      // [U] Only the lowest bracket was found in public sources; admins add the rest.
      incomeBrackets: [{ id: "lowest", label: "Up to Rp1.000.000", declaredIncome: 1_000_000 }],
    },
  },
];

export const defaultDiscounts: Discount[] = [
  {
    id: "pp50-2025-bpu",
    appliesTo: "non_wage_earner",
    programmes: ["jkk", "jkm"],
    percentBp: 5_000,
    validFrom: "2026-04-01",
    validTo: "2026-12-31",
    source: "PP 50/2025",
    // [U] Sources do not say whether an APBD-paid BPU gets the discount; default on.
    whenBudgetFunded: true,
  },
];

function inForce(v: { validFrom: IsoDate; validTo?: IsoDate | undefined }, date: IsoDate): boolean {
  return v.validFrom <= date && (v.validTo === undefined || date <= v.validTo);
}

function assertDate(date: IsoDate): void {
  if (!isValidIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
}

/** The rate table in force on `date`. Throws when none is, or when versions overlap there. */
export function rateTableOn(tables: readonly RateTable[], date: IsoDate): RateTable {
  assertDate(date);
  const matches = tables.filter((t) => inForce(t, date));
  if (matches.length === 0) throw new Error(`No contribution rate table is in force on ${date}`);
  if (matches.length > 1) {
    throw new Error(
      `Contribution rate tables overlap on ${date}: ${matches.map((t) => t.id).join(", ")}`,
    );
  }
  return matches[0]!;
}

/** Discounts in force on `date` (pricing decides which programmes and payers they touch). */
export function discountsOn(discounts: readonly Discount[], date: IsoDate): Discount[] {
  assertDate(date);
  return discounts.filter((d) => inForce(d, date));
}

export interface RateTableProblem {
  code: "invalid" | "duplicate_id" | "overlap" | "gap";
  message: string;
}

function dayAfter(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Checks a set of versions before it is saved: each one well-formed, ids
 * unique, and the versions in a single chain with no overlap (two tables
 * for one day) and no gap (a day with no rates) between the first and last.
 * Returns the problems; an empty list means the set is usable.
 */
export function checkRateTables(tables: readonly unknown[]): RateTableProblem[] {
  const problems: RateTableProblem[] = [];
  const valid: RateTable[] = [];
  tables.forEach((raw, index) => {
    const parsed = rateTableSchema.safeParse(raw);
    if (parsed.success) {
      valid.push(parsed.data);
    } else {
      const where = parsed.error.issues
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ");
      problems.push({ code: "invalid", message: `Rate table #${index + 1} is invalid: ${where}` });
    }
  });

  const seen = new Set<string>();
  for (const t of valid) {
    if (seen.has(t.id)) problems.push({ code: "duplicate_id", message: `Rate table id "${t.id}" is used twice` });
    seen.add(t.id);
  }

  const sorted = [...valid].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
  // `latest` is the version reaching furthest so far, so an open or long
  // version is compared with every later one, not just its neighbour.
  let latest = sorted[0];
  for (const next of sorted.slice(1)) {
    const prev = latest!;
    if (prev.validTo === undefined || prev.validTo >= next.validFrom) {
      problems.push({
        code: "overlap",
        message: `Rate tables "${prev.id}" (${prev.validFrom} to ${prev.validTo ?? "open"}) and "${next.id}" (from ${next.validFrom}) overlap`,
      });
    } else if (dayAfter(prev.validTo) !== next.validFrom) {
      problems.push({
        code: "gap",
        message: `No rate table is in force from ${dayAfter(prev.validTo)} until "${next.id}" starts on ${next.validFrom}`,
      });
    }
    if (prev.validTo !== undefined && (next.validTo === undefined || next.validTo > prev.validTo)) {
      latest = next;
    }
  }
  return problems;
}
