import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { coverageBaselineSchema, coverageFigures, defaultCoverageBaseline } from "../src/coverage";

describe("coverageFigures", () => {
  it("U1: 42,000 of 112,000 → 37.5 %; target 55 % = 61,600; gap 19,600", () => {
    expect(coverageFigures({ workforce: 112_000, enrolled: 42_000, target: 0.55 })).toEqual({
      workforce: 112_000,
      enrolled: 42_000,
      rate: 0.375,
      target: 0.55,
      targetCount: 61_600,
      gap: 19_600,
    });
  });

  it("does not fall for the float product (112,000 × 0.55 = 61,600.00000000001)", () => {
    expect(112_000 * 0.55).toBeGreaterThan(61_600);
    expect(coverageFigures({ workforce: 112_000, enrolled: 0, target: 0.55 }).targetCount).toBe(61_600);
  });

  it("rounds the target count up to a whole participant", () => {
    expect(coverageFigures({ workforce: 3, enrolled: 0, target: 0.5 }).targetCount).toBe(2);
    expect(coverageFigures({ workforce: 112_001, enrolled: 0, target: 0.55 }).targetCount).toBe(61_601); // 61,600.55
    expect(coverageFigures({ workforce: 112_000, enrolled: 0, target: 1e-7 }).targetCount).toBe(1); // 0.0112
    expect(coverageFigures({ workforce: 112_000, enrolled: 0, target: 0 }).targetCount).toBe(0);
    expect(coverageFigures({ workforce: 112_000, enrolled: 0, target: 1 }).targetCount).toBe(112_000);
  });

  it("has no gap once the target is reached, and reports a rate above 1 beyond the workforce estimate", () => {
    expect(coverageFigures({ workforce: 112_000, enrolled: 61_600, target: 0.55 }).gap).toBe(0);
    expect(coverageFigures({ workforce: 112_000, enrolled: 70_000, target: 0.55 }).gap).toBe(0);
    expect(coverageFigures({ workforce: 100, enrolled: 120, target: 0.55 })).toMatchObject({ rate: 1.2, gap: 0 });
  });

  it("refuses impossible inputs", () => {
    const ok = { workforce: 112_000, enrolled: 42_000, target: 0.55 };
    for (const bad of [
      { ...ok, workforce: 0 },
      { ...ok, workforce: 1.5 },
      { ...ok, enrolled: -1 },
      { ...ok, enrolled: Number.NaN },
      { ...ok, target: 1.01 },
      { ...ok, target: -0.1 },
      { ...ok, target: Number.NaN },
    ]) {
      expect(() => coverageFigures(bad), JSON.stringify(bad)).toThrow(RangeError);
    }
  });

  it("property: targetCount = ceil(workforce × k / 1,000) exactly, gap = max(0, targetCount − enrolled)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 1_000 }),
        (workforce, enrolled, k) => {
          const f = coverageFigures({ workforce, enrolled, target: k / 1_000 });
          const exact = Math.floor((workforce * k + 999) / 1_000); // integer ceiling, exact below 2^53
          expect(f.targetCount).toBe(exact);
          expect(f.gap).toBe(Math.max(0, exact - enrolled));
          expect(f.rate).toBe(enrolled / workforce);
        },
      ),
    );
  });
});

describe("defaultCoverageBaseline (configuration)", () => {
  it("holds the DOMAIN.md §1 figures and is valid configuration", () => {
    expect(defaultCoverageBaseline).toEqual({ workforce: 112_000, baselineEnrolled: 42_000, target: 0.55 });
    expect(coverageBaselineSchema.parse(defaultCoverageBaseline)).toEqual(defaultCoverageBaseline);
    expect(Object.isFrozen(defaultCoverageBaseline)).toBe(true);
  });

  it("gives the U1 figures", () => {
    const { workforce, baselineEnrolled, target } = defaultCoverageBaseline;
    expect(coverageFigures({ workforce, enrolled: baselineEnrolled, target })).toMatchObject({
      rate: 0.375,
      targetCount: 61_600,
      gap: 19_600,
    });
  });

  it("the schema refuses a target outside 0–1 and a non-integer workforce", () => {
    expect(coverageBaselineSchema.safeParse({ ...defaultCoverageBaseline, target: 55 }).success).toBe(false);
    expect(coverageBaselineSchema.safeParse({ ...defaultCoverageBaseline, workforce: 112_000.5 }).success).toBe(false);
  });
});
