import { formatDateId, wibDate, type CaseStatus, type CaseStep } from "@naungan/core";
import { id as messages } from "@naungan/core/i18n";
import type { CaseRecord, DeathClaimDetails } from "@naungan/platform";
import { Script, createContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { approvalClaimOf, ApprovalSummaryPage } from "../src/pages/approval-page";
import { caseSummary } from "../src/cases/case-view";
import { PageClient, eventually } from "./support/page-client";
import { createTestApp, type TestApp } from "./support/test-app";

/* The death-benefit claim pages: the claim form with its NIK search and preview, the claim's case page and the treasurer's payout, on the local engine. */

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
const EVIL = "<script>alert(1)</script>";

/** Participants of DISNAKER (men born 05-01-1985, Tungkal Ilir), registered directly; one who never was. */
const DECEASED = "1506020501850901";
const PAID_OUT = "1506020501850902";
const ESCAPED = "1506020501850903";
const RETURNED = "1506020501850904";
const AT_FINANCE = "1506020501850905";
const NOT_REGISTERED = "1506020501850999";

let t: TestApp;
let pages: PageClient;

beforeAll(async () => {
  t = await createTestApp({ workflows: true });
  pages = new PageClient(t);
  await t.platform.participants.activate(
    {
      caseId: "seed-1",
      attempt: 1,
      opdCode: "DISNAKER",
      period: { from: "2026-01", to: "2026-12" },
      workers: [DECEASED, PAID_OUT, ESCAPED, RETURNED, AT_FINANCE].map((nik, i) => ({ nik, name: `Almarhum Budi ${i + 1}`, category: "honorer" as const })),
    },
    { actor: "system:test", requestId: "t" },
  );
});

/** A widow (born 05-03-1988: day + 40) and two children, each with an account, as typed in the form. */
const family = (serial: string, overrides: Record<string, string>[] = []): Record<string, string>[] =>
  (
    [
      { nik: `1506024503880${serial}`, name: "Siti Aminah", relationship: "spouse", "bankAccount.bank": "Bank Jambi", "bankAccount.number": `11100${serial}`, "bankAccount.holder": "Siti Aminah" },
      {
        nik: `1506021207150${serial}`,
        name: "Rudi Hartono",
        relationship: "child",
        "bankAccount.bank": "Bank Jambi",
        "bankAccount.number": `22200${serial}`,
        "bankAccount.holder": "Siti Aminah",
        birthDate: "2015-07-12",
        schoolLevel: "tk_sd",
      },
      {
        nik: `1506025009180${serial}`,
        name: "Nur Aisyah",
        relationship: "child",
        "bankAccount.bank": "BRI",
        "bankAccount.number": `33300${serial}`,
        "bankAccount.holder": "Siti Aminah",
        birthDate: "2018-09-10",
        schoolLevel: "preschool",
      },
    ] as Record<string, string>[]
  ).map((heir, i) => ({ ...heir, ...overrides[i] }));

/** The claim form's fields: a natural death on 2026-11-02, the heirs, the documents, and the button pressed. */
function claimForm(action: string, deceasedNik: string, heirs: Record<string, string>[], extra: Record<string, string> = {}): [string, string][] {
  return [
    ["deceasedNik", deceasedNik],
    ["dateOfDeath", "2026-11-02"],
    ["cause", "natural"],
    ["monthlyWage", ""],
    ["completeAt", ""],
    ...heirs.flatMap((h, i) => Object.entries(h).map(([field, value]) => [`heirs.${i}.${field}`, value] as [string, string])),
    ["documents.deathCertificateNo", "474.3/123/2026"],
    ["documents.familyCardNo", "1506020101100001"],
    ["documents.heirStatementNo", "145/KEL/2026"],
    ...Object.entries(extra),
    ["action", action],
  ];
}

async function submitClaim(deceasedNik: string, heirs: Record<string, string>[]): Promise<string> {
  const res = await pages.post(OPERATOR, "/klaim/baru", claimForm("submit", deceasedNik, heirs));
  expect(res.status, await res.clone().text()).toBe(303);
  const location = res.headers.get("location")!;
  expect(location).toMatch(/^\/cases\/case_/);
  return decodeURIComponent(location.slice("/cases/".length));
}

const untilStatus = (caseId: string, status: CaseStatus) =>
  eventually(
    async () => (await t.platform.cases.get(caseId)) as CaseRecord,
    (c) => c?.status === status,
  );

/** Waits for the step to be open, then `email` decides it in the app. */
async function decide(caseId: string, step: CaseStep, status: CaseStatus, email: string) {
  const c = await untilStatus(caseId, status);
  await eventually(
    () => t.platform.steps.get(caseId, c.attempt, step),
    (s) => s !== undefined,
  );
  const user = (await t.platform.users.get(email))!;
  await t.platform.decisions.decide(caseId, { decision: "approve" }, user, { actor: email, requestId: "t" });
}

describe("the claim form", () => {
  it("is offered to operators in the navigation and on the home page, and refused to other roles", async () => {
    const html = await pages.html(OPERATOR, "/klaim/baru");
    expect(html).toContain("<h1>Klaim jaminan kematian baru</h1>");
    expect(html).toContain('<a href="/klaim/baru" aria-current="page">Klaim kematian</a>');
    expect(html).toContain('value="Dinas Tenaga Kerja (DISNAKER)" readonly');
    expect(html).toContain('name="heirs.0.bankAccount.number"');
    expect(html).toContain('<label for="heirs.0.relationship">Hubungan dengan almarhum/almarhumah</label>');
    expect(html).toContain('<option value="work_accident">Meninggal dunia karena kecelakaan kerja (JKK)</option>');
    expect(await pages.html(OPERATOR, "/")).toContain('<a href="/klaim/baru">Klaim kematian</a>');
    for (const email of [HEAD, FINANCE, TREASURER, "auditor@inspektorat.demo", "admin@naungan.demo"]) {
      expect((await pages.get(email, "/klaim/baru")).status, email).toBe(403);
      expect(await pages.html(email, "/"), email).not.toContain('href="/klaim/baru"');
    }
  });

  it("finds a registered participant by NIK and puts the NIK into the claim", async () => {
    const html = await pages.html(OPERATOR, `/klaim/baru?nik=${DECEASED}`);
    expect(html).toContain('<dd data-testid="deceased-name">Almarhum Budi 1</dd>');
    expect(html).toContain("Dinas Tenaga Kerja (DISNAKER)");
    expect(html).toContain("<dd>Tenaga honorer</dd>");
    expect(html).toContain("Januari 2026 s.d. Desember 2026");
    expect(html).toMatch(/Bulan iuran tercatat<\/dt>\s*<dd>\d+ bulan<\/dd>/);
    expect(html).toContain(`id="deceasedNik" name="deceasedNik" type="text" value="${DECEASED}"`);
    expect(html).not.toContain('data-testid="existing-claim"');
  });

  it("says when the NIK is not registered, or not a NIK", async () => {
    expect(await pages.html(OPERATOR, `/klaim/baru?nik=${NOT_REGISTERED}`)).toContain(messages.death.eligibility.notRegistered);
    expect(await pages.html(OPERATOR, "/klaim/baru?nik=123")).toContain("NIK harus 16 digit; isian ini 3 karakter.");
    // Another OPD's operator learns nothing of DISNAKER's participants.
    const other = await pages.html("operator@perikanan.demo", `/klaim/baru?nik=${DECEASED}`);
    expect(other).not.toContain("Almarhum Budi 1");
    expect(other).toContain("tidak terdaftar sebagai peserta");
  });

  it("adds a heir row without JavaScript and keeps what was typed", async () => {
    const html = await (await pages.post(OPERATOR, "/klaim/baru", claimForm("add", DECEASED, family("001").slice(0, 1)))).text();
    expect(html).toContain('value="Siti Aminah"');
    expect(html).toContain('name="heirs.1.nik"');
    expect(html).toContain("Ahli waris 2");
    expect(html).not.toContain('name="heirs.2.nik"');
  });

  it("works the claim out with Hitung: Rp42.000.000 (JKM) split among the widow and the children", async () => {
    const res = await pages.post(OPERATOR, "/klaim/baru", claimForm("price", DECEASED, family("001")));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong data-testid="benefit-total">Rp42.000.000</strong>');
    expect(html).toContain("Santunan sekaligus");
    expect(html).toContain("Rp20.000.000");
    expect(html).toContain("Rp12.000.000");
    expect(html).toContain("Rp10.000.000");
    expect(html).toContain('<dd data-testid="heir-class">1 · Janda/duda dan anak</dd>');
    const payees = /<table class="striped" data-testid="payees">([\s\S]*?)<\/table>/.exec(html)![1]!;
    for (const name of ["Siti Aminah", "Rudi Hartono", "Nur Aisyah"]) expect(payees).toContain(name);
    expect(payees.match(/Rp14\.000\.000/g)).toHaveLength(3);
    expect(payees).toContain("<code>22200001</code>");
    // The form keeps every field, and the participant found.
    expect(html).toContain('value="474.3/123/2026"');
    expect(html).toContain('data-testid="deceased-name">Almarhum Budi 1</dd>');
    expect(html).not.toContain('data-testid="form-error"');
    // Nothing was filed.
    expect(await t.platform.deathClaims.existingClaim(DECEASED)).toBeUndefined();
  });

  it("refuses a person who was not a participant with the eligibility sentence", async () => {
    const res = await pages.post(OPERATOR, "/klaim/baru", claimForm("price", NOT_REGISTERED, family("001")));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(messages.death.eligibility.notRegistered);
    expect(html).toMatch(/<small id="deceasedNik-error" class="field-error">NIK ini tidak terdaftar/);
    expect(html).not.toContain('data-testid="preview"');
  });

  it("shows each problem next to its field, in Bahasa Indonesia, and escapes HTML typed in a heir's name", async () => {
    const heirs = family("001", [{ name: EVIL, "bankAccount.number": "12" }, { schoolLevel: "smp", birthDate: "" }]);
    const res = await pages.post(OPERATOR, "/klaim/baru", claimForm("price", DECEASED, heirs, { cause: "work_accident", "documents.familyCardNo": "" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).not.toContain(EVIL);
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('<small id="heirs.0.bankAccount.number-error" class="field-error">Nomor rekening harus 5–20 angka.</small>');
    expect(html).toContain('<small id="heirs.1.birthDate-error" class="field-error">Isi tanggal lahir anak untuk menghitung beasiswa.</small>');
    expect(html).toContain('<small id="monthlyWage-error" class="field-error">Upah sebulan wajib diisi untuk kematian karena kecelakaan kerja (JKK).</small>');
    expect(html).toContain('<small id="documents.familyCardNo-error" class="field-error">Wajib diisi.</small>');
    expect(html).toContain("Periksa isian yang ditandai.");
  });

  it("submits with Ajukan, lands on the case page with the benefit and the SLA, and refuses a second claim naming the first", async () => {
    const caseId = await submitClaim(DECEASED, family("001"));
    const html = await pages.html(OPERATOR, `/cases/${caseId}`);
    expect(html).toContain("Klaim jaminan kematian");
    expect(html).toContain('<dd data-testid="deceased">Almarhum Budi 1</dd>');
    expect(html).toContain(`<code>${DECEASED}</code>`);
    expect(html).toContain('<dd data-testid="date-of-death">2 November 2026</dd>');
    expect(html).toContain("Meninggal dunia bukan karena kecelakaan kerja (JKM)");
    expect(html).toContain('<strong data-testid="benefit-total">Rp42.000.000</strong>');
    expect(html).toMatch(/Manfaat dibayarkan<\/dt>\s*<dd data-testid="amount">\s*<strong>Rp42\.000\.000<\/strong>/);
    expect(html).toMatch(/<dd data-testid="sla-due">\d{1,2} [A-Z][a-z]+ 2026 23\.59 WIB<\/dd>/);
    expect(html).toContain("<strong>Tepat waktu</strong>");
    expect(html).toContain('<dd data-testid="sla-penalty">Rp0</dd>');
    expect(html).toContain("474.3/123/2026");
    expect(html).toContain("<code>33300001</code>");
    expect(html).toContain("Berkas diajukan");
    expect(await pages.html(OPERATOR, "/cases?type=death_benefit&status=")).toContain(`href="/cases/${caseId}"`);

    const again = await pages.post(OPERATOR, "/klaim/baru", claimForm("submit", DECEASED, family("001")));
    expect(again.status).toBe(409);
    const refused = await again.text();
    expect(refused).toContain(`Klaim untuk NIK ini sudah diajukan dalam berkas ${caseId}.`);
    expect(refused).toContain(`<a href="/cases/${caseId}" data-testid="conflict-link">`);
    // The search names the claim too.
    expect(await pages.html(OPERATOR, `/klaim/baru?nik=${DECEASED}`)).toMatch(new RegExp(`data-testid="existing-claim">[^<]*${caseId}[^<]*<a href="/cases/${caseId}">`));
  });
});

describe("a claim's case page through the payout", () => {
  let caseId: string;

  beforeAll(async () => {
    caseId = await submitClaim(PAID_OUT, family("002"));
    await decide(caseId, "opd_head", "awaiting_opd_head", HEAD);
    await decide(caseId, "finance", "awaiting_finance", FINANCE);
    await untilStatus(caseId, "awaiting_disbursement");
  });

  it("shows the treasurer a payout form with one row per payee, and nobody else", async () => {
    const html = await pages.html(TREASURER, `/cases/${caseId}`);
    expect(html).toContain('data-testid="payout-form"');
    expect(html).not.toContain('data-testid="disbursement-form"');
    const rows = html.match(/<tr data-testid="payout-row">[\s\S]*?<\/tr>/g)!;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain("Siti Aminah");
    expect(rows[0]).toContain(`<input type="hidden" name="payouts.0.nik" value="1506024503880002"`);
    expect(rows[0]).toContain('<input type="hidden" name="payouts.0.amount" value="14000000"');
    expect(rows[2]).toContain("BRI");
    expect(rows[2]).toContain("<code>33300002</code>");
    expect(rows[2]).toContain("Rp14.000.000");
    expect(rows[2]).toContain('name="payouts.2.transferReference"');
    for (const email of [OPERATOR, HEAD, FINANCE]) expect(await pages.html(email, `/cases/${caseId}`), email).not.toContain('data-testid="payout-form"');
  });

  it("asks for every transfer reference, then records the payout and the case completes", async () => {
    const paidAt = wibDate(new Date());
    const form = (refs: string[]): [string, string][] => [
      ["sp2dNumber", "SP2D-0042"],
      ["paidAt", paidAt],
      ...refs.flatMap((ref, i): [string, string][] => [
        [`payouts.${i}.nik`, [`1506024503880002`, `1506021207150002`, `1506025009180002`][i]!],
        [`payouts.${i}.amount`, "14000000"],
        [`payouts.${i}.transferReference`, ref],
      ]),
    ];
    const missing = await pages.post(TREASURER, `/cases/${caseId}/disbursement`, form(["TRF-1", "", "TRF-3"]));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('<small id="payouts.1.transferReference-error" class="field-error">Isi nomor referensi transfer.</small>');

    const res = await pages.post(TREASURER, `/cases/${caseId}/disbursement`, form(["TRF-1", "TRF-2", "TRF-3"]));
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get("location")).toBe(`/cases/${caseId}?flash=disbursed`);
    await untilStatus(caseId, "completed");
    const html = await pages.html(OPERATOR, `/cases/${caseId}`);
    expect(html).toContain('data-status="completed"');
    expect(html).toContain('<dd data-testid="sp2d">SP2D-0042</dd>');
    const transfers = /data-testid="transfers">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(transfers).toContain("<code>TRF-2</code>");
    expect(transfers).toContain("Rudi Hartono");
    expect(transfers).toContain("<strong>Rp42.000.000</strong>");
    expect(html).toContain("<strong>Tepat waktu</strong>");
    expect(html).toContain(formatDateId(paidAt)); // e.g. "27 November 2026"
    expect(await pages.html(TREASURER, `/cases/${caseId}`)).not.toContain('data-testid="payout-form"');
  });
});

describe("a heir's name with HTML in it", () => {
  it("is shown escaped on the case page and in the payees of the approval page", async () => {
    const caseId = await submitClaim(ESCAPED, family("003", [{ name: EVIL, "bankAccount.holder": EVIL }]));
    const html = await pages.html(OPERATOR, `/cases/${caseId}`);
    expect(html).not.toContain(EVIL);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");

    const record = (await t.platform.cases.get(caseId))!;
    const page = ApprovalSummaryPage({
      token: "token",
      link: { linkId: "l", caseId, attempt: 1, step: "finance", approverEmail: FINANCE, expiresAt: "2026-12-01T00:00:00.000Z", status: "issued", issuedAt: "2026-11-27T00:00:00.000Z" } as never,
      summary: caseSummary(record),
      opdName: "Dinas Tenaga Kerja",
      financeAgency: "Badan Keuangan dan Aset Daerah (BKAD)",
      workers: [],
      claim: approvalClaimOf(record),
    });
    const approval = String(await page.toString());
    expect(approval).not.toContain(EVIL);
    expect(approval).toContain("Almarhum Budi 3");
    expect(approval).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(approval).toMatch(/Manfaat dibayarkan<\/dt>\s*<dd>\s*<strong>Rp42\.000\.000<\/strong>/);
    expect(approval).toContain("Nur Aisyah");
    expect(approval.match(/Rp14\.000\.000/g)).toHaveLength(3);
  });
});

describe("a returned claim", () => {
  const NOTE = "Nomor rekening Rudi Hartono salah; perbaiki lalu ajukan ulang.";
  let caseId: string;

  beforeAll(async () => {
    caseId = await submitClaim(RETURNED, family("004"));
    await untilStatus(caseId, "awaiting_opd_head");
    await eventually(
      () => t.platform.steps.get(caseId, 1, "opd_head"),
      (s) => s !== undefined,
    );
    const head = (await t.platform.users.get(HEAD))!;
    await t.platform.decisions.decide(caseId, { decision: "return", note: NOTE }, head, { actor: HEAD, requestId: "t" });
    await untilStatus(caseId, "returned");
  });

  it("offers its operator, and nobody else, to correct it from the case page", async () => {
    expect(await pages.html(OPERATOR, `/cases/${caseId}`)).toContain(`<a href="/klaim/baru?from=${caseId}" role="button">Perbaiki dan ajukan ulang</a>`);
    for (const email of [HEAD, FINANCE, TREASURER]) expect(await pages.html(email, `/cases/${caseId}`), email).not.toContain("/klaim/baru?from=");
    // Another OPD's operator finds no such claim to correct.
    expect((await pages.get("operator@perikanan.demo", `/klaim/baru?from=${caseId}`)).status).toBe(404);
    expect((await pages.get(OPERATOR, "/klaim/baru?from=case_nothing")).status).toBe(404);
  });

  it("opens as the claim's form, prefilled, with the return note and the deceased NIK fixed", async () => {
    const html = await pages.html(OPERATOR, `/klaim/baru?from=${caseId}`);
    expect(html).toContain(`<h1>Perbaiki dan ajukan ulang klaim ${caseId}</h1>`);
    expect(html).toMatch(new RegExp(`data-testid="return-note"[\\s\\S]*?<p>${NOTE}</p>`));
    expect(html).toContain(`<input type="hidden" name="from" value="${caseId}"/>`);
    expect(html).toMatch(new RegExp(`id="deceasedNik" name="deceasedNik"[^>]*value="${RETURNED}"[^>]*readonly`));
    expect(html).toContain('<dd data-testid="deceased-name">Almarhum Budi 4</dd>');
    // No search that would leave the correction, and the claim itself is not "already filed".
    expect(html).not.toContain('role="search"');
    expect(html).not.toContain('data-testid="existing-claim"');
    expect(html).toContain('id="dateOfDeath" name="dateOfDeath" type="date" value="2026-11-02"');
    expect(html).toContain('<option value="natural" selected="">');
    expect(html).toMatch(/id="completeAt" name="completeAt"[^>]*type="date" value="\d{4}-\d{2}-\d{2}"/);
    expect(html).toContain('id="heirs.0.name" name="heirs.0.name" type="text" value="Siti Aminah"');
    expect(html).toContain('id="heirs.1.bankAccount.number" name="heirs.1.bankAccount.number" type="text" value="22200004"');
    expect(html).toContain('id="heirs.1.birthDate" name="heirs.1.birthDate" aria-describedby="heirs.1.birthDate-hint" type="date" value="2015-07-12"');
    expect(html).toContain('<option value="tk_sd" selected="">');
    expect(html).toContain('id="heirs.2.bankAccount.bank" name="heirs.2.bankAccount.bank" type="text" value="BRI"');
    expect(html).toContain('value="474.3/123/2026"');
    expect(html).toContain('value="145/KEL/2026"');
    expect(html).toContain(">Ajukan ulang klaim</button>");
  });

  it("previews the correction with Hitung, then resubmits it as attempt 2 back at the OPD head", async () => {
    const form = await pages.html(OPERATOR, `/klaim/baru?from=${caseId}`);
    const completeAt = /id="completeAt" name="completeAt"[^>]*type="date" value="([\d-]+)"/.exec(form)![1]!;
    const corrected = family("004", [{}, { "bankAccount.number": "22299004", "bankAccount.holder": "Rudi Hartono" }]);
    // A NIK posted in place of the fixed one does not change whose claim it is.
    const fields = (action: string) => [...claimForm(action, DECEASED, corrected, { completeAt }), ["from", caseId]] as [string, string][];

    const preview = await pages.post(OPERATOR, "/klaim/baru", fields("price"));
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('<strong data-testid="benefit-total">Rp42.000.000</strong>');
    expect(html).toContain("<code>22299004</code>");
    expect(html).toMatch(new RegExp(`id="deceasedNik" name="deceasedNik"[^>]*value="${RETURNED}"`));
    expect(html).toContain('data-testid="return-note"');
    expect(html).not.toContain('data-testid="form-error"');
    expect((await t.platform.cases.get(caseId))!.status).toBe("returned");

    const res = await pages.post(OPERATOR, "/klaim/baru", fields("submit"));
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get("location")).toBe(`/cases/${caseId}`);
    const record = await untilStatus(caseId, "awaiting_opd_head");
    expect(record.attempt).toBe(2);
    const details = record.details as unknown as DeathClaimDetails;
    expect(details.deceased.nik).toBe(RETURNED);
    expect(details.heirs[1]!.bankAccount).toEqual({ bank: "Bank Jambi", number: "22299004", holder: "Rudi Hartono" });
    expect(await pages.html(OPERATOR, `/cases/${caseId}`)).not.toContain("/klaim/baru?from=");
    // Once resubmitted it is no longer a claim to correct.
    expect((await pages.get(OPERATOR, `/klaim/baru?from=${caseId}`)).status).toBe(409);
  });
});

describe("the approval link of a claim at the finance step", () => {
  it("shows the finance approver the deceased and the payees", async () => {
    const caseId = await submitClaim(AT_FINANCE, family("005"));
    await decide(caseId, "opd_head", "awaiting_opd_head", HEAD);
    await untilStatus(caseId, "awaiting_finance");
    const mail = await eventually(
      async () => (await t.platform.outbox!.list({ to: FINANCE })).items.find((m) => m.caseId === caseId && m.links.some((l) => l.includes("/approve/"))),
      (m) => m !== undefined,
    );
    const path = new URL(mail!.links.find((l) => l.includes("/approve/"))!).pathname;
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    const claim = /data-testid="approval-claim">([\s\S]*?)<\/article>/.exec(html)![1]!;
    expect(claim).toContain("Almarhum Budi 5");
    expect(claim).toContain(`<code>${AT_FINANCE}</code>`);
    for (const name of ["Siti Aminah", "Rudi Hartono", "Nur Aisyah"]) expect(claim).toContain(name);
    expect(claim.match(/Rp14\.000\.000/g)).toHaveLength(3);
    expect(html).toMatch(/Manfaat dibayarkan<\/dt>\s*<dd>\s*<strong>Rp42\.000\.000<\/strong>/);
  });
});

describe("the case list", () => {
  it("offers operators a new enrolment and a new death claim, and nobody else", async () => {
    const html = await pages.html(OPERATOR, "/cases");
    expect(html).toMatch(/data-testid="new-case">[\s\S]*?<a href="\/enrolments\/new" role="button">Pendaftaran baru<\/a>[\s\S]*?<a href="\/klaim\/baru" role="button" class="secondary">Klaim kematian baru<\/a>/);
    for (const email of [HEAD, FINANCE, TREASURER, "auditor@inspektorat.demo"]) expect(await pages.html(email, "/cases"), email).not.toContain('data-testid="new-case"');
  });
});

/** Just enough of a page for death-claim-form.js: elements with a value, a name, data-field wrappers and change events. */
class FakeElement {
  hidden = false;
  children: FakeElement[] = [];
  parent?: FakeElement;
  listeners: ((e: { target: FakeElement }) => void)[] = [];
  constructor(
    public tag: string,
    public attrs: Record<string, string> = {},
    public value = "",
  ) {}
  get name() {
    return this.attrs.name ?? "";
  }
  add(...children: FakeElement[]) {
    for (const child of children) {
      child.parent = this;
      this.children.push(child);
    }
    return this;
  }
  all(): FakeElement[] {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
  matches(selector: string): boolean {
    return selector.split(",").some((one) => {
      const sel = one.trim();
      const field = /^\[data-field="(\w+)"\]$/.exec(sel);
      if (field) return this.attrs["data-field"] === field[1];
      const named = /^select\[name(\$?)="([^"]+)"\]$/.exec(sel);
      if (named) return this.tag === "select" && (named[1] ? this.name.endsWith(named[2]!) : this.name === named[2]);
      if (sel === "fieldset.heir") return this.tag === "fieldset";
      if (sel === ".field-error") return this.attrs.class === "field-error";
      return false;
    });
  }
  querySelector(selector: string) {
    return this.all().find((e) => e.matches(selector)) ?? null;
  }
  querySelectorAll(selector: string) {
    return this.all().filter((e) => e.matches(selector));
  }
  closest(selector: string): FakeElement | null {
    return this.matches(selector) ? this : (this.parent?.closest(selector) ?? null);
  }
  addEventListener(_type: string, listener: (e: { target: FakeElement }) => void) {
    this.listeners.push(listener);
  }
  change(value: string) {
    this.value = value;
    for (let at: FakeElement | undefined = this; at; at = at.parent) for (const l of at.listeners) l({ target: this });
  }
}

describe("the claim form's script", () => {
  it("is served from our origin and shown on the form, whose fields carry the wrappers it uses", async () => {
    const res = await t.app.request("/js/death-claim-form.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/javascript");
    const code = await res.text();
    expect(() => new Script(code)).not.toThrow();
    const html = await pages.html(OPERATOR, "/klaim/baru");
    expect(html).toContain('<script src="/js/death-claim-form.js" defer=""></script>');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    for (const field of ["monthlyWage", "birthDate", "schoolLevel"]) expect(html).toContain(`data-field="${field}"`);
  });

  it("shows the wage only for a work accident, and a heir's birth date and school level only for a child", async () => {
    const code = await (await t.app.request("/js/death-claim-form.js")).text();
    const cause = new FakeElement("select", { name: "cause" }, "natural");
    const wage = new FakeElement("div", { "data-field": "monthlyWage" });
    const heir = (i: number, relationship: string, error = false) => {
      const birth = new FakeElement("div", { "data-field": "birthDate" });
      if (error) birth.add(new FakeElement("small", { class: "field-error" }));
      return new FakeElement("fieldset").add(new FakeElement("select", { name: `heirs.${i}.relationship` }, relationship), birth, new FakeElement("div", { "data-field": "schoolLevel" }));
    };
    const rows = new FakeElement("div", { id: "heir-rows" }).add(heir(0, "spouse"), heir(1, "child"), heir(2, "parent", true));
    const body = new FakeElement("body").add(cause, wage, rows);
    const document = { querySelector: (s: string) => body.querySelector(s), getElementById: (id: string) => body.all().find((e) => e.attrs.id === id) ?? null };
    new Script(code).runInContext(createContext({ document }));

    const boxes = (row: number) => rows.children[row]!.querySelectorAll('[data-field="birthDate"], [data-field="schoolLevel"]').map((b) => b.hidden);
    expect(wage.hidden).toBe(true);
    expect(boxes(0)).toEqual([true, true]);
    expect(boxes(1)).toEqual([false, false]);
    // A field showing the server's error stays visible until the relationship changes.
    expect(boxes(2)).toEqual([false, true]);

    cause.change("work_accident");
    expect(wage.hidden).toBe(false);
    cause.change("");
    expect(wage.hidden).toBe(true);
    rows.children[0]!.querySelector('select[name$=".relationship"]')!.change("child");
    expect(boxes(0)).toEqual([false, false]);
    rows.children[1]!.querySelector('select[name$=".relationship"]')!.change("spouse");
    expect(boxes(1)).toEqual([true, true]);
    rows.children[2]!.querySelector('select[name$=".relationship"]')!.change("parent");
    expect(boxes(2)).toEqual([true, true]);
  });
});
