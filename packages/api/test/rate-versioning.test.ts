import { applyBasisPoints, type RateTable } from "@naungan/core";
import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentClient, worker, type Json } from "./support/enrolment-client";
import { createTestApp, demoEmail } from "./support/test-app";

/*
 * Rate-table versioning with real cases: a case keeps the figures it was
 * priced with when a new version is added, and cases priced after it use
 * the new rates month by month (each month by the table in force on its
 * 1st). The clock is fixed at 15 June 2026 WIB so a version from 1 July
 * 2026 is in the future and still inside the 2026 budget year.
 */

const OPERATOR = demoEmail.opd_operator;
const ADMIN = demoEmail.admin;
const NOW = new Date("2026-06-15T03:00:00Z");
const WAGE = 2_500_000;
const WAGE_B = 3_100_000;

let api: EnrolmentClient;
let current: RateTable;
/** DISNAKER's risk group: its JKK rate prices these honorary workers. */
const GROUP = "I" as const;

/** One wage earner's contribution for one month under a table. */
const monthly = (table: RateTable, wage: number) => ({ jkk: applyBasisPoints(wage, table.wageEarner.jkkBpByRiskGroup[GROUP]), jkm: applyBasisPoints(wage, table.wageEarner.jkmBp) });
const sum = (b: { jkk: number; jkm: number }) => b.jkk + b.jkm;

async function submit(workers: Json[], periodStart: string, months: number): Promise<string> {
  const res = await api.post(OPERATOR, "/api/enrolments", await api.submission("DISNAKER", workers, { periodStart, months }));
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as Json).caseId as string;
}

/** What the case stores of its pricing: the total, per programme, per month's table, per worker. */
async function storedFigures(caseId: string) {
  const view = await api.read(OPERATOR, `/api/cases/${caseId}`);
  const workers = await api.read(OPERATOR, `/api/cases/${caseId}/workers`);
  const record = (await api.t.platform.cases.get(caseId))!;
  return {
    amount: view.amount as number,
    breakdown: view.breakdown as Json,
    perWorker: (workers.items as Json[]).map((w) => w.amount as number),
    pricedWith: (record.details.pricedWith as { month: string; rateTableId: string }[]).map(({ month, rateTableId }) => ({ month, rateTableId })),
  };
}

const months = (from: number, to: number, rateTableId: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ month: `2026-${String(from + i).padStart(2, "0")}`, rateTableId }));

describe("a new rate version from 1 July 2026 (JKM 0,30 % → 0,40 %, JKK group I 0,24 % → 0,30 %)", () => {
  let next: RateTable;
  let before: { caseId: string; figures: Awaited<ReturnType<typeof storedFigures>> };

  beforeAll(async () => {
    api = new EnrolmentClient(await createTestApp({ workflows: true, now: () => NOW }));
    const tables = await api.t.platform.rateTables.list();
    expect(tables).toHaveLength(1);
    current = tables[0]!;

    // Priced before the change: the whole of 2026 at today's rates.
    const caseId = await submit([worker(1), worker(2, { monthlyWage: WAGE_B })], "2026-01", 12);
    before = { caseId, figures: await storedFigures(caseId) };

    next = {
      ...current,
      id: "uji-2026-07",
      validFrom: "2026-07-01",
      source: "PP uji 2026",
      wageEarner: { ...current.wageEarner, jkmBp: 40, jkkBpByRiskGroup: { ...current.wageEarner.jkkBpByRiskGroup, [GROUP]: 30 } },
    };
    const res = await api.post(ADMIN, "/api/admin/rate-tables", next);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toEqual({ outcome: "created", closed: { id: current.id, validTo: "2026-06-30" } });
  });

  it("priced the first case with the table in force then, for every month", () => {
    const a = monthly(current, WAGE);
    const b = monthly(current, WAGE_B);
    expect(before.figures).toEqual({
      amount: 12 * (sum(a) + sum(b)),
      breakdown: { jkk: 12 * (a.jkk + b.jkk), jkm: 12 * (a.jkm + b.jkm), jht: 0, jp: 0 },
      perWorker: [12 * sum(a), 12 * sum(b)],
      pricedWith: months(1, 12, current.id),
    });
  });

  it("leaves the first case's stored figures as they were, though its later months now fall under the new version", async () => {
    expect(await storedFigures(before.caseId)).toEqual(before.figures);
    // Priced today, its July–December would cost more: the stored figures are not a re-pricing.
    expect(sum(monthly(next, WAGE))).toBeGreaterThan(sum(monthly(current, WAGE)));
  });

  it("prices a case whose period starts on the new version's first day with the new rates", async () => {
    const caseId = await submit([worker(3)], "2026-07", 6);
    const m = monthly(next, WAGE);
    expect(m).toEqual({ jkk: (WAGE * 30) / 10_000, jkm: (WAGE * 40) / 10_000 });
    expect(await storedFigures(caseId)).toEqual({
      amount: 6 * sum(m),
      breakdown: { jkk: 6 * m.jkk, jkm: 6 * m.jkm, jht: 0, jp: 0 },
      perWorker: [6 * sum(m)],
      pricedWith: months(7, 12, next.id),
    });
  });

  it("prices a period spanning the change with the old rates before July and the new ones from July", async () => {
    const caseId = await submit([worker(4)], "2026-05", 4);
    const old = monthly(current, WAGE);
    const m = monthly(next, WAGE);
    expect(await storedFigures(caseId)).toEqual({
      amount: 2 * sum(old) + 2 * sum(m),
      breakdown: { jkk: 2 * old.jkk + 2 * m.jkk, jkm: 2 * old.jkm + 2 * m.jkm, jht: 0, jp: 0 },
      perWorker: [2 * sum(old) + 2 * sum(m)],
      pricedWith: [...months(5, 6, current.id), ...months(7, 8, next.id)],
    });
  });
});
