import { Hono, type Context } from "hono";
import * as z from "zod";
import { wibDate } from "@naungan/core";
import { allow } from "../auth/allow";
import { clearSessionCookie, writeSessionCookie } from "../auth/cookies";
import { scopeOpd } from "../auth/opd-scope";
import type { AppEnv } from "../env";
import { clientAddress } from "../http/client-address";
import { loginBodySchema } from "../routes/auth";
import { id as t } from "@naungan/core/i18n";
import { coverageReport } from "../coverage/coverage-report";
import { adminPageRoutes } from "./admin/admin-routes";
import { approvalPageRoutes } from "./approval-routes";
import { auditPageRoutes } from "./audit-routes";
import { BudgetPage } from "./budget";
import { casePageRoutes } from "./case-routes";
import { CoveragePage } from "./coverage-page";
import { deathClaimPageRoutes } from "./death-claim-routes";
import { enrolmentPageRoutes } from "./enrolment-routes";
import { HomePage } from "./home";
import { LoginPage } from "./login";
import { outboxPageRoutes } from "./outbox-routes";
import { chrome, hasOutbox } from "./page-context";
import { scriptRoutes } from "./scripts";

/** Only paths on this site: never `//host` or `https://…` (no open redirect). */
const safeNext = (next: unknown) => (typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : "/");

const yearQuery = z.coerce.number().int().min(2000).max(2100);

export function pageRoutes() {
  const app = new Hono<AppEnv>();
  const loginPage = (c: Context<AppEnv>, props: { error?: string; email?: string; next?: string }) =>
    c.html(<LoginPage {...props} demoLogins={c.get("deps").demoLogins} local={hasOutbox(c)} />);

  app.get("/login", allow("public"), (c) => {
    if (c.get("user")) return c.redirect(safeNext(c.req.query("next")), 302);
    return loginPage(c, { next: safeNext(c.req.query("next")) });
  });

  app.post("/login", allow("public"), async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const parsed = loginBodySchema.safeParse({ email: form.email, password: form.password });
    if (!parsed.success) {
      c.status(400);
      return loginPage(c, { error: t.login.invalid, email: typeof form.email === "string" ? form.email : "", next });
    }
    const result = await c.get("deps").platform.signIn.attempt({ ...parsed.data, client: clientAddress(c), requestId: c.get("requestId") });
    if (!result.ok) {
      const locked = result.reason === "locked";
      c.status(locked ? 429 : 401);
      if (locked) c.header("Retry-After", String(result.retryAfter));
      return loginPage(c, { error: locked ? t.login.locked(Math.ceil(result.retryAfter / 60)) : t.login.failed, email: parsed.data.email, next });
    }
    writeSessionCookie(c, result.token);
    return c.redirect(next, 303);
  });

  app.post("/logout", allow("signed_in", { html: true }), async (c) => {
    await c.get("deps").platform.signIn.signOut(c.get("session")!, c.get("requestId"), c.get("user")?.opdCode);
    clearSessionCookie(c);
    return c.redirect("/login", 303);
  });

  app.get("/", allow("signed_in", { html: true }), async (c) => {
    const user = c.get("user")!;
    const opd = user.opdCode ? await c.get("deps").platform.opds.get(user.opdCode) : undefined;
    return c.html(<HomePage session={c.get("session")!} opd={opd} chrome={{ ...chrome(c), user }} />);
  });

  app.get("/budget", allow("signed_in", { html: true }), async (c) => {
    const user = c.get("user")!;
    const parsedYear = yearQuery.safeParse(c.req.query("year"));
    const year = parsedYear.success ? parsedYear.data : Number(wibDate(new Date()).slice(0, 4));
    const { platform } = c.get("deps");
    const [lines, opds] = await Promise.all([platform.budgetLines.list({ year, opdCode: scopeOpd(user, undefined) }), platform.opds.list()]);
    const opdNames = new Map(opds.map((o) => [o.code, o.name]));
    return c.html(<BudgetPage chrome={chrome(c)} year={year} lines={lines} opdNames={opdNames} />);
  });

  app.get("/cakupan", allow("signed_in", { html: true }), async (c) => {
    const { platform } = c.get("deps");
    const [report, opds] = await Promise.all([coverageReport(platform), platform.opds.list()]);
    return c.html(<CoveragePage chrome={chrome(c)} report={report} opdNames={new Map(opds.map((o) => [o.code, o.name]))} />);
  });

  app.route("/", casePageRoutes());
  app.route("/", enrolmentPageRoutes());
  app.route("/", deathClaimPageRoutes());
  app.route("/", approvalPageRoutes());
  app.route("/", outboxPageRoutes());
  app.route("/", auditPageRoutes());
  app.route("/", adminPageRoutes());
  app.route("/", scriptRoutes());

  return app;
}
