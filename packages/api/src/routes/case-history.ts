import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { allow } from "../auth/allow";
import { loadCase } from "../cases/case-access";
import { seesPersonalData } from "@naungan/core";
import { caseHistory, maskHistory } from "../cases/execution-history";
import type { AppEnv } from "../env";
import { errorBodySchema, validationHook } from "../http/errors";
import { errorResponses, json } from "./schemas";

const idParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, description: "Case id" }) });

const historyEventSchema = z
  .looseObject({
    id: z.number().int(),
    previousEventId: z.number().int().optional(),
    timestamp: z.string().openapi({ description: "ISO 8601" }),
    type: z.string().openapi({ example: "TaskStateEntered" }),
  })
  .openapi("ExecutionHistoryEvent", { description: "A GetExecutionHistory event as Step Functions returns it (its `…EventDetails`), dates as ISO strings" });

const executionSchema = z
  .object({
    attempt: z.number().int(),
    executionArn: z.string().nullable().openapi({ description: "null when the case's workflow never started" }),
    status: z.enum(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE", "UNKNOWN"]).openapi({
      description: "UNKNOWN: the execution does not exist (any more: AWS keeps closed executions 90 days)",
    }),
    startDate: z.string().nullable(),
    stopDate: z.string().optional(),
    events: z.array(historyEventSchema),
  })
  .openapi("CaseExecution");

export const caseHistorySchema = z.object({ executions: z.array(executionSchema) }).openapi("CaseHistory");

const getHistory = createRoute({
  method: "get",
  path: "/cases/{id}/history",
  summary: "The workflow executions of a case, one per attempt, each with its whole Step Functions history",
  middleware: [allow("signed_in")] as const,
  request: { params: idParam },
  responses: { 200: json(caseHistorySchema, "The executions, first attempt first"), ...errorResponses, 404: json(errorBodySchema, "No such case") },
});

export function caseHistoryRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(getHistory, async (c) => {
    const { platform } = c.get("deps");
    const record = await loadCase(platform, c.get("user")!, c.req.valid("param").id);
    const history = await caseHistory(platform, record);
    return c.json(seesPersonalData(c.get("user")!.role) ? history : maskHistory(history), 200);
  });
  return app;
}
