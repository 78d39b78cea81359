import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { id } from "@naungan/core/i18n";
import { Refused, type SettingsView } from "@naungan/platform";
import { allow } from "../../auth/allow";
import type { AppEnv } from "../../env";
import { addError, type FieldErrors } from "../enrolment-form-check";
import { actorOf, chrome, refusalStatus } from "../page-context";
import type { Flash } from "./admin-shell";
import { checkForm, formFieldOf, formOf, readForm, type SettingsForm } from "./settings-form";
import { SETTINGS_PATH, SettingsPage } from "./settings-page";

const t = id.adminSettings;
const admin = allow(["admin"], { html: true });

/** What `?status=` after a save says. */
const statusFlash: Record<string, Flash> = {
  saved: { kind: "ok", text: t.saved },
  unchanged: { kind: "ok", text: t.unchanged },
};

/** `/admin/pengaturan`: the settings form; a save redirects back with a notice (post/redirect/get). */
export function settingsPageRoutes() {
  const app = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>, view: SettingsView, form: SettingsForm, extra: { errors?: FieldErrors; flash?: Flash } = {}) =>
    c.html(<SettingsPage chrome={chrome(c)} view={view} form={form} {...extra} />);

  app.get(SETTINGS_PATH, admin, async (c) => {
    const view = await c.get("deps").platform.settings.view();
    return page(c, view, formOf(view.stored, view.version), { flash: statusFlash[c.req.query("status") ?? ""] });
  });

  app.post(SETTINGS_PATH, admin, async (c) => {
    const settings = c.get("deps").platform.settings;
    const form = readForm(await c.req.parseBody());
    const { errors, patch } = checkForm(form);
    const refusedPage = async (status: ContentfulStatusCode, text: string) => {
      c.status(status);
      return page(c, await settings.view(), form, { errors, flash: { kind: "error", text } });
    };
    if (!patch) return refusedPage(400, id.admin.fixErrors);
    try {
      const after = await settings.update(patch, actorOf(c));
      return c.redirect(`${SETTINGS_PATH}?status=${after.version === patch.version ? "unchanged" : "saved"}`, 303);
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      for (const field of err.fields ?? []) addError(errors, formFieldOf(field.path), t.errors.invalid);
      return refusedPage(refusalStatus[err.kind], err.kind === "invalid" ? id.admin.fixErrors : err.message);
    }
  });

  return app;
}
