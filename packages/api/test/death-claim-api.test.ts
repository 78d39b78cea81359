import { maskNik } from "@naungan/core";
import { beforeAll, describe, expect, it } from "vitest";
import { claim, deceasedNik, payoutBody, register, siblingAndParentInLaw, today } from "./support/death-claims";
import { EnrolmentClient, fieldsOf, poll, type Json } from "./support/enrolment-client";
import { createTestApp } from "./support/test-app";

/* Death-benefit claims through the JSON API, on the local engine with the real ASL and tasks (API.md "Death benefit"). */

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
const AUDITOR = "auditor@inspektorat.demo";
const OTHER_OPERATOR = "operator@perikanan.demo";

/** DISNAKER participants covered for 2026, one per test that files a claim. */
const NIK = {
  journey: deceasedNik(201),
  jkk: deceasedNik(202),
  second: deceasedNik(203),
  concurrent: deceasedNik(204),
  preview: deceasedNik(205),
  returned: deceasedNik(206),
  payouts: deceasedNik(207),
  otherOpd: deceasedNik(208),
  race: deceasedNik(209),
};
const PERIKANAN_NIK = deceasedNik(301);
const NOT_REGISTERED = deceasedNik(999);

let api: EnrolmentClient;

beforeAll(async () => {
  api = new EnrolmentClient(await createTestApp({ workflows: true }));
  await register(api.t.platform, Object.values(NIK));
  await register(api.t.platform, [PERIKANAN_NIK], "PERIKANAN");
});

async function file(body: Json, email = OPERATOR): Promise<string> {
  const res = await api.post(email, "/api/death-claims", body);
  expect(res.status, await res.clone().text()).toBe(202);
  const accepted = (await res.json()) as Json;
  expect(accepted).toEqual({ caseId: expect.stringMatching(/^case_/), status: "validating" });
  expect(res.headers.get("location")).toBe(`/api/cases/${accepted.caseId}`);
  return accepted.caseId as string;
}

const decide = (email: string, caseId: string, decision: string, note?: string) =>
  api.post(email, `/api/cases/${caseId}/decisions`, { decision, ...(note ? { note } : {}) });

/** The approval link mailed to `to` for the case, as a path. */
async function approvalPath(to: string, caseId: string): Promise<string> {
  const mail = await poll(`a mail to ${to} about ${caseId}`, async () => {
    const res = await api.get(undefined, `/api/dev/outbox?to=${to}`);
    return ((await res.json()) as Json[]).find((m) => m.caseId === caseId && m.links.some((l: string) => l.includes("/approve/")));
  });
  return new URL((mail.links as string[]).find((l) => l.includes("/approve/"))!).pathname;
}

/** Files a claim and takes it through the OPD head and finance (in app) to the treasurer. */
async function toTreasurer(nik: string): Promise<Json> {
  const caseId = await file(claim(nik));
  await api.untilStatus(HEAD, caseId, "awaiting_opd_head");
  expect((await decide(HEAD, caseId, "approve")).status).toBe(200);
  await api.untilStatus(FINANCE, caseId, "awaiting_finance");
  expect((await decide(FINANCE, caseId, "approve")).status).toBe(200);
  return api.untilStatus(TREASURER, caseId, "awaiting_disbursement");
}

describe("a JKM claim (widow and two children) from filing to payout", () => {
  let caseId: string;

  it("is previewed with the benefit split equally, writing nothing", async () => {
    const res = await api.post(OPERATOR, "/api/death-claims/preview", claim(NIK.journey));
    expect(res.status, await res.clone().text()).toBe(200);
    const preview = (await res.json()) as Json;
    expect(preview).toMatchObject({
      deceased: { nik: NIK.journey, opdCode: "DISNAKER", category: "honorer" },
      benefit: { lumpSum: 20_000_000, periodic: 12_000_000, funeral: 10_000_000, scholarship: 0, total: 42_000_000 },
      scholarshipSchedule: [],
      heirClass: 1,
      unpaid: 0,
      contributionMonths: 11,
    });
    expect(preview.payees.map((p: Json) => [p.relationship, p.amount])).toEqual([
      ["spouse", 14_000_000],
      ["child", 14_000_000],
      ["child", 14_000_000],
    ]);
    expect(preview.payees[0].bankAccount).toEqual({ bank: "Bank Jambi", number: "1110000001", holder: "Siti Aminah" });
    // The OPD head may work a claim out too.
    expect((await api.post(HEAD, "/api/death-claims/preview", claim(NIK.journey))).status).toBe(200);
    expect((await api.read(OPERATOR, `/api/participants/${NIK.journey}`)).existingClaimId).toBeNull();
  });

  it("is filed (202) and shows its benefit, payees and payment deadline", async () => {
    caseId = await file(claim(NIK.journey));
    const c = await api.read(OPERATOR, `/api/cases/${caseId}`);
    expect(c).toMatchObject({
      id: caseId,
      type: "death_benefit",
      opdCode: "DISNAKER",
      amount: 42_000_000,
      submittedBy: OPERATOR,
      budgetLineId: null,
      deceased: { nik: NIK.journey, name: "Almarhum 0201" },
      dateOfDeath: "2026-11-02",
      cause: "natural",
      monthlyWage: null,
      contributionMonths: 11,
      documents: { deathCertificateNo: "474.3/123/2026" },
      benefit: { lumpSum: 20_000_000, periodic: 12_000_000, funeral: 10_000_000, scholarship: 0, total: 42_000_000 },
      heirClass: 1,
      unpaid: 0,
      sla: { dueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT23:59:59\.999\+07:00$/), late: false, lateDays: 0, penalty: 0, paidAt: null },
      payout: null,
    });
    expect(c.payees).toEqual([
      expect.objectContaining({ kind: "heir", nik: "1506024503880001", name: "Siti Aminah", relationship: "spouse", amount: 14_000_000 }),
      expect.objectContaining({ kind: "heir", nik: "1506021207150001", relationship: "child", amount: 14_000_000 }),
      expect.objectContaining({ kind: "heir", nik: "1506025009180001", relationship: "child", amount: 14_000_000 }),
    ]);
    expect(c.heirs).toHaveLength(3);
    expect(c.timeline[0]).toMatchObject({ actor: OPERATOR, action: "case.submitted" });
  });

  it("is found by the NIK search with its claim, and listed under type=death_benefit only", async () => {
    expect(await api.read(OPERATOR, `/api/participants/${NIK.journey}`)).toEqual({
      nik: NIK.journey,
      name: "Almarhum 0201",
      category: "honorer",
      opdCode: "DISNAKER",
      periods: [{ from: "2026-01", to: "2026-12", caseId: "seed-disnaker", source: "enrolment" }],
      contributionMonths: 12,
      existingClaimId: caseId,
    });
    const claims = await api.read(FINANCE, "/api/cases?type=death_benefit");
    expect(claims.items.map((c: Json) => c.id)).toContain(caseId);
    expect(claims.items.every((c: Json) => c.type === "death_benefit")).toBe(true);
    expect((await api.read(FINANCE, "/api/cases?type=enrolment")).items.map((c: Json) => c.id)).not.toContain(caseId);
  });

  it("is approved by the OPD head in app and by finance through the mailed link", async () => {
    const atHead = await api.untilStatus(HEAD, caseId, "awaiting_opd_head");
    expect(atHead).toMatchObject({ currentStep: "opd_head", holders: [HEAD] });
    // Not the treasurer's step yet.
    expect((await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, payoutBody(atHead))).status).toBe(403);
    const approved = await decide(HEAD, caseId, "approve", "Berkas lengkap");
    expect(approved.status, await approved.clone().text()).toBe(200);

    await api.untilStatus(FINANCE, caseId, "awaiting_finance");
    const path = await approvalPath(FINANCE, caseId);
    const page = await api.t.app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ decision: "approve", note: "" }) });
    expect(page.status, await page.clone().text()).toBe(200);
    await api.untilStatus(TREASURER, caseId, "awaiting_disbursement");
  });

  it("refuses a payout whose sum is not the benefit, recording nothing", async () => {
    const c = await api.read(TREASURER, `/api/cases/${caseId}`);
    const body = payoutBody(c, "WRONG");
    body.payouts[2]!.amount -= 1_000;
    const res = await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, body);
    expect(res.status).toBe(422);
    const error = ((await res.json()) as Json).error;
    expect(error).toMatchObject({ code: "unprocessable", message: expect.any(String) });
    expect(error.fields.map((f: Json) => f.path)).toContain("payouts.2.amount");
    const after = await api.read(TREASURER, `/api/cases/${caseId}`);
    expect(after).toMatchObject({ status: "awaiting_disbursement", payout: null, sla: { paidAt: null } });
  });

  it("records the payout once: the same transfers again are answered 200 and change nothing", async () => {
    const c = await api.read(TREASURER, `/api/cases/${caseId}`);
    const body = payoutBody(c);
    const first = await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, body);
    expect(first.status, await first.clone().text()).toBe(200);
    expect(((await first.json()) as Json).payout).toMatchObject({ sp2dNumber: body.sp2dNumber, amount: 42_000_000 });
    const again = await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, body);
    expect(again.status).toBe(200);

    const done = await api.untilStatus(TREASURER, caseId, "completed");
    expect(done.sla).toMatchObject({ paidAt: body.paidAt, late: false, penalty: 0 });
    expect(done.payout.payouts.map((p: Json) => [p.nik, p.amount, p.bankAccount.number])).toEqual(
      c.payees.map((p: Json) => [p.nik, p.amount, p.bankAccount.number]),
    );
    const payments = done.timeline.filter((e: Json) => e.action === "step.approve" && e.step === "disbursement");
    expect(payments).toHaveLength(1);

    // Other transfer references for a paid claim: a conflict.
    expect((await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, payoutBody(c, "OTHER"))).status).toBe(409);
    expect((await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, body)).status).toBe(200);
  });
});

describe("a payout racing its own retry", () => {
  it("answers 200 to both copies and pays once; another payout racing it is a conflict", async () => {
    const c = await toTreasurer(NIK.race);
    const body = payoutBody(c);
    const copies = await Promise.all([body, body, payoutBody(c, "OTHER")].map((b) => api.post(TREASURER, `/api/cases/${c.id}/disbursement`, b)));
    const statuses = copies.map((r) => r.status);
    // Whichever transfer got there first is recorded; a copy of it is 200, the other references 409.
    const recorded = (await api.untilStatus(TREASURER, c.id, "completed")).payout.payouts[0].transferReference;
    const sameAsRecorded = [body, body, payoutBody(c, "OTHER")].map((b) => b.payouts[0]!.transferReference === recorded);
    expect(statuses).toEqual(sameAsRecorded.map((same) => (same ? 200 : 409)));
    const done = await api.read(TREASURER, `/api/cases/${c.id}`);
    expect(done.timeline.filter((e: Json) => e.action === "step.approve" && e.step === "disbursement")).toHaveLength(1);
  });
});

describe("a JKK claim", () => {
  it("for a work accident at a wage of Rp3,000,000 pays 144,000,000 + 12,000,000 + 10,000,000", async () => {
    const caseId = await file(claim(NIK.jkk, { cause: "work_accident", monthlyWage: 3_000_000 }));
    const c = await api.read(OPERATOR, `/api/cases/${caseId}`);
    expect(c).toMatchObject({ amount: 166_000_000, cause: "work_accident", monthlyWage: 3_000_000 });
    expect(c.benefit).toMatchObject({ lumpSum: 144_000_000, periodic: 12_000_000, funeral: 10_000_000, total: 166_000_000 });
    // JKK pays the children's scholarship without a minimum period; it is not part of the total.
    expect(c.benefit.scholarship).toBeGreaterThan(0);
    expect(c.scholarshipSchedule.length).toBeGreaterThan(0);
    expect(c.payees.reduce((sum: number, p: Json) => sum + p.amount, 0)).toBe(166_000_000);
  });

  it("needs the monthly wage", async () => {
    const res = await api.post(OPERATOR, "/api/death-claims/preview", claim(NIK.jkk, { cause: "work_accident" }));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["monthlyWage"]);
  });
});

describe("claims the rules refuse", () => {
  it("answers 422 naming deceasedNik for someone who is not a participant", async () => {
    for (const path of ["/api/death-claims", "/api/death-claims/preview"]) {
      const res = await api.post(OPERATOR, path, claim(NOT_REGISTERED));
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        error: {
          code: "unprocessable",
          message: expect.any(String),
          fields: [{ path: "deceasedNik", message: expect.any(String) }],
          details: { reason: "not_registered" },
        },
      });
    }
    // A participant who died outside the coverage: also 422.
    const res = await api.post(OPERATOR, "/api/death-claims/preview", claim(NIK.preview, { dateOfDeath: "2025-12-31" }));
    expect(res.status).toBe(422);
    expect(await fieldsOf(res)).toEqual(["deceasedNik"]);
  });

  it("answers 409 naming the first claim to a second claim for the same person", async () => {
    const first = await file(claim(NIK.second));
    const res = await api.post(OPERATOR, "/api/death-claims", claim(NIK.second, { cause: "work_accident", monthlyWage: 2_000_000 }));
    expect(res.status).toBe(409);
    const error = ((await res.json()) as Json).error;
    expect(error).toMatchObject({ code: "conflict", details: { caseId: first } });
    expect(error.message).toContain(first);
  });

  it("accepts exactly one of two claims for the same person sent at the same moment", async () => {
    const [a, b] = await Promise.all([api.post(OPERATOR, "/api/death-claims", claim(NIK.concurrent)), api.post(OPERATOR, "/api/death-claims", claim(NIK.concurrent))]);
    const answers = [a, b].map((r) => r.status);
    expect([...answers].sort()).toEqual([202, 409]);
    const accepted = (await (answers[0] === 202 ? a : b).json()) as Json;
    const refused = (await (answers[0] === 202 ? b : a).json()) as Json;
    expect(refused.error.details).toEqual({ caseId: accepted.caseId });
    const claims = await api.read(FINANCE, "/api/cases?type=death_benefit&limit=500");
    expect(claims.items.filter((c: Json) => c.id === accepted.caseId)).toHaveLength(1);
    expect((await api.read(OPERATOR, `/api/participants/${NIK.concurrent}`)).existingClaimId).toBe(accepted.caseId);
  });
});

describe("bad claims are answered 400 naming the fields", () => {
  it("names heirs.0.relationship for an unknown relationship and heirs.1.bankAccount.number for a bad account", async () => {
    const body = claim(NIK.preview);
    body.heirs[0].relationship = "cousin";
    body.heirs[1].bankAccount.number = "12-34";
    for (const path of ["/api/death-claims", "/api/death-claims/preview"]) {
      const res = await api.post(OPERATOR, path, body);
      expect(res.status).toBe(400);
      const error = ((await res.clone().json()) as Json).error;
      expect(error.code).toBe("validation_failed");
      expect((await fieldsOf(res)).sort()).toEqual(["heirs.0.relationship", "heirs.1.bankAccount.number"]);
    }
    expect((await api.read(OPERATOR, `/api/participants/${NIK.preview}`)).existingClaimId).toBeNull();
  });

  it("names missing fields and a death in the future, and answers 400 to a body that is not JSON", async () => {
    const { documents: _, opdCode: __, ...partial } = claim(NIK.preview);
    let res = await api.post(OPERATOR, "/api/death-claims/preview", partial);
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(expect.arrayContaining(["opdCode", "documents"]));

    // A death after today.
    res = await api.post(OPERATOR, "/api/death-claims/preview", claim(NIK.preview, { dateOfDeath: "2099-01-01" }));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["dateOfDeath"]);

    res = await api.t.app.request("/api/death-claims", {
      method: "POST",
      headers: { authorization: `Bearer ${await api.token(OPERATOR)}`, "content-type": "application/json" },
      body: "{heirs:",
    });
    expect(res.status).toBe(400);
  });
});

describe("who receives", () => {
  it("with only a sibling and a parent-in-law, pays the sibling alone (class 3)", async () => {
    const res = await api.post(OPERATOR, "/api/death-claims/preview", claim(NIK.preview, { heirs: siblingAndParentInLaw() }));
    expect(res.status, await res.clone().text()).toBe(200);
    const preview = (await res.json()) as Json;
    expect(preview.heirClass).toBe(3);
    expect(preview.payees).toEqual([
      { kind: "heir", nik: "1506021003800002", name: "Ahmad Fauzi", relationship: "sibling", amount: 42_000_000, bankAccount: { bank: "Bank Jambi", number: "2220000002", holder: "Ahmad Fauzi" } },
    ]);
  });
});

describe("payouts the treasurer may not record", () => {
  let c: Json;
  beforeAll(async () => {
    c = await toTreasurer(NIK.payouts);
  });

  it("refuses a payout to someone who is not a payee, naming payouts.N.nik, and a missing payee", async () => {
    const body = payoutBody(c);
    body.payouts[1]!.nik = "1506021003800002";
    let res = await api.post(TREASURER, `/api/cases/${c.id}/disbursement`, body);
    expect(res.status).toBe(422);
    expect(await fieldsOf(res)).toContain("payouts.1.nik");

    const short = payoutBody(c);
    short.payouts.pop();
    res = await api.post(TREASURER, `/api/cases/${c.id}/disbursement`, short);
    expect(res.status).toBe(422);
    expect(await api.read(TREASURER, `/api/cases/${c.id}`)).toMatchObject({ status: "awaiting_disbursement", payout: null });
  });

  it("names the fields of a payout body that is not one (400), and refuses an enrolment's body for a claim", async () => {
    const body = payoutBody(c);
    (body.payouts[0] as Json).amount = "14 juta";
    let res = await api.post(TREASURER, `/api/cases/${c.id}/disbursement`, body);
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["payouts.0.amount"]);

    res = await api.post(TREASURER, `/api/cases/${c.id}/disbursement`, { sp2dNumber: "SP2D-1", transferReference: "TRF-1", paidAt: today(), amount: 42_000_000 });
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toContain("payouts");
  });

  it("refuses anyone but the treasurer", async () => {
    for (const email of [OPERATOR, HEAD, FINANCE, AUDITOR]) {
      expect((await api.post(email, `/api/cases/${c.id}/disbursement`, payoutBody(c))).status).toBe(403);
    }
  });
});

describe("a returned claim", () => {
  it("is corrected and resubmitted to the same case as attempt 2", async () => {
    const caseId = await file(claim(NIK.returned));
    await api.untilStatus(HEAD, caseId, "awaiting_opd_head");
    expect((await decide(HEAD, caseId, "return", "Rekening ahli waris salah")).status).toBe(200);
    await api.untilStatus(OPERATOR, caseId, "returned");

    // The body is checked as a claim (not as an enrolment): fields of the claim are named.
    const bad = await api.post(OPERATOR, `/api/cases/${caseId}/resubmit`, claim(NIK.returned, { heirs: [] }));
    expect(bad.status).toBe(400);
    expect(await fieldsOf(bad)).toEqual(["funeralOrganiser"]);
    const otherPerson = await api.post(OPERATOR, `/api/cases/${caseId}/resubmit`, claim(NIK.preview));
    expect(otherPerson.status).toBe(400);
    expect(await fieldsOf(otherPerson)).toEqual(["deceasedNik"]);

    const res = await api.post(OPERATOR, `/api/cases/${caseId}/resubmit`, claim(NIK.returned, { heirs: siblingAndParentInLaw() }));
    expect(res.status, await res.clone().text()).toBe(202);
    expect(await res.json()).toEqual({ caseId, status: "validating" });
    const again = await api.untilStatus(HEAD, caseId, "awaiting_opd_head");
    expect(again).toMatchObject({ attempt: 2, heirClass: 3, payees: [expect.objectContaining({ nik: "1506021003800002", amount: 42_000_000 })] });
    expect(again.timeline.map((e: Json) => e.action)).toContain("case.resubmitted");
  });
});

describe("access", () => {
  it("refuses an operator of another OPD filing for DISNAKER (403) or finding a DISNAKER participant (404)", async () => {
    expect((await api.post(OTHER_OPERATOR, "/api/death-claims", claim(NIK.otherOpd))).status).toBe(403);
    expect((await api.post(OTHER_OPERATOR, "/api/death-claims/preview", claim(NIK.otherOpd))).status).toBe(403);
    const hidden = await api.get(OTHER_OPERATOR, `/api/participants/${NIK.otherOpd}`);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ error: { code: "not_found" } });
    expect((await api.read(OTHER_OPERATOR, `/api/participants/${PERIKANAN_NIK}`)).opdCode).toBe("PERIKANAN");
    expect((await api.get("kepala@perikanan.demo", `/api/participants/${NIK.otherOpd}`)).status).toBe(404);
  });

  it("to another OPD a participant is unknown: a claim naming its own OPD for a DISNAKER participant is refused like a non-participant", async () => {
    for (const path of ["/api/death-claims/preview", "/api/death-claims"]) {
      const res = await api.post(OTHER_OPERATOR, path, claim(NIK.otherOpd, { opdCode: "PERIKANAN" }));
      expect(res.status, path).toBe(422);
      const body = (await res.json()) as { error: { fields: unknown } };
      expect(body.error.fields).toEqual([expect.objectContaining({ path: "deceasedNik" })]);
      expect(JSON.stringify(body)).not.toContain("DISNAKER");
    }
    expect((await api.read(OPERATOR, `/api/participants/${NIK.otherOpd}`)).existingClaimId).toBeNull();
  });

  it("lets the other roles find any participant, and answers 404 for an unknown NIK and 400 for an impossible one", async () => {
    for (const email of [HEAD, FINANCE, TREASURER]) {
      expect((await api.read(email, `/api/participants/${NIK.otherOpd}`)).nik).toBe(NIK.otherOpd);
    }
    // The auditor and the admin find them too, with the NIK masked (UU PDP 27/2022; personal-data.test.ts).
    for (const email of [AUDITOR, "admin@naungan.demo"]) {
      expect((await api.read(email, `/api/participants/${NIK.otherOpd}`)).nik).toBe(maskNik(NIK.otherOpd));
    }
    expect((await api.get(OPERATOR, `/api/participants/${NOT_REGISTERED}`)).status).toBe(404);
    const bad = await api.get(OPERATOR, "/api/participants/1506029999990001");
    expect(bad.status).toBe(400);
    expect(await fieldsOf(bad)).toContain("nik");
  });

  it("refuses the auditor, finance and the treasurer filing a claim, and the OPD head filing one", async () => {
    for (const email of [AUDITOR, FINANCE, TREASURER, HEAD]) {
      const res = await api.post(email, "/api/death-claims", claim(NIK.otherOpd));
      expect(res.status, email).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
    for (const email of [AUDITOR, FINANCE, TREASURER]) {
      expect((await api.post(email, "/api/death-claims/preview", claim(NIK.otherOpd))).status).toBe(403);
    }
    expect((await api.read(OPERATOR, `/api/participants/${NIK.otherOpd}`)).existingClaimId).toBeNull();
  });
});

describe("the OpenAPI document", () => {
  it("describes the claim, payout and resubmission bodies and the death-claim fields of a case", async () => {
    const doc = (await (await api.t.app.request("/openapi.json")).json()) as Json;
    const bodyOf = (path: string) => doc.paths[path].post.requestBody.content["application/json"].schema;
    expect(bodyOf("/api/death-claims")).toEqual({ $ref: "#/components/schemas/DeathClaimSubmission" });
    expect(bodyOf("/api/death-claims/preview")).toEqual({ $ref: "#/components/schemas/DeathClaimSubmission" });
    expect(bodyOf("/api/cases/{id}/disbursement").oneOf).toEqual([{ $ref: "#/components/schemas/Disbursement" }, { $ref: "#/components/schemas/Payout" }]);
    expect(bodyOf("/api/cases/{id}/resubmit").oneOf).toHaveLength(2);
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.DeathClaimSubmission.properties)).toEqual(expect.arrayContaining(["deceasedNik", "heirs", "documents", "completeAt"]));
    expect(Object.keys(schemas.Payout.properties)).toEqual(["sp2dNumber", "paidAt", "payouts"]);
    expect(Object.keys(schemas.Case.properties)).toEqual(expect.arrayContaining(["benefit", "payees", "sla", "payout", "scholarshipSchedule"]));
    expect(doc.paths["/api/participants/{nik}"].get.parameters).toEqual([expect.objectContaining({ name: "nik", in: "path", required: true })]);
  });
});
