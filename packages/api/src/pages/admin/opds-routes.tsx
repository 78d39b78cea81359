import { Hono, type Context } from "hono";
import { id as t } from "@naungan/core/i18n";
import { Refused } from "@naungan/platform";
import { allow } from "../../auth/allow";
import type { AppEnv } from "../../env";
import { actorOf, chrome, formText } from "../page-context";
import { attempt } from "./admin-form";
import { OpdsPage, opdsPath, type OpdFormState } from "./opds-page";

const admin = allow(["admin"], { html: true });

/** The OPD page (`/admin/opd`): one form per OPD, one to add an OPD. */
export function opdPageRoutes() {
  const app = new Hono<AppEnv>();
  const page = async (c: Context<AppEnv>, state?: OpdFormState) => c.html(<OpdsPage chrome={chrome(c)} opds={await c.get("deps").platform.opds.list()} state={state} />);

  app.get(opdsPath, admin, (c) => page(c));

  app.post(opdsPath, admin, async (c) => {
    const { opds } = c.get("deps").platform;
    const form = await c.req.parseBody();
    const creating = formText(form.mode) === "create";
    const values = { code: formText(form.code).toUpperCase(), name: formText(form.name), riskGroup: formText(form.riskGroup) };
    const result = await attempt(async () => {
      const exists = await opds.get(values.code);
      // The new-OPD form never changes an existing OPD, and a row never creates one.
      if (creating && exists) throw new Refused("conflict", t.admin.errors.opdExists(values.code), [{ path: "code", message: t.admin.errors.opdExists(values.code) }]);
      if (!creating && !exists) throw new Refused("not_found", t.admin.errors.unknownOpd(values.code));
      return opds.upsert({ code: values.code, name: values.name, riskGroup: values.riskGroup as never }, actorOf(c));
    }, t.adminMaster.opds.invalid);
    const formName = creating ? "new" : values.code;
    if (!result.ok) {
      c.status(result.status);
      return page(c, { form: formName, values, errors: result.errors, flash: result.flash });
    }
    const text = result.value === "created" ? t.admin.created : result.value === "updated" ? t.admin.saved : t.admin.noChange;
    return page(c, { flash: { kind: "ok", text } });
  });

  return app;
}
