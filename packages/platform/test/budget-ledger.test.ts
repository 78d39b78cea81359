import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { Refused, budgetLineId, type AuditEvent, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

let platform: Platform;
const admin = { actor: "admin@naungan.demo", requestId: "setup" };
const system = { actor: "system:workflow", requestId: "req-ledger" };
const ACCOUNT = "5.1.02.02.02.0006+0007";

beforeAll(async () => {
  ({ platform } = await createTestPlatform("ledger"));
});

let lines = 0;
/** A fresh line of its own per test (a new year each time), so tests do not share figures. */
async function newLine(pagu: number, opdCode = "DISNAKER") {
  const line = { opdCode, year: 2030 + lines++, accountCode: ACCOUNT, name: "Iuran JKK dan JKM pekerja non-ASN", pagu };
  await platform.budgetLines.createIfAbsent(line, admin);
  return budgetLineId(line);
}

let cases = 0;
const newCaseId = () => `case_TEST${String(cases++).padStart(6, "0")}`;

const line = async (id: string) => (await platform.budgetLines.get(id))!;

async function caseEvents(caseId: string): Promise<AuditEvent[]> {
  return (await platform.audit.events(`case#${caseId}`, { limit: 100 })).items;
}

describe("reserve", () => {
  it("moves the amount from available to reserved, with the reservation and its audit event", async () => {
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    expect(await platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 2_500_000, opdCode: "DISNAKER" }, system)).toEqual({ ok: true });
    expect(await line(lineId)).toMatchObject({ pagu: 10_000_000, reserved: 2_500_000, spent: 0, available: 7_500_000 });
    expect(await platform.ledger.get(caseId, 1)).toMatchObject({ caseId, attempt: 1, budgetLineId: lineId, amount: 2_500_000, opdCode: "DISNAKER", status: "reserved" });
    const events = await caseEvents(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "budget.reserved",
      actor: "system:workflow",
      opdCode: "DISNAKER",
      data: {
        attempt: 1,
        budgetLineId: lineId,
        amount: 2_500_000,
        before: { available: 10_000_000, reserved: 0, spent: 0 },
        after: { available: 7_500_000, reserved: 2_500_000, spent: 0 },
      },
    });
    expect(await platform.audit.verify(`case#${caseId}`)).toEqual({ ok: true, events: 1 });
  });

  it("is idempotent: a retry of the same attempt answers ok without moving money or logging again", async () => {
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    const input = { caseId, attempt: 1, budgetLineId: lineId, amount: 4_000_000, opdCode: "DISNAKER" };
    await platform.ledger.reserve(input, system);
    const [again, concurrent] = await Promise.all([platform.ledger.reserve(input, system), platform.ledger.reserve(input, system)]);
    expect(again).toEqual({ ok: true });
    expect(concurrent).toEqual({ ok: true });
    expect(await line(lineId)).toMatchObject({ reserved: 4_000_000, available: 6_000_000 });
    expect(await caseEvents(caseId)).toHaveLength(1);
  });

  it("reserves once when the first call and its retry race", async () => {
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    const input = { caseId, attempt: 1, budgetLineId: lineId, amount: 3_000_000, opdCode: "DISNAKER" };
    const answers = await Promise.all(Array.from({ length: 5 }, () => platform.ledger.reserve(input, system)));
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ ok: true })));
    expect(await line(lineId)).toMatchObject({ reserved: 3_000_000, available: 7_000_000 });
    expect((await caseEvents(caseId)).map((e) => e.action)).toEqual(["budget.reserved"]);
  });

  it("refuses a retry that asks for another amount on the same attempt", async () => {
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    await platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 1_000_000, opdCode: "DISNAKER" }, system);
    const other = platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 1_000_001, opdCode: "DISNAKER" }, system);
    await expect(other).rejects.toBeInstanceOf(Refused);
    await expect(other).rejects.toMatchObject({ kind: "conflict" });
    expect(await line(lineId)).toMatchObject({ reserved: 1_000_000 });
  });

  it("keeps attempts apart: a resubmission reserves anew", async () => {
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    await platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 1_000_000, opdCode: "DISNAKER" }, system);
    await platform.ledger.release({ caseId, attempt: 1 }, system);
    expect(await platform.ledger.reserve({ caseId, attempt: 2, budgetLineId: lineId, amount: 1_500_000, opdCode: "DISNAKER" }, system)).toEqual({ ok: true });
    expect(await line(lineId)).toMatchObject({ reserved: 1_500_000, available: 8_500_000 });
  });

  it("C5: refuses 162,000,000 when the line's available pagu is lower, naming the shortfall, and logs it once", async () => {
    const lineId = await newLine(200_000_000);
    // Another case already holds part of the line: 150,000,000 remain.
    await platform.ledger.reserve({ caseId: newCaseId(), attempt: 1, budgetLineId: lineId, amount: 50_000_000, opdCode: "DISNAKER" }, system);
    const caseId = newCaseId();
    // 1,000 honorer workers × 13,500 a month × 12 months (DOMAIN.md C1, C5).
    const input = { caseId, attempt: 1, budgetLineId: lineId, amount: 1_000 * 13_500 * 12, opdCode: "DISNAKER" };
    expect(input.amount).toBe(162_000_000);
    const answer = await platform.ledger.reserve(input, system);
    expect(answer).toEqual({ ok: false, shortfall: 12_000_000, available: 150_000_000 });
    expect(await line(lineId)).toMatchObject({ reserved: 50_000_000, available: 150_000_000, spent: 0 });
    const events = await caseEvents(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "budget.shortfall", data: { attempt: 1, budgetLineId: lineId, amount: 162_000_000, available: 150_000_000, shortfall: 12_000_000 } });
    // A retry of the task gets the same answer and writes nothing.
    expect(await platform.ledger.reserve(input, system)).toEqual(answer);
    expect(await caseEvents(caseId)).toHaveLength(1);
    expect(await platform.ledger.get(caseId, 1)).toMatchObject({ status: "refused", shortfall: 12_000_000 });
    // Nothing was reserved, so there is nothing to release.
    expect(await platform.ledger.release({ caseId, attempt: 1 }, system)).toEqual({ result: "not_reserved" });
  });

  it("accepts exactly the available amount", async () => {
    const lineId = await newLine(162_000_000);
    expect(await platform.ledger.reserve({ caseId: newCaseId(), attempt: 1, budgetLineId: lineId, amount: 162_000_000, opdCode: "DISNAKER" }, system)).toEqual({ ok: true });
    expect(await line(lineId)).toMatchObject({ available: 0, reserved: 162_000_000 });
  });

  it("throws for an unknown line and for another OPD's line", async () => {
    const unknown = platform.ledger.reserve({ caseId: newCaseId(), attempt: 1, budgetLineId: "2030-NOPE-5.1", amount: 1_000, opdCode: "DISNAKER" }, system);
    await expect(unknown).rejects.toMatchObject({ kind: "not_found", fields: [{ path: "budgetLineId" }] });
    const lineId = await newLine(10_000_000, "PERIKANAN");
    const otherOpd = platform.ledger.reserve({ caseId: newCaseId(), attempt: 1, budgetLineId: lineId, amount: 1_000, opdCode: "DISNAKER" }, system);
    await expect(otherOpd).rejects.toMatchObject({ kind: "invalid", fields: [{ path: "budgetLineId" }] });
    expect(await line(lineId)).toMatchObject({ reserved: 0, available: 10_000_000 });
  });

  it("refuses bad input naming the field", async () => {
    const lineId = await newLine(10_000_000);
    const fractional = platform.ledger.reserve({ caseId: newCaseId(), attempt: 1, budgetLineId: lineId, amount: 1000.5, opdCode: "DISNAKER" }, system);
    await expect(fractional).rejects.toBeInstanceOf(ZodError);
    await expect(fractional).rejects.toMatchObject({ issues: [{ path: ["amount"] }] });
    const noAttempt = platform.ledger.reserve({ caseId: newCaseId(), attempt: 0, budgetLineId: lineId, amount: 1000, opdCode: "DISNAKER" }, system);
    await expect(noAttempt).rejects.toMatchObject({ issues: [{ path: ["attempt"] }] });
  });
});

describe("release", () => {
  it("returns the amount to the line once and says what it found on retries", async () => {
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    await platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 2_000_000, opdCode: "DISNAKER" }, system);
    expect(await platform.ledger.release({ caseId, attempt: 1 }, system)).toEqual({ result: "released", amount: 2_000_000 });
    expect(await line(lineId)).toMatchObject({ reserved: 0, available: 10_000_000, spent: 0 });
    expect(await platform.ledger.get(caseId, 1)).toMatchObject({ status: "released" });
    expect(await platform.ledger.release({ caseId, attempt: 1 }, system)).toEqual({ result: "already_released" });
    expect(await line(lineId)).toMatchObject({ reserved: 0, available: 10_000_000 });
    const events = await caseEvents(caseId);
    expect(events.map((e) => e.action)).toEqual(["budget.reserved", "budget.released"]);
    expect(events[1]!.data).toMatchObject({ amount: 2_000_000, before: { available: 8_000_000, reserved: 2_000_000 }, after: { available: 10_000_000, reserved: 0 } });
  });

  it("releases once when two releases race", async () => {
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    await platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 2_000_000, opdCode: "DISNAKER" }, system);
    const answers = await Promise.all([platform.ledger.release({ caseId, attempt: 1 }, system), platform.ledger.release({ caseId, attempt: 1 }, system)]);
    expect(answers.map((a) => a.result).sort()).toEqual(["already_released", "released"]);
    expect(await line(lineId)).toMatchObject({ reserved: 0, available: 10_000_000 });
    expect((await caseEvents(caseId)).map((e) => e.action)).toEqual(["budget.reserved", "budget.released"]);
  });

  it("is a no-op for a case that never reserved and for a spent reservation", async () => {
    expect(await platform.ledger.release({ caseId: newCaseId(), attempt: 1 }, system)).toEqual({ result: "not_reserved" });
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    await platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 2_000_000, opdCode: "DISNAKER" }, system);
    await platform.ledger.spend({ caseId, attempt: 1, transferReference: "TRF-1" }, system);
    expect(await platform.ledger.release({ caseId, attempt: 1 }, system)).toEqual({ result: "already_spent" });
    expect(await line(lineId)).toMatchObject({ reserved: 0, spent: 2_000_000, available: 8_000_000 });
  });
});

describe("spend", () => {
  it("moves the amount from reserved to spent; the same transfer reference again is a no-op", async () => {
    const lineId = await newLine(10_000_000);
    const caseId = newCaseId();
    await platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 3_000_000, opdCode: "DISNAKER" }, system);
    expect(await platform.ledger.spend({ caseId, attempt: 1, transferReference: "BPJS-TRF-0001" }, system)).toEqual({ result: "spent", amount: 3_000_000 });
    expect(await line(lineId)).toMatchObject({ pagu: 10_000_000, reserved: 0, spent: 3_000_000, available: 7_000_000 });
    expect(await platform.ledger.get(caseId, 1)).toMatchObject({ status: "spent", transferReference: "BPJS-TRF-0001" });
    expect(await platform.ledger.spend({ caseId, attempt: 1, transferReference: "BPJS-TRF-0001" }, system)).toEqual({ result: "already_spent" });
    expect(await line(lineId)).toMatchObject({ reserved: 0, spent: 3_000_000 });
    const events = await caseEvents(caseId);
    expect(events.map((e) => e.action)).toEqual(["budget.reserved", "budget.spent"]);
    expect(events[1]!.data).toMatchObject({ transferReference: "BPJS-TRF-0001", before: { reserved: 3_000_000, spent: 0 }, after: { reserved: 0, spent: 3_000_000 } });
  });

  it("refuses another transfer reference, a released reservation and a missing one", async () => {
    const lineId = await newLine(10_000_000);
    const spent = newCaseId();
    await platform.ledger.reserve({ caseId: spent, attempt: 1, budgetLineId: lineId, amount: 1_000_000, opdCode: "DISNAKER" }, system);
    await platform.ledger.spend({ caseId: spent, attempt: 1, transferReference: "TRF-A" }, system);
    await expect(platform.ledger.spend({ caseId: spent, attempt: 1, transferReference: "TRF-B" }, system)).rejects.toMatchObject({
      kind: "conflict",
      fields: [{ path: "transferReference" }],
    });

    const released = newCaseId();
    await platform.ledger.reserve({ caseId: released, attempt: 1, budgetLineId: lineId, amount: 1_000_000, opdCode: "DISNAKER" }, system);
    await platform.ledger.release({ caseId: released, attempt: 1 }, system);
    await expect(platform.ledger.spend({ caseId: released, attempt: 1, transferReference: "TRF-C" }, system)).rejects.toMatchObject({ kind: "conflict" });

    await expect(platform.ledger.spend({ caseId: newCaseId(), attempt: 1, transferReference: "TRF-D" }, system)).rejects.toBeInstanceOf(Refused);
    await expect(platform.ledger.spend({ caseId: spent, attempt: 1, transferReference: " " }, system)).rejects.toMatchObject({ issues: [{ path: ["transferReference"] }] });
    expect(await line(lineId)).toMatchObject({ reserved: 0, spent: 1_000_000, available: 9_000_000 });
  });
});

describe("concurrency", () => {
  it("never overspends: 20 concurrent reservations of random amounts on one line", async () => {
    for (let round = 0; round < 3; round++) {
      const pagu = 100_000_000;
      const lineId = await newLine(pagu);
      // Amounts of 1–15 million: together about twice the pagu, so some must be refused.
      const amounts = Array.from({ length: 20 }, () => 1_000_000 + Math.floor(Math.random() * 14_000_001));
      const caseIds = amounts.map(() => newCaseId());
      const answers = await Promise.all(
        amounts.map((amount, i) => platform.ledger.reserve({ caseId: caseIds[i]!, attempt: 1, budgetLineId: lineId, amount, opdCode: "DISNAKER" }, system)),
      );
      const after = await line(lineId);
      const reservedSum = amounts.filter((_, i) => answers[i]!.ok).reduce((a, b) => a + b, 0);
      expect(after.reserved).toBe(reservedSum);
      expect(after.available).toBe(pagu - after.reserved - after.spent);
      expect(after.available).toBeGreaterThanOrEqual(0);
      // Each refusal was right when it was made: the amount did not fit what was left.
      for (const [i, answer] of answers.entries()) {
        if (!answer.ok) {
          expect(answer.shortfall).toBe(amounts[i]! - answer.available);
          expect(answer.shortfall).toBeGreaterThan(0);
        }
      }
      // Every reservation that answered ok exists, and every answer is logged once.
      for (const [i, caseId] of caseIds.entries()) {
        expect((await platform.ledger.get(caseId, 1))?.status).toBe(answers[i]!.ok ? "reserved" : "refused");
        expect((await caseEvents(caseId)).map((e) => e.action)).toEqual([answers[i]!.ok ? "budget.reserved" : "budget.shortfall"]);
      }
    }
  });

  it("keeps the figures consistent while reservations, releases and spends interleave", async () => {
    const pagu = 50_000_000;
    const lineId = await newLine(pagu);
    const caseIds = Array.from({ length: 10 }, () => newCaseId());
    await Promise.all(caseIds.map((caseId) => platform.ledger.reserve({ caseId, attempt: 1, budgetLineId: lineId, amount: 4_000_000, opdCode: "DISNAKER" }, system)));
    await Promise.all(
      caseIds.map((caseId, i) =>
        i % 2 === 0 ? platform.ledger.release({ caseId, attempt: 1 }, system) : platform.ledger.spend({ caseId, attempt: 1, transferReference: `TRF-${i}` }, system),
      ),
    );
    expect(await line(lineId)).toMatchObject({ reserved: 0, spent: 20_000_000, available: 30_000_000 });
  });
});
