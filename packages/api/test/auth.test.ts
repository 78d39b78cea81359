import { beforeAll, describe, expect, it } from "vitest";
import { bearer, createTestApp, signIn, type TestApp } from "./support/test-app";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("POST /api/auth/login", () => {
  it("answers the token and the user, and sets an HttpOnly SameSite=Lax cookie", async () => {
    const res = await postJson("/api/auth/login", { email: "Kepala@Disnaker.demo ", password: "naungan-demo" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: unknown };
    expect(body.user).toEqual({ email: "kepala@disnaker.demo", name: "Budi Kepala Disnaker", role: "opd_head", opdCode: "DISNAKER" });
    expect(body.token).toMatch(/^[\w-]{43}\.[\w-]{43}$/);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^naungan_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("marks the cookie Secure with the __Host- prefix when deployed", async () => {
    const deployed = await createTestApp({ secureCookies: true });
    const res = await deployed.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "kepala@disnaker.demo", password: "naungan-demo" }),
    });
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-naungan_session=.*; Secure/);
  });

  it("refuses a wrong password with 401 and the error shape", async () => {
    const res = await postJson("/api/auth/login", { email: "kepala@disnaker.demo", password: "wrong" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "invalid_credentials", message: "Wrong email or password" } });
  });

  it.each([
    [{ email: "not-an-email", password: "x" }, ["email"]],
    [{ email: "a@b.demo" }, ["password"]],
    [{ email: 42, password: ["x"] }, ["email", "password"]],
    [{}, ["email", "password"]],
    [{ email: "a@b.demo", password: "x".repeat(201) }, ["password"]],
  ])("answers 400 naming each bad field for %j", async (body, paths) => {
    const res = await postJson("/api/auth/login", body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; fields: { path: string }[] } };
    expect(json.error.code).toBe("validation_failed");
    expect(json.error.fields.map((f) => f.path).sort()).toEqual(paths);
  });

  it.each(["{not json", "", "null", "[]", '"text"'])("answers 400, not 500, to the body %j", async (body) => {
    const res = await postJson("/api/auth/login", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("answers 413 to a body over the limit", async () => {
    const res = await postJson("/api/auth/login", { email: "a@b.demo", password: "x".repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("answers 429 with Retry-After once an account is locked", async () => {
    let res: Response | undefined;
    for (let i = 0; i < 6; i++) res = await postJson("/api/auth/login", { email: "bud@bkad.demo", password: `guess-${i}` });
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res!.json()).toMatchObject({ error: { code: "too_many_attempts" } });
  });
});

describe("GET /api/me and logout", () => {
  it("knows the user by bearer token and by cookie", async () => {
    const { token, cookie } = await signIn(t.app, "auditor@inspektorat.demo");
    for (const headers of [bearer(token), { cookie }]) {
      const res = await t.app.request("/api/me", { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ email: "auditor@inspektorat.demo", name: "Yusuf Auditor Inspektorat", role: "auditor", opdCode: "INSPEKTORAT" });
    }
  });

  it("answers 401 without a session and for a bad bearer token", async () => {
    expect((await t.app.request("/api/me")).status).toBe(401);
    const res = await t.app.request("/api/me", { headers: bearer("forged.token") });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "not_authenticated" } });
  });

  it("ends the session on logout: the token stops working", async () => {
    const { token } = await signIn(t.app, "admin@naungan.demo");
    const out = await t.app.request("/api/auth/logout", { method: "POST", headers: bearer(token) });
    expect(out.status).toBe(200);
    expect((await t.app.request("/api/me", { headers: bearer(token) })).status).toBe(401);
    const { items } = await t.platform.audit.events("user#admin@naungan.demo", { newestFirst: true, limit: 1 });
    expect(items[0]?.action).toBe("auth.logout");
  });

  it("issues a new session at every sign-in (no fixation)", async () => {
    const first = await signIn(t.app, "admin@naungan.demo");
    const res = await t.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: first.cookie },
      body: JSON.stringify({ email: "admin@naungan.demo", password: "naungan-demo" }),
    });
    expect(res.headers.get("set-cookie")!.split(";")[0]).not.toBe(first.cookie);
  });
});

describe("CSRF", () => {
  it("refuses a cross-site JSON call made with the cookie", async () => {
    const { cookie } = await signIn(t.app, "admin@naungan.demo");
    const res = await postJson("/api/auth/logout", {}, { cookie, origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "csrf_failed" } });
  });

  it("refuses a form post without our Origin, and a cookie form post without the token", async () => {
    const form = (headers: Record<string, string>, body: Record<string, string>) =>
      t.app.request("/logout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(body) });
    const { cookie } = await signIn(t.app, "admin@naungan.demo");
    expect((await form({ cookie }, {})).status).toBe(403);
    expect((await form({ cookie, origin: "https://evil.example" }, {})).status).toBe(403);
    expect((await form({ cookie, origin: "http://localhost" }, { _csrf: "wrong" })).status).toBe(403);
    expect((await t.app.request("/api/me", { headers: { cookie } })).status).toBe(200);
  });
});
