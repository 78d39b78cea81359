import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, createTestApp, signIn, type TestApp } from "./support/test-app";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ demoLogins: [{ email: "operator@disnaker.demo", role: "opd_operator", opdCode: "DISNAKER" }] });
});

const formPost = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...headers },
    body: new URLSearchParams(body),
  });

describe("pages", () => {
  it("serves the login page in Bahasa Indonesia with the demo logins", async () => {
    const res = await t.app.request("/login");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain("Masuk ke Naungan");
    expect(html).toContain("Kata sandi");
    expect(html).toContain("operator@disnaker.demo");
  });

  it("sends anonymous visitors to the login page", async () => {
    const res = await t.app.request("/budget");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Fbudget");
  });

  it("signs in with the form and lands on the page asked for", async () => {
    const res = await formPost("/login", { email: "kepala@perikanan.demo", password: "naungan-demo", next: "/budget" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/budget");
    expect(res.headers.get("set-cookie")).toMatch(/naungan_session=.*HttpOnly/);
  });

  it("never redirects off-site after sign-in", async () => {
    for (const next of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
      const res = await formPost("/login", { email: "kepala@perikanan.demo", password: "naungan-demo", next });
      expect(res.headers.get("location")).toBe("/");
    }
  });

  it("shows a wrong password on the page, escaped, with 401", async () => {
    const res = await formPost("/login", { email: "<script>x</script>@a.demo", password: "nope" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Isi email dan kata sandi dengan benar.");
    expect(html).not.toContain("<script>x</script>");
    const wrong = await formPost("/login", { email: "kepala@perikanan.demo", password: "nope" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("Email atau kata sandi salah.");
  });

  it("refuses a login form posted from another site", async () => {
    const res = await formPost("/login", { email: "kepala@perikanan.demo", password: "naungan-demo" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it.each([
    ["operator@disnaker.demo", "Operator OPD", "Dinas Tenaga Kerja (DISNAKER)"],
    ["kepala@perikanan.demo", "Kepala OPD (PA/KPA)", "Dinas Perikanan (PERIKANAN)"],
    ["verifikator@bkad.demo", "Verifikator BKAD (Kuasa BUD)", "Badan Keuangan dan Aset Daerah (BKAD)"],
    ["bud@bkad.demo", "Bendahara Umum Daerah (BUD)", "BKAD"],
    ["auditor@inspektorat.demo", "Auditor (Inspektorat)", "INSPEKTORAT"],
    ["admin@naungan.demo", "Administrator", "Semua OPD"],
  ])("shows %s their role, OPD and what they can do", async (email, roleLabel, opdText) => {
    const { cookie } = await signIn(t.app, email);
    const res = await t.app.request("/", { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<dd data-testid="role">${roleLabel}</dd>`);
    expect(html).toContain(opdText);
    expect(html).toContain("Yang dapat Anda lakukan");
    expect(html).toMatch(/WIB<\/dd>/);
  });

  it("shows the budget lines with Rupiah amounts", async () => {
    const { cookie } = await signIn(t.app, "verifikator@bkad.demo");
    const html = await (await t.app.request("/budget?year=2026", { headers: { cookie } })).text();
    expect(html).toContain("Rp5.000.000.000");
    expect(html).toContain("5.1.02.02.02.0006+0007");
    expect(html).toContain("Dinas Tenaga Kerja");
    expect(html).toContain("Dinas Perikanan");
    const empty = await (await t.app.request("/budget?year=2031", { headers: { cookie } })).text();
    expect(empty).toContain("Belum ada pagu untuk tahun ini.");
  });

  it("signs out with the form (token required) and the session ends", async () => {
    const { cookie, token } = await signIn(t.app, "operator@disnaker.demo");
    const session = await t.platform.sessions.resolve(token);
    const res = await formPost("/logout", { _csrf: t.platform.sessions.csrfToken(session!) }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    expect((await t.app.request("/", { headers: { cookie } })).status).toBe(302);
  });

  it("sets the security headers on pages", async () => {
    const res = await t.app.request("/login");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("serves Pico CSS and answers unknown pages with a page in Bahasa Indonesia", async () => {
    const css = await t.app.request("/static/pico.min.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect((await css.text()).length).toBeGreaterThan(10_000);
    const missing = await t.app.request("/tidak-ada");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Halaman tidak ditemukan");
    const api = await t.app.request("/api/tidak-ada");
    expect(await api.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

describe("documents and health", () => {
  it("publishes the OpenAPI document with the routes and a docs page", async () => {
    const doc = (await (await t.app.request("/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/auth/login", "/api/me", "/api/opds", "/api/budget-lines", "/healthz"]));
    const docs = await (await t.app.request("/docs")).text();
    expect(docs).toContain("/api/budget-lines");
  });

  it("is healthy when storage answers", async () => {
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("lists the OPDs of the regency", async () => {
    const { token } = await signIn(t.app, "operator@disnaker.demo");
    const opds = (await (await t.app.request("/api/opds", { headers: { authorization: `Bearer ${token}` } })).json()) as { code: string }[];
    expect(opds.map((o) => o.code)).toEqual(expect.arrayContaining(["DISNAKER", "PERIKANAN", "BKAD", "INSPEKTORAT"]));
  });

  it("names a bad query parameter", async () => {
    const { token } = await signIn(t.app, "admin@naungan.demo");
    const res = await t.app.request("/api/budget-lines?year=abc", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed", fields: [{ path: "year" }] } });
  });
});
