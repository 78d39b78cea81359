/**
 * Many hands at once: cases competing for one budget line (DESIGN.md §5,
 * "available only moves through a conditional transaction"), and two heads
 * deciding the same step at the same moment.
 */
import type { Engine } from "@naungan/engine";
import type { Platform } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvalToken, budgetLine, by, decisionEvents, expectChainVerifies, figures, headDecides, honorers, refusal, startJourneyPlatform,
  submission, submitToHead, untilSettled, untilStatus, user,
} from "./support/journey";

let platform: Platform;
let engine: Engine;
const SECOND_HEAD = "wakil@disnaker.demo";

beforeAll(async () => {
  ({ platform, engine } = await startJourneyPlatform());
  // A second PA/KPA of DISNAKER: both heads hold every DISNAKER case's first step.
  await platform.users.createIfAbsent({ email: SECOND_HEAD, name: "Wakil Kepala Disnaker", role: "opd_head", opdCode: "DISNAKER", password: "test-password-123" }, by("system:test"));
});
afterAll(async () => engine?.close());

describe("20 cases on one budget line", () => {
  it("reserve at most the line's pagu: the reservations add up to the line's reserved, the rest are returned with a shortfall", async () => {
    const lineId = await budgetLine(platform, "5.1.02.02.02.0011", 2_000_000);
    const operator = await user(platform, "operator@disnaker.demo");
    // 1, 2 or 3 workers each: 39 workers, Rp6,318,000 asked of a Rp2,000,000 line.
    let next = 500;
    const inputs = Array.from({ length: 20 }, (_, i) => {
      const workers = honorers((i % 3) + 1, next);
      next += workers.length;
      return submission(workers, { budgetLineId: lineId });
    });
    const submitted = await Promise.all(inputs.map((input) => platform.enrolments.submit(input, operator, by(operator.email))));
    await Promise.all(submitted.map((c) => untilStatus(platform, c.id, "awaiting_opd_head", 40_000)));

    await Promise.all(submitted.map((c) => headDecides(platform, c.id, "approve")));
    const settled = await Promise.all(submitted.map((c) => untilSettled(platform, c.id, 40_000)));

    const line = await figures(platform, lineId);
    const reserved = settled.filter((c) => c.status === "awaiting_finance");
    const returned = settled.filter((c) => c.status === "returned");
    expect(reserved.length + returned.length).toBe(20);
    expect(reserved.length).toBeGreaterThan(0);
    expect(returned.length).toBeGreaterThan(0);

    const reservations = await Promise.all(reserved.map((c) => platform.ledger.get(c.id, 1)));
    for (const [i, r] of reservations.entries()) expect(r).toMatchObject({ status: "reserved", amount: reserved[i]!.amount });
    expect(reservations.reduce((sum, r) => sum + r!.amount, 0)).toBe(line.reserved);
    expect(line.available).toBe(line.pagu - line.reserved - line.spent);
    expect(line.available).toBeGreaterThanOrEqual(0);
    for (const c of returned) {
      // Available only went down, so a case refused then does not fit now either.
      expect(c.outcome?.shortfall).toBeGreaterThan(0);
      expect(c.outcome!.shortfall).toBeLessThanOrEqual(c.amount - line.available);
      expect(line.available).toBeLessThan(c.amount);
      expect(await platform.ledger.get(c.id, 1)).toMatchObject({ status: "refused", shortfall: c.outcome!.shortfall });
    }
    for (const c of settled) await expectChainVerifies(platform, c.id);
  }, 90_000);
});

describe("two heads deciding the same step at the same moment", () => {
  const race = async (first: () => Promise<unknown>, second: () => Promise<unknown>) => {
    const results = await Promise.allSettled([first(), second()]);
    const won = results.findIndex((r) => r.status === "fulfilled");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results[1 - won] as PromiseRejectedResult;
    await refusal(Promise.reject(lost.reason), "conflict");
    return won;
  };

  it("in the app: exactly one decision counts, the other is a conflict, and the case follows the winner", async () => {
    const c = await submitToHead(platform, submission(honorers(1, 601)));
    expect(c.holders).toEqual(["kepala@disnaker.demo", SECOND_HEAD]);
    const [kepala, wakil] = await Promise.all([user(platform, "kepala@disnaker.demo"), user(platform, SECOND_HEAD)]);
    const won = await race(
      () => platform.decisions.decide(c.id, { decision: "approve" }, kepala, by(kepala.email)),
      () => platform.decisions.decide(c.id, { decision: "return", note: "Lengkapi SK" }, wakil, by(wakil.email)),
    );

    const events = await decisionEvents(platform, c.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe([kepala.email, wakil.email][won]);
    await untilStatus(platform, c.id, won === 0 ? "awaiting_finance" : "returned");
    expect((await platform.steps.get(c.id, 1, "opd_head"))?.decision?.actor).toBe(events[0]!.actor);
    await expectChainVerifies(platform, c.id);
  });

  it("by their own links: one link decides, the other is refused and the chain holds one decision", async () => {
    const c = await submitToHead(platform, submission(honorers(1, 611)));
    const [kepalaLink, wakilLink] = await Promise.all([approvalToken(platform, c.id, "kepala@disnaker.demo"), approvalToken(platform, c.id, SECOND_HEAD)]);
    const won = await race(
      () => platform.decisions.decideByLink(kepalaLink, { decision: "reject", note: "Tidak dianggarkan" }, { requestId: "test-a" }),
      () => platform.decisions.decideByLink(wakilLink, { decision: "approve" }, { requestId: "test-b" }),
    );

    const events = await decisionEvents(platform, c.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe(["kepala@disnaker.demo", SECOND_HEAD][won]);
    await untilStatus(platform, c.id, won === 0 ? "rejected" : "awaiting_finance");
    // Only the winner's link is burned.
    const links = await Promise.all([platform.approvals.peek(kepalaLink), platform.approvals.peek(wakilLink)]);
    expect(links.map((l) => ("link" in l ? l.link.status : undefined))).toEqual(won === 0 ? ["used", "issued"] : ["issued", "used"]);
    await expectChainVerifies(platform, c.id);
  });
});
