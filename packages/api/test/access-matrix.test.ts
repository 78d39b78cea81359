import { roles, type Role } from "@naungan/core";
import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, createTestApp, demoEmail, signIn, type TestApp } from "./support/test-app";

type Who = Role | "anonymous";
const everyone: Who[] = ["anonymous", ...roles];
const signedIn = roles;

/** Who each route admits. A route missing here fails the coverage test below. */
const matrix: Record<string, readonly Who[]> = {
  "GET /healthz": everyone,
  "GET /openapi.json": everyone,
  "GET /docs": everyone,
  "GET /static/:name": everyone,
  "GET /login": everyone,
  "POST /login": everyone,
  "POST /api/auth/login": everyone,
  "POST /api/auth/logout": signedIn,
  "GET /api/me": signedIn,
  "GET /api/opds": signedIn,
  "GET /api/budget-lines": signedIn,
  "POST /api/enrolments": ["opd_operator"],
  "POST /api/enrolments/preview": ["opd_operator"],
  "POST /api/enrolments/import": ["opd_operator"],
  "GET /api/enrolments/template.csv": signedIn,
  "GET /api/imports/:id": ["opd_operator", "opd_head"],
  "GET /api/imports/:id/errors.csv": ["opd_operator", "opd_head"],
  "GET /api/cases": signedIn,
  "GET /api/cases/:id": signedIn,
  "GET /api/cases/:id/workers": signedIn,
  "GET /api/cases/:id/history": signedIn,
  "POST /api/cases/:id/decisions": ["opd_head", "finance_approver"],
  "POST /api/cases/:id/resubmit": ["opd_operator"],
  "POST /api/cases/:id/disbursement": ["treasurer"],
  "POST /api/cases/:id/reveal": ["auditor"],
  "POST /api/death-claims": ["opd_operator"],
  "POST /api/death-claims/preview": ["opd_operator", "opd_head"],
  "GET /api/participants/:nik": ["opd_operator", "opd_head", "finance_approver", "treasurer", "auditor", "admin"],
  "GET /api/coverage": signedIn,
  "GET /api/audit/events": ["auditor", "admin"],
  "GET /api/audit/export.csv": ["auditor", "admin"],
  "GET /api/audit/verify": ["auditor", "admin"],
  "GET /api/dev/outbox": everyone,
  "POST /logout": signedIn,
  "GET /": signedIn,
  "GET /budget": signedIn,
  "GET /cakupan": signedIn,
  "GET /cases": signedIn,
  "GET /cases/:id": signedIn,
  "POST /cases/:id/decisions": ["opd_head", "finance_approver"],
  "POST /cases/:id/disbursement": ["treasurer"],
  "POST /cases/:id/reveal": ["auditor"],
  "GET /enrolments/new": ["opd_operator"],
  "POST /enrolments/new": ["opd_operator"],
  "POST /enrolments/import": ["opd_operator"],
  "GET /klaim/baru": ["opd_operator"],
  "POST /klaim/baru": ["opd_operator"],
  "GET /imports/:id": ["opd_operator", "opd_head"],
  "GET /approve/:token": everyone,
  "POST /approve/:token": everyone,
  "GET /dev/outbox": everyone,
  "GET /audit": ["auditor", "admin"],
  "GET /audit/verifikasi": ["auditor", "admin"],
  "GET /admin": ["admin"],
  "GET /admin/pengguna": ["admin"],
  "POST /admin/pengguna": ["admin"],
  "GET /admin/pengguna/:email": ["admin"],
  "POST /admin/pengguna/:email": ["admin"],
  "POST /admin/pengguna/:email/sandi": ["admin"],
  "GET /admin/opd": ["admin"],
  "POST /admin/opd": ["admin"],
  "GET /admin/anggaran": ["admin"],
  "POST /admin/anggaran": ["admin"],
  "POST /admin/anggaran/:id": ["admin"],
  "GET /api/admin/users": ["admin"],
  "POST /api/admin/users": ["admin"],
  "PATCH /api/admin/users/:email": ["admin"],
  "POST /api/admin/users/:email/password-reset": ["admin"],
  "PUT /api/admin/opds/:code": ["admin"],
  "POST /api/admin/budget-lines": ["admin"],
  "PATCH /api/admin/budget-lines/:id": ["admin"],
  "GET /api/admin/rate-tables": ["admin"],
  "POST /api/admin/rate-tables": ["admin"],
  "POST /api/admin/discounts": ["admin"],
  "POST /api/admin/discounts/:id/end": ["admin"],
  "GET /admin/tarif": ["admin"],
  "POST /admin/tarif": ["admin"],
  "POST /admin/tarif/diskon": ["admin"],
  "POST /admin/tarif/diskon/:id/akhiri": ["admin"],
  "GET /admin/pengaturan": ["admin"],
  "POST /admin/pengaturan": ["admin"],
  "GET /api/admin/settings": ["admin"],
  "PATCH /api/admin/settings": ["admin"],
  "POST /api/admin/participant-imports": ["admin"],
  "GET /api/admin/participant-imports/:id": ["admin"],
  "GET /api/admin/participant-imports/:id/errors.csv": ["admin"],
  "GET /admin/peserta/impor": ["admin"],
  "POST /admin/peserta/impor": ["admin"],
  "GET /admin/peserta/impor/:id": ["admin"],
  "GET /admin/peserta/templat.csv": ["admin"],
  "GET /js/:name": everyone,
};

/** A concrete request for each route pattern. */
const concrete = (route: string) =>
  route.replace(":name", "app.css").replace(":id", "unknown_01").replace(":token", "unknown-token").replace(":email", "nobody@unknown.demo").replace(":code", "UNKNOWN");


/** Refused for who the caller is (not for what they sent, e.g. a wrong password). */
async function isRefusal(res: Response): Promise<boolean> {
  // Pages send anonymous visitors to sign in first (a logout's plain redirect to /login is not that).
  if (res.status === 302 || res.status === 303) return res.headers.get("location")?.startsWith("/login?next=") ?? false;
  if (res.status === 403) return true;
  if (res.status !== 401) return false;
  const body = await res.clone().text();
  return body.includes('"not_authenticated"');
}

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

describe("authorization matrix", () => {
  it("covers every route the app serves", () => {
    const served = new Set(t.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    expect([...served].sort()).toEqual(Object.keys(matrix).sort());
  });

  for (const who of everyone) {
    it(`admits exactly the routes open to ${who}`, async () => {
      // One session (sign-in hashes with scrypt: slow on purpose), new after each
      // logout route, which ends the session it is called with.
      let current: { cookie: string; csrf: string } | undefined;
      const session = async () => {
        if (!current) {
          const { token, cookie } = await signIn(t.app, demoEmail[who as Role]);
          current = { cookie, csrf: t.platform.sessions.csrfToken((await t.platform.sessions.resolve(token))!) };
        }
        return current;
      };
      for (const [route, admitted] of Object.entries(matrix)) {
        const [method, path] = concrete(route).split(" ") as [string, string];
        const headers: Record<string, string> = { origin: ORIGIN };
        let csrf = "";
        if (who !== "anonymous") {
          ({ cookie: headers.cookie, csrf } = await session());
          if (route.endsWith("/logout")) current = undefined;
        }
        const body = method !== "GET" ? new URLSearchParams({ _csrf: csrf, email: "x@y.demo", password: "p" }) : undefined;
        if (body) headers["content-type"] = "application/x-www-form-urlencoded";
        const res = await t.app.request(path, { method, headers, body });
        const refused = await isRefusal(res);
        expect({ route, who, admitted: !refused }).toEqual({ route, who, admitted: admitted.includes(who) });
        expect(res.status, `${route} as ${who}`).toBeLessThan(500);
      }
    });
  }
});

describe("OPD scoping", () => {
  it("shows OPD roles only their own OPD's budget lines and refuses another OPD", async () => {
    for (const email of ["operator@disnaker.demo", "kepala@disnaker.demo"]) {
      const { token } = await signIn(t.app, email);
      const own = await t.app.request("/api/budget-lines", { headers: { authorization: `Bearer ${token}` } });
      const lines = (await own.json()) as { opdCode: string }[];
      expect(lines.length).toBeGreaterThan(0);
      expect(new Set(lines.map((l) => l.opdCode))).toEqual(new Set(["DISNAKER"]));
      const other = await t.app.request("/api/budget-lines?opd=PERIKANAN", { headers: { authorization: `Bearer ${token}` } });
      expect(other.status).toBe(403);
      expect(await other.json()).toMatchObject({ error: { code: "forbidden" } });
    }
  });

  it("shows the other roles every OPD, or the one they ask for", async () => {
    for (const role of ["finance_approver", "treasurer", "auditor", "admin"] as const) {
      const { token } = await signIn(t.app, demoEmail[role]);
      const all = (await (await t.app.request("/api/budget-lines", { headers: { authorization: `Bearer ${token}` } })).json()) as { opdCode: string }[];
      expect(new Set(all.map((l) => l.opdCode)).size).toBeGreaterThan(2);
      const one = (await (await t.app.request("/api/budget-lines?opd=PERIKANAN", { headers: { authorization: `Bearer ${token}` } })).json()) as { opdCode: string }[];
      expect(one.map((l) => l.opdCode)).toEqual(["PERIKANAN"]);
    }
  });

  it("keeps the budget page of an OPD role to its own OPD", async () => {
    const { cookie } = await signIn(t.app, "operator@perikanan.demo");
    const html = await (await t.app.request("/budget?year=2026", { headers: { cookie } })).text();
    expect(html).toContain("Dinas Perikanan");
    expect(html).not.toContain("Dinas Tenaga Kerja");
  });
});
