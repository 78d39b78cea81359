/**
 * Issue 8: the journeys of README.md in a real browser (Debian's Chromium via
 * playwright-core), in order, against the app served over HTTP with the local
 * Step Functions engine running the real ASL. Each journey ends in assertions
 * on what the page shows and a screenshot under test-output/browser/. The
 * OPD head's approval of the first case is done with the keyboard alone at a
 * 375-px-wide viewport.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../api/test/support/test-app";
import { birthDateOf, ID_HEADER, validNik } from "../../../platform/test/support/worker-csv-files";
import {
  caseStatusBecomes,
  clickAndLoad,
  launchChromium,
  pressAndLoad,
  reloadUntil,
  screenshot,
  sidewaysOverflow,
  signedIn,
  startServer,
  tabTo,
  todayWib,
} from "./support";

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
const AUDITOR = "auditor@inspektorat.demo";

const STATUS = {
  head: "Menunggu verifikasi Kepala OPD",
  finance: "Menunggu persetujuan BKAD",
  disbursement: "Menunggu pencairan (BUD)",
  completed: "Selesai",
};

/** The three workers typed into the form (their NIKs differ from every CSV row: born 1985/1990, the CSV's 1970). */
const FORM_WORKERS = [
  { nik: "1506025208900001", name: "Siti Aminah", birthDate: "1990-08-12", wage: "2500000" },
  { nik: "1506010501850003", name: "Budi Santoso", birthDate: "1985-01-05", wage: "3551430" },
  { nik: "1506020101900005", name: "Andi Pratama", birthDate: "1990-01-01", wage: "2500000" },
];
/** 12 months of JKK (0,24 %) + JKM (0,30 %): 2 × 12 × Rp13.500 on Rp2.500.000, 12 × Rp19.177 on Rp3.551.430. */
const FORM_TOTAL = "Rp554.124";
const CSV_ROWS = 2_000;

/** 2,000 valid rows (Indonesian layout, `;`, UTF-8 with BOM), every seventh a nelayan. */
function workersCsv(): string {
  const lines = [ID_HEADER];
  for (let i = 0; i < CSV_ROWS; i++) {
    const nelayan = i % 7 === 6;
    lines.push([validNik(i), `Pekerja Unggah ${i + 1}`, birthDateOf(i), nelayan ? "nelayan" : "honorer", nelayan ? "" : "Rp2.500.000", nelayan ? "lowest" : "", ""].join(";"));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Labels of the coverage page's figures. */
const BASELINE = "Peserta sebelum Naungan";
const ACTIVATED = "Diaktifkan melalui Naungan";
const ENROLLED = "Peserta aktif";

/** The figures of the coverage page (Cakupan), by their labels. */
async function coverageFigures(page: Page): Promise<Record<string, number>> {
  const figures = page.locator("[data-testid=coverage-figures]");
  const labels = await figures.locator("dt").allInnerTexts();
  const values = await figures.locator("dd").allInnerTexts();
  return Object.fromEntries(labels.map((label, i) => [label.trim(), Number((values[i] ?? "").replace(/\./g, "").replace(/[^\d]/g, ""))]));
}

let browser: Browser;
let base: string;
let testApp: TestApp;
let closeServer: () => Promise<void>;
const signedInPages = new Map<string, Page>();

/** The cases the journeys make, in order. */
const cases = { form: "", csv: "", death: "" };
let baselineEnrolled = 0;
const startedAt = Date.now();

beforeAll(async () => {
  browser = await launchChromium();
  const server = await startServer();
  closeServer = server.close;
  base = server.url;
  // The app as `npm start` serves it: demo data, the engine with the real ASL, mails pointing at this server.
  testApp = await createTestApp({ workflows: true, publicUrl: base });
  const app = testApp.app;
  server.use((request) => app.fetch(request));
});

afterAll(async () => {
  await browser?.close();
  await closeServer?.();
  console.log(`browser journeys: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
});

/** A signed-in desktop page of `email`: one per user, signed in once (closed with the browser). */
async function as(email: string): Promise<Page> {
  let page = signedInPages.get(email);
  if (!page) {
    page = await signedIn(browser, base, email);
    signedInPages.set(email, page);
  }
  return page;
}

const caseUrl = (id: string) => `${base}/cases/${encodeURIComponent(id)}`;
const caseIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.replace(/^\/cases\//, ""));

/** The finance approver's link for `caseId` in the local outbox (waits for the mail). */
async function approvalLink(page: Page, caseId: string): Promise<string> {
  return reloadUntil(page, `${base}/dev/outbox?to=${encodeURIComponent(FINANCE)}`, `the approval mail of ${caseId}`, async (p) => {
    const mail = p.locator("article[data-testid=mail]").filter({ has: p.locator(`a[href='/cases/${encodeURIComponent(caseId)}']`) });
    if ((await mail.count()) === 0) return undefined;
    return (await mail.first().locator("a[href*='/approve/']").first().getAttribute("href")) ?? undefined;
  });
}

describe("the journeys of README.md in Chromium", () => {
  it("(0) the coverage page before: the baseline, nobody activated yet", async () => {
    const page = await as(AUDITOR);
    await page.goto("/cakupan");
    const before = await coverageFigures(page);
    expect(before[ACTIVATED]).toBe(0);
    expect(before[ENROLLED]).toBe(before[BASELINE]);
    baselineEnrolled = before[ENROLLED]!;
    expect(baselineEnrolled).toBeGreaterThan(0);
    await screenshot(page, "00-coverage-before");
  }, 60_000);

  it("(1) an OPD operator fills the enrolment form for 3 workers, prices it and submits", async () => {
    const op = await as(OPERATOR);
    await op.goto("/");
    await clickAndLoad(op, op.locator("a[href='/enrolments/new']").first());
    await op.fill("#periodStart", "2026-01");
    await op.fill("#months", "12");
    for (const [i, w] of FORM_WORKERS.entries()) {
      // "Tambah baris" copies the last row in the page (enrolment-form.js), no round trip.
      if (i > 0) await op.click("button[value=add]");
      await op.fill(`[id='workers.${i}.nik']`, w.nik);
      await op.fill(`[id='workers.${i}.name']`, w.name);
      await op.fill(`[id='workers.${i}.birthDate']`, w.birthDate);
      await op.selectOption(`[id='workers.${i}.category']`, "honorer");
      await op.fill(`[id='workers.${i}.monthlyWage']`, w.wage);
    }
    await clickAndLoad(op, "button[value=price]");
    const priced = await op.locator("[data-testid=priced]").innerText();
    expect(priced).toContain("3 pekerja × 12 bulan");
    expect(priced).toContain(FORM_TOTAL);

    await clickAndLoad(op, "button[value=submit]");
    expect(new URL(op.url()).pathname).toMatch(/^\/cases\/case_[0-9A-Z]{26}$/);
    cases.form = caseIdOf(op);
    expect(await caseStatusBecomes(op, caseUrl(cases.form), STATUS.head)).toBe(STATUS.head);
    expect(await op.locator("[data-testid=amount]").innerText()).toBe(FORM_TOTAL);
    const main = await op.locator("main").innerText();
    expect(main).toContain("3 pekerja");
    for (const w of FORM_WORKERS) expect(main).toContain(w.name);
    await screenshot(op, "01-enrolment-form-submitted");
  }, 120_000);

  it("(2) the operator uploads a CSV of 2,000 rows and watches the progress bar finish", async () => {
    const op = await as(OPERATOR);
    await op.goto("/enrolments/new");
    await op.fill("#upload-periodStart", "2026-01");
    await op.fill("#upload-months", "12");
    await op.setInputFiles("#upload-file", { name: "pekerja-2000.csv", mimeType: "text/csv", buffer: Buffer.from(workersCsv(), "utf8") });
    await clickAndLoad(op, "form[action='/enrolments/import'] button[type=submit]");
    const importUrl = op.url();
    expect(new URL(importUrl).pathname).toMatch(/^\/imports\//);
    // The import page: watch the bar (its script polls the import) until the page opens the case.
    const seen: Array<{ value: number; max: number; rows: string; status: string }> = [];
    const deadline = Date.now() + 150_000;
    while (new URL(op.url()).pathname.startsWith("/imports/")) {
      const state = (await op
        .evaluate(
          `(() => { const bar = document.getElementById("import-progress"); if (!bar) return null;
             return { value: bar.value, max: bar.max, rows: document.getElementById("import-rows")?.textContent ?? "", status: document.getElementById("import-status")?.textContent ?? "" }; })()`,
        )
        .catch(() => null)) as (typeof seen)[number] | null;
      if (state) seen.push(state);
      if (seen.length === 3) await screenshot(op, "02a-import-progress");
      if (Date.now() > deadline) throw new Error(`the import did not finish: last seen ${JSON.stringify(seen.at(-1))}`);
      await op.waitForTimeout(150);
    }
    await op.waitForURL(/\/cases\/case_/);
    await op.waitForLoadState("load");
    // The bar only moved forward and was seen full: 2.000 of 2.000 rows (before the rows are saved as the case).
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((s) => s.value === CSV_ROWS && s.max === CSV_ROWS && s.rows.trim() === "2.000 dari 2.000 baris")).toBe(true);
    for (const [i, s] of seen.entries()) if (i > 0) expect(s.value).toBeGreaterThanOrEqual(seen[i - 1]!.value);
    cases.csv = caseIdOf(op);
    // The import page, once done, says so and links its case.
    await op.goto(importUrl);
    expect((await op.locator("[data-testid=import-status]").innerText()).trim()).toBe("Selesai");
    expect(await op.locator("[data-testid=import-case]").getAttribute("href")).toBe(`/cases/${encodeURIComponent(cases.csv)}`);
    expect(await caseStatusBecomes(op, caseUrl(cases.csv), STATUS.head)).toBe(STATUS.head);
    expect(await op.locator("main").innerText()).toContain("2.000 pekerja");
    expect(await op.locator("[data-testid=amount]").innerText()).toMatch(/^Rp\d{1,3}(\.\d{3})+$/);
    await screenshot(op, "02-import-case");
  }, 180_000);

  it("(3) the OPD head approves both in the app: the first with the keyboard alone at 375 px", async () => {
    // Keyboard only (Tab, Enter, Space; no mouse) on a phone-sized screen; nothing may scroll sideways.
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, baseURL: base });
    const kb = await context.newPage();
    await kb.goto("/login");
    expect(await sidewaysOverflow(kb)).toBe(0);
    await tabTo(kb, "input[name=email]");
    await kb.keyboard.type(HEAD);
    await tabTo(kb, "input[name=password]");
    await kb.keyboard.type("naungan-demo");
    await pressAndLoad(kb, "Enter");
    expect(new URL(kb.url()).pathname).not.toBe("/login");
    expect(await sidewaysOverflow(kb)).toBe(0);
    // To the case list (Berkas), then the case.
    await tabTo(kb, "a[href='/cases']");
    await pressAndLoad(kb, "Enter");
    expect(new URL(kb.url()).pathname).toBe("/cases");
    expect(await sidewaysOverflow(kb)).toBe(0);
    await tabTo(kb, `a[href='/cases/${encodeURIComponent(cases.form)}']`, 120);
    await pressAndLoad(kb, "Enter");
    expect(caseIdOf(kb)).toBe(cases.form);
    expect(await sidewaysOverflow(kb)).toBe(0);
    expect(await kb.locator("[data-testid=status]").innerText()).toBe(STATUS.head);
    await tabTo(kb, "textarea[name=note]", 120);
    await kb.keyboard.type("Data sesuai, disetujui.");
    await tabTo(kb, "button[value=approve]");
    await pressAndLoad(kb, "Space");
    expect(await sidewaysOverflow(kb)).toBe(0);
    expect(await caseStatusBecomes(kb, caseUrl(cases.form), STATUS.finance)).toBe(STATUS.finance);
    expect(await sidewaysOverflow(kb)).toBe(0);
    await screenshot(kb, "03a-head-approved-keyboard-375px");

    // The import's case, with the mouse on a desktop screen.
    const head = await as(HEAD);
    await head.goto("/cases");
    await clickAndLoad(head, head.locator(`a[href='/cases/${encodeURIComponent(cases.csv)}']`).first());
    await clickAndLoad(head, "button[value=approve]");
    expect(await caseStatusBecomes(head, caseUrl(cases.csv), STATUS.finance)).toBe(STATUS.finance);
    await screenshot(head, "03-head-approved");
  }, 120_000);

  it("(4) the finance approver opens the link from the outbox, sees the summary, approves", async () => {
    const anon = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    for (const [id, workers] of [[cases.form, "3 pekerja"], [cases.csv, "2.000 pekerja"]] as const) {
      const link = await approvalLink(anon, id);
      expect(link.startsWith(`${base}/approve/`)).toBe(true);
      await anon.goto(link);
      const summary = await anon.locator("[data-testid=approval-summary]").innerText();
      expect(summary).toContain(workers);
      expect(summary).toContain("DISNAKER");
      expect(summary).toMatch(/Rp\d{1,3}(\.\d{3})+/);
      if (id === cases.form) expect(summary).toContain(FORM_TOTAL);
      await clickAndLoad(anon, "button[value=approve]");
      const message = anon.locator("[data-testid=approval-message]");
      expect(await message.getAttribute("role")).toBe("status");
      expect(await message.innerText()).not.toBe("");
      if (id === cases.csv) await screenshot(anon, "04-finance-approved");
      // The link is spent: opening it again says so.
      await anon.goto(link);
      expect(await anon.locator("main").innerText()).toContain("sudah digunakan");
    }
  }, 120_000);

  it("(5) the treasurer records the disbursement; the cases are completed", async () => {
    const bud = await as(TREASURER);
    for (const [n, id] of [cases.form, cases.csv].entries()) {
      expect(await caseStatusBecomes(bud, caseUrl(id), STATUS.disbursement)).toBe(STATUS.disbursement);
      const amount = (await bud.locator("[data-testid=amount]").innerText()).replace(/[^\d]/g, "");
      await bud.fill("input[name=sp2dNumber]", `SP2D/2026/00${n + 1}`);
      await bud.fill("input[name=transferReference]", `TRF-2026-000${n + 1}`);
      await bud.fill("input[name=paidAt]", todayWib());
      if ((await bud.locator("input[name=amount]").inputValue()) === "") await bud.fill("input[name=amount]", amount);
      await clickAndLoad(bud, "form[action$='/disbursement'] button[type=submit]");
      expect(await caseStatusBecomes(bud, caseUrl(id), STATUS.completed, 90_000)).toBe(STATUS.completed);
    }
    await bud.goto(caseUrl(cases.form));
    expect(await bud.locator("[data-testid=amount]").innerText()).toBe(FORM_TOTAL);
    const main = await bud.locator("main").innerText();
    // The timeline: the treasurer's step, the budget realised, the coverage activated.
    expect(main).toMatch(/bud@bkad\.demo\s+Disetujui · Pencairan oleh BUD/);
    expect(main).toContain("Anggaran direalisasikan");
    expect(main).toContain("Kepesertaan diaktifkan");
    expect(main).toContain("Berkas selesai");
    await screenshot(bud, "05-treasurer-completed");
  }, 180_000);

  it("(6) the coverage page shows the new figure", async () => {
    const page = await as(HEAD);
    await clickAndLoad(page, page.locator("a[href='/cakupan']").first());
    const after = await coverageFigures(page);
    expect(after[ACTIVATED]).toBe(CSV_ROWS + FORM_WORKERS.length);
    expect(after[BASELINE]).toBe(baselineEnrolled);
    expect(after[ENROLLED]).toBe(baselineEnrolled + CSV_ROWS + FORM_WORKERS.length);
    expect(await page.locator("main").innerText()).toContain("2.003");
    await screenshot(page, "06-coverage");
  }, 60_000);

  it("(7) an operator files a death claim for one of those workers and it is paid", async () => {
    const deceased = FORM_WORKERS[1]!;
    const op = await as(OPERATOR);
    await op.goto("/");
    await clickAndLoad(op, op.locator("a[href='/klaim/baru']").first());
    await op.fill("#search-nik", deceased.nik);
    await pressAndLoad(op, "Enter");
    expect(await op.locator("[data-testid=deceased-name]").innerText()).toBe(deceased.name);
    const today = todayWib();
    const dateOfDeath = today.startsWith("2026-") ? today : "2026-12-15";
    await op.fill("[name=dateOfDeath]", dateOfDeath);
    await op.selectOption("[name=cause]", "natural");
    const heirs = [
      { nik: "1506024503880001", name: "Sri Wahyuni", relationship: "spouse", account: "1110001" },
      { nik: "1506021207150001", name: "Rudi Hartono", relationship: "child", account: "1110002" },
    ];
    for (const [i, h] of heirs.entries()) {
      if (i > 0) await clickAndLoad(op, "button[value=add]");
      await op.fill(`[name='heirs.${i}.nik']`, h.nik);
      await op.fill(`[name='heirs.${i}.name']`, h.name);
      await op.selectOption(`[name='heirs.${i}.relationship']`, h.relationship);
      await op.fill(`[name='heirs.${i}.bankAccount.bank']`, "Bank Jambi");
      await op.fill(`[name='heirs.${i}.bankAccount.number']`, h.account);
      await op.fill(`[name='heirs.${i}.bankAccount.holder']`, h.name);
      if (h.relationship === "child") {
        await op.fill(`[name='heirs.${i}.birthDate']`, "2015-07-12");
        await op.selectOption(`[name='heirs.${i}.schoolLevel']`, "tk_sd");
      }
    }
    await op.fill("[name='documents.deathCertificateNo']", "474.3/123/2026");
    await op.fill("[name='documents.familyCardNo']", "1506020101100001");
    await op.fill("[name='documents.heirStatementNo']", "145/KEL/2026");
    await clickAndLoad(op, "button[value=price]");
    const preview = await op.locator("[data-testid=preview]").innerText();
    expect(preview).toContain("Rp42.000.000");
    for (const h of heirs) expect(preview).toContain(h.name);
    await clickAndLoad(op, "button[value=submit]");
    expect(new URL(op.url()).pathname).toMatch(/^\/cases\/case_/);
    cases.death = caseIdOf(op);
    expect(await caseStatusBecomes(op, caseUrl(cases.death), STATUS.head)).toBe(STATUS.head);

    const head = await as(HEAD);
    await head.goto(caseUrl(cases.death));
    await clickAndLoad(head, "button[value=approve]");
    expect(await caseStatusBecomes(head, caseUrl(cases.death), STATUS.finance)).toBe(STATUS.finance);

    const anon = await (await browser.newContext()).newPage();
    await anon.goto(await approvalLink(anon, cases.death));
    const claim = await anon.locator("[data-testid=approval-claim]").innerText();
    expect(claim).toContain(deceased.name);
    expect(claim).toContain("Rp42.000.000");
    await clickAndLoad(anon, "button[value=approve]");

    const bud = await as(TREASURER);
    expect(await caseStatusBecomes(bud, caseUrl(cases.death), STATUS.disbursement)).toBe(STATUS.disbursement);
    await bud.fill("input[name=sp2dNumber]", "SP2D/2026/KM/001");
    await bud.fill("input[name=paidAt]", todayWib());
    const refs = bud.locator("input[name$='.transferReference']");
    expect(await refs.count()).toBe(heirs.length);
    for (let i = 0; i < heirs.length; i++) await refs.nth(i).fill(`TRF-KM-${i + 1}`);
    await clickAndLoad(bud, "form[action$='/disbursement'] button[type=submit]");
    expect(await caseStatusBecomes(bud, caseUrl(cases.death), STATUS.completed, 90_000)).toBe(STATUS.completed);
    const main = await bud.locator("main").innerText();
    expect(await bud.locator("[data-testid=amount]").innerText()).toBe("Rp42.000.000");
    expect(main).toContain(deceased.name);
    for (const h of heirs) expect(main).toContain(h.name);
    expect(main).toContain("TRF-KM-1");
    await screenshot(bud, "07-death-claim-paid");

    // A second claim for the same person is refused, naming the first.
    await op.goto(`/klaim/baru?nik=${deceased.nik}`);
    expect(await op.locator("[data-testid=existing-claim]").innerText()).toContain(cases.death);
  }, 180_000);

  it("(8) the auditor filters, exports and verifies", async () => {
    // As the daily anchoring does in AWS (and `npm start` at start): the verification compares with it.
    await testApp.platform.auditAnchors.anchor("system:audit-anchor");
    const page = await as(AUDITOR);
    await page.goto("/");
    await clickAndLoad(page, page.getByRole("link", { name: "Log audit" }).first());
    await page.selectOption("select[name=opd]", "DISNAKER");
    await page.fill("input[name=from]", todayWib());
    await page.fill("input[name=to]", todayWib());
    await clickAndLoad(page, page.locator("form[data-testid=audit-filter] button[type=submit]"));
    const listed = await page.locator("main").innerText();
    // Newest first: the death claim's events before the enrolments'.
    expect(listed).toContain(cases.death);
    expect(listed.indexOf(cases.death)).toBeLessThan(listed.indexOf(cases.form) === -1 ? Infinity : listed.indexOf(cases.form));
    // NIKs are masked for the auditor.
    expect(await page.content()).not.toContain(FORM_WORKERS[1]!.nik);

    // Ekspor CSV: the same selection as a download, Excel-safe (BOM, CSV).
    const exportHref = await page.locator("[data-testid=audit-export]").getAttribute("href");
    expect(exportHref).toContain("opd=DISNAKER");
    const res = await page.request.get(exportHref!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/csv/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=audit-export]").click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(cases.death);
    expect(csv.trim().split("\r\n").length).toBeGreaterThan(10);

    // Verifikasi: the whole log against the anchor.
    await page.goto("/audit/verifikasi");
    await clickAndLoad(page, page.locator("form[data-testid=audit-verify-form] button[type=submit]"));
    const verdict = await page.locator("main").innerText();
    expect(verdict).toMatch(/Rantai audit utuh: [\d.]+ peristiwa dalam [\d.]+ rantai\./);
    expect(verdict).toContain("Dibandingkan dengan jangkar");
    await screenshot(page, "08-audit-verified");
  }, 120_000);
});
