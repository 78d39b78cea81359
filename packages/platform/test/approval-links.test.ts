import { beforeAll, describe, expect, it } from "vitest";
import { LINK_RETENTION_SECONDS, TransactionRefused, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

let platform: Platform;
let clock: { now: Date };
const by = { actor: "system:workflow", requestId: "req-open-step" };
const hours = (n: number) => new Date(clock.now.getTime() + n * 3600_000);

beforeAll(async () => {
  ({ platform, clock } = await createTestPlatform("approvals"));
});

const issue = (caseId: string, approverEmail = "verifikator@bkad.demo", expiresAt = hours(48)) =>
  platform.approvals.issue({ caseId, attempt: 1, step: "finance", approverEmail, expiresAt, opdCode: "DISNAKER" }, by);

/** A decision transaction as the decision service writes it: the audit event, the burn, and whatever else. */
const decide = (caseId: string, token: string, extra: Parameters<Platform["audit"]["record"]>[1] = []) =>
  platform.audit.record(
    { subject: `case#${caseId}`, actor: "verifikator@bkad.demo", action: "case.decided", requestId: "req-decide", data: { decision: "approve" } },
    [platform.approvals.burnWrite(token, clock.now), ...extra],
  );

async function refusal(caseId: string, token: string, extra: Parameters<Platform["audit"]["record"]>[1] = []) {
  const err = await decide(caseId, token, extra).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransactionRefused);
  return platform.approvals.burnRefusal(err as TransactionRefused, 0, token, clock.now);
}

describe("issuing", () => {
  it("returns a 256-bit base64url token and its absolute link, bound to one approver of one step", async () => {
    const { token, url, link } = await platform.approvals.issue(
      { caseId: "case_A1", attempt: 2, step: "opd_head", approverEmail: " Kepala@Disnaker.demo ", expiresAt: "2026-11-28T16:00:00+07:00" },
      by,
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`http://localhost:3000/approve/${token}`);
    expect(link).toMatchObject({ caseId: "case_A1", attempt: 2, step: "opd_head", approverEmail: "kepala@disnaker.demo", expiresAt: "2026-11-28T09:00:00.000Z", status: "issued" });
    expect(await platform.approvals.peek(token)).toEqual({ ok: true, link });
  });

  it("stores only the token's hash, with a TTL some days after expiry, and records the issue without the token", async () => {
    const { token, link } = await issue("case_A2");
    const item = await platform.db.get<Record<string, unknown>>(`APPROVAL#${link.linkId}`, "APPROVAL", true);
    expect(item).toBeDefined();
    expect(JSON.stringify(item)).not.toContain(token);
    expect(item?.expiresAt).toBe(Math.floor(Date.parse(link.expiresAt) / 1000) + LINK_RETENTION_SECONDS);

    const { items } = await platform.audit.events("case#case_A2");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      action: "approval_link.issued",
      actor: "system:workflow",
      opdCode: "DISNAKER",
      data: { linkId: link.linkId, attempt: 1, step: "finance", approverEmail: "verifikator@bkad.demo", expiresAt: link.expiresAt },
    });
    expect(JSON.stringify(items[0])).not.toContain(token);
  });

  it("gives each approver of a step their own link", async () => {
    const primary = await issue("case_A3", "verifikator@bkad.demo");
    const backup = await issue("case_A3", "cadangan@bkad.demo");
    expect(primary.token).not.toBe(backup.token);
    expect(await platform.approvals.peek(primary.token)).toMatchObject({ ok: true, link: { approverEmail: "verifikator@bkad.demo" } });
    expect(await platform.approvals.peek(backup.token)).toMatchObject({ ok: true, link: { approverEmail: "cadangan@bkad.demo" } });
  });

  it("refuses bad input, naming the field", async () => {
    await expect(issue("case_A4", "not-an-email")).rejects.toThrow(/approverEmail/);
    await expect(issue("case_A4", "verifikator@bkad.demo", hours(-1))).rejects.toThrow(/expiresAt[\s\S]*must be in the future/);
    await expect(
      platform.approvals.issue({ caseId: "case_A4", attempt: 1, step: "disbursement" as "finance", approverEmail: "bud@bkad.demo", expiresAt: hours(1) }, by),
    ).rejects.toThrow(/step/);
    await expect(platform.approvals.issue({ caseId: "case A4/../x", attempt: 1, step: "finance", approverEmail: "a@b.demo", expiresAt: hours(1) }, by)).rejects.toThrow(/caseId/);
    await expect(platform.approvals.issue({ caseId: "case_A4", attempt: 1, step: "finance", approverEmail: "a@b.demo", expiresAt: "tomorrow" }, by)).rejects.toThrow(/expiresAt/);
    expect((await platform.audit.events("case#case_A4")).items).toHaveLength(0);
  });
});

describe("peeking", () => {
  it("changes nothing, however often a mail scanner fetches the link", async () => {
    const { token, link } = await issue("case_P1");
    const before = await platform.db.get(`APPROVAL#${link.linkId}`, "APPROVAL", true);
    for (let i = 0; i < 3; i++) expect((await platform.approvals.peek(token)).ok).toBe(true);
    expect(await platform.db.get(`APPROVAL#${link.linkId}`, "APPROVAL", true)).toEqual(before);
    expect((await platform.audit.events("case#case_P1")).items).toHaveLength(1);
  });

  it("calls unknown, malformed and tampered tokens unknown", async () => {
    const { token } = await issue("case_P2");
    const flipped = (token[0] === "A" ? "B" : "A") + token.slice(1);
    for (const bad of [flipped, token.slice(0, -1), `${token}x`, "", "../../etc/passwd", "A".repeat(43)]) {
      expect(await platform.approvals.peek(bad)).toEqual({ ok: false, reason: "unknown" });
    }
  });
});

describe("burning in the decision's transaction", () => {
  it("marks the link used once; a second decision is refused as used and records nothing", async () => {
    const { token } = await issue("case_B1");
    const decided = await decide("case_B1", token);
    expect(decided.action).toBe("case.decided");
    expect(await platform.approvals.peek(token)).toMatchObject({ ok: false, reason: "used", link: { status: "used", usedAt: clock.now.toISOString() } });

    expect(await refusal("case_B1", token)).toBe("used");
    expect((await platform.audit.events("case#case_B1")).items.map((e) => e.action)).toEqual(["approval_link.issued", "case.decided"]);
  });

  it("refuses an expired link as expired (and still says so after a later peek)", async () => {
    const { token } = await issue("case_B2", "verifikator@bkad.demo", hours(1));
    clock.now = hours(2);
    expect(await platform.approvals.peek(token)).toMatchObject({ ok: false, reason: "expired" });
    expect(await refusal("case_B2", token)).toBe("expired");
    expect(await platform.approvals.peek(token)).toMatchObject({ ok: false, reason: "expired", link: { status: "issued" } });
  });

  it("refuses the very instant the link expires", async () => {
    const { token, link } = await issue("case_B3", "verifikator@bkad.demo", hours(1));
    clock.now = new Date(link.expiresAt);
    expect(await refusal("case_B3", token)).toBe("expired");
  });

  it("refuses unknown and tampered tokens as unknown", async () => {
    const { token } = await issue("case_B4");
    expect(await refusal("case_B4", token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA"))).toBe("unknown");
    expect(await refusal("case_B4", "not-a-token")).toBe("unknown");
    expect((await platform.approvals.peek(token)).ok).toBe(true);
  });

  it("does not blame the link when another write refused the transaction, and leaves it usable", async () => {
    const { token } = await issue("case_B5");
    const stepAlreadyDecided = { ConditionCheck: { Key: { pk: "CASE#case_B5", sk: "STEP#001#finance" }, ConditionExpression: "attribute_exists(pk)" } };
    expect(await refusal("case_B5", token, [stepAlreadyDecided])).toBeUndefined();
    expect(await platform.approvals.peek(token)).toMatchObject({ ok: true, link: { status: "issued" } });
  });
});
