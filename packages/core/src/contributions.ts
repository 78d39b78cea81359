import { enrolmentPeriodSchema, isWageEarner, periodMonths, workerCategories, type EnrolmentPeriod, type EnrolmentWorker } from "./enrolment";
import { enrolment as t } from "./i18n/id-enrolment";
import { applyBasisPoints, type Rupiah } from "./money";
import { discountsOn, rateTableOn, riskGroups, type Discount, type RateTable, type RiskGroup } from "./rates";

/*
 * Contribution pricing (DOMAIN.md §2): what the regency pays BPJS
 * Ketenagakerjaan for the workers of an enrolment case.
 *
 * - Wage earners (honorer, tenaga_teknis): JKK = wage × the JKK rate of the
 *   worker's risk group (the worker's own `riskGroup`, else the OPD's);
 *   JKM = wage × jkmBp.
 * - Optional programmes JHT and JP are off by default. Switched on
 *   (`ctx.optional`), the amount holds the EMPLOYER share only (JHT 3.7 %,
 *   JP 2 %): that is what the APBD pays. The worker share (JHT 2 %, JP 1 %)
 *   is deducted from the worker's wage and is not part of the case amount.
 *   They apply to wage earners only (the rate table holds no BPU JHT/JP).
 * - BPU (nelayan): JKK = the income bracket's declaredIncome × jkkBp;
 *   JKM = the flat amount. Discounts in force (PP 50/2025) take their
 *   percentage off the programmes they list; when the APBD pays
 *   (`budgetFunded`, default true) only discounts with `whenBudgetFunded`
 *   count. Several discounts on one programme compound (each takes its share
 *   off what the previous one left), so the result never goes below zero.
 *
 * Arithmetic: each component (JKK, JKM, JHT, JP) of each worker for each
 * month is rounded half-up to a whole rupiah exactly once — a discounted
 * component is the exact product income × rate × (1 − discount), rounded,
 * never a rounded figure rounded again — and every total is a sum of
 * rounded components.
 *
 * Each month of the period is priced with the rate table and discounts in
 * force on its first day, so a rate change inside the period is honoured.
 * Tables are resolved once per month (`createPricer`), then every worker is
 * priced from the resolved months without looking at the tables again.
 */

export const programmes = ["jkk", "jkm", "jht", "jp"] as const;
export type Programme = (typeof programmes)[number];

/** Rupiah per programme. */
export interface Breakdown {
  jkk: Rupiah;
  jkm: Rupiah;
  jht: Rupiah;
  jp: Rupiah;
}

export interface PricingContext {
  rateTables: readonly RateTable[];
  discounts: readonly Discount[];
  /** The OPD's JKK risk group; a wage earner's own `riskGroup` overrides it. */
  opdRiskGroup: RiskGroup;
  /** The APBD pays (enrolment cases always do). Default true. */
  budgetFunded?: boolean;
  /** Optional programmes for wage earners, employer share only. Default off. */
  optional?: { jht?: boolean; jp?: boolean };
}

/**
 * A reason a worker or the period cannot be priced. `path` names the field:
 * relative to the worker in a worker's result (`incomeBracket`), prefixed
 * in an enrolment's list (`workers.12.incomeBracket`), or the period's
 * (`periodStart`, `months`).
 */
export interface PricingProblem {
  readonly path: string;
  readonly message: string;
}

export interface MonthPrice {
  readonly month: string;
  readonly breakdown: Readonly<Breakdown>;
  readonly amount: Rupiah;
}

/** Read-only: workers priced alike share one result (see `createPricer`). */
export interface PricedWorker {
  readonly ok: true;
  readonly amount: Rupiah;
  readonly breakdown: Readonly<Breakdown>;
  /** One entry per month of the period, in order. */
  readonly monthly: readonly MonthPrice[];
}
export interface UnpricedWorker {
  readonly ok: false;
  readonly problems: readonly PricingProblem[];
}
export type WorkerPricing = PricedWorker | UnpricedWorker;

/** Which figures priced a month: for the audit trail and the case page. */
export interface MonthBasis {
  month: string;
  rateTableId: string;
  /** Discounts that applied to BPU workers this month. */
  discountIds: string[];
}

export const zeroBreakdown = (): Breakdown => ({ jkk: 0, jkm: 0, jht: 0, jp: 0 });

export const breakdownTotal = (b: Readonly<Breakdown>): Rupiah => b.jkk + b.jkm + b.jht + b.jp;

/* ---------------------------------------------------------------- */

const BP = 10_000n;

/** numerator / denominator, rounded half-up (both non-negative). */
function divHalfUp(numerator: bigint, denominator: bigint): Rupiah {
  let q = numerator / denominator;
  if ((numerator % denominator) * 2n >= denominator) q += 1n;
  const n = Number(q);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Contribution is too large: ${q}`);
  return n;
}

/** The share of a programme left after discounts, as keep / 10,000^n. */
interface Keep {
  num: bigint;
  den: bigint;
}

/** Rates of one (table, discounts) combination; months sharing it share this object. */
interface MonthRates {
  rateTableId: string;
  wage: { jkkBp: Readonly<Record<RiskGroup, number>>; jkmBp: number; jhtBp: number; jpBp: number };
  /** Bracket id → the (discounted) BPU breakdown of a month, computed once. */
  bpu: ReadonlyMap<string, Readonly<Breakdown>>;
  bracketIds: readonly string[];
}

interface ResolvedMonth {
  month: string;
  rates: MonthRates;
}

export interface Pricer {
  readonly months: readonly MonthBasis[];
  price(worker: EnrolmentWorker): WorkerPricing;
}

function keepFor(programme: "jkk" | "jkm", discounts: readonly Discount[]): Keep {
  let num = 1n;
  let den = 1n;
  for (const d of discounts) {
    if (!d.programmes.includes(programme)) continue;
    num *= BP - BigInt(d.percentBp);
    den *= BP;
  }
  return { num, den };
}

function buildRates(table: RateTable, discounts: readonly Discount[], ctx: PricingContext): MonthRates {
  const { wageEarner, nonWageEarner } = table;
  const keepJkk = keepFor("jkk", discounts);
  const keepJkm = keepFor("jkm", discounts);
  const jkm = divHalfUp(BigInt(nonWageEarner.jkmFlat) * keepJkm.num, keepJkm.den);
  const bpu = new Map<string, Readonly<Breakdown>>();
  for (const bracket of nonWageEarner.incomeBrackets) {
    const jkk = divHalfUp(
      BigInt(bracket.declaredIncome) * BigInt(nonWageEarner.jkkBp) * keepJkk.num,
      BP * keepJkk.den,
    );
    bpu.set(bracket.id, Object.freeze({ jkk, jkm, jht: 0, jp: 0 }));
  }
  return {
    rateTableId: table.id,
    wage: {
      jkkBp: wageEarner.jkkBpByRiskGroup,
      jkmBp: wageEarner.jkmBp,
      jhtBp: ctx.optional?.jht ? wageEarner.optional.jht.employerBp : 0,
      jpBp: ctx.optional?.jp ? wageEarner.optional.jp.employerBp : 0,
    },
    bpu,
    bracketIds: nonWageEarner.incomeBrackets.map((b) => b.id),
  };
}

/**
 * Resolves the rate table and discounts of every month of the period once.
 * Fails with problems on the period (`periodStart`, `months`) when the
 * period is malformed or a month has no (or more than one) rate table.
 * Throws on a malformed context (a programming error, not user input).
 */
export function createPricer(
  period: EnrolmentPeriod,
  ctx: PricingContext,
): { ok: true; pricer: Pricer } | { ok: false; problems: PricingProblem[] } {
  if (!riskGroups.includes(ctx.opdRiskGroup)) {
    throw new RangeError(`Unknown OPD risk group: ${String(ctx.opdRiskGroup)}`);
  }
  const parsed = enrolmentPeriodSchema.safeParse(period);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.join(".") || "period", message: i.message })),
    };
  }
  const budgetFunded = ctx.budgetFunded ?? true;
  const problems: PricingProblem[] = [];
  const resolved: ResolvedMonth[] = [];
  const basis: MonthBasis[] = [];
  const ratesByKey = new Map<string, MonthRates>();
  for (const month of periodMonths(parsed.data)) {
    const firstDay = `${month}-01`;
    let table: RateTable;
    try {
      table = rateTableOn(ctx.rateTables, firstDay);
    } catch (e) {
      problems.push({ path: "periodStart", message: t.pricing.monthUnpriced(month, (e as Error).message) });
      continue;
    }
    const discounts = discountsOn(ctx.discounts, firstDay).filter(
      (d) => d.appliesTo === "non_wage_earner" && (!budgetFunded || d.whenBudgetFunded),
    );
    const discountIds = discounts.map((d) => d.id);
    const key = JSON.stringify([table.id, discountIds]);
    let rates = ratesByKey.get(key);
    if (rates === undefined) {
      rates = buildRates(table, discounts, ctx);
      ratesByKey.set(key, rates);
    }
    resolved.push({ month, rates });
    basis.push({ month, rateTableId: table.id, discountIds });
  }
  if (problems.length > 0) return { ok: false, problems };
  // Workers with the same wage and group (or bracket) cost the same: price
  // each combination once. Such workers share one result object, which is
  // why results are typed read-only (freezing them at run time cost more
  // than the pricing itself).
  const cache = new Map<string, WorkerPricing>();
  const price = (worker: EnrolmentWorker): WorkerPricing => {
    if (!workerCategories.includes(worker.category)) return priceResolved(worker, resolved, ctx.opdRiskGroup);
    const key = isWageEarner(worker.category)
      ? `wage ${worker.monthlyWage === undefined ? "-" : `=${worker.monthlyWage}`} ${worker.riskGroup ?? ctx.opdRiskGroup}`
      : `bracket ${worker.incomeBracket === undefined ? "-" : `=${worker.incomeBracket}`}`;
    let r = cache.get(key);
    if (r === undefined) {
      r = priceResolved(worker, resolved, ctx.opdRiskGroup);
      cache.set(key, r);
    }
    return r;
  };
  return { ok: true, pricer: { months: Object.freeze(basis), price } };
}

function priceResolved(worker: EnrolmentWorker, months: readonly ResolvedMonth[], opdRiskGroup: RiskGroup): WorkerPricing {
  if (!workerCategories.includes(worker.category)) {
    return { ok: false, problems: [{ path: "category", message: `Unknown worker category: ${String(worker.category)}` }] };
  }
  const monthly: MonthPrice[] = new Array(months.length);
  const total = zeroBreakdown();
  let prevRates: MonthRates | undefined;
  let prev: Readonly<Breakdown> = total;
  let prevAmount = 0;

  if (isWageEarner(worker.category)) {
    const problems: PricingProblem[] = [];
    const wage = worker.monthlyWage;
    if (wage === undefined) {
      problems.push({ path: "monthlyWage", message: t.pricing.wageRequired });
    } else if (!Number.isSafeInteger(wage) || wage < 1) {
      problems.push({ path: "monthlyWage", message: `monthlyWage must be a whole number of rupiah of at least 1, got ${wage}` });
    }
    const group = worker.riskGroup ?? opdRiskGroup;
    if (!riskGroups.includes(group)) {
      problems.push({ path: "riskGroup", message: `Unknown risk group "${String(group)}" (expected ${riskGroups.join(", ")})` });
    }
    if (problems.length > 0) return { ok: false, problems };
    for (let i = 0; i < months.length; i++) {
      const { month, rates } = months[i]!;
      if (rates !== prevRates) {
        const r = rates.wage;
        prev = {
          jkk: applyBasisPoints(wage!, r.jkkBp[group]),
          jkm: applyBasisPoints(wage!, r.jkmBp),
          jht: r.jhtBp === 0 ? 0 : applyBasisPoints(wage!, r.jhtBp),
          jp: r.jpBp === 0 ? 0 : applyBasisPoints(wage!, r.jpBp),
        };
        prevAmount = breakdownTotal(prev);
        prevRates = rates;
      }
      monthly[i] = { month, breakdown: prev, amount: prevAmount };
      add(total, prev);
    }
  } else {
    const bracket = worker.incomeBracket;
    if (bracket === undefined || bracket === "") {
      return { ok: false, problems: [{ path: "incomeBracket", message: t.pricing.bracketRequired }] };
    }
    const problems: PricingProblem[] = [];
    const reported = new Set<string>();
    for (let i = 0; i < months.length; i++) {
      const { month, rates } = months[i]!;
      if (rates !== prevRates) {
        const b = rates.bpu.get(bracket);
        if (b === undefined) {
          if (!reported.has(rates.rateTableId)) {
            reported.add(rates.rateTableId);
            problems.push({
              path: "incomeBracket",
              message: t.pricing.unknownBracket(bracket, rates.rateTableId, month, rates.bracketIds.join(", ")),
            });
          }
          prevRates = rates;
          continue;
        }
        prev = b;
        prevAmount = breakdownTotal(b);
        prevRates = rates;
      }
      if (problems.length > 0) continue;
      monthly[i] = { month, breakdown: prev, amount: prevAmount };
      add(total, prev);
    }
    if (problems.length > 0) return { ok: false, problems };
  }
  return { ok: true, amount: breakdownTotal(total), breakdown: total, monthly };
}

function add(into: Breakdown, b: Readonly<Breakdown>): void {
  into.jkk += b.jkk;
  into.jkm += b.jkm;
  into.jht += b.jht;
  into.jp += b.jp;
}

/**
 * One worker's contribution for the period. Paths in problems are relative
 * to the worker (`incomeBracket`, `monthlyWage`) or name the period.
 * Pricing many workers: use `priceEnrolment` or `createPricer`, which
 * resolve the tables once.
 */
export function priceWorker(worker: EnrolmentWorker, period: EnrolmentPeriod, ctx: PricingContext): WorkerPricing {
  const p = createPricer(period, ctx);
  return p.ok ? p.pricer.price(worker) : { ok: false, problems: p.problems };
}

export interface EnrolmentProblem extends PricingProblem {
  /** Index of the worker in the submitted list; absent for the period. */
  worker?: number;
}

export type EnrolmentPricing =
  | {
      ok: true;
      amount: Rupiah;
      breakdown: Breakdown;
      /** The rate table and discounts each month was priced with. */
      months: MonthBasis[];
      /** In the order of the submitted workers. */
      workers: PricedWorker[];
    }
  | {
      ok: false;
      /** Every problem: per worker (`workers.<i>.<field>`, `worker: i`) or of the period. */
      problems: EnrolmentProblem[];
      /**
       * Per worker, in order; empty when the period itself cannot be priced
       * (a malformed period, a month without a rate table): nothing can be
       * priced until that is fixed.
       */
      workers: WorkerPricing[];
    };

/** Prices every worker of a case; the totals are sums of the workers' rounded components. */
export function priceEnrolment(
  workers: readonly EnrolmentWorker[],
  period: EnrolmentPeriod,
  ctx: PricingContext,
): EnrolmentPricing {
  const p = createPricer(period, ctx);
  if (!p.ok) return { ok: false, problems: p.problems, workers: [] };
  const results: WorkerPricing[] = new Array(workers.length);
  const problems: EnrolmentProblem[] = [];
  const total = zeroBreakdown();
  for (let i = 0; i < workers.length; i++) {
    const r = p.pricer.price(workers[i]!);
    results[i] = r;
    if (r.ok) add(total, r.breakdown);
    else for (const q of r.problems) problems.push({ path: `workers.${i}.${q.path}`, message: q.message, worker: i });
  }
  if (problems.length > 0) return { ok: false, problems, workers: results };
  const amount = breakdownTotal(total);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Enrolment total is too large: ${amount}`);
  return { ok: true, amount, breakdown: total, months: [...p.pricer.months], workers: results as PricedWorker[] };
}
