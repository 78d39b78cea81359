import { Hono, type Context } from "hono";
import { id as t } from "@naungan/core/i18n";
import { generatePassword, type UserChange } from "@naungan/platform";
import { allow } from "../../auth/allow";
import type { AppEnv } from "../../env";
import { ErrorPage } from "../error-page";
import { actorOf, chrome, formText } from "../page-context";
import { attempt } from "./admin-form";
import { UserPage, UsersPage, usersPath, type UserFormState } from "./users-page";

const admin = allow(["admin"], { html: true });
const m = t.adminMaster.users;

/** The user pages (`/admin/pengguna`): list, create, change, reset a password. */
export function userPageRoutes() {
  const app = new Hono<AppEnv>();
  const platform = (c: Context<AppEnv>) => c.get("deps").platform;

  const list = async (c: Context<AppEnv>, state?: UserFormState) => {
    const [users, opds] = await Promise.all([platform(c).users.list(), platform(c).opds.list()]);
    return c.html(<UsersPage chrome={chrome(c)} users={users} opds={opds} state={state} />);
  };
  const one = async (c: Context<AppEnv>, email: string, state?: UserFormState) => {
    const [user, opds] = await Promise.all([platform(c).users.get(email), platform(c).opds.list()]);
    if (!user) return c.html(<ErrorPage title={t.errors.notFoundTitle} message={t.admin.errors.unknownUser(email)} user={c.get("user")} />, 404);
    return c.html(<UserPage chrome={chrome(c)} user={user} opds={opds} state={state} />);
  };
  const emailParam = (c: Context<AppEnv>) => (c.req.param("email") ?? "").toLowerCase();

  app.get(usersPath, admin, (c) => list(c));

  app.post(usersPath, admin, async (c) => {
    const form = await c.req.parseBody();
    const values = { email: formText(form.email), name: formText(form.name), role: formText(form.role), opdCode: formText(form.opdCode) };
    const password = generatePassword();
    const result = await attempt(
      () => platform(c).users.create({ email: values.email, name: values.name, role: values.role as never, ...(values.opdCode ? { opdCode: values.opdCode } : {}), password }, actorOf(c)),
      m.invalid,
    );
    if (!result.ok) {
      c.status(result.status);
      return list(c, { values, errors: result.errors, flash: result.flash });
    }
    return list(c, { password: { email: result.value.email, value: password, kind: "created" } });
  });

  app.get(`${usersPath}/:email`, admin, (c) => one(c, emailParam(c)));

  app.post(`${usersPath}/:email`, admin, async (c) => {
    const email = emailParam(c);
    const form = await c.req.parseBody();
    const values = { name: formText(form.name), role: formText(form.role), opdCode: formText(form.opdCode), active: form.active === "on" ? "on" : "" };
    const change: UserChange = { name: values.name, role: values.role as never, opdCode: values.opdCode || null, active: values.active === "on" };
    const result = await attempt(() => platform(c).users.update(email, change, actorOf(c)), m.invalid);
    if (!result.ok) {
      c.status(result.status);
      return one(c, email, { values, errors: result.errors, flash: result.flash });
    }
    return one(c, email, { flash: { kind: "ok", text: result.value.outcome === "updated" ? t.admin.saved : t.admin.noChange } });
  });

  app.post(`${usersPath}/:email/sandi`, admin, async (c) => {
    const email = emailParam(c);
    const result = await attempt(() => platform(c).users.resetPassword(email, actorOf(c)));
    if (!result.ok) {
      c.status(result.status);
      return one(c, email, { flash: result.flash });
    }
    return one(c, email, { password: { email, value: result.value, kind: "reset" } });
  });

  return app;
}
