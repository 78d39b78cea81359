import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { discountSchema, isoDateSchema, rateTableSchema } from "@naungan/core";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { validationHook } from "../http/errors";
import { actorOf } from "../pages/page-context";
import { ADMIN, adminWriteErrors } from "./admin-schemas";
import { errorResponses, json } from "./schemas";

const versionResult = z.object({
  outcome: z.enum(["created", "unchanged"]),
  closed: z.object({ id: z.string(), validTo: z.string() }).optional().openapi({ description: "The version whose open end was set to the day before" }),
});

const list = createRoute({
  method: "get",
  path: "/rate-tables",
  summary: "Every version of the contribution rates and every discount period, oldest first (admin)",
  middleware: [allow(ADMIN)] as const,
  responses: { 200: json(z.object({ rateTables: z.array(rateTableSchema), discounts: z.array(discountSchema) }), "Versions"), ...errorResponses },
});

const addVersion = createRoute({
  method: "post",
  path: "/rate-tables",
  summary: "Add a version of the rates from a future date (admin); the open version before it ends the day before; past versions never change",
  middleware: [allow(ADMIN)] as const,
  request: { body: { required: true, content: { "application/json": { schema: rateTableSchema } } } },
  responses: { 201: json(versionResult, "Stored (or unchanged: the same version again)"), ...adminWriteErrors },
});

const addDiscount = createRoute({
  method: "post",
  path: "/discounts",
  summary: "Add a discount period from a future date (admin)",
  middleware: [allow(ADMIN)] as const,
  request: { body: { required: true, content: { "application/json": { schema: discountSchema } } } },
  responses: { 201: json(versionResult, "Stored (or unchanged)"), ...adminWriteErrors },
});

const endDiscount = createRoute({
  method: "post",
  path: "/discounts/{id}/end",
  summary: "End a discount period early, from today on at the earliest (admin)",
  middleware: [allow(ADMIN)] as const,
  request: { params: z.object({ id: z.string().min(1).max(64) }), body: { required: true, content: { "application/json": { schema: z.object({ validTo: isoDateSchema }) } } } },
  responses: { 200: json(discountSchema, "The period after the change"), ...adminWriteErrors },
});

const byStart = <T extends { validFrom: string }>(list: T[]) => [...list].sort((a, b) => a.validFrom.localeCompare(b.validFrom));

export function adminRateTableRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(list, async (c) => {
    const { rateTables } = c.get("deps").platform;
    const [tables, discounts] = await Promise.all([rateTables.list(), rateTables.discounts()]);
    return c.json({ rateTables: byStart(tables), discounts: byStart(discounts) }, 200);
  });
  app.openapi(addVersion, async (c) => c.json(await c.get("deps").platform.rateTables.addVersion(c.req.valid("json"), actorOf(c)), 201));
  app.openapi(addDiscount, async (c) => c.json(await c.get("deps").platform.rateTables.addDiscount(c.req.valid("json"), actorOf(c)), 201));
  app.openapi(endDiscount, async (c) => {
    const { rateTables } = c.get("deps").platform;
    const { id } = c.req.valid("param");
    await rateTables.endDiscount(id, c.req.valid("json").validTo, actorOf(c));
    return c.json((await rateTables.discounts()).find((d) => d.id === id)!, 200);
  });
  return app;
}
