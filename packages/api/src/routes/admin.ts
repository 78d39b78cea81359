import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { validationHook } from "../http/errors";
import { adminMasterDataRoutes } from "./admin-master-data";
import { adminParticipantImportRoutes } from "./admin-participant-imports";
import { adminRateTableRoutes } from "./admin-rate-tables";
import { adminSettingsRoutes } from "./admin-settings";
import { adminUserRoutes } from "./admin-users";

/** The administrator's JSON routes (`/api/admin/…`), role `admin` only; each resource mounts its own routes here. */
export function adminRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.route("/", adminUserRoutes());
  app.route("/", adminMasterDataRoutes());
  app.route("/", adminRateTableRoutes());
  app.route("/", adminSettingsRoutes());
  app.route("/", adminParticipantImportRoutes());
  return app;
}
