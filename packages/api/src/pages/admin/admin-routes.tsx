import { Hono } from "hono";
import { allow } from "../../auth/allow";
import type { AppEnv } from "../../env";
import { budgetLinePageRoutes } from "./budget-lines-routes";
import { opdPageRoutes } from "./opds-routes";
import { participantImportPageRoutes } from "./participant-import-routes";
import { rateTablePageRoutes } from "./rate-tables-routes";
import { settingsPageRoutes } from "./settings-routes";
import { userPageRoutes } from "./users-routes";

/** The administrator's pages (`/admin/…`), role `admin` only; each tab mounts its own routes here. */
export function adminPageRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/admin", allow(["admin"], { html: true }), (c) => c.redirect("/admin/pengguna", 302));
  app.route("/", userPageRoutes());
  app.route("/", opdPageRoutes());
  app.route("/", budgetLinePageRoutes());
  app.route("/", settingsPageRoutes());
  app.route("/", participantImportPageRoutes());
  app.route("/", rateTablePageRoutes());
  return app;
}
