import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { opdCodeSchema } from "@naungan/core";
import { allow } from "../auth/allow";
import { scopeOpd } from "../auth/opd-scope";
import type { AppEnv } from "../env";
import { validationHook } from "../http/errors";
import { budgetLineResponseSchema, errorResponses, json } from "./schemas";

export const budgetLineQuerySchema = z.object({
  opd: opdCodeSchema.optional().openapi({ description: "OPD code; OPD roles see only their own" }),
  year: z.coerce.number().int().min(2000).max(2100).optional().openapi({ description: "Budget year" }),
});

const listBudgetLines = createRoute({
  method: "get",
  path: "/budget-lines",
  summary: "Budget lines (DPA pagu) with reserved, spent and available amounts",
  middleware: [allow("signed_in")] as const,
  request: { query: budgetLineQuerySchema },
  responses: { 200: json(z.array(budgetLineResponseSchema), "Budget lines"), ...errorResponses },
});

export function budgetLineRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(listBudgetLines, async (c) => {
    const { opd, year } = c.req.valid("query");
    const opdCode = scopeOpd(c.get("user")!, opd);
    return c.json(await c.get("deps").platform.budgetLines.list({ opdCode, year }), 200);
  });
  return app;
}
