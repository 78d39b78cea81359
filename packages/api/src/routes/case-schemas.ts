import { z } from "@hono/zod-openapi";
import { caseStatuses, caseSteps, caseTypes, workerCategories } from "@naungan/core";

/* Response schemas of the case routes (API.md "Cases"), documented in /openapi.json. */

export const breakdownSchema = z
  .object({ jkk: z.number().int(), jkm: z.number().int(), jht: z.number().int(), jp: z.number().int() })
  .openapi("ContributionBreakdown", { description: "Total contribution per programme, whole rupiah" });

const caseFields = {
  id: z.string(),
  type: z.enum(caseTypes),
  opdCode: z.string(),
  status: z.enum(caseStatuses),
  currentStep: z.enum(caseSteps).nullable(),
  attempt: z.number().int(),
  amount: z.number().int(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  budgetLineId: z.string().nullable(),
  executionArn: z.string().nullable(),
  workersCount: z.number().int().optional(),
  periodStart: z.string().optional(),
  months: z.number().int().optional(),
};

export const caseSummarySchema = z.object(caseFields).openapi("CaseSummary");

export const workerSchema = z
  .object({
    index: z.number().int(),
    nik: z.string(),
    name: z.string(),
    birthDate: z.string(),
    category: z.enum(workerCategories),
    monthlyWage: z.number().int().optional(),
    incomeBracket: z.string().optional(),
    riskGroup: z.string().optional(),
    amount: z.number().int(),
  })
  .openapi("CaseWorker");

export const timelineEntrySchema = z
  .object({ at: z.string(), actor: z.string(), action: z.string(), step: z.string().nullable(), note: z.string().nullable() })
  .openapi("TimelineEntry");

export const caseSchema = z
  .object({
    ...caseFields,
    holders: z.array(z.string()),
    outcome: z
      .object({
        reason: z.string(),
        shortfall: z.number().int().optional(),
        problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
        note: z.string().optional(),
        actor: z.string().optional(),
      })
      .nullable(),
    timeline: z.array(timelineEntrySchema),
    breakdown: breakdownSchema.optional(),
    workers: z.array(workerSchema).optional(),
    workersNextCursor: z.string().optional(),
  })
  .openapi("Case");

export const caseListSchema = z.object({ items: z.array(caseSummarySchema), nextCursor: z.string().optional() }).openapi("CaseList");
export const workerPageSchema = z.object({ items: z.array(workerSchema), nextCursor: z.string().optional() }).openapi("CaseWorkerPage");

/** 202 of a submission or resubmission: the workflow runs on from here. */
export const caseAcceptedSchema = z.object({ caseId: z.string(), status: z.enum(caseStatuses) }).openapi("CaseAccepted");
