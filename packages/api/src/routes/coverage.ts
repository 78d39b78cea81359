import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { workerCategories } from "@naungan/core";
import { allow } from "../auth/allow";
import { coverageReport } from "../coverage/coverage-report";
import type { AppEnv } from "../env";
import { errorResponses, json } from "./schemas";

export const coverageSchema = z
  .object({
    workforce: z.number().int(),
    enrolled: z.number().int().openapi({ description: "baseline + activated" }),
    rate: z.number().openapi({ description: "enrolled ÷ workforce (0.375 = 37.5 %)" }),
    target: z.number().openapi({ description: "UCJ target as a fraction (0.55)" }),
    targetCount: z.number().int(),
    gap: z.number().int(),
    baseline: z.number().int(),
    activated: z.number().int(),
    byOpd: z.array(z.object({ opdCode: z.string(), enrolled: z.number().int() })),
    byCategory: z.array(z.object({ category: z.enum(workerCategories), enrolled: z.number().int() })),
  })
  .openapi("Coverage");

const getCoverage = createRoute({
  method: "get",
  path: "/coverage",
  summary: "Universal Coverage Jamsostek of the regency: enrolled, rate, target and gap; people activated per OPD and category",
  middleware: [allow("signed_in")] as const,
  responses: { 200: json(coverageSchema, "Coverage figures"), 401: errorResponses[401] },
});

export function coverageRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(getCoverage, async (c) => c.json(await coverageReport(c.get("deps").platform), 200));
  return app;
}
