import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  ageOn,
  computeBenefit,
  deathBenefitTableOn,
  deathBenefitTableSchema,
  deathClaimFactsSchema,
  defaultDeathBenefitTables,
  scholarshipSchedule,
  type ClaimChild,
  type DeathBenefitTable,
  type DeathClaimFacts,
  type ScholarshipRow,
} from "../src/death-benefits";

const tables = defaultDeathBenefitTables;
const base = defaultDeathBenefitTables[0]!;
const rules = base.scholarship;
/** The date of death used throughout. */
const DOD = "2026-03-15";

/** Children's NIKs (district 15.06.01, birth dates matching their birthDate). */
const NIK = {
  a: "1506011001230001", // born 2023-01-10
  b: "1506015202230002", // born 2023-02-12, a girl (+40)
  c: "1506010503230003", // born 2023-03-05
  d: "1506010101100004",
  e: "1506010101140005",
};

function child(nik: string, birthDate: string, schoolLevel: ClaimChild["schoolLevel"], extra: Partial<ClaimChild> = {}): ClaimChild {
  return { nik, name: "Anak Almarhum", birthDate, schoolLevel, ...extra };
}
/** Aged 3 on DOD: the whole schedule fits before 23. */
const preschoolA = child(NIK.a, "2023-01-10", "preschool");
const preschoolB = child(NIK.b, "2023-02-12", "preschool");
const preschoolC = child(NIK.c, "2023-03-05", "preschool");

const natural = (contributionMonths: number, children: ClaimChild[] = []): DeathClaimFacts => ({ cause: "natural", contributionMonths, children });
const accident = (monthlyWage: number, contributionMonths = 0, children: ClaimChild[] = []): DeathClaimFacts => ({
  cause: "work_accident",
  monthlyWage,
  contributionMonths,
  children,
});

/** The full schedule of a child who starts at TK–SD year 1: 87,000,000. */
function fullSchedule(childNik: string): ScholarshipRow[] {
  return [
    { childNik, level: "tk_sd", perYear: 1_500_000, years: 8, amount: 12_000_000 },
    { childNik, level: "smp", perYear: 2_000_000, years: 3, amount: 6_000_000 },
    { childNik, level: "sma", perYear: 3_000_000, years: 3, amount: 9_000_000 },
    { childNik, level: "higher", perYear: 12_000_000, years: 5, amount: 60_000_000 },
  ];
}
const sumOf = (rows: readonly ScholarshipRow[]) => rows.reduce((a, r) => a + r.amount, 0);

function withTable(id: string, validFrom: string, validTo: string | undefined, edit: (t: DeathBenefitTable) => void = () => {}): DeathBenefitTable {
  const t: DeathBenefitTable = { ...structuredClone(base), id, validFrom, ...(validTo ? { validTo } : {}) };
  edit(t);
  return t;
}

describe("DOMAIN.md §6 vectors", () => {
  it("D1: JKM death, active → 20,000,000 + 12,000,000 + 10,000,000 = 42,000,000", () => {
    expect(computeBenefit(natural(12), tables, DOD)).toEqual({
      cause: "natural",
      tableId: "pp82-2019",
      lumpSum: 20_000_000,
      periodic: 12_000_000,
      funeral: 10_000_000,
      scholarship: 0,
      total: 42_000_000,
      scholarshipSchedule: [],
    });
  });

  it("D2: JKM death, 2 years 11 months (35 months) contributed, 2 children → 42,000,000, no scholarship", () => {
    const b = computeBenefit(natural(35, [preschoolA, preschoolB]), tables, DOD);
    expect(b.total).toBe(42_000_000);
    expect(b.scholarship).toBe(0);
    expect(b.scholarshipSchedule).toEqual([]);
  });

  it("D3: JKM death, exactly 3 years (36 months), 2 children → 87,000,000 each, 174,000,000 total (not in `total`)", () => {
    const b = computeBenefit(natural(36, [preschoolA, preschoolB]), tables, DOD);
    expect(b.scholarshipSchedule).toEqual([...fullSchedule(NIK.a), ...fullSchedule(NIK.b)]);
    expect(sumOf(b.scholarshipSchedule.filter((r) => r.childNik === NIK.a))).toBe(87_000_000);
    expect(sumOf(b.scholarshipSchedule.filter((r) => r.childNik === NIK.b))).toBe(87_000_000);
    expect(b.scholarship).toBe(174_000_000);
    // The scholarship belongs to the children, not to the heirs' lump payment.
    expect(b.total).toBe(42_000_000);
  });

  it("D4: 3 eligible children → scholarship for the first 2 in the given order only", () => {
    const b = computeBenefit(natural(36, [preschoolA, preschoolB, preschoolC]), tables, DOD);
    expect(new Set(b.scholarshipSchedule.map((r) => r.childNik))).toEqual(new Set([NIK.a, NIK.b]));
    expect(b.scholarship).toBe(174_000_000);

    const reordered = computeBenefit(natural(36, [preschoolC, preschoolA, preschoolB]), tables, DOD);
    expect(new Set(reordered.scholarshipSchedule.map((r) => r.childNik))).toEqual(new Set([NIK.c, NIK.a]));
  });

  it("D5: JKK death, wage 3,000,000 → 144,000,000 + 12,000,000 + 10,000,000 = 166,000,000", () => {
    expect(computeBenefit(accident(3_000_000), tables, DOD)).toEqual({
      cause: "work_accident",
      tableId: "pp82-2019",
      lumpSum: 144_000_000,
      periodic: 12_000_000,
      funeral: 10_000_000,
      scholarship: 0,
      total: 166_000_000,
      scholarshipSchedule: [],
    });
  });

  it("D6: JKK death, wage 300,000 → death benefit raised to the floor 20,000,000; total 42,000,000", () => {
    const b = computeBenefit(accident(300_000), tables, DOD);
    expect(b.lumpSum).toBe(20_000_000); // 48 × 300,000 = 14,400,000 < floor
    expect(b.total).toBe(42_000_000);
  });

  it("D6: the floor is configurable — a table with floor 42,000,000 gives lumpSum 42,000,000", () => {
    const t = withTable("floor-42m", "2019-12-02", undefined, (x) => {
      x.jkk.floor = 42_000_000;
    });
    const b = computeBenefit(accident(300_000), [t], DOD);
    expect(b).toMatchObject({ tableId: "floor-42m", lumpSum: 42_000_000, total: 64_000_000 });
    // Above the floor, 48 × wage still applies.
    expect(computeBenefit(accident(1_000_000), [t], DOD).lumpSum).toBe(48_000_000);
  });
});

describe("computeBenefit", () => {
  it("JKK: 48 × wage just below the floor is raised to it, just above is kept", () => {
    expect(computeBenefit(accident(416_667), tables, DOD).lumpSum).toBe(20_000_016);
    expect(computeBenefit(accident(416_666), tables, DOD).lumpSum).toBe(20_000_000);
  });

  it("JKK scholarship needs no minimum contribution months (0 months, 2 children → a schedule)", () => {
    const b = computeBenefit(accident(3_000_000, 0, [preschoolA, preschoolB]), tables, DOD);
    expect(b.scholarshipSchedule).toEqual([...fullSchedule(NIK.a), ...fullSchedule(NIK.b)]);
    expect(b.scholarship).toBe(174_000_000);
    expect(b.total).toBe(166_000_000);
  });

  it("JKM with 35 months gets no scholarship, with 36 or more it does", () => {
    expect(computeBenefit(natural(35, [preschoolA]), tables, DOD).scholarship).toBe(0);
    expect(computeBenefit(natural(36, [preschoolA]), tables, DOD).scholarship).toBe(87_000_000);
    expect(computeBenefit(natural(240, [preschoolA]), tables, DOD).scholarship).toBe(87_000_000);
  });

  it("a work accident without a wage throws (the schema refuses it first)", () => {
    const facts = { cause: "work_accident", contributionMonths: 10, children: [] } as DeathClaimFacts;
    expect(() => computeBenefit(facts, tables, DOD)).toThrow(RangeError);
    expect(() => computeBenefit({ ...facts, monthlyWage: 1.5 }, tables, DOD)).toThrow(RangeError);
    expect(() => computeBenefit({ ...facts, monthlyWage: 0 }, tables, DOD)).toThrow(RangeError);
  });

  it("a natural death ignores any wage given", () => {
    expect(computeBenefit({ ...natural(12), monthlyWage: 10_000_000 }, tables, DOD).total).toBe(42_000_000);
  });

  it("uses the table in force on the date of death", () => {
    const old = withTable("old", "2019-12-02", "2025-12-31");
    const next = withTable("new", "2026-01-01", undefined, (x) => {
      x.jkm.lumpSum = 30_000_000;
    });
    expect(computeBenefit(natural(1), [old, next], "2025-12-31")).toMatchObject({ tableId: "old", total: 42_000_000 });
    expect(computeBenefit(natural(1), [old, next], "2026-01-01")).toMatchObject({ tableId: "new", total: 52_000_000 });
    expect(() => computeBenefit(natural(1), tables, "2019-12-01")).toThrow(/No death benefit table/);
  });

  it("property: total = lumpSum + periodic + funeral, JKK lumpSum = max(48 × wage, floor), scholarship = Σ schedule", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 0, max: 600 }), (wage, months) => {
        const b = computeBenefit(accident(wage, months, [preschoolA]), tables, DOD);
        expect(b.lumpSum).toBe(Math.max(48 * wage, 20_000_000));
        expect(b.total).toBe(b.lumpSum + 22_000_000);
        expect(b.scholarship).toBe(sumOf(b.scholarshipSchedule));
      }),
    );
  });
});

describe("scholarshipSchedule", () => {
  it("a married, working or not_studying child gets none and does not use up one of the two places", () => {
    const married = child(NIK.d, "2010-01-01", "sma", { married: true });
    const working = child(NIK.e, "2014-01-01", "smp", { working: true });
    const notStudying = child("1506010101150006", "2015-01-01", "not_studying");
    const rows = scholarshipSchedule([married, working, notStudying, preschoolA, preschoolB], rules, DOD);
    expect(rows).toEqual([...fullSchedule(NIK.a), ...fullSchedule(NIK.b)]);
  });

  it("a child already 23 gets none and does not use up a place; at 22 one year is left", () => {
    const aged23 = child(NIK.d, "2003-03-15", "higher"); // 23 on DOD exactly
    const aged22 = child(NIK.e, "2003-03-16", "higher"); // 23 tomorrow
    expect(ageOn(aged23.birthDate, DOD)).toBe(23);
    expect(ageOn(aged22.birthDate, DOD)).toBe(22);
    expect(scholarshipSchedule([aged23], rules, DOD)).toEqual([]);
    expect(scholarshipSchedule([aged23, aged22, preschoolA], rules, DOD)).toEqual([
      { childNik: NIK.e, level: "higher", perYear: 12_000_000, years: 1, amount: 12_000_000 },
      ...fullSchedule(NIK.a),
    ]);
  });

  it("a child's schedule is cut by age 23: aged 20 in higher, levelYear 1 → 3 years × 12,000,000 = 36,000,000", () => {
    const c = child(NIK.d, "2005-06-01", "higher", { levelYear: 1 });
    expect(ageOn(c.birthDate, DOD)).toBe(20);
    expect(scholarshipSchedule([c], rules, DOD)).toEqual([
      { childNik: NIK.d, level: "higher", perYear: 12_000_000, years: 3, amount: 36_000_000 },
    ]);
  });

  it("the age cut falls on the last levels: aged 10 at TK–SD year 1 → TK–SD and SMP whole, 2 years of SMA, no higher", () => {
    const c = child(NIK.d, "2015-06-01", "tk_sd"); // 10: 13 payments left, 19 years of levels
    expect(scholarshipSchedule([c], rules, DOD)).toEqual([
      { childNik: NIK.d, level: "tk_sd", perYear: 1_500_000, years: 8, amount: 12_000_000 },
      { childNik: NIK.d, level: "smp", perYear: 2_000_000, years: 3, amount: 6_000_000 },
      { childNik: NIK.d, level: "sma", perYear: 3_000_000, years: 2, amount: 6_000_000 },
    ]);
  });

  it("levelYear skips the years already done within the current level", () => {
    // SMP year 2, aged 12: 2 years of SMP left, then SMA and higher in full (10 payments, 11 left before 23).
    const smp2 = child(NIK.d, "2013-07-01", "smp", { levelYear: 2 });
    expect(scholarshipSchedule([smp2], rules, DOD)).toEqual([
      { childNik: NIK.d, level: "smp", perYear: 2_000_000, years: 2, amount: 4_000_000 },
      { childNik: NIK.d, level: "sma", perYear: 3_000_000, years: 3, amount: 9_000_000 },
      { childNik: NIK.d, level: "higher", perYear: 12_000_000, years: 5, amount: 60_000_000 },
    ]);
    // Absent levelYear = year 1: the whole level.
    const smp = child(NIK.d, "2013-07-01", "smp");
    expect(scholarshipSchedule([smp], rules, DOD)[0]).toMatchObject({ level: "smp", years: 3, amount: 6_000_000 });
    // SD grade 1 is TK–SD year 3: 6 years of TK–SD left.
    const sd1 = child(NIK.d, "2019-06-01", "tk_sd", { levelYear: 3 });
    expect(scholarshipSchedule([sd1], rules, DOD)[0]).toMatchObject({ level: "tk_sd", years: 6, amount: 9_000_000 });
  });

  it("a levelYear past the level's maximum gives nothing for that level, then the later levels", () => {
    const c = child(NIK.d, "2009-06-01", "sma", { levelYear: 4 }); // 16, repeating a year
    expect(scholarshipSchedule([c], rules, DOD)).toEqual([
      { childNik: NIK.d, level: "higher", perYear: 12_000_000, years: 5, amount: 60_000_000 },
    ]);
  });

  it("levelYear is ignored for a preschool child (counted from TK–SD year 1)", () => {
    expect(scholarshipSchedule([{ ...preschoolA, levelYear: 5 }], rules, DOD)).toEqual(fullSchedule(NIK.a));
  });

  it("the per-child cap cuts the last row short", () => {
    const capped = { ...structuredClone(rules), capPerChild: 50_000_000 };
    const rows = scholarshipSchedule([preschoolA], capped, DOD);
    expect(rows.at(-1)).toEqual({ childNik: NIK.a, level: "higher", perYear: 12_000_000, years: 5, amount: 23_000_000 });
    expect(sumOf(rows)).toBe(50_000_000);
  });

  it("maxChildren 0 gives no schedule at all", () => {
    expect(scholarshipSchedule([preschoolA], { ...rules, maxChildren: 0 }, DOD)).toEqual([]);
  });

  it("property: every child's entitlement is at most the cap, payments at most those left before 23, at most 2 children", () => {
    const levels = ["preschool", "tk_sd", "smp", "sma", "higher", "not_studying"] as const;
    const arbChild = fc.record({
      age: fc.integer({ min: 0, max: 30 }),
      schoolLevel: fc.constantFrom(...levels),
      levelYear: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      married: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbChild, { maxLength: 5 }), (specs) => {
        const children = specs.map((s, i) =>
          child(`15060101011${String(i).padStart(5, "0")}`, `${2026 - s.age}-01-01`, s.schoolLevel, {
            ...(s.levelYear !== undefined ? { levelYear: s.levelYear } : {}),
            married: s.married,
          }),
        );
        const rows = scholarshipSchedule(children, rules, DOD);
        const niks = new Set(rows.map((r) => r.childNik));
        expect(niks.size).toBeLessThanOrEqual(2);
        for (const nik of niks) {
          const own = rows.filter((r) => r.childNik === nik);
          const c = children.find((x) => x.nik === nik)!;
          expect(sumOf(own)).toBeLessThanOrEqual(87_000_000);
          expect(own.reduce((a, r) => a + r.years, 0)).toBeLessThanOrEqual(23 - ageOn(c.birthDate, DOD));
          expect(c.married).toBe(false);
          for (const r of own) expect(r.amount).toBe(r.perYear * r.years);
        }
      }),
    );
  });
});

describe("ageOn", () => {
  it("counts full years, the birthday itself included", () => {
    expect(ageOn("2003-03-15", "2026-03-15")).toBe(23);
    expect(ageOn("2003-03-16", "2026-03-15")).toBe(22);
    expect(ageOn("2003-04-01", "2026-03-15")).toBe(22);
    expect(ageOn("2003-02-28", "2026-03-15")).toBe(23);
  });

  it("is 0 for a child born on or after the date", () => {
    expect(ageOn("2026-03-15", "2026-03-15")).toBe(0);
    expect(ageOn("2026-06-01", "2026-03-15")).toBe(0);
  });
});

describe("deathBenefitTableOn", () => {
  it("the default table is in force from PP 82/2019's entry into force (2019-12-02)", () => {
    expect(deathBenefitTableOn(tables, "2019-12-02").id).toBe("pp82-2019");
    expect(deathBenefitTableOn(tables, "2026-03-15").id).toBe("pp82-2019");
  });

  it("throws for a date before 2019-12-02", () => {
    expect(() => deathBenefitTableOn(tables, "2019-12-01")).toThrow(/No death benefit table is in force on 2019-12-01/);
  });

  it("throws for overlapping tables", () => {
    const a = withTable("a", "2019-12-02", "2026-06-30");
    const b = withTable("b", "2026-06-01", undefined);
    expect(deathBenefitTableOn([a, b], "2026-05-31").id).toBe("a");
    expect(() => deathBenefitTableOn([a, b], "2026-06-15")).toThrow(/overlap on 2026-06-15: a, b/);
    expect(deathBenefitTableOn([a, b], "2026-07-01").id).toBe("b");
  });

  it("validTo is inclusive", () => {
    const a = withTable("a", "2019-12-02", "2025-12-31");
    expect(deathBenefitTableOn([a], "2025-12-31").id).toBe("a");
    expect(() => deathBenefitTableOn([a], "2026-01-01")).toThrow(/No death benefit table/);
  });

  it("throws RangeError for a date that is not a calendar date", () => {
    expect(() => deathBenefitTableOn(tables, "2026-02-30")).toThrow(RangeError);
    expect(() => deathBenefitTableOn(tables, "15-03-2026")).toThrow(RangeError);
  });
});

describe("defaultDeathBenefitTables (configuration)", () => {
  it("are valid tables with the DOMAIN.md §3 amounts", () => {
    for (const t of defaultDeathBenefitTables) expect(deathBenefitTableSchema.parse(t)).toEqual(t);
    expect(base.jkm).toEqual({ lumpSum: 20_000_000, periodic: 12_000_000, funeral: 10_000_000, scholarshipMinContributionMonths: 36 });
    expect(base.jkk).toMatchObject({ wageMonths: 48, floor: 20_000_000, periodic: 12_000_000, funeral: 10_000_000, scholarshipMinContributionMonths: 0 });
    expect(base.scholarship).toMatchObject({ capPerChild: 87_000_000, maxChildren: 2, endsAtAge: 23 });
  });

  it("the full schedule of the levels is exactly the per-child cap (8×1.5M + 3×2M + 3×3M + 5×12M = 87M)", () => {
    const full = Object.values(base.scholarship.levels).reduce((a, l) => a + l.perYear * l.maxYears, 0);
    expect(full).toBe(87_000_000);
  });

  it("the table schema refuses validTo before validFrom", () => {
    const r = deathBenefitTableSchema.safeParse({ ...base, validTo: "2019-12-01" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("validTo");
  });
});

describe("deathClaimFactsSchema", () => {
  it("accepts a natural death without a wage, and a child's levelYear", () => {
    const facts = natural(36, [{ ...preschoolA }, child(NIK.d, "2013-07-01", "smp", { levelYear: 2 })]);
    const r = deathClaimFactsSchema.safeParse(facts);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    expect(r.data?.children[1]?.levelYear).toBe(2);
  });

  it("a work accident without monthlyWage fails with path monthlyWage", () => {
    const r = deathClaimFactsSchema.safeParse({ cause: "work_accident", contributionMonths: 12, children: [] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["monthlyWage"]);
    expect(deathClaimFactsSchema.safeParse({ cause: "work_accident", monthlyWage: 3_000_000, contributionMonths: 12, children: [] }).success).toBe(true);
  });

  it("refuses the same child NIK twice at children.N.nik", () => {
    const r = deathClaimFactsSchema.safeParse(natural(36, [preschoolA, { ...preschoolB, nik: NIK.a }]));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["children.1.nik"]);
  });

  it("refuses a levelYear below 1, a fractional wage and negative contribution months", () => {
    expect(deathClaimFactsSchema.safeParse(natural(36, [{ ...preschoolA, levelYear: 0 }])).success).toBe(false);
    expect(deathClaimFactsSchema.safeParse(accident(1_500_000.5)).success).toBe(false);
    expect(deathClaimFactsSchema.safeParse(natural(-1)).success).toBe(false);
  });
});
