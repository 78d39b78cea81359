import type { CaseStatus } from "@naungan/core";
import type { CaseRecord } from "@naungan/platform";
import { beforeAll, describe, expect, it } from "vitest";
import { PageClient, enrolmentForm, eventually, formWorker } from "./support/page-client";
import { createTestApp, type TestApp } from "./support/test-app";

/* The enrolment workflow driven through the pages, on the local engine with the real ASL and tasks. */

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
let t: TestApp;
let pages: PageClient;

beforeAll(async () => {
  t = await createTestApp({ workflows: true });
  pages = new PageClient(t);
});

const untilStatus = (caseId: string, status: CaseStatus) =>
  eventually(
    async () => (await t.platform.cases.get(caseId)) as CaseRecord,
    (c) => c?.status === status,
  );

/** Submits through the form; the case id from the redirect. */
async function submitForm(workers: Record<string, string>[]): Promise<string> {
  const res = await pages.post(OPERATOR, "/enrolments/new", enrolmentForm("submit", workers));
  expect(res.status, await res.clone().text()).toBe(303);
  const location = res.headers.get("location")!;
  expect(location).toMatch(/^\/cases\/case_/);
  return decodeURIComponent(location.slice("/cases/".length));
}

/** The approval link mailed to `email` for the case, as a path. */
async function approvalPath(email: string, caseId: string): Promise<string> {
  const mail = await eventually(
    async () => (await t.platform.outbox!.list({ to: email })).items.find((m) => m.caseId === caseId && m.links.some((l) => l.includes("/approve/"))),
    (found) => found !== undefined,
  );
  return new URL(mail!.links.find((l) => l.includes("/approve/"))!).pathname;
}

describe("an enrolment from the form to its disbursement", () => {
  let caseId: string;

  beforeAll(async () => {
    caseId = await submitForm([formWorker(101)]);
    await untilStatus(caseId, "awaiting_opd_head");
  });

  it("shows the case with its status, step, holders, amount, period, workers and timeline", async () => {
    const html = await pages.html(OPERATOR, `/cases/${caseId}`);
    expect(html).toContain('data-status="awaiting_opd_head">Menunggu verifikasi Kepala OPD</span>');
    expect(html).toContain('<dd data-testid="step">Verifikasi Kepala OPD</dd>');
    expect(html).toContain(`<dd data-testid="holders">${HEAD}</dd>`);
    expect(html).toContain("<strong>Rp162.000</strong>");
    expect(html).toContain("Januari 2026 s.d. Desember 2026 (12 bulan)");
    expect(html).toContain("Jaminan Kecelakaan Kerja (JKK)");
    expect(html).toContain("<code>1506020501850101</code>");
    expect(html).toContain("Berkas diajukan");
    expect(html).toMatch(/\d{2}\.\d{2} WIB/);
    expect(await pages.html(OPERATOR, "/cases")).toContain(`href="/cases/${caseId}"`);
    expect(await pages.html("operator@perikanan.demo", "/cases")).not.toContain(`href="/cases/${caseId}"`);
    expect(await pages.html(FINANCE, "/cases?status=awaiting_opd_head")).toContain(`href="/cases/${caseId}"`);
  });

  it("offers the decision buttons only to the role holding the step", async () => {
    expect(await pages.html(HEAD, `/cases/${caseId}`)).toContain('data-testid="decision-buttons"');
    for (const email of [OPERATOR, FINANCE, TREASURER, "auditor@inspektorat.demo"]) {
      expect(await pages.html(email, `/cases/${caseId}`), email).not.toContain('data-testid="decision-buttons"');
    }
    expect((await pages.get("kepala@perikanan.demo", `/cases/${caseId}`)).status).toBe(403);
    expect((await pages.post(FINANCE, `/cases/${caseId}/decisions`, { decision: "approve" })).status).toBe(403);
  });

  it("records the OPD head's approval with a flash message, then BKAD's link shows the summary and changes nothing", async () => {
    const res = await pages.post(HEAD, `/cases/${caseId}/decisions`, { decision: "approve", note: "Sesuai DPA" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/cases/${caseId}?flash=decided`);
    expect(await pages.html(HEAD, res.headers.get("location")!)).toContain("Keputusan tercatat, sedang diproses.");
    await untilStatus(caseId, "awaiting_finance");

    const path = await approvalPath(FINANCE, caseId);
    for (let i = 0; i < 2; i++) {
      const page = await t.app.request(path);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`Persetujuan Badan Keuangan dan Aset Daerah (BKAD) untuk berkas ${caseId}`);
      expect(html).toContain("Dinas Tenaga Kerja (DISNAKER)");
      expect(html).toContain("1 pekerja");
      expect(html).toContain("Rp162.000");
      expect(html).toContain("Tautan berlaku sampai");
      expect(html).toContain('data-testid="decision-buttons"');
    }
    expect((await t.platform.approvals.peek(path.split("/").pop()!)).ok).toBe(true);
    expect((await t.platform.cases.get(caseId))!.status).toBe("awaiting_finance");
  });

  it("approves once by the link (no session), and says the link was used the second time", async () => {
    const path = await approvalPath(FINANCE, caseId);
    const first = await pages.post(undefined, path, { decision: "approve", note: "" }, {});
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`Keputusan &quot;Setujui&quot; untuk berkas ${caseId} sudah tercatat`);
    const second = await pages.post(undefined, path, { decision: "approve" }, {});
    expect(second.status).toBe(410);
    expect(await second.text()).toContain("sudah digunakan");
    await untilStatus(caseId, "awaiting_disbursement");
  });

  it("lets the treasurer record the disbursement, prefilled with the case amount, and the case completes", async () => {
    const html = await pages.html(TREASURER, `/cases/${caseId}`);
    expect(html).toContain('data-testid="disbursement-form"');
    expect(html).toContain('name="amount" type="text" value="162.000"');
    const wrong = await pages.post(TREASURER, `/cases/${caseId}/disbursement`, { sp2dNumber: "SP2D-01", transferReference: "TRF-01", paidAt: "2026-02-03", amount: "100.000" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toMatch(/<small id="amount-error" class="field-error">Jumlah harus sama dengan nilai berkas \(Rp162\.000\)<\/small>/);
    const res = await pages.post(TREASURER, `/cases/${caseId}/disbursement`, { sp2dNumber: "SP2D-01", transferReference: "TRF-01", paidAt: "2026-02-03", amount: "162.000" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/cases/${caseId}?flash=disbursed`);
    await untilStatus(caseId, "completed");
    expect(await pages.html(OPERATOR, `/cases/${caseId}`)).toContain("Kepesertaan diaktifkan");
    const coverage = await pages.html(OPERATOR, "/cakupan");
    expect(coverage).toContain("42.001");
    expect(coverage).toContain('<dd class="num" data-testid="gap"><strong>19.599</strong></dd>');
    expect(coverage).toContain('data-testid="opd-chart"');
  });

  it("lists the mails of the case in the outbox", async () => {
    const html = await pages.html(undefined, "/dev/outbox");
    expect(html).toContain(`Mohon verifikasi Kepala OPD: ${caseId}`);
    expect(html).toMatch(/<a href="http:\/\/[^"]+\/approve\/[A-Za-z0-9_-]{43}">/);
  });
});

describe("a returned enrolment", () => {
  it("is corrected in the prefilled form and resubmitted to the same case", async () => {
    const caseId = await submitForm([formWorker(201), formWorker(202)]);
    await untilStatus(caseId, "awaiting_opd_head");
    const returned = await pages.post(HEAD, `/cases/${caseId}/decisions`, { decision: "return", note: "Upah pekerja 202 salah" });
    expect(returned.status).toBe(303);
    await untilStatus(caseId, "returned");

    const page = await pages.html(OPERATOR, `/cases/${caseId}`);
    expect(page).toContain(`href="/enrolments/new?from=${caseId}"`);
    expect(page).toContain("Upah pekerja 202 salah");
    expect(await pages.html(HEAD, `/cases/${caseId}`)).not.toContain("/enrolments/new?from=");

    const form = await pages.html(OPERATOR, `/enrolments/new?from=${caseId}`);
    expect(form).toContain(`Perbaiki dan ajukan ulang berkas ${caseId}`);
    expect(form).toContain('value="1506020501850202"');
    expect(form).toContain(`<input type="hidden" name="from" value="${caseId}"`);

    const res = await pages.post(OPERATOR, "/enrolments/new", [...enrolmentForm("submit", [formWorker(201), formWorker(202, { monthlyWage: "3.000.000" })]), ["from", caseId]]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/cases/${caseId}`);
    const resubmitted = await untilStatus(caseId, "awaiting_opd_head");
    expect(resubmitted.attempt).toBe(2);
    expect(await pages.html(OPERATOR, `/cases/${caseId}`)).toContain("Berkas diajukan ulang");
  });
});

describe("a CSV upload", () => {
  it("runs with a progress page and leads to the case it made", async () => {
    const form = new FormData();
    form.set("budgetLineId", "2026-DISNAKER-5.1.02.02.02.0006+0007");
    form.set("periodStart", "2026-01");
    form.set("months", "12");
    const csv = "nik;nama;tanggal_lahir;kategori;upah_bulanan;kelompok_penghasilan;kelompok_risiko\r\n1506020501850301;Siti;05-01-1985;honorer;2.500.000;;\r\n";
    form.set("file", new File([csv], "pekerja.csv", { type: "text/csv" }));
    const res = await pages.upload(OPERATOR, "/enrolments/import", form);
    expect(res.status).toBe(303);
    const html = await eventually(
      () => pages.html(OPERATOR, res.headers.get("location")!),
      (page) => page.includes('data-testid="import-case"'),
    );
    const caseId = /href="\/cases\/([^"]+)" data-testid="import-case"/.exec(html)![1]!;
    const c = await untilStatus(caseId, "awaiting_opd_head");
    expect(c.amount).toBe(162_000);
  });
});
