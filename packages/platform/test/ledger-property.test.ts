/**
 * Property: whatever sequence of submissions (reservations of 1–6 workers'
 * contributions), decisions (finance rejecting or returning: releases),
 * disbursements (spends, also with another transfer reference) and
 * duplicate repeats runs against ONE budget line with a small pagu — in
 * concurrent groups, as the workflow's tasks and retries would — the ledger
 * balances: pagu = available + reserved + spent, reserved is the sum of open
 * reservations, spent the sum of disbursed ones, available never below zero,
 * and no case is reserved, released or charged twice.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Refused, budgetLineId, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

let platform: Platform;
const admin = { actor: "admin@naungan.demo", requestId: "setup" };
const system = { actor: "system:workflow", requestId: "req-ledger-property" };
const ACCOUNT = "5.1.02.02.02.0006+0007";
const PER_WORKER = 1_944_000; // a year of JKK + JKM for one worker at wage 2,500,000 (12 × 162,000)
const PAGU = 10 * PER_WORKER + 500_000; // room for about ten workers: shortfalls happen

beforeAll(async () => {
  ({ platform } = await createTestPlatform("ledger-property"));
});

type Command =
  | { kind: "submit"; c: number; workers: number }
  | { kind: "release"; c: number }
  | { kind: "disburse"; c: number; otherReference: boolean };

const CASES = 8;
const caseArb = fc.integer({ min: 0, max: CASES - 1 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("submit" as const), c: caseArb, workers: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("release" as const), c: caseArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("disburse" as const), c: caseArb, otherReference: fc.boolean() }) },
);
/** Groups of commands run concurrently, each command possibly doubled (a retry racing itself). */
const scenarioArb = fc.array(
  fc.array(fc.record({ command: commandArb, twice: fc.boolean() }), { minLength: 1, maxLength: 5 }),
  { minLength: 2, maxLength: 6 },
);

let runs = 0;
let commandsRun = 0;
let shortfalls = 0;

describe("the budget ledger under concurrent random sequences", () => {
  it("always balances and never charges a case twice", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (groups) => {
        const run = runs++;
        const line = { opdCode: "DISNAKER", year: 2040 + run, accountCode: ACCOUNT, name: "Iuran JKK dan JKM (property)", pagu: PAGU };
        await platform.budgetLines.createIfAbsent(line, admin);
        const lineId = budgetLineId(line);
        const caseId = (c: number) => `case_PROP${String(run).padStart(4, "0")}C${c}`;
        // A case's amount is fixed by its first submission in the scenario (a retry repeats the same input).
        const amounts = new Map<number, number>();
        for (const group of groups) for (const { command } of group) if (command.kind === "submit" && !amounts.has(command.c)) amounts.set(command.c, command.workers * PER_WORKER);

        const execute = async (command: Command) => {
          const id = caseId(command.c);
          try {
            if (command.kind === "submit") {
              const result = await platform.ledger.reserve({ caseId: id, attempt: 1, budgetLineId: lineId, amount: amounts.get(command.c)!, opdCode: "DISNAKER" }, system);
              if (!result.ok) shortfalls++;
            } else if (command.kind === "release") {
              await platform.ledger.release({ caseId: id, attempt: 1 }, system);
            } else {
              await platform.ledger.spend({ caseId: id, attempt: 1, transferReference: command.otherReference ? `TRF-${id}-B` : `TRF-${id}` }, system);
            }
          } catch (err) {
            // Refusals are answers (spending what is not reserved, a second transfer reference); anything else is a failure.
            if (!(err instanceof Refused)) throw err;
          }
        };
        for (const group of groups) {
          const calls = group.flatMap(({ command, twice }) => (twice ? [command, command] : [command]));
          commandsRun += calls.length;
          await Promise.all(calls.map(execute));
        }

        const figures = (await platform.budgetLines.get(lineId))!;
        const reservations = (await Promise.all([...Array(CASES).keys()].map((c) => platform.ledger.get(caseId(c), 1)))).filter((r) => r !== undefined);
        const sum = (status: string) => reservations.filter((r) => r.status === status).reduce((a, r) => a + r.amount, 0);
        expect(figures.pagu).toBe(PAGU);
        expect(figures.available + figures.reserved + figures.spent).toBe(figures.pagu);
        expect(figures.available).toBeGreaterThanOrEqual(0);
        expect(figures.reserved).toBe(sum("reserved"));
        expect(figures.spent).toBe(sum("spent"));

        for (const r of reservations) {
          const events = (await platform.audit.events(`case#${r.caseId}`, { limit: 100 })).items;
          const count = (action: string) => events.filter((e) => e.action === action).length;
          const moves = { reserved: count("budget.reserved"), released: count("budget.released"), spent: count("budget.spent"), shortfall: count("budget.shortfall") };
          const expected = {
            reserved: { reserved: 1, released: 0, spent: 0, shortfall: 0 },
            released: { reserved: 1, released: 1, spent: 0, shortfall: 0 },
            spent: { reserved: 1, released: 0, spent: 1, shortfall: 0 },
            refused: { reserved: 0, released: 0, spent: 0, shortfall: 1 },
          }[r.status];
          expect(moves, `${r.caseId} (${r.status})`).toEqual(expected);
          expect(await platform.audit.verify(`case#${r.caseId}`)).toMatchObject({ ok: true });
        }
      }),
      { numRuns: 20, seed: 20261127, endOnFailure: true },
    );
    console.log(`ledger property: ${runs} runs, ${commandsRun} concurrent commands, ${shortfalls} shortfalls answered`);
    expect(shortfalls).toBeGreaterThan(0);
  }, 240_000);
});
