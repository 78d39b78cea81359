import { describe, it, expect } from "vitest";
import {
  applyBasisPoints,
  formatRupiah,
  parseRupiah,
  roundHalfUpRupiah,
  rupiahSchema,
} from "../src/money";

describe("rupiahSchema", () => {
  it("accepts non-negative safe integers only", () => {
    expect(rupiahSchema.safeParse(42_000_000).success).toBe(true);
    expect(rupiahSchema.safeParse(0).success).toBe(true);
    expect(rupiahSchema.safeParse(-1).success).toBe(false);
    expect(rupiahSchema.safeParse(1.5).success).toBe(false);
    expect(rupiahSchema.safeParse(2 ** 53).success).toBe(false);
    expect(rupiahSchema.safeParse("1000").success).toBe(false);
  });
});

describe("applyBasisPoints", () => {
  // The DOMAIN.md §6 contribution vectors (C1–C7) are priced end to end in contributions.test.ts.
  it("takes a rate of an amount", () => {
    expect(applyBasisPoints(2_500_000, 24)).toBe(6_000);
    expect(applyBasisPoints(3_551_430, 30)).toBe(10_654); // 10,654.29
  });

  it("rounds exactly half up", () => {
    expect(applyBasisPoints(5, 1_000)).toBe(1); // 0.5
    expect(applyBasisPoints(4, 1_000)).toBe(0); // 0.4
    expect(applyBasisPoints(15, 5_000)).toBe(8); // 7.5
    expect(applyBasisPoints(-15, 5_000)).toBe(-8); // symmetric
    expect(applyBasisPoints(0, 24)).toBe(0);
  });

  it("stays exact for amounts in the trillions", () => {
    // 9,007,199,254,740,991 × 5,000 / 10,000 = 4,503,599,627,370,495.5 → …496
    expect(applyBasisPoints(Number.MAX_SAFE_INTEGER, 5_000)).toBe(4_503_599_627_370_496);
    expect(applyBasisPoints(2_400_000_000_000, 24)).toBe(5_760_000_000);
    expect(applyBasisPoints(162_000_000_005, 5_000)).toBe(81_000_000_003);
  });

  it("does not fall for float rates (625 × 0.0024 = 1.4999999999999998 in floats)", () => {
    expect(625 * (24 / 10_000)).toBeLessThan(1.5);
    expect(applyBasisPoints(625, 24)).toBe(2);
    expect(applyBasisPoints(12_500, 174)).toBe(218);
  });

  it("refuses non-integers and results beyond safe integers", () => {
    expect(() => applyBasisPoints(1.5, 24)).toThrow(RangeError);
    expect(() => applyBasisPoints(100, 2.4)).toThrow(RangeError);
    expect(() => applyBasisPoints(Number.MAX_SAFE_INTEGER, 20_000)).toThrow(/too large/);
  });
});

describe("roundHalfUpRupiah", () => {
  it("rounds decimal text half up", () => {
    expect(roundHalfUpRupiah("3329595.77")).toBe(3_329_596);
    expect(roundHalfUpRupiah("3329595.5")).toBe(3_329_596);
    expect(roundHalfUpRupiah("3329595.49999")).toBe(3_329_595);
    expect(roundHalfUpRupiah("3551430")).toBe(3_551_430);
    expect(roundHalfUpRupiah(" 100.50 ")).toBe(101);
    expect(roundHalfUpRupiah("-0.4")).toBe(0);
    expect(roundHalfUpRupiah("-2.5")).toBe(-3);
  });

  it("rounds numbers by the decimal the caller wrote, not the float", () => {
    expect(roundHalfUpRupiah(3329595.77)).toBe(3_329_596);
    expect(roundHalfUpRupiah(2.5)).toBe(3);
    expect(roundHalfUpRupiah(0.5)).toBe(1);
    expect(roundHalfUpRupiah(1e-7)).toBe(0);
    expect(roundHalfUpRupiah(42)).toBe(42);
  });

  it("refuses text that is not a plain decimal", () => {
    for (const bad of ["", "abc", "3.329.595,77", "1e5", "12.", ".5", "Rp100"]) {
      expect(() => roundHalfUpRupiah(bad), bad).toThrow(RangeError);
    }
    expect(() => roundHalfUpRupiah(Number.NaN)).toThrow(RangeError);
    expect(() => roundHalfUpRupiah(1e21)).toThrow(/too large/);
  });
});

describe("formatRupiah", () => {
  it("uses dots for thousands and no space", () => {
    expect(formatRupiah(42_000_000)).toBe("Rp42.000.000");
    expect(formatRupiah(19_177)).toBe("Rp19.177");
    expect(formatRupiah(999)).toBe("Rp999");
    expect(formatRupiah(0)).toBe("Rp0");
    expect(formatRupiah(1_000)).toBe("Rp1.000");
    expect(formatRupiah(-1_000)).toBe("-Rp1.000");
    expect(formatRupiah(174_000_000_000)).toBe("Rp174.000.000.000");
  });

  it("refuses fractions", () => {
    expect(() => formatRupiah(1.5)).toThrow(RangeError);
  });
});

describe("parseRupiah", () => {
  it("reads the usual ways of writing an amount", () => {
    expect(parseRupiah("Rp42.000.000")).toBe(42_000_000);
    expect(parseRupiah("42000000")).toBe(42_000_000);
    expect(parseRupiah("42.000.000")).toBe(42_000_000);
    expect(parseRupiah("Rp 42.000.000")).toBe(42_000_000);
    expect(parseRupiah("rp. 1.000")).toBe(1_000);
    expect(parseRupiah("Rp42.000.000,00")).toBe(42_000_000);
    expect(parseRupiah("Rp42.000.000,-")).toBe(42_000_000);
    expect(parseRupiah(" 0 ")).toBe(0);
    expect(parseRupiah("999")).toBe(999);
  });

  it("round-trips formatRupiah", () => {
    for (const n of [0, 7, 6_800, 16_800, 42_000_000, 174_000_000_000]) {
      expect(parseRupiah(formatRupiah(n))).toBe(n);
    }
  });

  it("refuses ambiguous or malformed input with a clear message", () => {
    expect(() => parseRupiah("")).toThrow(/No amount/);
    expect(() => parseRupiah("Rp")).toThrow(/No amount/);
    expect(() => parseRupiah("42.000.00")).toThrow(/Not a rupiah amount/);
    expect(() => parseRupiah("42,000,000")).toThrow(/Not a rupiah amount/);
    expect(() => parseRupiah("1.0000")).toThrow(/Not a rupiah amount/);
    expect(() => parseRupiah("Rp42.000.000,50")).toThrow(/without cents/);
    expect(() => parseRupiah("-Rp1.000")).toThrow(/negative/);
    expect(() => parseRupiah("empat puluh")).toThrow(/Not a rupiah amount/);
    expect(() => parseRupiah("99999999999999999")).toThrow(/too large/);
  });
});
