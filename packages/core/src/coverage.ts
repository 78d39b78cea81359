import * as z from "zod";

/*
 * Universal Coverage Jamsostek (DOMAIN.md §1): active participants ÷ working
 * population. The regency's figures are estimates that change with each
 * census and BPJS report, so they are configuration (settings override the
 * default below), never constants in the rules.
 */

/** A share as a decimal fraction, 0–1 (0.55 = 55 %). */
const fractionSchema = z.number().min(0).max(1);

export const coverageBaselineSchema = z.object({
  /** Working population of the regency. */
  workforce: z.int().min(1),
  /** Participants already enrolled before the platform; activated cases add to it. */
  baselineEnrolled: z.int().min(0),
  /** UCJ target as a fraction of the workforce. */
  target: fractionSchema,
});
export type CoverageBaseline = z.infer<typeof coverageBaselineSchema>;

/**
 * CONFIGURATION — the default for Kabupaten Tanjung Jabung Barat
 * (DOMAIN.md §1): about 112,000 workers, 42,000 enrolled (37.5 %), target
 * 55 % by the end of 2025. Admin settings replace it; code reads the
 * setting, not this object directly.
 */
export const defaultCoverageBaseline: Readonly<CoverageBaseline> = Object.freeze({
  workforce: 112_000,
  baselineEnrolled: 42_000,
  target: 0.55,
});

export interface CoverageInput {
  workforce: number;
  enrolled: number;
  target: number;
}

export interface CoverageFigures {
  workforce: number;
  enrolled: number;
  /** enrolled ÷ workforce as a fraction (0.375 = 37.5 %); above 1 if enrolment exceeds the estimate. */
  rate: number;
  target: number;
  /** Participants needed to reach the target: ceil(workforce × target). */
  targetCount: number;
  /** Participants still to enrol: max(0, targetCount − enrolled). */
  gap: number;
}

/**
 * ceil(n × fraction) computed on the decimal the caller wrote: in floats
 * 112,000 × 0.55 = 61,600.00000000001, whose ceiling would be 61,601.
 */
function ceilTimes(n: number, fraction: number): number {
  const text = String(fraction);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(text);
  if (!m) throw new RangeError(`Not a decimal fraction: ${text}`);
  const [, whole = "", decimals = "", exp = "0"] = m;
  let digits = BigInt(whole + decimals);
  let scale = decimals.length - Number(exp);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  const den = 10n ** BigInt(scale);
  const product = BigInt(n) * digits;
  const q = product / den + (product % den === 0n ? 0n : 1n);
  return Number(q);
}

/** The UCJ figures the coverage screen and `GET /api/coverage` show. */
export function coverageFigures(input: CoverageInput): CoverageFigures {
  const { workforce, enrolled, target } = input;
  if (!Number.isSafeInteger(workforce) || workforce < 1) {
    throw new RangeError(`workforce must be a whole number of at least 1, got ${workforce}`);
  }
  if (!Number.isSafeInteger(enrolled) || enrolled < 0) {
    throw new RangeError(`enrolled must be a whole number of at least 0, got ${enrolled}`);
  }
  if (!fractionSchema.safeParse(target).success) {
    throw new RangeError(`target must be a fraction from 0 to 1, got ${target}`);
  }
  const targetCount = ceilTimes(workforce, target);
  return {
    workforce,
    enrolled,
    rate: enrolled / workforce,
    target,
    targetCount,
    gap: Math.max(0, targetCount - enrolled),
  };
}
