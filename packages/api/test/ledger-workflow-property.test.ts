/**
 * Property (the workflow-level twin of platform/test/ledger-property.test.ts):
 * whatever random plan of enrolments drives the real enrolment workflow (the
 * local engine with the ASL) through the JSON API on ONE budget line with a
 * small pagu — submissions of 1–4 workers, approved all the way and
 * disbursed, rejected or returned by the OPD head or by finance, with
 * decisions and disbursements sometimes posted twice at once (a retry racing
 * itself), and all cases of a run driven concurrently — once the cases have
 * settled the line balances: pagu = available + reserved + spent, nothing
 * stays reserved, spent is exactly the amounts of the completed cases,
 * available never goes below zero, a shortfall returns the case without
 * moving money, each case moves its money at most once, a duplicate
 * decision is refused (409) while a duplicate disbursement with the same
 * transfer reference is an idempotent 200, and the audit log verifies.
 */
import fc from "fast-check";
import { budgetLineId } from "@naungan/platform";
import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentClient, worker, type Json } from "./support/enrolment-client";
import { createTestApp, type TestApp } from "./support/test-app";

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
const AUDITOR = "auditor@inspektorat.demo";
const admin = { actor: "admin@naungan.demo", requestId: "req-ledger-workflow-property" };

/** A line of its own (same OPD and year as the demo line, another account code), so nothing else touches it. */
const LINE = { opdCode: "DISNAKER", year: 2026, accountCode: "5.1.02.02.02.0006", name: "Iuran JKK dan JKM (property)", pagu: 1 };
const LINE_ID = budgetLineId(LINE);
const WAIT_MS = 60_000;
const SETTLED = ["completed", "rejected", "returned", "failed"];

let t: TestApp;
let api: EnrolmentClient;
/** A year of contributions for one worker (from the preview), and the room each run gets on the line. */
let perWorker: number;
let room: number;

type Path = "complete" | "reject_at_head" | "return_at_head" | "reject_at_finance" | "return_at_finance";
interface Plan {
  workers: number;
  path: Path;
  /** Which of its posts the case sends twice at once. */
  twice: { opd_head: boolean; finance: boolean; disbursement: boolean };
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  workers: fc.integer({ min: 1, max: 4 }),
  path: fc.oneof(
    { weight: 4, arbitrary: fc.constant("complete" as const) },
    { weight: 1, arbitrary: fc.constant("reject_at_head" as const) },
    { weight: 1, arbitrary: fc.constant("return_at_head" as const) },
    { weight: 2, arbitrary: fc.constant("reject_at_finance" as const) },
    { weight: 2, arbitrary: fc.constant("return_at_finance" as const) },
  ),
  twice: fc.record({ opd_head: fc.boolean(), finance: fc.boolean(), disbursement: fc.boolean() }),
});
const runArb = fc.array(planArb, { minLength: 4, maxLength: 8 });

beforeAll(async () => {
  t = await createTestApp({ workflows: true });
  api = new EnrolmentClient(t);
  expect(await t.platform.budgetLines.createIfAbsent(LINE, admin)).toBe(true);
  const res = await api.post(OPERATOR, "/api/enrolments/preview", { opdCode: "DISNAKER", budgetLineId: LINE_ID, periodStart: "2026-01", months: 12, workers: [worker(999)] });
  expect(res.status, await res.clone().text()).toBe(200);
  perWorker = ((await res.json()) as Json).amount as number;
  expect(perWorker).toBeGreaterThan(0);
  room = 8 * perWorker + Math.floor(perWorker / 2); // about eight workers a run: shortfalls happen
}, 120_000);

/** Every worker of the test has its own NIK, never registered before (serials 1–998; 999 only priced the preview). */
let serial = 0;
const nextWorker = () => {
  serial++;
  if (serial >= 999) throw new Error("out of worker serials");
  return worker(serial);
};

// Counts for the summary line.
let runs = 0;
let casesRun = 0;
let commands = 0;
let shortfalls = 0;
let duplicates = 0;
let spentExpected = 0;

/** Posts once, or twice at once; the answers in order. */
async function send(email: string, path: string, body: unknown, twice: boolean): Promise<Response[]> {
  const copies = twice ? 2 : 1;
  commands += copies;
  if (twice) duplicates++;
  return Promise.all(Array.from({ length: copies }, () => api.post(email, path, body)));
}

/** Waits until the case has left `status` (the workflow moves on asynchronously); the case as it then is. */
const leaving = (email: string, caseId: string, status: string) => api.until(email, caseId, (c) => c.status !== status, `leaving ${status}`, WAIT_MS);

/** A decision posted once or twice: exactly one is recorded, a racing copy is refused as already decided. */
async function decide(email: string, caseId: string, decision: "approve" | "reject" | "return", twice: boolean): Promise<void> {
  const answers = await send(email, `/api/cases/${caseId}/decisions`, { decision, note: `${decision} (property)` }, twice);
  const statuses = await Promise.all(answers.map(async (r) => `${r.status}${r.status === 200 ? "" : ` ${await r.text()}`}`));
  expect(statuses.filter((s) => s === "200"), `${caseId} ${decision}: ${statuses.join(" | ")}`).toHaveLength(1);
  if (twice) expect(statuses.find((s) => s !== "200"), `${caseId} ${decision}: ${statuses.join(" | ")}`).toMatch(/^409 /);
}

/**
 * Drives one case along its plan as far as the workflow lets it: a shortfall
 * after the head's approval returns it, and that is its end. Returns the
 * settled case and whether it was returned for a shortfall.
 */
async function drive(plan: Plan, run: number, index: number): Promise<{ c: Json; plan: Plan; shortfall: boolean }> {
  const body = { opdCode: "DISNAKER", budgetLineId: LINE_ID, periodStart: "2026-01", months: 12, workers: Array.from({ length: plan.workers }, nextWorker) };
  commands++;
  const submitted = await api.post(OPERATOR, "/api/enrolments", body);
  expect(submitted.status, await submitted.clone().text()).toBe(202);
  const caseId = ((await submitted.json()) as Json).caseId as string;

  let c = await leaving(OPERATOR, caseId, "validating");
  expect(c.status, `${caseId} after validation`).toBe("awaiting_opd_head");
  expect(c.amount).toBe(plan.workers * perWorker);
  const settle = async () => ({ c: await api.until(OPERATOR, caseId, (x) => SETTLED.includes(x.status), "settled", WAIT_MS), plan, shortfall: false });

  if (plan.path === "reject_at_head" || plan.path === "return_at_head") {
    await decide(HEAD, caseId, plan.path === "reject_at_head" ? "reject" : "return", plan.twice.opd_head);
    return settle();
  }
  await decide(HEAD, caseId, "approve", plan.twice.opd_head);
  c = await leaving(FINANCE, caseId, "awaiting_opd_head");
  if (c.status === "returned") {
    // The line had too little left: the workflow returned the case, as it may.
    expect(c.outcome, `${caseId} (run ${run}, case ${index})`).toMatchObject({ shortfall: expect.any(Number) });
    return { c, plan, shortfall: true };
  }
  expect(c.status, `${caseId} after the head's approval`).toBe("awaiting_finance");

  if (plan.path === "reject_at_finance" || plan.path === "return_at_finance") {
    await decide(FINANCE, caseId, plan.path === "reject_at_finance" ? "reject" : "return", plan.twice.finance);
    return settle();
  }
  await decide(FINANCE, caseId, "approve", plan.twice.finance);
  c = await leaving(TREASURER, caseId, "awaiting_finance");
  expect(c.status, `${caseId} after finance's approval`).toBe("awaiting_disbursement");

  const transfer = { sp2dNumber: `SP2D-${run}-${index}/BKAD/2026`, transferReference: `TRF-${caseId}`, paidAt: "2026-02-03", amount: c.amount };
  const answers = await send(TREASURER, `/api/cases/${caseId}/disbursement`, transfer, plan.twice.disbursement);
  // The same transfer reference again is a no-op answered 200 (API.md), also when the two race.
  for (const r of answers) expect(r.status, `${caseId} disbursement: ${await r.clone().text()}`).toBe(200);
  return settle();
}

/** What each settled outcome must have done to the line, in audit events of the case. */
const expectedMoves = (status: string, plan: Plan, shortfall: boolean) => {
  if (shortfall) return { reserved: 0, released: 0, spent: 0, shortfall: 1 };
  if (status === "completed") return { reserved: 1, released: 0, spent: 1, shortfall: 0 };
  if (plan.path === "reject_at_finance" || plan.path === "return_at_finance") return { reserved: 1, released: 1, spent: 0, shortfall: 0 };
  return { reserved: 0, released: 0, spent: 0, shortfall: 0 }; // decided at the head: nothing was ever reserved
};
const expectedStatus = (plan: Plan, shortfall: boolean) =>
  shortfall ? "returned" : plan.path === "complete" ? "completed" : plan.path.startsWith("reject") ? "rejected" : "returned";

describe("the enrolment workflow on one budget line under concurrent random plans", () => {
  it("keeps the ledger balanced and never charges a case twice", async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(runArb, async (plans) => {
        const run = runs++;
        casesRun += plans.length;
        // Each run starts with room for about eight workers (a DPA change on the same line).
        const before = (await t.platform.budgetLines.get(LINE_ID))!;
        expect(before.reserved).toBe(0);
        const pagu = before.spent + room;
        await t.platform.budgetLines.update(LINE_ID, { name: LINE.name, pagu }, admin);

        const settled = await Promise.all(plans.map((plan, i) => drive(plan, run, i)));

        for (const { c, plan, shortfall } of settled) {
          expect(c.status, `${c.id}: ${JSON.stringify(c.outcome)}`).toBe(expectedStatus(plan, shortfall));
          if (shortfall) shortfalls++;
          if (c.status === "completed") spentExpected += c.amount;
        }

        const line = (await t.platform.budgetLines.get(LINE_ID))!;
        expect(line.pagu).toBe(pagu);
        expect(line.available + line.reserved + line.spent).toBe(line.pagu);
        expect(line.available).toBeGreaterThanOrEqual(0);
        expect(line.reserved).toBe(0); // every case settled: none holds a reservation
        expect(line.spent).toBe(spentExpected);
        // The API says the same as the store.
        const listed = (await api.read("admin@naungan.demo", "/api/budget-lines?opd=DISNAKER&year=2026")) as unknown as Json[];
        expect(listed.find((l) => l.id === LINE_ID)).toMatchObject({ pagu, available: line.available, reserved: 0, spent: spentExpected });

        for (const { c, plan, shortfall } of settled) {
          const reservation = await t.platform.ledger.get(c.id, 1);
          const moves = expectedMoves(c.status, plan, shortfall);
          if (moves.reserved === 0 && moves.shortfall === 0) expect(reservation, c.id).toBeUndefined();
          else expect(reservation, c.id).toMatchObject({ amount: c.amount, budgetLineId: LINE_ID, status: shortfall ? "refused" : c.status === "completed" ? "spent" : "released" });

          const events = (await t.platform.audit.events(`case#${c.id}`, { limit: 200 })).items;
          const count = (action: string) => events.filter((e) => e.action === action).length;
          const moved = { reserved: count("budget.reserved"), released: count("budget.released"), spent: count("budget.spent"), shortfall: count("budget.shortfall") };
          expect(moved, `${c.id} (${c.status}, ${plan.path})`).toEqual(moves);
          // Each step the case went through was decided once, however many copies were posted.
          const decisionActions = ["step.approve", "step.reject", "step.return"];
          const decided = events.filter((e) => decisionActions.includes(e.action)).map((e) => String((e.data as Json).step));
          const opened = events.filter((e) => e.action === "step.opened").map((e) => String((e.data as Json).step));
          const steps = shortfall || plan.path.endsWith("_at_head") ? ["opd_head"] : plan.path === "complete" ? ["opd_head", "finance", "disbursement"] : ["opd_head", "finance"];
          expect({ opened, decided }, c.id).toEqual({ opened: steps, decided: steps });
        }
      }),
      { numRuns: 6, seed: 20261127, endOnFailure: true },
    );

    const verified = await api.read(AUDITOR, "/api/audit/verify");
    expect(verified, JSON.stringify(verified)).toMatchObject({ ok: true });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `ledger workflow property: ${runs} runs, ${casesRun} cases, ${commands} commands, ${shortfalls} shortfalls, ${duplicates} duplicates, spent ${spentExpected} (${seconds} s)`,
    );
    expect(shortfalls).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0);
  }, 240_000);
});
