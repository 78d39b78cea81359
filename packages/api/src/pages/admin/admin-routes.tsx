import { Hono } from "hono";
import { allow } from "../../auth/allow";
import type { AppEnv } from "../../env";

/** The administrator's pages (`/admin/…`), role `admin` only; each tab mounts its own routes here. */
export function adminPageRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/admin", allow(["admin"], { html: true }), (c) => c.redirect("/admin/pengguna", 302));
  return app;
}
