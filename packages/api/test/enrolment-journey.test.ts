import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentClient, poll, worker, type Json } from "./support/enrolment-client";
import { createTestApp } from "./support/test-app";

/* The enrolment workflow driven through the JSON API, on the local engine with the real ASL and tasks. */

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
let api: EnrolmentClient;

beforeAll(async () => {
  api = new EnrolmentClient(await createTestApp({ workflows: true }));
});

async function submit(serials: number[], email = OPERATOR): Promise<string> {
  const res = await api.post(email, "/api/enrolments", await api.submission("DISNAKER", serials.map((s) => worker(s))));
  expect(res.status, await res.clone().text()).toBe(202);
  const body = (await res.json()) as Json;
  expect(body).toEqual({ caseId: expect.stringMatching(/^case_/), status: "validating" });
  return body.caseId as string;
}

/** The mail about a case in the local outbox (sent right after the step opens). */
async function mailTo(to: string, caseId: string): Promise<Json> {
  return poll(`a mail to ${to} about ${caseId}`, async () => {
    const res = await api.get(undefined, `/api/dev/outbox?to=${to}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as Json[]).find((m) => m.caseId === caseId);
  });
}

const disbursement = (amount: number, transferReference = "TRF-2026-0001") => ({ sp2dNumber: "SP2D-0001/BKAD/2026", transferReference, paidAt: "2026-02-03", amount });

describe("a submission of 3 workers", () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = await submit([1, 2, 3]);
  });

  it("is readable with its 3 workers, figures and timeline, and reaches the OPD head", async () => {
    const c = await api.untilStatus(OPERATOR, caseId, "awaiting_opd_head");
    expect(c).toMatchObject({
      id: caseId,
      type: "enrolment",
      opdCode: "DISNAKER",
      currentStep: "opd_head",
      amount: 3 * 162_000,
      submittedBy: OPERATOR,
      budgetLineId: await api.budgetLineId("DISNAKER"),
      executionArn: expect.stringContaining(caseId),
      workersCount: 3,
      periodStart: "2026-01",
      months: 12,
      breakdown: { jkk: 3 * 72_000, jkm: 3 * 90_000, jht: 0, jp: 0 },
      holders: [HEAD],
      outcome: null,
    });
    expect(c.workers.map((w: Json) => [w.nik, w.amount])).toEqual([1, 2, 3].map((s) => [worker(s).nik, 162_000]));
    expect(c.timeline.map((e: Json) => e.action)).toEqual(expect.arrayContaining(["case.submitted", "workflow.started", "step.opened"]));
    expect(c.timeline[0]).toMatchObject({ actor: OPERATOR, action: "case.submitted" });
  });

  it("pages its workers", async () => {
    const first = await api.read(OPERATOR, `/api/cases/${caseId}/workers?limit=2`);
    expect(first.items.map((w: Json) => w.index)).toEqual([0, 1]);
    const rest = await api.read(OPERATOR, `/api/cases/${caseId}/workers?limit=2&cursor=${first.nextCursor}`);
    expect(rest.items.map((w: Json) => w.index)).toEqual([2]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it("is listed for its OPD and for the other roles, not for another OPD", async () => {
    expect((await api.read(OPERATOR, "/api/cases")).items.map((c: Json) => c.id)).toContain(caseId);
    expect((await api.read(FINANCE, "/api/cases?type=enrolment&status=awaiting_opd_head")).items.map((c: Json) => c.id)).toContain(caseId);
    expect((await api.read("operator@perikanan.demo", "/api/cases")).items).toEqual([]);
  });

  it("is refused to another OPD, for reading and for writing", async () => {
    for (const path of [`/api/cases/${caseId}`, `/api/cases/${caseId}/workers`]) {
      expect((await api.get("operator@perikanan.demo", path)).status).toBe(403);
    }
    const decided = await api.post("kepala@perikanan.demo", `/api/cases/${caseId}/decisions`, { decision: "approve" });
    expect(decided.status).toBe(403);
    const resubmitted = await api.post("operator@perikanan.demo", `/api/cases/${caseId}/resubmit`, await api.submission("PERIKANAN", [worker(7)]));
    expect(resubmitted.status).toBe(403);
  });

  it("refuses a decision by the wrong role, and a decision body naming nothing", async () => {
    const wrongRole = await api.post(FINANCE, `/api/cases/${caseId}/decisions`, { decision: "approve" });
    expect(wrongRole.status).toBe(403);
    expect((await api.post(OPERATOR, `/api/cases/${caseId}/decisions`, { decision: "approve" })).status).toBe(403);
    const bad = await api.post(HEAD, `/api/cases/${caseId}/decisions`, { decision: "maybe" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error.fields[0].path).toBe("decision");
    expect((await api.read(OPERATOR, `/api/cases/${caseId}`)).status).toBe("awaiting_opd_head");
  });

  it("refuses a resubmission while the case is not returned", async () => {
    const res = await api.post(OPERATOR, `/api/cases/${caseId}/resubmit`, await api.submission("DISNAKER", [worker(1)]));
    expect(res.status).toBe(409);
  });
});

describe("the decider's own submission", () => {
  it("is refused with 403 even to the role whose step is open", async () => {
    // A second DISNAKER head who submitted (through the service: the API lets only operators submit);
    // the workflow asks the other head, and the submitter may not decide.
    const by = { actor: "system:test", requestId: "test" };
    await api.t.platform.users.createIfAbsent({ email: "kepala2@disnaker.demo", name: "Kepala Kedua", role: "opd_head", opdCode: "DISNAKER", password: "naungan-demo" }, by);
    const submitter = (await api.t.platform.users.get("kepala2@disnaker.demo"))!;
    const record = await api.t.platform.enrolments.submit(await api.submission("DISNAKER", [worker(40)]), submitter, by);
    const open = await api.untilStatus(HEAD, record.id, "awaiting_opd_head");
    expect(open.holders).toEqual([HEAD]);
    const res = await api.post("kepala2@disnaker.demo", `/api/cases/${record.id}/decisions`, { decision: "approve" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
  });
});

describe("the whole journey through the API", () => {
  it("goes from submission to completed coverage, with mails carrying approval links", async () => {
    const before = await api.read(FINANCE, "/api/coverage");
    const [lineBefore] = (await api.read(FINANCE, "/api/budget-lines?opd=DISNAKER&year=2026")) as unknown as Json[];
    const caseId = await submit([11, 12, 13]);
    await api.untilStatus(HEAD, caseId, "awaiting_opd_head");

    // The OPD head was mailed an approval link (the local outbox).
    const headMail = await mailTo(HEAD, caseId);
    expect(headMail.links.some((l: string) => /^http:\/\/.+\/approve\/[\w-]+$/.test(l))).toBe(true);

    const approved = await api.post(HEAD, `/api/cases/${caseId}/decisions`, { decision: "approve", note: "Sesuai SPM" });
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as Json).timeline.some((e: Json) => e.action === "step.approve" && e.note === "Sesuai SPM" && e.actor === HEAD)).toBe(true);
    expect((await api.post(HEAD, `/api/cases/${caseId}/decisions`, { decision: "reject" })).status).toBe(409);

    const atFinance = await api.untilStatus(FINANCE, caseId, "awaiting_finance");
    expect(atFinance).toMatchObject({ currentStep: "finance", holders: [FINANCE] });
    // The head's decision sent again once the case has moved on is still "already decided" (409), not a wrong role.
    const headAgain = await api.post(HEAD, `/api/cases/${caseId}/decisions`, { decision: "approve" });
    expect(headAgain.status).toBe(409);
    expect(await headAgain.json()).toMatchObject({ error: { code: "conflict" } });
    expect((await mailTo(FINANCE, caseId)).links.some((l: string) => l.includes("/approve/"))).toBe(true);
    // Out of order (F1): the treasurer is not the holder of the open finance step.
    expect((await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, disbursement(atFinance.amount))).status).toBe(403);
    expect((await api.read(FINANCE, `/api/cases/${caseId}`)).status).toBe("awaiting_finance");

    expect((await api.post(FINANCE, `/api/cases/${caseId}/decisions`, { decision: "approve" })).status).toBe(200);
    const atTreasurer = await api.untilStatus(TREASURER, caseId, "awaiting_disbursement");
    expect((await api.post(FINANCE, `/api/cases/${caseId}/decisions`, { decision: "approve" })).status).toBe(409);

    const wrongAmount = await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, disbursement(atTreasurer.amount - 1));
    expect(wrongAmount.status).toBe(422);
    expect(((await wrongAmount.json()) as Json).error.fields[0].path).toBe("amount");

    const paid = await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, disbursement(atTreasurer.amount));
    expect(paid.status).toBe(200);
    const completed = await api.untilStatus(TREASURER, caseId, "completed");
    expect(completed.timeline.map((e: Json) => e.action)).toEqual(expect.arrayContaining(["step.approve", "case.completed"]));

    const after = await api.read(FINANCE, "/api/coverage");
    expect(after.enrolled).toBe(before.enrolled + 3);
    expect(after.activated).toBe(before.activated + 3);
    expect(after.byOpd).toContainEqual({ opdCode: "DISNAKER", enrolled: 3 });
    expect(after.byCategory).toContainEqual({ category: "honorer", enrolled: 3 });
    const [lineAfter] = (await api.read(FINANCE, "/api/budget-lines?opd=DISNAKER&year=2026")) as unknown as Json[];
    expect(lineAfter!.spent - lineBefore!.spent).toBe(completed.amount);

    // The same transfer again is a no-op; another transfer reference is a conflict.
    const again = await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, disbursement(completed.amount));
    expect(again.status).toBe(200);
    expect(((await again.json()) as Json).status).toBe("completed");
    expect((await api.post(TREASURER, `/api/cases/${caseId}/disbursement`, disbursement(completed.amount, "TRF-2026-9999"))).status).toBe(409);
    expect((await api.read(FINANCE, "/api/coverage")).enrolled).toBe(after.enrolled);

    // Those workers are now covered: enrolling them again for the same period is refused, naming each.
    const twice = await api.post(OPERATOR, "/api/enrolments/preview", await api.submission("DISNAKER", [worker(11), worker(14)]));
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as Json).error.fields.map((f: Json) => f.path)).toEqual(["workers.0.nik"]);
  });
});

describe("return for revision", () => {
  it("goes back to the operator, who resubmits the corrected workers", async () => {
    const caseId = await submit([21, 22]);
    await api.untilStatus(HEAD, caseId, "awaiting_opd_head");
    expect((await api.post(HEAD, `/api/cases/${caseId}/decisions`, { decision: "return", note: "Upah pekerja 22 salah" })).status).toBe(200);
    const returned = await api.untilStatus(OPERATOR, caseId, "returned");
    expect(returned.outcome).toMatchObject({ note: "Upah pekerja 22 salah", actor: HEAD });

    const corrected = await api.submission("DISNAKER", [worker(21), worker(22, { monthlyWage: 3_000_000 })]);
    const res = await api.post(OPERATOR, `/api/cases/${caseId}/resubmit`, corrected);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ caseId, status: "validating" });
    const again = await api.untilStatus(OPERATOR, caseId, "awaiting_opd_head");
    expect(again).toMatchObject({ attempt: 2, outcome: null, workersCount: 2 });
    expect(again.workers[1]).toMatchObject({ nik: worker(22).nik, monthlyWage: 3_000_000 });
    expect(again.timeline.map((e: Json) => e.action)).toContain("case.resubmitted");
  });
});
