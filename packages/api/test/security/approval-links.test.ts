import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentClient, poll, worker, type Json } from "../support/enrolment-client";
import { PageClient } from "../support/page-client";
import { createTestApp, type TestApp } from "../support/test-app";
import { changedKeys, tableSnapshot } from "./support";

/*
 * Approval links over HTTP, on the local engine with the real workflow, for
 * the cases the other suites leave out (platform/test/approval-links.test.ts
 * covers them on the service; enrolment-pages.test.ts covers the expired and
 * unknown link pages): a prefetch by GET/HEAD changes nothing, tampered
 * tokens, a token that decides only its own case, a replay, out-of-order
 * steps, self-approval, and two decisions racing (exactly one wins). Every
 * refusal leaves every item of the table as it was.
 */

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const SELF = "kepala2@disnaker.demo";

let t: TestApp;
let api: EnrolmentClient;
let pages: PageClient;

beforeAll(async () => {
  t = await createTestApp({ workflows: true });
  api = new EnrolmentClient(t);
  pages = new PageClient(t);
});

let serial = 300;
/** A new DISNAKER case waiting for the OPD head, and the head's mailed link (a path). */
async function caseAtHead(submitter?: string): Promise<{ caseId: string; link: string }> {
  const workers = [worker(++serial)];
  let caseId: string;
  if (submitter) {
    const by = { actor: "system:test", requestId: "test" };
    const record = await t.platform.enrolments.submit(await api.submission("DISNAKER", workers), (await t.platform.users.get(submitter))!, by);
    caseId = record.id;
  } else {
    const res = await api.post(OPERATOR, "/api/enrolments", await api.submission("DISNAKER", workers));
    expect(res.status, await res.clone().text()).toBe(202);
    caseId = ((await res.json()) as Json).caseId;
  }
  await api.untilStatus(HEAD, caseId, "awaiting_opd_head");
  const link = await poll(`the head's link for ${caseId}`, async () => {
    const mail = (await t.platform.outbox!.list({ to: HEAD })).items.find((m) => m.caseId === caseId && m.links.some((l) => l.includes("/approve/")));
    return mail ? new URL(mail.links.find((l) => l.includes("/approve/"))!).pathname : undefined;
  });
  return { caseId, link };
}

const decide = (path: string, fields: Record<string, string>) => pages.post(undefined, path, fields);
const decisionsOf = async (caseId: string) => ((await api.read(HEAD, `/api/cases/${caseId}`)).timeline as Json[]).filter((e) => ["step.approve", "step.reject", "step.return"].includes(String(e.action)));

/** Waits until the case is quiet (its step open, its mails sent), then snapshots the table. */
async function quietSnapshot() {
  await new Promise((r) => setTimeout(r, 300));
  return tableSnapshot(t);
}

describe("approval links over HTTP", () => {
  let a: { caseId: string; link: string };
  let b: { caseId: string; link: string };

  beforeAll(async () => {
    [a, b] = [await caseAtHead(), await caseAtHead()];
  });

  it("change nothing when fetched by GET or HEAD (mail scanners prefetch links), however often", async () => {
    const before = await quietSnapshot();
    for (let i = 0; i < 3; i++) {
      const res = await t.app.request(a.link);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).toContain(a.caseId);
    }
    expect((await t.app.request(a.link, { method: "HEAD" })).status).toBeLessThan(500);
    expect(changedKeys(before, await tableSnapshot(t))).toEqual([]);
    expect(await decisionsOf(a.caseId)).toEqual([]);
  });

  it("refuse a tampered or unknown token with 404 on GET and POST, changing nothing", async () => {
    const token = a.link.split("/").pop()!;
    const flip = (c: string) => (c === "A" ? "B" : "A");
    const tampered = [
      `${token.slice(0, -1)}${flip(token.at(-1)!)}`,
      `${flip(token[0]!)}${token.slice(1)}`,
      token.slice(0, -1),
      `${token}A`,
      token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(),
      encodeURIComponent(`${token}\u0000`),
      "A".repeat(43),
    ];
    const before = await quietSnapshot();
    for (const candidate of tampered) {
      const get = await t.app.request(`/approve/${candidate}`);
      expect(get.status, candidate).toBe(404);
      const post = await decide(`/approve/${candidate}`, { decision: "approve" });
      expect(post.status, candidate).toBe(404);
    }
    expect(changedKeys(before, await tableSnapshot(t))).toEqual([]);
    expect(await decisionsOf(a.caseId)).toEqual([]);
  });

  it("decide only the case the token is bound to, whatever case the form names; a replay is refused (410) and changes nothing", async () => {
    const res = await decide(a.link, { decision: "approve", note: "lewat tautan", caseId: b.caseId, id: b.caseId, case: b.caseId });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await decisionsOf(a.caseId)).toEqual([expect.objectContaining({ action: "step.approve", actor: HEAD })]);
    expect(await decisionsOf(b.caseId)).toEqual([]);
    expect((await api.read(HEAD, `/api/cases/${b.caseId}`)).status).toBe("awaiting_opd_head");
    await api.untilStatus(FINANCE, a.caseId, "awaiting_finance");

    const before = await quietSnapshot();
    for (const decision of ["approve", "reject", "return"]) {
      const replay = await decide(a.link, { decision, note: "lagi" });
      expect(replay.status, decision).toBe(410);
      expect(await replay.text()).toContain("sudah");
    }
    // The used link no longer shows the decision form.
    const peek = await t.app.request(a.link);
    expect(peek.status).toBe(410);
    expect(changedKeys(before, await tableSnapshot(t))).toEqual([]);
    expect(await decisionsOf(a.caseId)).toHaveLength(1);
  });

  it("refuse a step out of order: a link to a step not open yet, and a link to a step decided in the app (409)", async () => {
    // A finance link while the OPD head's step is open.
    const early = await t.platform.approvals.issue(
      { caseId: b.caseId, attempt: 1, step: "finance", approverEmail: FINANCE, expiresAt: new Date(Date.now() + 3_600_000) },
      { actor: "test", requestId: "test" },
    );
    const before = await quietSnapshot();
    expect((await t.app.request(`/approve/${early.token}`)).status).toBe(409);
    expect((await decide(`/approve/${early.token}`, { decision: "approve" })).status).toBe(409);
    expect(changedKeys(before, await tableSnapshot(t))).toEqual([]);
    expect(await decisionsOf(b.caseId)).toEqual([]);

    // The head decides in the app: the head's mailed link is stale.
    expect((await api.post(HEAD, `/api/cases/${b.caseId}/decisions`, { decision: "approve" })).status).toBe(200);
    await api.untilStatus(FINANCE, b.caseId, "awaiting_finance");
    const after = await quietSnapshot();
    expect((await t.app.request(b.link)).status).toBe(409);
    expect((await decide(b.link, { decision: "reject" })).status).toBe(409);
    expect(changedKeys(after, await tableSnapshot(t))).toEqual([]);
    expect(await decisionsOf(b.caseId)).toHaveLength(1);
  });

  it("refuse self-approval: a link held by the case's own submitter (403), changing nothing", async () => {
    await t.platform.users.createIfAbsent({ email: SELF, name: "Kepala Kedua", role: "opd_head", opdCode: "DISNAKER", password: "naungan-demo" }, { actor: "system:test", requestId: "test" });
    const own = await caseAtHead(SELF);
    const record = (await t.platform.cases.get(own.caseId))!;
    const link = await t.platform.approvals.issue(
      { caseId: own.caseId, attempt: record.attempt, step: "opd_head", approverEmail: SELF, expiresAt: new Date(Date.now() + 3_600_000) },
      { actor: "test", requestId: "test" },
    );
    const before = await quietSnapshot();
    const res = await decide(`/approve/${link.token}`, { decision: "approve" });
    expect(res.status).toBe(403);
    expect(changedKeys(before, await tableSnapshot(t))).toEqual([]);
    expect(await decisionsOf(own.caseId)).toEqual([]);
  });

  it("let exactly one of two racing decisions win: the same link posted twice at once, and a link against the app", async () => {
    const [c, d] = [await caseAtHead(), await caseAtHead()];
    const linkRace = await Promise.all([decide(c.link, { decision: "approve" }), decide(c.link, { decision: "reject" }), decide(c.link, { decision: "return", note: "x" })]);
    const linkStatuses = linkRace.map((r) => r.status).sort();
    expect(linkStatuses.filter((s) => s === 200)).toHaveLength(1);
    for (const s of linkStatuses.filter((s) => s !== 200)) expect([409, 410]).toContain(s);
    expect(await decisionsOf(c.caseId)).toHaveLength(1);

    const mixed = await Promise.all([decide(d.link, { decision: "approve" }), api.post(HEAD, `/api/cases/${d.caseId}/decisions`, { decision: "reject", note: "di aplikasi" })]);
    const mixedStatuses = mixed.map((r) => r.status);
    expect(mixedStatuses.filter((s) => s === 200)).toHaveLength(1);
    for (const s of mixedStatuses.filter((s) => s !== 200)) expect([409, 410]).toContain(s);
    for (const r of mixed) expect(r.status).toBeLessThan(500);
    expect(await decisionsOf(d.caseId)).toHaveLength(1);
  });
});
