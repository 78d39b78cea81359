import { maskAccount, maskNik, roles, seesPersonalData, type Role } from "@naungan/core";
import { caseSubject } from "@naungan/platform";
import { beforeAll, describe, expect, it } from "vitest";
import { account, claim, deceasedNik, family, payoutBody, register } from "./support/death-claims";
import { EnrolmentClient, worker, type Json } from "./support/enrolment-client";
import { PageClient } from "./support/page-client";
import { createTestApp, ORIGIN } from "./support/test-app";

/*
 * Personal data under UU PDP 27/2022: NIKs, the family card number and bank
 * account numbers in full for the roles whose work needs them, masked for the
 * auditor and the admin, in the JSON API and on the case page alike; the
 * auditor's reveal of one value, itself an audit event.
 */

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
const AUDITOR = "auditor@inspektorat.demo";
const ADMIN = "admin@naungan.demo";

const emailOf: Record<Role, string> = { opd_operator: OPERATOR, opd_head: HEAD, finance_approver: FINANCE, treasurer: TREASURER, auditor: AUDITOR, admin: ADMIN };
const fullRoles = roles.filter(seesPersonalData);
const maskedRoles = roles.filter((r) => !seesPersonalData(r));

const DECEASED = deceasedNik(401);
const FAMILY_CARD = "1506020101100001";
/** The family with one account each, so that each reveal names one value. */
const heirs = family().map((h, i) => ({ ...h, bankAccount: account(h.name, `111000000${i + 1}`) }));
const HEIR_NIKS = heirs.map((h) => h.nik);
const ACCOUNTS = heirs.map((h) => h.bankAccount.number);
const WORKERS = [worker(41), worker(42), worker(43)];
const WORKER_NIKS = WORKERS.map((w) => w.nik);

/** A 16-digit number standing alone (a NIK or KK number), not part of an id or a token. */
const SIXTEEN_DIGITS = /(?<![0-9A-Za-z])\d{16}(?![0-9A-Za-z])/;

let api: EnrolmentClient;
let pages: PageClient;
let claimId: string;
let enrolmentId: string;

beforeAll(async () => {
  const t = await createTestApp({ workflows: true });
  api = new EnrolmentClient(t);
  pages = new PageClient(t);
  await register(t.platform, [DECEASED]);

  // A death claim taken through to its payout (the payout lists the accounts again).
  const filed = await api.post(OPERATOR, "/api/death-claims", claim(DECEASED, { heirs, documents: { deathCertificateNo: "474.3/401/2026", familyCardNo: FAMILY_CARD, heirStatementNo: "145/KEL/2026" } }));
  expect(filed.status, await filed.clone().text()).toBe(202);
  claimId = ((await filed.json()) as Json).caseId;
  await api.untilStatus(HEAD, claimId, "awaiting_opd_head");
  expect((await api.post(HEAD, `/api/cases/${claimId}/decisions`, { decision: "approve" })).status).toBe(200);
  await api.untilStatus(FINANCE, claimId, "awaiting_finance");
  expect((await api.post(FINANCE, `/api/cases/${claimId}/decisions`, { decision: "approve" })).status).toBe(200);
  const due = await api.untilStatus(TREASURER, claimId, "awaiting_disbursement");
  expect((await api.post(TREASURER, `/api/cases/${claimId}/disbursement`, payoutBody(due))).status).toBe(200);
  await api.untilStatus(TREASURER, claimId, "completed");

  // An enrolment of three workers, waiting for the OPD head.
  const submitted = await api.post(OPERATOR, "/api/enrolments", await api.submission("DISNAKER", WORKERS));
  expect(submitted.status, await submitted.clone().text()).toBe(202);
  enrolmentId = ((await submitted.json()) as Json).caseId;
  await api.untilStatus(HEAD, enrolmentId, "awaiting_opd_head");
}, 60_000);

const reveal = (email: string, caseId: string, field: unknown) => api.post(email, `/api/cases/${caseId}/reveal`, { field });
const auditEvents = async (caseId: string) => (await api.t.platform.audit.events(caseSubject(caseId), { limit: 500 })).items;

describe("GET /api/cases/:id of a death claim", () => {
  it.each(fullRoles)("shows %s every NIK, the KK number and every account in full", async (role) => {
    const c = await api.read(emailOf[role], `/api/cases/${claimId}`);
    expect(c.deceased.nik).toBe(DECEASED);
    expect(c.documents.familyCardNo).toBe(FAMILY_CARD);
    expect(c.heirs.map((h: Json) => [h.nik, h.bankAccount.number])).toEqual(HEIR_NIKS.map((nik, i) => [nik, ACCOUNTS[i]]));
    expect(c.payees.map((p: Json) => [p.nik, p.bankAccount.number])).toEqual(HEIR_NIKS.map((nik, i) => [nik, ACCOUNTS[i]]));
    expect(c.payout.payouts.map((p: Json) => [p.nik, p.bankAccount.number])).toEqual(HEIR_NIKS.map((nik, i) => [nik, ACCOUNTS[i]]));
  });

  it.each(maskedRoles)("shows %s every NIK, the KK number and every account masked, and nothing else changed", async (role) => {
    const c = await api.read(emailOf[role], `/api/cases/${claimId}`);
    const text = JSON.stringify(c);
    expect(text).not.toMatch(SIXTEEN_DIGITS);
    for (const secret of [DECEASED, FAMILY_CARD, ...HEIR_NIKS, ...ACCOUNTS]) expect(text).not.toContain(secret);
    expect(c.deceased).toMatchObject({ nik: maskNik(DECEASED), name: "Almarhum 0401" });
    expect(c.documents).toEqual({ deathCertificateNo: "474.3/401/2026", familyCardNo: maskNik(FAMILY_CARD), heirStatementNo: "145/KEL/2026" });
    expect(c.payees.map((p: Json) => [p.nik, p.name, p.bankAccount, p.amount])).toEqual(
      heirs.map((h) => [maskNik(h.nik), h.name, { bank: "Bank Jambi", number: maskAccount(h.bankAccount.number), holder: h.name }, 14_000_000]),
    );
    expect(c.heirs.map((h: Json) => h.nik)).toEqual(HEIR_NIKS.map(maskNik));
    expect(c.payout.payouts.map((p: Json) => p.bankAccount.number)).toEqual(ACCOUNTS.map(maskAccount));
    expect(c.amount).toBe(42_000_000);
  });
});

describe("GET /api/cases/:id/history of a paid death claim (the payout is a task's output)", () => {
  it.each(fullRoles)("keeps the payout's NIKs and accounts for %s", async (role) => {
    const text = JSON.stringify(await api.read(emailOf[role], `/api/cases/${claimId}/history`));
    for (const secret of [...HEIR_NIKS, ...ACCOUNTS]) expect(text).toContain(secret);
  });

  it.each(maskedRoles)("masks them inside the events' JSON for %s", async (role) => {
    const history = await api.read(emailOf[role], `/api/cases/${claimId}/history`);
    const text = JSON.stringify(history);
    expect(history.executions[0].events.length).toBeGreaterThan(10);
    for (const secret of [DECEASED, FAMILY_CARD, ...HEIR_NIKS, ...ACCOUNTS]) expect(text).not.toContain(secret);
    expect(text).toContain(JSON.stringify(maskAccount(ACCOUNTS[0]!)).slice(1, -1));
  });
});

describe("GET /api/cases/:id and /workers of an enrolment", () => {
  it.each(fullRoles)("shows %s the workers' NIKs in full", async (role) => {
    expect((await api.read(emailOf[role], `/api/cases/${enrolmentId}`)).workers.map((w: Json) => w.nik)).toEqual(WORKER_NIKS);
    expect((await api.read(emailOf[role], `/api/cases/${enrolmentId}/workers`)).items.map((w: Json) => w.nik)).toEqual(WORKER_NIKS);
  });

  it.each(maskedRoles)("shows %s the workers' NIKs masked", async (role) => {
    for (const path of [`/api/cases/${enrolmentId}`, `/api/cases/${enrolmentId}/workers?limit=2`]) {
      const body = await api.read(emailOf[role], path);
      expect(JSON.stringify(body), path).not.toMatch(SIXTEEN_DIGITS);
      const items = (body.workers ?? body.items) as Json[];
      expect(items.map((w) => [w.nik, w.name])).toEqual(WORKERS.slice(0, items.length).map((w) => [maskNik(w.nik), w.name]));
    }
    // The next page's cursor still works on a masked page.
    const first = await api.read(emailOf[role], `/api/cases/${enrolmentId}/workers?limit=2`);
    const next = await api.read(emailOf[role], `/api/cases/${enrolmentId}/workers?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(next.items.map((w: Json) => w.nik)).toEqual([maskNik(WORKER_NIKS[2]!)]);
  });
});

describe("GET /api/participants/:nik", () => {
  it("answers the NIK in full to the OPD roles, finance and the treasurer, masked to the auditor and the admin (even though they typed it)", async () => {
    for (const role of fullRoles) expect((await api.read(emailOf[role], `/api/participants/${DECEASED}`)).nik, role).toBe(DECEASED);
    for (const role of maskedRoles) {
      const found = await api.read(emailOf[role], `/api/participants/${DECEASED}`);
      expect(found).toMatchObject({ nik: maskNik(DECEASED), name: "Almarhum 0401", existingClaimId: claimId });
      expect(JSON.stringify(found)).not.toMatch(SIXTEEN_DIGITS);
    }
  });
});

describe("the case page", () => {
  it("shows the OPD, finance and the treasurer the claim's and the workers' NIKs and accounts in full, without reveal buttons", async () => {
    for (const role of fullRoles) {
      const html = await pages.html(emailOf[role], `/cases/${claimId}`);
      for (const secret of [DECEASED, FAMILY_CARD, ...HEIR_NIKS, ...ACCOUNTS]) expect(html, `${role}: ${secret}`).toContain(secret);
      expect(html).not.toContain('data-testid="reveal-form"');
      const workers = await pages.html(emailOf[role], `/cases/${enrolmentId}`);
      for (const nik of WORKER_NIKS) expect(workers, role).toContain(`<code>${nik}</code>`);
    }
  });

  it.each(maskedRoles)("shows %s no NIK, KK number or account in full", async (role) => {
    for (const id of [claimId, enrolmentId]) {
      const html = await pages.html(emailOf[role], `/cases/${id}`);
      expect(html).not.toMatch(SIXTEEN_DIGITS);
      for (const secret of [DECEASED, FAMILY_CARD, ...HEIR_NIKS, ...ACCOUNTS, ...WORKER_NIKS]) expect(html, secret).not.toContain(secret);
    }
    const html = await pages.html(emailOf[role], `/cases/${claimId}`);
    expect(html).toContain(`<code>${maskNik(DECEASED)}</code>`);
    expect(html).toContain(`<code>${maskAccount(ACCOUNTS[1]!)}</code>`);
    // The children are still named in the payees' table though their masked NIKs coincide.
    expect(html).toContain("Rudi Hartono");
  });

  it("offers the auditor (not the admin) a CSRF-protected reveal next to each masked value", async () => {
    const html = await pages.html(AUDITOR, `/cases/${claimId}`);
    const fields = [...html.matchAll(/<input type="hidden" name="field" value="([^"]+)"/g)].map((m) => m[1]);
    expect(fields).toEqual(
      expect.arrayContaining(["deceased.nik", "payees.0.nik", "payees.2.bankAccount.number", "payout.payouts.1.bankAccount.number", "documents.familyCardNo"]),
    );
    expect(html).toContain(`action="/cases/${claimId}/reveal"`);
    expect(html).toContain(`name="_csrf" value="${(await pages.session(AUDITOR)).csrf}"`);
    expect(await pages.html(AUDITOR, `/cases/${enrolmentId}`)).toContain('name="field" value="workers.2.nik"');
    expect(await pages.html(ADMIN, `/cases/${claimId}`)).not.toContain('data-testid="reveal-form"');
  });
});

describe("POST /api/cases/:id/reveal", () => {
  it("answers the auditor the full value and appends the reveal to the case's chain, naming the field but never the value", async () => {
    const before = await auditEvents(claimId);
    const res = await reveal(AUDITOR, claimId, "payees.1.bankAccount.number");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ field: "payees.1.bankAccount.number", value: ACCOUNTS[1] });

    const after = await auditEvents(claimId);
    expect(after).toHaveLength(before.length + 1);
    const event = after.at(-1)!;
    expect(event).toMatchObject({ actor: AUDITOR, action: "personal_data.revealed", data: { field: "payees.1.bankAccount.number" }, opdCode: "DISNAKER" });
    expect(JSON.stringify(event)).not.toContain(ACCOUNTS[1]);
    expect(await api.t.platform.audit.verify(caseSubject(claimId))).toEqual({ ok: true, events: after.length });

    // The timeline shows it, to every role.
    const timeline = (await api.read(HEAD, `/api/cases/${claimId}`)).timeline as Json[];
    expect(timeline.at(-1)).toMatchObject({ actor: AUDITOR, action: "personal_data.revealed", note: "payees.1.bankAccount.number" });
    expect(JSON.stringify((await api.read(AUDITOR, `/api/cases/${claimId}`)).timeline)).not.toContain(ACCOUNTS[1]);
  });

  it.each([
    ["deceased.nik", DECEASED],
    ["heirs.2.nik", HEIR_NIKS[2]],
    ["payees.0.nik", HEIR_NIKS[0]],
    ["payout.payouts.2.bankAccount.number", ACCOUNTS[2]],
    ["documents.familyCardNo", FAMILY_CARD],
  ])("reveals %s of a claim", async (field, value) => {
    const res = await reveal(AUDITOR, claimId, field);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ field, value });
  });

  it("reveals any worker of an enrolment by its index", async () => {
    for (const [i, nik] of WORKER_NIKS.entries()) expect(await (await reveal(AUDITOR, enrolmentId, `workers.${i}.nik`)).json()).toEqual({ field: `workers.${i}.nik`, value: nik });
    expect((await auditEvents(enrolmentId)).filter((e) => e.action === "personal_data.revealed").map((e) => e.data)).toEqual(WORKER_NIKS.map((_, i) => ({ field: `workers.${i}.nik` })));
  });

  it("answers 400 to a path that is not a masked personal-data field, recording nothing", async () => {
    const before = (await auditEvents(claimId)).length;
    for (const field of ["amount", "status", "deceased.name", "payees.0.name", "payees.0.bankAccount.bank", "payees.9.nik", "payees.0", "deceased", "timeline.0.actor", "__proto__.nik", "payees..nik", "workers.0.nik", ""]) {
      const res = await reveal(AUDITOR, claimId, field);
      expect(res.status, field).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "validation_failed" } });
    }
    for (const field of ["workers.3.nik", "workers.01.nik", "workers.0.name", "deceased.nik"]) expect((await reveal(AUDITOR, enrolmentId, field)).status, field).toBe(400);
    expect((await reveal(AUDITOR, claimId, 42)).status).toBe(400);
    expect(await auditEvents(claimId)).toHaveLength(before);
    expect((await reveal(AUDITOR, "case_unknown", "deceased.nik")).status).toBe(404);
  });

  it.each(roles.filter((r) => r !== "auditor"))("refuses %s (403) and records nothing", async (role) => {
    const before = (await auditEvents(claimId)).length;
    const res = await reveal(emailOf[role], claimId, "deceased.nik");
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(DECEASED);
    expect(await auditEvents(claimId)).toHaveLength(before);
  });
});

describe("the case page's reveal (POST /cases/:id/reveal)", () => {
  it("shows the auditor that one value, this once, and the reveal in the timeline", async () => {
    const res = await pages.post(AUDITOR, `/cases/${claimId}/reveal`, { field: "payees.2.bankAccount.number" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('data-testid="revealed"');
    expect(html).toContain(`<mark id="nilai-terbuka" data-testid="revealed-value" data-field="payees.2.bankAccount.number"><code>${ACCOUNTS[2]}</code></mark>`);
    // Only that value: the others stay masked.
    for (const secret of [DECEASED, FAMILY_CARD, ...HEIR_NIKS, ACCOUNTS[0]!, ACCOUNTS[1]!]) expect(html).not.toContain(secret);
    expect(html).toContain("Data pribadi ditampilkan (auditor)");
    expect(html).toContain("<td>payees.2.bankAccount.number</td>");

    // The next view of the page is masked again.
    const again = await pages.html(AUDITOR, `/cases/${claimId}`);
    expect(again).not.toContain(ACCOUNTS[2]);
    expect(again).toContain("Data pribadi ditampilkan (auditor)");
    expect((await auditEvents(claimId)).at(-1)).toMatchObject({ actor: AUDITOR, action: "personal_data.revealed", data: { field: "payees.2.bankAccount.number" } });
  });

  it("reveals a worker on the enrolment page", async () => {
    const res = await pages.post(AUDITOR, `/cases/${enrolmentId}/reveal`, { field: "workers.1.nik" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<code>${WORKER_NIKS[1]}</code>`);
    expect(html).not.toContain(WORKER_NIKS[0]!);
  });

  it("answers 400 with the page to a field that is not one, recording nothing", async () => {
    const before = (await auditEvents(claimId)).length;
    const res = await pages.post(AUDITOR, `/cases/${claimId}/reveal`, { field: "amount" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('data-testid="error"');
    expect(await auditEvents(claimId)).toHaveLength(before);
  });

  it("refuses the other roles (403) and a post without the session's form token", async () => {
    const before = (await auditEvents(claimId)).length;
    for (const role of roles.filter((r) => r !== "auditor")) {
      const res = await pages.post(emailOf[role], `/cases/${claimId}/reveal`, { field: "deceased.nik" });
      expect(res.status, role).toBe(403);
    }
    const { cookie } = await pages.session(AUDITOR);
    const forged = await api.t.app.request(`/cases/${claimId}/reveal`, {
      method: "POST",
      headers: { origin: ORIGIN, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ field: "deceased.nik" }),
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain(DECEASED);
    expect(await auditEvents(claimId)).toHaveLength(before);
  });
});
