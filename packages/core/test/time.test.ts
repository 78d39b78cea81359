import { describe, it, expect } from "vitest";
import { formatDateId, formatWib, instantSchema, toIsoWib, wibDate } from "../src/time";

describe("formatWib", () => {
  it("shows Jakarta wall-clock time in Indonesian style", () => {
    expect(formatWib("2026-11-26T16:21:00Z")).toBe("26 November 2026 23.21 WIB");
    expect(formatWib(new Date("2026-01-04T22:05:00Z"))).toBe("5 Januari 2026 05.05 WIB");
    expect(formatWib("2026-08-12T09:30:00+07:00")).toBe("12 Agustus 2026 09.30 WIB");
  });

  it("crosses midnight, month and year ends", () => {
    expect(formatWib("2026-12-31T17:00:00Z")).toBe("1 Januari 2027 00.00 WIB");
    expect(formatWib("2024-02-28T17:30:00Z")).toBe("29 Februari 2024 00.30 WIB");
  });

  it("reads instants given in other offsets", () => {
    expect(formatWib("2026-11-27T01:21:00+09:00")).toBe("26 November 2026 23.21 WIB");
  });

  it("refuses instants without an offset (they would depend on the machine's zone)", () => {
    expect(() => formatWib("2026-11-26T16:21:00")).toThrow(/offset/);
    expect(() => formatWib("2026-11-26")).toThrow(/offset/);
    expect(() => formatWib(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("wibDate", () => {
  it("17:30Z is already the next day in WIB", () => {
    expect(wibDate("2026-08-11T17:30:00Z")).toBe("2026-08-12");
    expect(wibDate("2026-08-11T16:59:59.999Z")).toBe("2026-08-11");
    expect(wibDate("2026-08-11T17:00:00Z")).toBe("2026-08-12");
  });
});

describe("toIsoWib", () => {
  it("writes the WIB wall clock with a +07:00 offset", () => {
    expect(toIsoWib("2026-08-11T17:30:00Z")).toBe("2026-08-12T00:30:00.000+07:00");
    expect(toIsoWib(new Date("2026-11-26T16:21:05.123Z"))).toBe("2026-11-26T23:21:05.123+07:00");
  });

  it("names the same instant", () => {
    const instant = new Date("2026-03-01T02:03:04.005Z");
    expect(new Date(toIsoWib(instant)).getTime()).toBe(instant.getTime());
    expect(instantSchema.safeParse(toIsoWib(instant)).success).toBe(true);
  });
});

describe("formatDateId", () => {
  it("writes a calendar date with the Indonesian month name", () => {
    expect(formatDateId("2026-08-12")).toBe("12 Agustus 2026");
    expect(formatDateId("1985-01-05")).toBe("5 Januari 1985");
    expect(formatDateId("2024-02-29")).toBe("29 Februari 2024");
    expect(
      ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) =>
        formatDateId(`2026-${m}-01`).split(" ")[1],
      ),
    ).toEqual([
      "Januari", "Februari", "Maret", "April", "Mei", "Juni",
      "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ]);
  });

  it("refuses dates that do not exist", () => {
    expect(() => formatDateId("2026-02-30")).toThrow(RangeError);
    expect(() => formatDateId("12-08-2026")).toThrow(RangeError);
  });
});

describe("instantSchema", () => {
  it("requires an offset", () => {
    expect(instantSchema.safeParse("2026-11-26T16:21:00Z").success).toBe(true);
    expect(instantSchema.safeParse("2026-11-26T23:21:00+07:00").success).toBe(true);
    expect(instantSchema.safeParse("2026-11-26T23:21:00").success).toBe(false);
  });
});
