import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { json } from "./schemas";

const health = createRoute({
  method: "get",
  path: "/healthz",
  summary: "200 once storage (and, when configured, the workflow engine) answers",
  middleware: [allow("public")] as const,
  responses: {
    200: json(z.object({ ok: z.literal(true) }), "Healthy"),
    503: json(z.object({ ok: z.literal(false), failing: z.array(z.string()) }), "A dependency does not answer"),
  },
});

export function healthRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(health, async (c) => {
    const failing = await c.get("deps").platform.health();
    return failing.length === 0 ? c.json({ ok: true as const }, 200) : c.json({ ok: false as const, failing }, 503);
  });
  return app;
}
