import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { validationHook } from "../http/errors";
import { errorResponses, json, opdResponseSchema } from "./schemas";

const listOpds = createRoute({
  method: "get",
  path: "/opds",
  summary: "The regency's work units (OPD) — master data every role may read",
  middleware: [allow("signed_in")] as const,
  responses: { 200: json(z.array(opdResponseSchema), "OPDs by code"), 401: errorResponses[401] },
});

export function opdRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(listOpds, async (c) => c.json(await c.get("deps").platform.opds.list(), 200));
  return app;
}
