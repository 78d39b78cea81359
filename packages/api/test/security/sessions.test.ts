import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { SESSION_TTL_SECONDS } from "@naungan/platform";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@naungan/api";
import { DEMO_PASSWORD, ORIGIN, bearer, createTestApp, signIn, type TestApp } from "../support/test-app";

/*
 * Sessions beyond what auth.test.ts covers (flags on the API login, the
 * __Host- prefix, bearer logout, a new session per sign-in, the API's 429):
 * the page login's cookie, expiry on a moved clock, a cookie logout that
 * revokes the session server-side (the old cookie replayed is signed out),
 * a planted cookie that never becomes the victim's session, a deactivated
 * user's session, and the throttle on the form, under parallel guesses, with
 * the right password while locked, and after the lock.
 */

let clock = Date.parse("2026-03-02T02:00:00Z");
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(clock) });
});

const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...headers }, body: new URLSearchParams(fields) });
const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0];
const me = (headers: Record<string, string>) => t.app.request("/api/me", { headers });
const tokenOf = (cookie: string) => decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
const sessionItem = async (token: string) =>
  (await t.doc.send(new GetCommand({ TableName: t.tableName, Key: { pk: `SESSION#${createHash("sha256").update(token.split(".")[0]!).digest("hex")}`, sk: "SESSION" }, ConsistentRead: true }))).Item;

describe("the session cookie", () => {
  it("from the login form is HttpOnly, SameSite=Lax, for the whole site, and lives as long as the session (12 h)", async () => {
    const res = await form("/login", { email: "kepala@disnaker.demo", password: DEMO_PASSWORD, next: "/" });
    expect(res.status).toBe(303);
    const header = res.headers.get("set-cookie")!;
    expect(header).toMatch(/^naungan_session=[\w-]{43}\.[\w-]{43};/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).toContain(`Max-Age=${SESSION_TTL_SECONDS}`);
    expect(header).not.toMatch(/Domain=/i);
    expect(SESSION_TTL_SECONDS).toBe(12 * 60 * 60);
  });

  it("is __Host-, Secure, HttpOnly and SameSite from the login form when deployed, and the unprefixed name is then ignored", async () => {
    // The same platform behind an app that runs as deployed (a new table would seed and hash every demo password again).
    const deployed = { app: createApp({ platform: t.platform, secureCookies: true, local: false }) };
    const res = await deployed.app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({ email: "kepala@disnaker.demo", password: DEMO_PASSWORD }),
    });
    const header = res.headers.get("set-cookie")!;
    expect(header).toMatch(/^__Host-naungan_session=/);
    for (const flag of ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"]) expect(header).toContain(flag);
    expect(header).not.toMatch(/Domain=/i);
    // A cookie without the prefix could be planted by a sibling subdomain: it authenticates nobody.
    const token = tokenOf(cookieOf(res)!);
    expect((await deployed.app.request("/api/me", { headers: { cookie: `naungan_session=${token}` } })).status).toBe(401);
    expect((await deployed.app.request("/api/me", { headers: { cookie: `__Host-naungan_session=${token}` } })).status).toBe(200);
  });
});

describe("expiry", () => {
  it("ends a session 12 hours after sign-in, by cookie and by bearer token, whatever the client keeps", async () => {
    const start = clock;
    try {
      const { token, cookie } = await signIn(t.app, "auditor@inspektorat.demo");
      clock = start + (SESSION_TTL_SECONDS - 60) * 1000;
      expect((await me(bearer(token))).status).toBe(200);
      expect((await t.app.request("/", { headers: { cookie } })).status).toBe(200);
      clock = start + SESSION_TTL_SECONDS * 1000;
      const api = await me(bearer(token));
      expect(api.status).toBe(401);
      expect(await api.json()).toMatchObject({ error: { code: "not_authenticated" } });
      expect((await me({ cookie })).status).toBe(401);
      const page = await t.app.request("/cases", { headers: { cookie } });
      expect(page.status).toBe(302);
      expect(page.headers.get("location")).toBe("/login?next=%2Fcases");
    } finally {
      clock = start;
    }
  });
});

describe("logout", () => {
  it("with the cookie on the API revokes the session server-side: the old cookie replayed is signed out", async () => {
    const { token, cookie } = await signIn(t.app, "operator@disnaker.demo");
    const out = await t.app.request("/api/auth/logout", { method: "POST", headers: { cookie, origin: ORIGIN, "content-type": "application/json" }, body: "{}" });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/^naungan_session=;.*Max-Age=0/);
    expect((await sessionItem(token))?.revokedAt).toBeTypeOf("string");
    // A client that ignores the cleared cookie and sends the old one is not signed in.
    expect((await me({ cookie })).status).toBe(401);
    expect((await me(bearer(token))).status).toBe(401);
    expect((await t.app.request("/", { headers: { cookie } })).status).toBe(302);
    // The form of a revoked session changes nothing: it is sent to sign in first.
    const again = await form("/logout", { _csrf: "x" }, { cookie });
    expect([302, 403]).toContain(again.status);
  });

  it("from the page revokes the session server-side, not only the browser's cookie", async () => {
    const { token, cookie } = await signIn(t.app, "operator@disnaker.demo");
    const session = await t.platform.sessions.resolve(token);
    const out = await form("/logout", { _csrf: t.platform.sessions.csrfToken(session!) }, { cookie });
    expect(out.status).toBe(303);
    expect((await sessionItem(token))?.revokedAt).toBeTypeOf("string");
    expect((await me(bearer(token))).status).toBe(401);
  });
});

describe("no session fixation", () => {
  it("never makes a cookie planted before sign-in the victim's session (a forged value, or the attacker's own session)", async () => {
    const attacker = await signIn(t.app, "auditor@inspektorat.demo");
    // With a live (attacker's) session the login form carries that session's token, as any form does.
    const attackerCsrf = t.platform.sessions.csrfToken((await t.platform.sessions.resolve(attacker.token))!);
    const forged = `naungan_session=${"A".repeat(43)}.${"B".repeat(43)}`;
    for (const planted of [forged, attacker.cookie]) {
      for (const login of [
        () => form("/login", { email: "kepala@disnaker.demo", password: DEMO_PASSWORD, ...(planted === attacker.cookie ? { _csrf: attackerCsrf } : {}) }, { cookie: planted }),
        () => t.app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json", cookie: planted }, body: JSON.stringify({ email: "kepala@disnaker.demo", password: DEMO_PASSWORD }) }),
      ]) {
        const res = await login();
        expect([200, 303]).toContain(res.status);
        const issued = cookieOf(res)!;
        expect(issued).toMatch(/^naungan_session=/);
        expect(issued).not.toBe(planted);
        // The victim's session is the new cookie; the planted one is still whatever it was (the attacker's, or nobody).
        expect(await (await me({ cookie: issued })).json()).toMatchObject({ email: "kepala@disnaker.demo" });
        const plantedMe = await me({ cookie: planted });
        if (planted === forged) expect(plantedMe.status).toBe(401);
        else expect(await plantedMe.json()).toMatchObject({ email: "auditor@inspektorat.demo" });
      }
    }
  });

  it("ignores a session token in the query string", async () => {
    const { token } = await signIn(t.app, "kepala@disnaker.demo");
    expect((await t.app.request(`/api/me?token=${token}&session=${token}&naungan_session=${token}`)).status).toBe(401);
    expect((await t.app.request(`/?naungan_session=${encodeURIComponent(token)}`)).status).toBe(302);
  });
});

describe("a deactivated user", () => {
  it("loses the sessions already open", async () => {
    const admin = await signIn(t.app, "admin@naungan.demo");
    const created = await t.app.request("/api/admin/users", {
      method: "POST",
      headers: { ...bearer(admin.token), "content-type": "application/json" },
      body: JSON.stringify({ email: "sementara@disnaker.demo", name: "Pegawai Sementara", role: "opd_operator", opdCode: "DISNAKER" }),
    });
    expect(created.status, await created.clone().text()).toBeLessThan(300);
    const { password } = (await created.json()) as { password: string };
    const { token, cookie } = await signIn(t.app, "sementara@disnaker.demo", password);
    const off = await t.app.request("/api/admin/users/sementara%40disnaker.demo", {
      method: "PATCH",
      headers: { ...bearer(admin.token), "content-type": "application/json" },
      body: JSON.stringify({ active: false }),
    });
    expect(off.status, await off.clone().text()).toBe(200);
    expect((await me(bearer(token))).status).toBe(401);
    expect((await me({ cookie })).status).toBe(401);
  });
});

describe("sign-in throttling", () => {
  it("locks the login form after 5 failures with 429, Retry-After and the sentence, even for the right password", async () => {
    const email = "kepala@perikanan.demo";
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await form("/login", { email, password: `tebakan-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await form("/login", { email, password: DEMO_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(locked.headers.get("retry-after"))).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers.get("set-cookie")).toBeNull();
    expect(await locked.text()).toMatch(/menit/);
    const api = await t.app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    expect(api.status).toBe(429);
  });

  it("lets the account in again once the lock has passed", async () => {
    const email = "kepala@perikanan.demo";
    const start = clock;
    try {
      clock = start + 15 * 60 * 1000 + 1000;
      const res = await form("/login", { email, password: DEMO_PASSWORD });
      expect(res.status).toBe(303);
    } finally {
      clock = start;
    }
  });

  it("counts parallel guesses atomically: 6 at once lock the account, none slips through", async () => {
    const email = "operator@perikanan.demo";
    const guesses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: `paralel-${i}` }) }),
      ),
    );
    expect(guesses.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    const right = await t.app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    expect(right.status).toBe(429);
  });

  it("does not tell a locked unknown account from a known one", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "tidak-ada@disnaker.demo", password: `x-${i}` }) });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });
});
