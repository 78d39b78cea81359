import { describe, it, expect } from "vitest";
import { nikSchema, nikWarningMessages, tanjabBaratDistricts, validateNik, type NikResult } from "../src/nik";

const TODAY = "2026-11-26";

function reasonCodes(result: NikResult): string[] {
  return result.ok ? [] : result.reasons.map((r) => r.code);
}

describe("validateNik — DOMAIN.md vectors", () => {
  it("N1: 1506025208900001 is a woman from Tungkal Ilir born 12-08-1990", () => {
    expect(validateNik("1506025208900001", TODAY)).toEqual({
      ok: true,
      nik: "1506025208900001",
      province: "15",
      regency: "15.06",
      district: "15.06.02",
      districtName: "Tungkal Ilir",
      sex: "female",
      birthDate: "1990-08-12",
      serial: "0001",
      warnings: [],
    });
  });

  it("N2: 1506010501850003 is a man born 05-01-1985", () => {
    const result = validateNik("1506010501850003", TODAY);
    expect(result).toMatchObject({
      ok: true,
      sex: "male",
      birthDate: "1985-01-05",
      district: "15.06.01",
      districtName: "Tungkal Ulu",
      serial: "0003",
      warnings: [],
    });
  });

  it.each([
    ["15 digits", "150601050185000", "length"],
    ["17 digits", "15060105018500031", "length"],
    ["day 00", "1506010001850003", "day"],
    ["day 32", "1506013201850003", "day"],
    ["day 40", "1506014001850003", "day"],
    ["day 72", "1506017201850003", "day"],
    ["day 99", "1506019901850003", "day"],
    ["month 13", "1506010513850003", "month"],
    ["month 00", "1506010500850003", "month"],
    ["serial 0000", "1506010501850000", "serial"],
  ])("N3: %s is invalid (%s)", (_label, nik, code) => {
    const result = validateNik(nik, TODAY);
    expect(result.ok).toBe(false);
    expect(reasonCodes(result)).toEqual([code]);
    if (!result.ok) expect(result.reasons[0]!.message.length).toBeGreaterThan(10);
  });

  it("N4: 3273056010900009 (Bandung) is accepted with the outside_regency warning", () => {
    const result = validateNik("3273056010900009", TODAY);
    expect(result).toEqual({
      ok: true,
      nik: "3273056010900009",
      province: "32",
      regency: "32.73",
      district: "32.73.05",
      sex: "female",
      birthDate: "1990-10-20",
      serial: "0009",
      warnings: ["outside_regency"],
    });
    expect(nikWarningMessages.outside_regency).toMatch(/Tanjung Jabung Barat/);
  });
});

describe("validateNik — shape", () => {
  it("refuses non-digits", () => {
    expect(reasonCodes(validateNik("15060105O1850003", TODAY))).toEqual(["digits"]);
    expect(reasonCodes(validateNik("1506-0105-0185-0003", TODAY))).toEqual(["digits", "length"]);
    expect(reasonCodes(validateNik("", TODAY))).toEqual(["digits", "length"]);
  });

  it("trims surrounding whitespace", () => {
    expect(validateNik(" 1506010501850003\n", TODAY)).toMatchObject({ ok: true, nik: "1506010501850003" });
  });

  it("reports every impossible field at once", () => {
    expect(reasonCodes(validateNik("0000000000000000", TODAY))).toEqual([
      "province",
      "regency",
      "district",
      "day",
      "month",
      "serial",
    ]);
  });
});

describe("validateNik — dates", () => {
  it("refuses 30 February", () => {
    const result = validateNik("1506013002850003", TODAY);
    expect(reasonCodes(result)).toEqual(["date"]);
    if (!result.ok) expect(result.reasons[0]!.message).toMatch(/1985-02-30/);
  });

  it("accepts a woman's day 71 in a 31-day month, refuses it in a 30-day month", () => {
    expect(validateNik("1506017101850003", TODAY)).toMatchObject({
      ok: true,
      sex: "female",
      birthDate: "1985-01-31",
    });
    expect(reasonCodes(validateNik("1506017104850003", TODAY))).toEqual(["date"]);
  });

  it("knows leap years, including 2000", () => {
    expect(validateNik("1506016902000001", TODAY)).toMatchObject({ ok: true, birthDate: "2000-02-29" });
    expect(validateNik("1506012902880001", TODAY)).toMatchObject({ ok: true, birthDate: "1988-02-29" });
    expect(reasonCodes(validateNik("1506012902010001", TODAY))).toEqual(["date"]);
  });

  it("picks the century so the birth date is not after today", () => {
    expect(validateNik("1506010101250001", "2026-05-01")).toMatchObject({ birthDate: "2025-01-01" });
    expect(validateNik("1506010101250001", "2024-12-31")).toMatchObject({ birthDate: "1925-01-01" });
    // Born today is not the future.
    expect(validateNik("1506012611260001", "2026-11-26")).toMatchObject({ birthDate: "2026-11-26" });
    expect(validateNik("1506012711260001", "2026-11-26")).toMatchObject({ birthDate: "1926-11-27" });
  });

  it("reads a Date 'today' in WIB, not UTC", () => {
    // 17:30Z on 11 August is already 12 August in Jakarta.
    const today = new Date("2026-08-11T17:30:00Z");
    expect(validateNik("1506011208260001", today)).toMatchObject({ birthDate: "2026-08-12" });
  });

  it("defaults 'today' to now", () => {
    expect(validateNik("1506010501850003")).toMatchObject({ ok: true, birthDate: "1985-01-05" });
  });
});

describe("validateNik — region codes", () => {
  it("names all 13 districts of Tanjung Jabung Barat", () => {
    expect(tanjabBaratDistricts).toHaveLength(13);
    expect(validateNik("1506130501850003", TODAY)).toMatchObject({ ok: true, districtName: "Senyerang" });
    expect(validateNik("1506100501850003", TODAY)).toMatchObject({ ok: true, districtName: "Seberang Kota" });
  });

  it("refuses a district that does not exist", () => {
    expect(reasonCodes(validateNik("1506140501850003", TODAY))).toEqual(["district"]);
    expect(reasonCodes(validateNik("1506000501850003", TODAY))).toEqual(["district"]);
    expect(reasonCodes(validateNik("3273000501850003", TODAY))).toEqual(["district"]);
  });

  it("accepts any district number elsewhere, without a name", () => {
    const result = validateNik("1571400501850003", TODAY); // Kota Jambi
    expect(result).toMatchObject({ ok: true, warnings: ["outside_regency"] });
    expect(result.ok && result.districtName).toBeUndefined();
  });

  it("refuses unknown province and regency codes", () => {
    expect(reasonCodes(validateNik("9906010501850003", TODAY))).toEqual(["province"]);
    expect(reasonCodes(validateNik("2006010501850003", TODAY))).toEqual(["province"]);
    expect(reasonCodes(validateNik("1500010501850003", TODAY))).toEqual(["regency"]);
    expect(validateNik("9601010501850003", TODAY).ok).toBe(true); // a new Papua province
  });
});

describe("nikSchema", () => {
  it("passes a valid NIK and carries the reasons of an invalid one", () => {
    expect(nikSchema.parse(" 1506025208900001 ")).toBe("1506025208900001");
    const result = nikSchema.safeParse("1506010513850000");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toHaveLength(2);
  });
});
