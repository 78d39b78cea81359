import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { opdCodeSchema, opdSchema } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { budgetLineId, newBudgetLineSchema, Refused } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { validationHook } from "../http/errors";
import { actorOf } from "../pages/page-context";
import { ADMIN, adminWriteErrors, outcomeSchema } from "./admin-schemas";
import { budgetLineResponseSchema, json, opdResponseSchema } from "./schemas";

const putOpd = createRoute({
  method: "put",
  path: "/opds/{code}",
  summary: "Create an OPD or change its name and risk group (admin); the risk group prices cases submitted from now on",
  middleware: [allow(ADMIN)] as const,
  request: {
    params: z.object({ code: opdCodeSchema }),
    body: { required: true, content: { "application/json": { schema: opdSchema.omit({ code: true }) } } },
  },
  responses: { 200: json(z.object({ outcome: outcomeSchema, opd: opdResponseSchema }), "Stored"), ...adminWriteErrors },
});

const createLine = createRoute({
  method: "post",
  path: "/budget-lines",
  summary: "Add a budget line (DPA pagu) for an OPD, year and account code (admin)",
  middleware: [allow(ADMIN)] as const,
  request: { body: { required: true, content: { "application/json": { schema: newBudgetLineSchema } } } },
  responses: { 201: json(budgetLineResponseSchema, "Created"), ...adminWriteErrors },
});

const updateLine = createRoute({
  method: "patch",
  path: "/budget-lines/{id}",
  summary: "Rename a budget line or change its pagu (admin); a pagu below reserved + spent is refused (422)",
  middleware: [allow(ADMIN)] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(120) }),
    body: { required: true, content: { "application/json": { schema: newBudgetLineSchema.pick({ name: true, pagu: true }) } } },
  },
  responses: { 200: json(budgetLineResponseSchema, "The line after the change"), ...adminWriteErrors },
});

export function adminMasterDataRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(putOpd, async (c) => {
    const opd = { code: c.req.valid("param").code, ...c.req.valid("json") };
    const outcome = await c.get("deps").platform.opds.upsert(opd, actorOf(c));
    return c.json({ outcome, opd }, 200);
  });
  app.openapi(createLine, async (c) => {
    const { platform } = c.get("deps");
    const line = c.req.valid("json");
    const id = budgetLineId(line);
    if (!(await platform.opds.get(line.opdCode))) throw new Refused("invalid", t.admin.errors.unknownOpd(line.opdCode), [{ path: "opdCode", message: t.admin.errors.unknownOpd(line.opdCode) }]);
    // Adding is not changing: an existing line is changed with PATCH, where the pagu floor applies.
    if (!(await platform.budgetLines.createIfAbsent(line, actorOf(c)))) throw new Refused("conflict", t.admin.errors.budgetLineExists(id), [{ path: "accountCode", message: t.admin.errors.budgetLineExists(id) }]);
    return c.json((await platform.budgetLines.get(id))!, 201);
  });
  app.openapi(updateLine, async (c) => {
    const { platform } = c.get("deps");
    const { id } = c.req.valid("param");
    await platform.budgetLines.update(id, c.req.valid("json"), actorOf(c));
    return c.json((await platform.budgetLines.get(id))!, 200);
  });
  return app;
}
