/**
 * Approval links (DESIGN.md §4) and who may decide (§7, DOMAIN.md F1): a link
 * is read without effect, decides once, only before it expires, only its own
 * case and step; nobody decides out of order or their own submission.
 */
import type { Engine } from "@naungan/engine";
import { defaultSettings, type Platform } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvalToken, auditEvents, by, decisionEvents, expectChainVerifies, headApproves, headDecides, honorers, refusal, startJourneyPlatform,
  submission, submitToHead, untilStatus, user,
} from "./support/journey";

let platform: Platform;
let engine: Engine;
/** The platform's clock runs this far ahead of the real one (links expire by it). */
let clockAhead = 0;
const SELF_HEAD = "plt@disnaker.demo";

beforeAll(async () => {
  ({ platform, engine } = await startJourneyPlatform({}, { now: () => new Date(Date.now() + clockAhead) }));
  await platform.users.createIfAbsent({ email: SELF_HEAD, name: "Plt Kepala Disnaker", role: "opd_head", opdCode: "DISNAKER", password: "test-password-123" }, by("system:test"));
});
afterAll(async () => engine?.close());

const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const link = { requestId: "test-link" };
let serial = 700;
const atHead = () => submitToHead(platform, submission(honorers(1, serial++)));

/** What a read must not change: the case, its step and its audit chain. */
const snapshot = async (caseId: string) => ({
  case: await platform.cases.get(caseId),
  step: await platform.steps.get(caseId, 1, "opd_head"),
  events: (await auditEvents(platform, caseId)).length,
});

describe("an approval link", () => {
  it("can be read (peek) without changing anything, decides once, and is refused as used after", async () => {
    const c = await atHead();
    const token = await approvalToken(platform, c.id, HEAD);
    const before = await snapshot(c.id);
    const peeked = await platform.approvals.peek(token);
    await platform.approvals.peek(token); // a mail scanner prefetching twice
    expect(peeked).toMatchObject({ ok: true, link: { caseId: c.id, attempt: 1, step: "opd_head", approverEmail: HEAD, status: "issued" } });
    expect(await snapshot(c.id)).toEqual(before);

    await platform.decisions.decideByLink(token, { decision: "approve", note: "Setuju" }, link);
    await untilStatus(platform, c.id, "awaiting_finance");
    expect(await platform.approvals.peek(token)).toMatchObject({ ok: false, reason: "used" });
    await refusal(platform.decisions.decideByLink(token, { decision: "reject" }, link), "gone");
    expect(await decisionEvents(platform, c.id)).toHaveLength(1);
    expect((await platform.steps.get(c.id, 1, "opd_head"))?.decision).toMatchObject({ decision: "approve", actor: HEAD, via: "link" });
    await expectChainVerifies(platform, c.id);
  });

  it("tampered or made up is not found, and the genuine one still works", async () => {
    const c = await atHead();
    const token = await approvalToken(platform, c.id, HEAD);
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    await refusal(platform.decisions.decideByLink(tampered, { decision: "approve" }, link), "not_found");
    await refusal(platform.decisions.decideByLink("not-a-token", { decision: "approve" }, link), "not_found");
    expect(await platform.approvals.peek(tampered)).toEqual({ ok: false, reason: "unknown" });
    await platform.decisions.decideByLink(token, { decision: "approve" }, link);
    await untilStatus(platform, c.id, "awaiting_finance");
    await expectChainVerifies(platform, c.id);
  });

  it("for another case decides that case only; offered for this case it is refused and stays unused", async () => {
    const [a, b] = [await atHead(), await atHead()];
    const tokenA = await approvalToken(platform, a.id, HEAD);
    const head = await user(platform, HEAD);
    await refusal(platform.decisions.decide(b.id, { decision: "approve" }, head, by(HEAD), tokenA), "conflict");
    expect(await platform.approvals.peek(tokenA)).toMatchObject({ ok: true });
    expect(await decisionEvents(platform, b.id)).toEqual([]);

    await platform.decisions.decideByLink(tokenA, { decision: "return", note: "Perbaiki" }, link);
    await untilStatus(platform, a.id, "returned");
    expect((await platform.cases.get(b.id))?.status).toBe("awaiting_opd_head");
    expect(await platform.steps.get(b.id, 1, "opd_head")).not.toHaveProperty("decision");
    for (const id of [a.id, b.id]) await expectChainVerifies(platform, id);
  });

  it("used while the case is at another step (out of order) is a conflict", async () => {
    const c = await atHead();
    const headToken = await approvalToken(platform, c.id, HEAD);
    // Finance's link issued early (F1 by link): the case is still with the OPD head.
    const expiresAt = new Date(platform.now().getTime() + 3600_000);
    const early = await platform.approvals.issue({ caseId: c.id, attempt: 1, step: "finance", approverEmail: FINANCE, expiresAt }, by("system:test"));
    await refusal(platform.decisions.decideByLink(early.token, { decision: "approve" }, link), "conflict");

    // The head decides in the app; their mailed link now points at a step that is closed.
    await headApproves(platform, c.id);
    await refusal(platform.decisions.decideByLink(headToken, { decision: "reject" }, link), "conflict");
    expect(await platform.approvals.peek(early.token)).toMatchObject({ ok: true }); // refused links are not burned
    expect((await decisionEvents(platform, c.id)).map((e) => e.actor)).toEqual([HEAD]);
    await expectChainVerifies(platform, c.id);
  });

  it("expired is refused as gone; the step still waits and the head can decide in the app", async () => {
    const c = await atHead();
    const token = await approvalToken(platform, c.id, HEAD);
    clockAhead += (defaultSettings.approvalLinkSeconds + 60) * 1000;
    expect(await platform.approvals.peek(token)).toMatchObject({ ok: false, reason: "expired" });
    await refusal(platform.decisions.decideByLink(token, { decision: "approve" }, link), "gone");
    expect((await platform.cases.get(c.id))?.status).toBe("awaiting_opd_head");
    await headApproves(platform, c.id);
    await expectChainVerifies(platform, c.id);
  });
});

describe("who may decide (F1, DESIGN.md §7)", () => {
  it("finance cannot decide while the case waits for the OPD head; nor the treasurer, nor another OPD's head", async () => {
    const c = await atHead();
    const [finance, treasurer, otherHead] = await Promise.all([user(platform, FINANCE), user(platform, "bud@bkad.demo"), user(platform, "kepala@perikanan.demo")]);
    await refusal(platform.decisions.decide(c.id, { decision: "approve" }, finance, by(FINANCE)), "forbidden");
    const disbursement = { sp2dNumber: "SP2D-X", transferReference: "TRF-X", paidAt: "2026-01-20", amount: c.amount };
    await refusal(platform.decisions.disburse(c.id, disbursement, treasurer, by(treasurer.email)), "forbidden");
    await refusal(platform.decisions.decide(c.id, { decision: "approve" }, otherHead, by(otherHead.email)), "not_found");
    expect(await decisionEvents(platform, c.id)).toEqual([]);
    expect((await platform.cases.get(c.id))?.status).toBe("awaiting_opd_head");
    await headDecides(platform, c.id, "reject", "Ditolak");
    await untilStatus(platform, c.id, "rejected");
    await expectChainVerifies(platform, c.id);
  });

  it("a head who submitted the case cannot decide it, in the app or by a link; the other head can", async () => {
    // The acting head entered the case as an operator would: the service checks the submitter's email.
    const self = await user(platform, SELF_HEAD);
    const submitted = await platform.enrolments.submit(submission(honorers(1, serial++)), { ...self, role: "opd_operator" }, by(SELF_HEAD));
    const c = await untilStatus(platform, submitted.id, "awaiting_opd_head");
    expect(c.submittedBy).toBe(SELF_HEAD);
    expect(c.holders).toEqual([HEAD]); // never asked
    await refusal(platform.decisions.decide(c.id, { decision: "approve" }, self, by(SELF_HEAD)), "forbidden");
    const expiresAt = new Date(platform.now().getTime() + 3600_000);
    const own = await platform.approvals.issue({ caseId: c.id, attempt: 1, step: "opd_head", approverEmail: SELF_HEAD, expiresAt }, by("system:test"));
    await refusal(platform.decisions.decideByLink(own.token, { decision: "approve" }, link), "forbidden");
    expect(await decisionEvents(platform, c.id)).toEqual([]);

    await headApproves(platform, c.id);
    await expectChainVerifies(platform, c.id);
  });
});
