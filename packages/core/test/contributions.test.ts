import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  breakdownTotal,
  createPricer,
  priceEnrolment,
  priceWorker,
  programmes,
  type Breakdown,
  type PricedWorker,
  type PricingContext,
  type WorkerPricing,
} from "../src/contributions";
import { daysInMonth } from "../src/calendar";
import type { EnrolmentPeriod, EnrolmentWorker } from "../src/enrolment";
import { periodMonths } from "../src/enrolment";
import { applyBasisPoints, roundHalfUpRupiah } from "../src/money";
import {
  defaultDiscounts,
  defaultRateTables,
  discountsOn,
  rateTableOn,
  riskGroups,
  type Discount,
  type RateTable,
  type RiskGroup,
} from "../src/rates";

const ctx: PricingContext = { rateTables: defaultRateTables, discounts: defaultDiscounts, opdRiskGroup: "I" };
const base = defaultRateTables[0]!;

function honorer(monthlyWage: number, extra: Partial<EnrolmentWorker> = {}): EnrolmentWorker {
  return { nik: "1506010501850003", name: "Budi Santoso", birthDate: "1985-01-05", category: "honorer", monthlyWage, ...extra };
}
function nelayan(incomeBracket = "lowest"): EnrolmentWorker {
  return { nik: "1506025208900001", name: "Siti Aminah", birthDate: "1990-08-12", category: "nelayan", incomeBracket };
}
const year = (y: number): EnrolmentPeriod => ({ periodStart: `${y}-01`, months: 12 });
const month = (m: string): EnrolmentPeriod => ({ periodStart: m, months: 1 });

function priced(r: WorkerPricing): PricedWorker {
  if (!r.ok) throw new Error(`Expected a price, got problems: ${JSON.stringify(r.problems)}`);
  return r;
}
const b = (jkk: number, jkm: number, jht = 0, jp = 0): Breakdown => ({ jkk, jkm, jht, jp });
const amounts = (r: PricedWorker) => r.monthly.map((m) => m.amount);

function table(id: string, validFrom: string, validTo: string | undefined, edit: (t: RateTable) => void = () => {}): RateTable {
  const t: RateTable = { ...structuredClone(base), id, validFrom, ...(validTo ? { validTo } : {}) };
  edit(t);
  return t;
}

describe("DOMAIN.md §6 vectors", () => {
  it("C1: honorer, wage 2,500,000, group I → JKK 6,000 + JKM 7,500 = 13,500 a month, 162,000 a year", () => {
    const one = priced(priceWorker(honorer(2_500_000), month("2026-01"), ctx));
    expect(one).toEqual({ ok: true, amount: 13_500, breakdown: b(6_000, 7_500), monthly: [{ month: "2026-01", breakdown: b(6_000, 7_500), amount: 13_500 }] });

    const r = priced(priceWorker(honorer(2_500_000), year(2026), ctx));
    expect(r.amount).toBe(162_000);
    expect(r.breakdown).toEqual(b(72_000, 90_000));
    expect(r.monthly.map((m) => m.month)).toEqual(periodMonths(year(2026)));
    expect(amounts(r)).toEqual(Array(12).fill(13_500));
  });

  it("C2: wage 2,500,000 in groups II–V → JKK 13,500 / 22,250 / 31,750 / 43,500", () => {
    const jkk = (["II", "III", "IV", "V"] as const).map(
      (g) => priced(priceWorker(honorer(2_500_000), month("2026-01"), { ...ctx, opdRiskGroup: g })).breakdown.jkk,
    );
    expect(jkk).toEqual([13_500, 22_250, 31_750, 43_500]);
  });

  it("C3: wage 3,551,430 (UMK 2026), group I → JKK 8,523 + JKM 10,654 = 19,177, not 19,178", () => {
    const r = priced(priceWorker(honorer(3_551_430), month("2026-01"), ctx));
    expect(r.breakdown).toEqual(b(8_523, 10_654)); // 8,523.432 and 10,654.29
    expect(r.amount).toBe(19_177);
    // Rounding the combined rate instead would give 19,178: the rule rounds each component.
    expect(applyBasisPoints(3_551_430, 24 + 30)).toBe(19_178);
  });

  it("C4: wage 3,329,595.77 (UMK 2025) rounded to 3,329,596 → JKK 7,991 + JKM 9,989 = 17,980", () => {
    const wage = roundHalfUpRupiah("3329595.77");
    expect(wage).toBe(3_329_596);
    const r = priced(priceWorker(honorer(wage), month("2025-01"), ctx));
    expect(r.breakdown).toEqual(b(7_991, 9_989)); // 7,991.0304 and 9,988.788
    expect(r.amount).toBe(17_980);
  });

  it("C5: 1,000 workers as C1 for 12 months → 162,000,000", () => {
    // The pagu check ("refused if above the line's available pagu") is the budget ledger's.
    const r = priceEnrolment(Array.from({ length: 1_000 }, () => honorer(2_500_000)), year(2026), ctx);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.amount).toBe(162_000_000);
    expect(r.breakdown).toEqual(b(72_000_000, 90_000_000));
    expect(r.workers).toHaveLength(1_000);
    expect(r.workers.every((w) => w.amount === 162_000)).toBe(true);
  });

  it("C6: BPU fisher, lowest bracket, 2025 → 10,000 + 6,800 = 16,800 a month", () => {
    const r = priced(priceWorker(nelayan(), year(2025), ctx));
    expect(r.monthly.every((m) => m.amount === 16_800 && m.breakdown.jkk === 10_000 && m.breakdown.jkm === 6_800)).toBe(true);
    expect(r.amount).toBe(12 * 16_800);
  });

  it("C7: C6 for Jan–Dec 2026 with the PP 50/2025 discount from April → 3 × 16,800 + 9 × 8,400 = 126,000", () => {
    const r = priced(priceWorker(nelayan(), year(2026), ctx));
    expect(amounts(r)).toEqual([...Array(3).fill(16_800), ...Array(9).fill(8_400)]);
    expect(r.monthly[3]!.breakdown).toEqual(b(5_000, 3_400));
    expect(r.breakdown).toEqual(b(3 * 10_000 + 9 * 5_000, 3 * 6_800 + 9 * 3_400));
    expect(r.amount).toBe(126_000);
  });
});

describe("discounts", () => {
  it("apply per month inside their window only (Nov 2026 – Jan 2027)", () => {
    const r = priced(priceWorker(nelayan(), { periodStart: "2026-11", months: 3 }, ctx));
    expect(amounts(r)).toEqual([8_400, 8_400, 16_800]);
  });

  it("never touch wage earners", () => {
    const r = priced(priceWorker(honorer(2_500_000), year(2026), ctx));
    expect(amounts(r)).toEqual(Array(12).fill(13_500));
  });

  it("with whenBudgetFunded false: skipped when the APBD pays, applied otherwise", () => {
    const notForApbd = defaultDiscounts.map((d) => ({ ...d, whenBudgetFunded: false }));
    expect(priced(priceWorker(nelayan(), year(2026), { ...ctx, discounts: notForApbd })).amount).toBe(12 * 16_800);
    expect(priced(priceWorker(nelayan(), year(2026), { ...ctx, discounts: notForApbd, budgetFunded: false })).amount).toBe(126_000);
    // The default discount (whenBudgetFunded true) applies either way.
    expect(priced(priceWorker(nelayan(), year(2026), { ...ctx, budgetFunded: false })).amount).toBe(126_000);
  });

  it("take off only the programmes they list", () => {
    const jkmOnly: Discount[] = [{ ...defaultDiscounts[0]!, programmes: ["jkm"] }];
    const r = priced(priceWorker(nelayan(), month("2026-05"), { ...ctx, discounts: jkmOnly }));
    expect(r.breakdown).toEqual(b(10_000, 3_400));
  });

  it("round the discounted component once, from the exact product", () => {
    // 1,000,050 × 1 % = 10,000.5 → 10,001 undiscounted; × 50 % = 5,000.25 → 5,000 (not 5,001 from 10,001 / 2).
    const odd = table("odd", "2015-07-01", undefined, (t) => {
      t.nonWageEarner.incomeBrackets.push({ id: "odd", label: "Odd", declaredIncome: 1_000_050 });
    });
    const c = { ...ctx, rateTables: [odd] };
    expect(priced(priceWorker(nelayan("odd"), month("2026-03"), c)).breakdown.jkk).toBe(10_001);
    expect(priced(priceWorker(nelayan("odd"), month("2026-04"), c)).breakdown.jkk).toBe(5_000);
  });

  it("compound when two are in force for one programme", () => {
    const extra: Discount = { ...defaultDiscounts[0]!, id: "extra", programmes: ["jkk"], percentBp: 5_000 };
    const r = priced(priceWorker(nelayan(), month("2026-06"), { ...ctx, discounts: [...defaultDiscounts, extra] }));
    expect(r.breakdown).toEqual(b(2_500, 3_400)); // 10,000 × 50 % × 50 %; 6,800 × 50 %
  });
});

describe("a rate change inside the period", () => {
  const rateTables = [
    table("old", "2015-07-01", "2026-06-30"),
    table("new", "2026-07-01", undefined, (t) => {
      t.wageEarner.jkkBpByRiskGroup.I = 30;
      t.wageEarner.jkmBp = 40;
      t.nonWageEarner.jkmFlat = 7_000;
    }),
  ];
  const c = { ...ctx, rateTables, discounts: [] };
  const period = { periodStart: "2026-04", months: 6 };

  it("prices the months before the change at the old rates and the months after at the new", () => {
    const r = priced(priceWorker(honorer(2_500_000), period, c));
    expect(r.monthly.map((m) => [m.month, m.breakdown.jkk, m.breakdown.jkm])).toEqual([
      ["2026-04", 6_000, 7_500],
      ["2026-05", 6_000, 7_500],
      ["2026-06", 6_000, 7_500],
      ["2026-07", 7_500, 10_000],
      ["2026-08", 7_500, 10_000],
      ["2026-09", 7_500, 10_000],
    ]);
    expect(r.amount).toBe(3 * 13_500 + 3 * 17_500);

    const fisher = priced(priceWorker(nelayan(), period, c));
    expect(amounts(fisher)).toEqual([16_800, 16_800, 16_800, 17_000, 17_000, 17_000]);
  });

  it("names the table behind each month", () => {
    const r = priceEnrolment([honorer(2_500_000)], period, { ...ctx, rateTables });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.months).toEqual([
      { month: "2026-04", rateTableId: "old", discountIds: ["pp50-2025-bpu"] },
      { month: "2026-05", rateTableId: "old", discountIds: ["pp50-2025-bpu"] },
      { month: "2026-06", rateTableId: "old", discountIds: ["pp50-2025-bpu"] },
      { month: "2026-07", rateTableId: "new", discountIds: ["pp50-2025-bpu"] },
      { month: "2026-08", rateTableId: "new", discountIds: ["pp50-2025-bpu"] },
      { month: "2026-09", rateTableId: "new", discountIds: ["pp50-2025-bpu"] },
    ]);
  });

  it("uses the table in force on the first day of the month (a change on the 15th counts from the next month)", () => {
    const midMonth = [table("old", "2015-07-01", "2026-07-14"), table("new", "2026-07-15", undefined, (t) => (t.wageEarner.jkmBp = 40))];
    const r = priced(priceWorker(honorer(2_500_000), { periodStart: "2026-07", months: 2 }, { ...c, rateTables: midMonth }));
    expect(r.monthly.map((m) => m.breakdown.jkm)).toEqual([7_500, 10_000]);
  });
});

describe("risk group", () => {
  it("a worker's own group overrides the OPD's", () => {
    const r = priceEnrolment([honorer(2_500_000, { riskGroup: "IV" }), honorer(2_500_000)], month("2026-01"), ctx);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.workers.map((w) => w.breakdown.jkk)).toEqual([31_750, 6_000]);
    expect(r.breakdown).toEqual(b(37_750, 15_000));
  });

  it("the OPD's group applies to workers without one; tenaga teknis like honorer", () => {
    const r = priced(priceWorker(honorer(2_500_000, { category: "tenaga_teknis" }), month("2026-01"), { ...ctx, opdRiskGroup: "III" }));
    expect(r.breakdown.jkk).toBe(22_250);
  });
});

describe("optional programmes JHT and JP", () => {
  it("are off by default", () => {
    expect(priced(priceWorker(honorer(2_500_000), month("2026-01"), ctx)).breakdown).toEqual(b(6_000, 7_500, 0, 0));
  });

  it("switched on, add the employer share only (JHT 3.7 %, JP 2 %)", () => {
    const r = priced(priceWorker(honorer(2_500_000), year(2026), { ...ctx, optional: { jht: true, jp: true } }));
    expect(r.monthly[0]!.breakdown).toEqual(b(6_000, 7_500, 92_500, 50_000));
    expect(r.monthly[0]!.amount).toBe(156_000);
    expect(r.amount).toBe(12 * 156_000);
    const jhtOnly = priced(priceWorker(honorer(3_551_430), month("2026-01"), { ...ctx, optional: { jht: true } }));
    expect(jhtOnly.breakdown).toEqual(b(8_523, 10_654, 131_403, 0)); // 131,402.91
  });

  it("do not apply to BPU workers", () => {
    const r = priced(priceWorker(nelayan(), month("2025-01"), { ...ctx, optional: { jht: true, jp: true } }));
    expect(r.breakdown).toEqual(b(10_000, 6_800));
  });
});

describe("problems", () => {
  it("an unknown income bracket names the field and the known brackets", () => {
    expect(priceWorker(nelayan("medium"), year(2026), ctx)).toEqual({
      ok: false,
      problems: [{ path: "incomeBracket", message: expect.stringMatching(/"medium".*"pp44-2015".*tersedia: lowest/) }],
    });
  });

  it("a bracket missing from one of two tables is reported for that table only", () => {
    const rateTables = [
      table("old", "2015-07-01", "2026-06-30"),
      table("new", "2026-07-01", undefined, (t) => t.nonWageEarner.incomeBrackets.push({ id: "medium", label: "Medium", declaredIncome: 2_000_000 })),
    ];
    const r = priceWorker(nelayan("medium"), year(2026), { ...ctx, rateTables });
    expect(r).toEqual({ ok: false, problems: [{ path: "incomeBracket", message: expect.stringMatching(/"old".*2026-01/) }] });
    expect(priced(priceWorker(nelayan("medium"), { periodStart: "2026-07", months: 6 }, { ...ctx, rateTables })).monthly[0]!.breakdown).toEqual(b(10_000, 3_400));
  });

  it("an enrolment reports every bad worker by index and still prices the others", () => {
    const workers = [
      honorer(2_500_000),
      nelayan("medium"),
      nelayan(),
      { ...honorer(1), monthlyWage: undefined },
      { ...nelayan(), incomeBracket: undefined },
      nelayan("undefined"),
    ];
    const r = priceEnrolment(workers, year(2026), ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { path: "workers.1.incomeBracket", worker: 1, message: expect.stringContaining('"medium"') },
      { path: "workers.3.monthlyWage", worker: 3, message: "Upah bulanan wajib diisi untuk pekerja penerima upah" },
      { path: "workers.4.incomeBracket", worker: 4, message: "Kelompok penghasilan wajib diisi untuk nelayan" },
      { path: "workers.5.incomeBracket", worker: 5, message: expect.stringContaining('Kelompok penghasilan "undefined" tidak dikenal') },
    ]);
    expect(r.workers.map((w) => w.ok)).toEqual([true, false, true, false, false, false]);
    expect(priced(r.workers[2]!).amount).toBe(126_000);
  });

  it("missing or malformed worker fields", () => {
    const noBracket: EnrolmentWorker = { ...nelayan(), incomeBracket: undefined };
    expect(priceWorker(noBracket, year(2026), ctx)).toEqual({ ok: false, problems: [{ path: "incomeBracket", message: "Kelompok penghasilan wajib diisi untuk nelayan" }] });
    expect(priceWorker(honorer(2_500_000.5), year(2026), ctx)).toEqual({ ok: false, problems: [{ path: "monthlyWage", message: expect.stringMatching(/whole number/) }] });
    expect(priceWorker(honorer(0), year(2026), ctx)).toMatchObject({ ok: false, problems: [{ path: "monthlyWage" }] });
    expect(priceWorker(honorer(1, { riskGroup: "VI" as RiskGroup }), year(2026), ctx)).toMatchObject({ ok: false, problems: [{ path: "riskGroup" }] });
    expect(priceWorker(honorer(1, { category: "asn" as "honorer" }), year(2026), ctx)).toMatchObject({ ok: false, problems: [{ path: "category" }] });
  });

  it("a month with no rate table names the month; the enrolment cannot be priced", () => {
    const rateTables = [table("from-2026", "2026-01-01", undefined)];
    const period = { periodStart: "2025-11", months: 3 };
    expect(priceWorker(honorer(2_500_000), period, { ...ctx, rateTables })).toEqual({
      ok: false,
      problems: [
        { path: "periodStart", message: expect.stringMatching(/^Bulan 2025-11 .*No contribution rate table is in force on 2025-11-01/) },
        { path: "periodStart", message: expect.stringMatching(/^Bulan 2025-12 /) },
      ],
    });
    const r = priceEnrolment([honorer(2_500_000), nelayan()], period, { ...ctx, rateTables });
    expect(r).toEqual({ ok: false, problems: [expect.objectContaining({ path: "periodStart" }), expect.objectContaining({ path: "periodStart" })], workers: [] });
  });

  it("overlapping rate tables and malformed periods", () => {
    const overlapping = [table("a", "2015-07-01", undefined), table("b", "2026-01-01", undefined)];
    expect(priceWorker(honorer(1), month("2026-01"), { ...ctx, rateTables: overlapping })).toMatchObject({
      ok: false,
      problems: [{ path: "periodStart", message: expect.stringMatching(/overlap.*a, b/) }],
    });
    expect(priceWorker(honorer(1), { periodStart: "2026-13", months: 1 }, ctx)).toMatchObject({ ok: false, problems: [{ path: "periodStart" }] });
    expect(priceWorker(honorer(1), { periodStart: "2026-01", months: 0 }, ctx)).toMatchObject({ ok: false, problems: [{ path: "months" }] });
    expect(priceWorker(honorer(1), { periodStart: "2026-01", months: 13 }, ctx)).toMatchObject({ ok: false, problems: [{ path: "months" }] });
  });

  it("a malformed context is a programming error", () => {
    expect(() => priceWorker(honorer(1), month("2026-01"), { ...ctx, opdRiskGroup: "X" as RiskGroup })).toThrow(RangeError);
  });
});

describe("createPricer", () => {
  it("resolves the months once and prices workers one by one (as a streaming import does)", () => {
    const p = createPricer(year(2026), ctx);
    if (!p.ok) throw new Error("expected a pricer");
    expect(p.pricer.months.map((m) => m.discountIds.length)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(priced(p.pricer.price(nelayan())).amount).toBe(126_000);
    expect(priced(p.pricer.price(honorer(2_500_000))).amount).toBe(162_000);
  });
});

describe("19,000 workers × 12 months", () => {
  /** The list, counting how often it is scanned (rateTableOn and discountsOn filter it). */
  function counted<T>(list: readonly T[]): { list: readonly T[]; scans: () => number } {
    let scans = 0;
    const proxy = new Proxy(list, {
      get(target, prop, receiver) {
        if (prop === "filter") scans++;
        return Reflect.get(target, prop, receiver);
      },
    });
    return { list: proxy, scans: () => scans };
  }

  it("resolves the tables once per month, not per worker, and sums exactly", () => {
    const workers = Array.from({ length: 19_000 }, (_, i) =>
      i % 10 === 0 ? nelayan() : honorer(2_000_000 + i * 37, i % 7 === 0 ? { riskGroup: riskGroups[i % 5]! } : {}),
    );
    const tables = counted(defaultRateTables);
    const discounts = counted(defaultDiscounts);
    const r = priceEnrolment(workers, year(2026), { ...ctx, rateTables: tables.list, discounts: discounts.list });
    if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    expect([tables.scans(), discounts.scans()]).toEqual([12, 12]);
    expect(r.workers.reduce((s, w) => s + w.amount, 0)).toBe(r.amount);
    expect(r.workers.filter((_, i) => i % 10 === 0).every((w) => w.amount === 126_000)).toBe(true);
  });
});

/* Property: the total is the sum of every worker's every month's rounded components. */

/** Half-up division by a different route than the implementation: floor((2n + d) / 2d). */
const refHalfUp = (n: bigint, d: bigint) => Number((2n * n + d) / (2n * d));

/** Reference price of one component of one worker-month, straight from the tables. */
function reference(w: EnrolmentWorker, m: string, c: PricingContext): Breakdown {
  const t = rateTableOn(c.rateTables, `${m}-01`);
  if (w.category !== "nelayan") {
    const wage = BigInt(w.monthlyWage!);
    const bp = (x: number) => refHalfUp(wage * BigInt(x), 10_000n);
    return {
      jkk: bp(t.wageEarner.jkkBpByRiskGroup[w.riskGroup ?? c.opdRiskGroup]),
      jkm: bp(t.wageEarner.jkmBp),
      jht: c.optional?.jht ? bp(t.wageEarner.optional.jht.employerBp) : 0,
      jp: c.optional?.jp ? bp(t.wageEarner.optional.jp.employerBp) : 0,
    };
  }
  const ds = discountsOn(c.discounts, `${m}-01`).filter((d) => (c.budgetFunded ?? true) === false || d.whenBudgetFunded);
  const keep = (p: "jkk" | "jkm") =>
    ds.filter((d) => d.programmes.includes(p)).reduce<[bigint, bigint]>(([n, d], x) => [n * BigInt(10_000 - x.percentBp), d * 10_000n], [1n, 1n]);
  const income = BigInt(t.nonWageEarner.incomeBrackets.find((x) => x.id === w.incomeBracket)!.declaredIncome);
  const [kn, kd] = keep("jkk");
  const [mn, md] = keep("jkm");
  return {
    jkk: refHalfUp(income * BigInt(t.nonWageEarner.jkkBp) * kn, 10_000n * kd),
    jkm: refHalfUp(BigInt(t.nonWageEarner.jkmFlat) * mn, md),
    jht: 0,
    jp: 0,
  };
}

describe("property", () => {
  const brackets = [
    { id: "lowest", label: "Lowest", declaredIncome: 1_000_000 },
    { id: "b2", label: "B2", declaredIncome: 1_234_567 },
    { id: "b3", label: "B3", declaredIncome: 2_000_050 },
  ];
  const bp = fc.integer({ min: 0, max: 400 });
  const tableArb = (id: string, validFrom: string, validTo?: string) =>
    fc.record({ I: bp, II: bp, III: bp, IV: bp, V: bp, jkm: bp, jkmFlat: fc.integer({ min: 0, max: 20_000 }), jkkBp: bp }).map((r) =>
      table(id, validFrom, validTo, (t) => {
        t.wageEarner.jkkBpByRiskGroup = { I: r.I, II: r.II, III: r.III, IV: r.IV, V: r.V };
        t.wageEarner.jkmBp = r.jkm;
        t.nonWageEarner = { jkmFlat: r.jkmFlat, jkkBp: r.jkkBp, incomeBrackets: brackets };
      }),
    );
  const workerArb: fc.Arbitrary<EnrolmentWorker> = fc.oneof(
    fc.record({
      wage: fc.integer({ min: 1, max: 50_000_000 }),
      group: fc.option(fc.constantFrom(...riskGroups), { nil: undefined }),
      category: fc.constantFrom("honorer" as const, "tenaga_teknis" as const),
    }).map(({ wage, group, category }) => honorer(wage, { category, ...(group ? { riskGroup: group } : {}) })),
    fc.constantFrom(...brackets.map((x) => x.id)).map(nelayan),
  );
  const changeMonth = fc.integer({ min: 0, max: 23 }).map((i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);

  it("total = Σ workers Σ months Σ rounded components, each as the tables say", () => {
    fc.assert(
      fc.property(
        fc.tuple(changeMonth, fc.integer({ min: 1, max: 28 })).chain(([change, day]) => {
          const from = `${change}-${String(day).padStart(2, "0")}`;
          return fc.tuple(tableArb("t1", "2015-07-01", dayBefore(from)), tableArb("t2", from));
        }),
        fc.array(
          fc.record({
            programmes: fc.subarray(["jkk", "jkm"] as ("jkk" | "jkm")[], { minLength: 1 }),
            percentBp: fc.integer({ min: 0, max: 10_000 }),
            start: changeMonth,
            months: fc.integer({ min: 1, max: 12 }),
            whenBudgetFunded: fc.boolean(),
          }),
          { maxLength: 2 },
        ),
        fc.array(workerArb, { minLength: 1, maxLength: 20 }),
        changeMonth,
        fc.integer({ min: 1, max: 12 }),
        fc.record({ budgetFunded: fc.option(fc.boolean(), { nil: undefined }), jht: fc.boolean(), jp: fc.boolean(), opd: fc.constantFrom(...riskGroups) }),
        (tables, ds, workers, periodStart, months, opts) => {
          const discounts: Discount[] = ds.map((d, i) => ({
            id: `d${i}`,
            appliesTo: "non_wage_earner",
            programmes: d.programmes,
            percentBp: d.percentBp,
            validFrom: `${d.start}-01`,
            validTo: lastDay(periodMonths({ periodStart: d.start, months: d.months }).at(-1)!),
            source: "test",
            whenBudgetFunded: d.whenBudgetFunded,
          }));
          const c: PricingContext = {
            rateTables: tables,
            discounts,
            opdRiskGroup: opts.opd,
            ...(opts.budgetFunded === undefined ? {} : { budgetFunded: opts.budgetFunded }),
            optional: { jht: opts.jht, jp: opts.jp },
          };
          const period = { periodStart, months };
          const r = priceEnrolment(workers, period, c);
          if (!r.ok) throw new Error(JSON.stringify(r.problems));
          let sum = 0;
          const byProgramme = { jkk: 0, jkm: 0, jht: 0, jp: 0 };
          workers.forEach((w, i) => {
            const priced = r.workers[i]!;
            let workerSum = 0;
            periodMonths(period).forEach((m, k) => {
              const expected = reference(w, m, c);
              expect(priced.monthly[k]).toEqual({ month: m, breakdown: expected, amount: breakdownTotal(expected) });
              for (const p of programmes) {
                expect(Number.isInteger(expected[p])).toBe(true);
                byProgramme[p] += expected[p];
                workerSum += expected[p];
              }
            });
            expect(priced.amount).toBe(workerSum);
            sum += workerSum;
          });
          expect(r.amount).toBe(sum);
          expect(r.breakdown).toEqual(byProgramme);
        },
      ),
      { numRuns: 200 },
    );
  });
});

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function lastDay(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return `${month}-${daysInMonth(y, m)}`;
}
