import { describe, it, expect } from "vitest";
import { idSchema, idTime, newId } from "../src/ids";

describe("newId", () => {
  it("is prefix_ + 26 URL-safe characters", () => {
    const id = newId("case");
    expect(id).toMatch(/^case_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(encodeURIComponent(id)).toBe(id);
    expect(idSchema("case").safeParse(id).success).toBe(true);
    expect(idSchema("wrk").safeParse(id).success).toBe(false);
  });

  it("encodes the creation time", () => {
    const t = Date.UTC(2026, 10, 26, 16, 21, 0, 123);
    expect(idTime(newId("case", t))).toBe(t);
    expect(newId("case", 0).slice(5, 15)).toBe("0000000000");
    expect(idTime(newId("case", 2 ** 48 - 1))).toBe(2 ** 48 - 1);
  });

  it("sorts by creation time as plain strings", () => {
    const times = [1, 31, 32, 1_000, 2 ** 40, 1_700_000_000_000, 1_764_174_060_000, 2 ** 48 - 1];
    const ids = times.map((t) => newId("ev", t));
    expect([...ids].sort()).toEqual(ids);
  });

  it("increases strictly within one millisecond", () => {
    const t = 1_764_174_060_000;
    const ids = Array.from({ length: 1_000 }, () => newId("ev", t));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("is random across milliseconds", () => {
    const a = newId("ev", 1_000);
    const b = newId("ev", 2_000);
    const c = newId("ev", 3_000);
    expect(new Set([a.slice(13), b.slice(13), c.slice(13)]).size).toBe(3);
  });

  it("refuses bad prefixes and times", () => {
    for (const prefix of ["", "Case", "1case", "ca_se", "a".repeat(17)]) {
      expect(() => newId(prefix), prefix).toThrow(RangeError);
    }
    expect(() => newId("case", -1)).toThrow(RangeError);
    expect(() => newId("case", 2 ** 48)).toThrow(RangeError);
    expect(() => newId("case", 1.5)).toThrow(RangeError);
    expect(() => idTime("case_!!")).toThrow(RangeError);
  });
});
