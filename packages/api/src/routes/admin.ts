import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { validationHook } from "../http/errors";

/** The administrator's JSON routes (`/api/admin/…`), role `admin` only; each resource mounts its own routes here. */
export function adminRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  return app;
}
