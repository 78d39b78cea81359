import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentClient, poll, worker, type Json } from "../support/enrolment-client";
import { PageClient, enrolmentForm, formWorker } from "../support/page-client";
import { createTestApp, signIn, type TestApp } from "../support/test-app";

/*
 * HTML and script typed into every free-text field that a page shows comes
 * back escaped, never as markup: OPD names, budget line names, user names
 * (admin), the finance agency's name and a holiday's name (settings), worker
 * names, a decision's note, a form redisplayed with what was typed, an
 * import's bad cell; a hostile decision value posted to a link is refused
 * without being echoed as markup. (Heirs' names: death-claim-pages.test.ts.)
 * Each field gets its own marker; every page listed must be free of raw tags,
 * and each field's escaped marker must appear on at least one page.
 */

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const ADMIN = "admin@naungan.demo";
const AUDITOR = "auditor@inspektorat.demo";
const HOSTILE_EMAIL = "xss@disnaker.demo";

const marker = (field: string) => `<script>alert('${field}')</script>"><img src=x onerror=alert('${field}')>`;
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
/** The marker as a page may show it: escaped, with `'` as `&#39;` or left alone (both are safe in text and in double-quoted attributes). */
const escapedForms = (field: string) => [escapeHtml(marker(field)), escapeHtml(marker(field)).replace(/&#39;/g, "'")];

const fields = ["opd", "line", "user", "agency", "holiday", "worker", "note", "formName", "csvCell"] as const;
type Field = (typeof fields)[number];

let t: TestApp;
let api: EnrolmentClient;
let pages: PageClient;
let caseId: string;
let headLink: string;
let financeLink: string;
let importPage: string;
let hostileUser: { cookie: string };

const adminCall = async (method: string, path: string, body: unknown) => {
  const res = await t.app.request(`/api/admin${path}`, { method, headers: { authorization: `Bearer ${await api.token(ADMIN)}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as Json;
};

async function linkFor(email: string, id: string): Promise<string> {
  return poll(`the link to ${email} for ${id}`, async () => {
    const mail = (await t.platform.outbox!.list({ to: email })).items.find((m) => m.caseId === id && m.links.some((l) => l.includes("/approve/")));
    return mail ? new URL(mail.links.find((l) => l.includes("/approve/"))!).pathname : undefined;
  });
}

beforeAll(async () => {
  t = await createTestApp({ workflows: true });
  api = new EnrolmentClient(t);
  pages = new PageClient(t);

  // The administrator's free text.
  const opd = ((await api.read(ADMIN, "/api/opds")) as unknown as Json[]).find((o) => o.code === "DISNAKER")!;
  await adminCall("PUT", "/opds/DISNAKER", { name: marker("opd"), riskGroup: opd.riskGroup });
  await adminCall("POST", "/budget-lines", { opdCode: "DISNAKER", year: 2026, accountCode: "5.1.02.02.02.0099", name: marker("line"), pagu: 1_000_000 });
  const created = await adminCall("POST", "/users", { email: HOSTILE_EMAIL, name: marker("user"), role: "opd_operator", opdCode: "DISNAKER" });
  hostileUser = await signIn(t.app, HOSTILE_EMAIL, created.password);
  const settings = await adminCall("PATCH", "/settings", { version: (await t.platform.settings.view()).version, financeAgencyName: marker("agency") });
  await adminCall("PATCH", "/settings", { version: settings.version ?? (await t.platform.settings.view()).version, holidays: [{ date: "2026-12-31", name: marker("holiday"), kind: "collective_leave" }] });

  // A case with a hostile worker name, decided by the head with a hostile note, now at the finance step.
  const res = await api.post(OPERATOR, "/api/enrolments", await api.submission("DISNAKER", [worker(501, { name: marker("worker") }), worker(502)]));
  expect(res.status, await res.clone().text()).toBe(202);
  caseId = ((await res.json()) as Json).caseId;
  await api.untilStatus(HEAD, caseId, "awaiting_opd_head");
  headLink = await linkFor(HEAD, caseId);
  expect((await api.post(HEAD, `/api/cases/${caseId}/decisions`, { decision: "approve", note: marker("note") })).status).toBe(200);
  await api.untilStatus(FINANCE, caseId, "awaiting_finance");
  financeLink = await linkFor(FINANCE, caseId);

  // An import whose bad cell is echoed in its error list.
  const form = new FormData();
  form.set("budgetLineId", "2026-DISNAKER-5.1.02.02.02.0006+0007");
  form.set("periodStart", "2026-01");
  form.set("months", "12");
  const csv = `nik;nama;tanggal_lahir;kategori;upah_bulanan;kelompok_penghasilan;kelompok_risiko\r\n1506020501850009;Budi;05-01-1985;${marker("csvCell")};2500000;;\r\n`;
  form.set("file", new File([csv], "pekerja.csv", { type: "text/csv" }));
  const upload = await pages.upload(OPERATOR, "/enrolments/import", form);
  expect(upload.status).toBe(303);
  importPage = upload.headers.get("location")!;
  await poll("the import to end", async () => ((await pages.html(OPERATOR, importPage)).includes('data-testid="import-status">Ada data yang salah') ? true : undefined));
});

function expectNoMarkup(html: string, context: string) {
  for (const raw of ["<script>alert(", "<img src=x", "\"><img", "'><img", "onerror=alert('"]) {
    if (raw === "onerror=alert('") {
      // Inside escaped text `onerror=alert('x')` is harmless; as markup it follows a raw `<img`.
      expect(/<img[^>]*onerror/i.test(html), `${context}: an <img onerror> tag`).toBe(false);
    } else {
      expect(html.includes(raw), `${context} contains ${raw}`).toBe(false);
    }
  }
}

describe("free text with HTML and script in it", () => {
  it("is shown escaped on every page that shows it, and never as markup", { timeout: 120_000 }, async () => {
    const seen = new Set<Field>();
    const visit = (context: string, html: string) => {
      expectNoMarkup(html, context);
      for (const field of fields) if (escapedForms(field).some((form) => html.includes(form))) seen.add(field);
    };
    const views: [string | undefined, string][] = [
      [ADMIN, "/admin/opd"],
      [ADMIN, "/admin/anggaran"],
      [ADMIN, "/admin/pengguna"],
      [ADMIN, `/admin/pengguna/${encodeURIComponent(HOSTILE_EMAIL)}`],
      [ADMIN, "/admin/pengaturan"],
      [ADMIN, "/budget?year=2026"],
      [ADMIN, `/cases/${caseId}`],
      [OPERATOR, "/"],
      [OPERATOR, "/budget?year=2026"],
      [OPERATOR, "/enrolments/new"],
      [OPERATOR, "/cases"],
      [OPERATOR, `/cases/${caseId}`],
      [OPERATOR, importPage],
      [HEAD, `/cases/${caseId}`],
      [FINANCE, `/cases/${caseId}`],
      [FINANCE, "/cases?status=awaiting_finance"],
      [AUDITOR, `/audit?caseId=${caseId}`],
      [AUDITOR, "/cakupan"],
      [undefined, financeLink],
      [undefined, "/dev/outbox"],
    ];
    for (const [email, path] of views) visit(`${path} as ${email ?? "anonymous"}`, await pages.html(email, path));
    // The hostile user's own pages show their name in the header.
    for (const path of ["/", "/cases"]) visit(`${path} as ${HOSTILE_EMAIL}`, await (await t.app.request(path, { headers: { cookie: hostileUser.cookie } })).text());
    // The head's link, now stale, and a link page refusing a hostile decision.
    visit("the head's used link", await (await t.app.request(headLink)).text());
    const refused = await pages.post(undefined, financeLink, { decision: marker("decision"), note: marker("decision") });
    expect(refused.status).toBe(400);
    visit("a link refusing a hostile decision", await refused.text());
    // The enrolment form redisplayed with what was typed (Hitung).
    const redisplayed = await pages.post(OPERATOR, "/enrolments/new", enrolmentForm("preview", [formWorker(601, { name: marker("formName") }), formWorker(602, { nik: marker("formName") })]));
    expect(redisplayed.status).toBeLessThan(500);
    visit("the enrolment form redisplayed", await redisplayed.text());

    const missing = fields.filter((f) => !seen.has(f));
    console.log(`[security] escaping: ${fields.length} free-text fields with HTML/script, ${views.length + 6} page views checked; escaped on a page: ${[...seen].join(", ")}; missing: ${missing.join(", ") || "none"}`);
    expect(missing).toEqual([]);
  });

  it("is stored as typed (escaping is the page's job, the data is not mangled)", async () => {
    const c = await api.read(OPERATOR, `/api/cases/${caseId}`);
    expect(JSON.stringify(c)).toContain(JSON.stringify(marker("note")).slice(1, -1));
    expect(((await api.read(OPERATOR, "/api/opds")) as unknown as Json[]).find((o) => o.code === "DISNAKER")!.name).toBe(marker("opd"));
  });
});
