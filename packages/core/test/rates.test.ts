import { describe, it, expect } from "vitest";
import {
  checkRateTables,
  defaultDiscounts,
  defaultRateTables,
  discountSchema,
  discountsOn,
  rateTableOn,
  rateTableSchema,
  riskGroups,
  type RateTable,
} from "../src/rates";

const base = defaultRateTables[0]!;

function version(id: string, validFrom: string, validTo?: string): RateTable {
  return { ...structuredClone(base), id, validFrom, ...(validTo ? { validTo } : {}) };
}

describe("default data", () => {
  it("is valid against the schemas", () => {
    for (const t of defaultRateTables) expect(rateTableSchema.parse(t)).toEqual(t);
    for (const d of defaultDiscounts) expect(discountSchema.parse(d)).toEqual(d);
    expect(checkRateTables(defaultRateTables)).toEqual([]);
  });

  it("holds the DOMAIN.md §2 rates since PP 44/2015 took effect", () => {
    const t = rateTableOn(defaultRateTables, "2026-01-01");
    expect(t.validFrom).toBe("2015-07-01");
    expect(t.validTo).toBeUndefined();
    expect(t.source).toBe("PP 44/2015 jo. PP 82/2019 jo. PP 49/2023");
    expect(t.wageEarner.jkkBpByRiskGroup).toEqual({ I: 24, II: 54, III: 89, IV: 127, V: 174 });
    expect(t.wageEarner.jkmBp).toBe(30);
    expect(t.wageEarner.optional).toEqual({
      jht: { employerBp: 370, workerBp: 200 },
      jp: { employerBp: 200, workerBp: 100 },
    });
    expect(t.nonWageEarner.jkmFlat).toBe(6_800);
    expect(t.nonWageEarner.jkkBp).toBe(100);
    expect(t.nonWageEarner.incomeBrackets).toEqual([
      expect.objectContaining({ declaredIncome: 1_000_000 }),
    ]);
    expect(Object.keys(t.wageEarner.jkkBpByRiskGroup)).toEqual([...riskGroups]);
  });

  it("optional programmes add up to JHT 5.7 % and JP 3 %", () => {
    const { jht, jp } = base.wageEarner.optional;
    expect(jht.employerBp + jht.workerBp).toBe(570);
    expect(jp.employerBp + jp.workerBp).toBe(300);
  });

  it("the PP 50/2025 discount: 50 % off BPU JKK+JKM, April–December 2026, on for APBD payers", () => {
    expect(defaultDiscounts).toEqual([
      {
        id: "pp50-2025-bpu",
        appliesTo: "non_wage_earner",
        programmes: ["jkk", "jkm"],
        percentBp: 5_000,
        validFrom: "2026-04-01",
        validTo: "2026-12-31",
        source: "PP 50/2025",
        whenBudgetFunded: true,
      },
    ]);
  });
});

describe("rateTableOn", () => {
  const tables = [version("old", "2015-07-01", "2026-12-31"), version("new", "2027-01-01")];

  it("picks the version in force, both ends inclusive", () => {
    expect(rateTableOn(tables, "2015-07-01").id).toBe("old");
    expect(rateTableOn(tables, "2026-12-31").id).toBe("old");
    expect(rateTableOn(tables, "2027-01-01").id).toBe("new");
    expect(rateTableOn(tables, "2040-05-05").id).toBe("new");
  });

  it("errors when no version is in force", () => {
    expect(() => rateTableOn(tables, "2015-06-30")).toThrow(/No contribution rate table.*2015-06-30/);
    expect(() => rateTableOn([], "2026-01-01")).toThrow(/No contribution rate table/);
  });

  it("errors when versions overlap on the date", () => {
    const overlapping = [version("a", "2015-07-01"), version("b", "2026-01-01")];
    expect(() => rateTableOn(overlapping, "2026-02-01")).toThrow(/overlap.*a, b/);
  });

  it("refuses a malformed date", () => {
    expect(() => rateTableOn(tables, "2026-13-01")).toThrow(RangeError);
  });
});

describe("discountsOn", () => {
  it("finds the PP 50/2025 discount inside its period only", () => {
    expect(discountsOn(defaultDiscounts, "2026-03-31")).toEqual([]);
    expect(discountsOn(defaultDiscounts, "2026-04-01").map((d) => d.id)).toEqual(["pp50-2025-bpu"]);
    expect(discountsOn(defaultDiscounts, "2026-12-31")).toHaveLength(1);
    expect(discountsOn(defaultDiscounts, "2027-01-01")).toEqual([]);
  });
});

describe("checkRateTables", () => {
  it("accepts a chain of consecutive versions", () => {
    expect(
      checkRateTables([
        version("c", "2027-01-01"),
        version("a", "2015-07-01", "2025-12-31"),
        version("b", "2026-01-01", "2026-12-31"),
      ]),
    ).toEqual([]);
  });

  it("flags overlaps, including an open version followed by another", () => {
    const problems = checkRateTables([version("a", "2015-07-01"), version("b", "2026-01-01")]);
    expect(problems.map((p) => p.code)).toEqual(["overlap"]);
    expect(problems[0]!.message).toMatch(/"a".*"b"/);
    expect(
      checkRateTables([version("a", "2015-07-01", "2026-01-01"), version("b", "2026-01-01")]).map((p) => p.code),
    ).toEqual(["overlap"]);
  });

  it("flags an overlap with a long version, not only with the neighbour", () => {
    const problems = checkRateTables([
      version("long", "2015-07-01", "2030-12-31"),
      version("short", "2016-01-01", "2016-12-31"),
      version("later", "2020-01-01"),
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/"long".*"short"/),
      expect.stringMatching(/"long".*"later"/),
    ]);
  });

  it("flags a gap between versions", () => {
    const problems = checkRateTables([version("a", "2015-07-01", "2025-12-30"), version("b", "2026-01-01")]);
    expect(problems).toEqual([{ code: "gap", message: expect.stringMatching(/2025-12-31.*"b".*2026-01-01/) }]);
  });

  it("flags duplicate ids and invalid versions", () => {
    const bad = { ...version("x", "2015-07-01"), validTo: "2014-01-01" };
    const noGroupV = structuredClone(base) as unknown as { wageEarner: { jkkBpByRiskGroup: Record<string, unknown> } };
    delete noGroupV.wageEarner.jkkBpByRiskGroup.V;
    const problems = checkRateTables([
      version("a", "2015-07-01", "2020-12-31"),
      version("a", "2021-01-01"),
      bad,
      noGroupV,
      { ...base, validFrom: "2015-02-30" },
      { ...base, wageEarner: { ...base.wageEarner, jkmBp: 30.5 } },
    ]);
    expect(problems.map((p) => p.code)).toEqual(["invalid", "invalid", "invalid", "invalid", "duplicate_id"]);
    expect(problems[0]!.message).toMatch(/#3.*validTo/);
    expect(problems[1]!.message).toMatch(/#4.*jkkBpByRiskGroup\.V/);
  });
});
