import { z } from "@hono/zod-openapi";
import { enrolmentPeriodSchema, opdCodeSchema } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { importRequestSchema, importStatuses } from "@naungan/platform";
import { breakdownSchema } from "./case-schemas";

/* Request and response schemas of the enrolment and import routes (API.md "Enrolment"). */

export const previewSchema = z
  .object({
    amount: z.number().int().openapi({ description: "Total contribution of the case, whole rupiah" }),
    breakdown: breakdownSchema,
    workersCount: z.number().int(),
    perWorker: z.array(z.number().int()).openapi({ description: "Each worker's contribution for the period, in order" }),
  })
  .openapi("EnrolmentPreview");

/** The upload form: the file and what the case will be for (form fields are text, so `months` is read as a number). */
export const importFormSchema = z.object({
  file: z.instanceof(File, { message: t.api.imports.noFile }).openapi({ type: "string", format: "binary", description: "CSV, comma or semicolon separated, UTF-8" }),
  opdCode: opdCodeSchema,
  budgetLineId: importRequestSchema.shape.budgetLineId,
  periodStart: enrolmentPeriodSchema.shape.periodStart,
  months: z.coerce.number().pipe(enrolmentPeriodSchema.shape.months),
});

export const importAcceptedSchema = z.object({ importId: z.string() }).openapi("ImportAccepted");

export const rowErrorSchema = z
  .object({ line: z.number().int().openapi({ description: "Line of the file (the header is line 1)" }), column: z.string(), message: z.string() })
  .openapi("ImportRowError");

export const importViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(importStatuses),
    rowsTotal: z.number().int(),
    rowsDone: z.number().int(),
    caseId: z.string().optional(),
    errors: z.array(rowErrorSchema).openapi({ description: "The first errors by line; every error is in errors.csv" }),
    errorsTotal: z.number().int(),
    opdCode: z.string(),
    budgetLineId: z.string(),
    periodStart: z.string(),
    months: z.number().int(),
    submittedBy: z.string(),
    createdAt: z.string(),
    size: z.number().int(),
    filename: z.string().optional(),
  })
  .openapi("Import");
