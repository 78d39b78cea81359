import { z } from "@hono/zod-openapi";
import { errorBodySchema } from "../http/errors";

export const userSchema = z
  .object({
    email: z.string(),
    name: z.string(),
    role: z.string(),
    opdCode: z.string().nullable(),
  })
  .openapi("User");

export const opdResponseSchema = z.object({ code: z.string(), name: z.string(), riskGroup: z.string() }).openapi("Opd");

export const budgetLineResponseSchema = z
  .object({
    id: z.string(),
    opdCode: z.string(),
    year: z.number().int(),
    accountCode: z.string(),
    name: z.string(),
    pagu: z.number().int(),
    reserved: z.number().int(),
    spent: z.number().int(),
    available: z.number().int(),
  })
  .openapi("BudgetLine");

/** The error responses every protected route may give. */
export const errorResponses = {
  400: { description: "Bad input", content: { "application/json": { schema: errorBodySchema } } },
  401: { description: "Not signed in", content: { "application/json": { schema: errorBodySchema } } },
  403: { description: "Not allowed", content: { "application/json": { schema: errorBodySchema } } },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
