import * as z from "zod";
import { isoDateSchema } from "./calendar";
import { rupiahSchema } from "./money";
import { nikSchema } from "./nik";
import { opdCodeSchema } from "./opds";
import { riskGroupSchema } from "./rates";

/*
 * What an OPD submits to enrol workers (API.md "Enrolment"). Honorary and
 * technical workers are wage earners (priced by wage and risk group); fishers
 * are BPU (priced by a declared income bracket).
 */

export const workerCategories = ["honorer", "tenaga_teknis", "nelayan"] as const;
export type WorkerCategory = (typeof workerCategories)[number];
export const workerCategorySchema = z.enum(workerCategories);

/** Wage earners (Penerima Upah) vs non-wage earners (BPU). */
export const isWageEarner = (category: WorkerCategory) => category !== "nelayan";

/** `YYYY-MM`. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Expected a month as YYYY-MM");

/** The most workers one case may hold (the regency's whole gap fits in one). */
export const MAX_WORKERS_PER_CASE = 20_000;

export const enrolmentWorkerSchema = z
  .object({
    nik: nikSchema,
    name: z.string().trim().min(2, "Name is too short").max(120, "Name is too long"),
    birthDate: isoDateSchema,
    category: workerCategorySchema,
    /** Whole rupiah a month; wage earners only. */
    monthlyWage: rupiahSchema.min(1).optional(),
    /** Id of a BPU income bracket of the rate table; `nelayan` only. */
    incomeBracket: z.string().trim().min(1).max(64).optional(),
    /** Overrides the OPD's JKK risk group; wage earners only. */
    riskGroup: riskGroupSchema.optional(),
  })
  .superRefine((w, ctx) => {
    if (isWageEarner(w.category)) {
      if (w.monthlyWage === undefined) ctx.addIssue({ code: "custom", path: ["monthlyWage"], message: "monthlyWage is required for a wage earner" });
      if (w.incomeBracket !== undefined) ctx.addIssue({ code: "custom", path: ["incomeBracket"], message: "incomeBracket is only for nelayan" });
    } else {
      if (w.incomeBracket === undefined) ctx.addIssue({ code: "custom", path: ["incomeBracket"], message: "incomeBracket is required for nelayan" });
      if (w.monthlyWage !== undefined) ctx.addIssue({ code: "custom", path: ["monthlyWage"], message: "monthlyWage is only for wage earners" });
      if (w.riskGroup !== undefined) ctx.addIssue({ code: "custom", path: ["riskGroup"], message: "riskGroup is only for wage earners" });
    }
  });
export type EnrolmentWorker = z.infer<typeof enrolmentWorkerSchema>;

/** The period a case pays for: `months` calendar months from `periodStart`. */
export const enrolmentPeriodSchema = z.object({
  periodStart: monthSchema,
  months: z.int().min(1).max(12),
});
export type EnrolmentPeriod = z.infer<typeof enrolmentPeriodSchema>;

export const enrolmentSubmissionSchema = z.object({
  opdCode: opdCodeSchema,
  budgetLineId: z.string().min(1).max(120),
  ...enrolmentPeriodSchema.shape,
  workers: z.array(enrolmentWorkerSchema).min(1, "At least one worker").max(MAX_WORKERS_PER_CASE),
});
export type EnrolmentSubmission = z.infer<typeof enrolmentSubmissionSchema>;

/** The months of a period, in order (`2026-11` + 3 → 2026-11, 2026-12, 2027-01). */
export function periodMonths(period: EnrolmentPeriod): string[] {
  const [y, m] = period.periodStart.split("-").map(Number) as [number, number];
  return Array.from({ length: period.months }, (_, i) => {
    const index = y * 12 + (m - 1) + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}

/** The last month of a period. */
export const periodEnd = (period: EnrolmentPeriod): string => periodMonths(period).at(-1)!;

/** Two periods share at least one month. */
export const periodsOverlap = (a: { from: string; to: string }, b: { from: string; to: string }) => a.from <= b.to && b.from <= a.to;

