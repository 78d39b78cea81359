import { describe, it, expect } from "vitest";
import { defaultOpds, opdCodeSchema, opdSchema } from "../src/opds";

describe("defaultOpds", () => {
  it("are valid and have unique codes", () => {
    for (const opd of defaultOpds) expect(opdSchema.parse(opd)).toEqual(opd);
    const codes = defaultOpds.map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(defaultOpds).toHaveLength(21);
  });

  it("include the OPDs other packages refer to by code", () => {
    const byCode = new Map(defaultOpds.map((o) => [o.code, o]));
    expect(byCode.get("DISNAKER")?.name).toBe("Dinas Tenaga Kerja");
    expect(byCode.get("PERIKANAN")?.name).toBe("Dinas Perikanan");
    expect(byCode.get("BKAD")?.name).toBe("Badan Keuangan dan Aset Daerah");
    expect(byCode.get("INSPEKTORAT")).toBeDefined();
  });

  it("default to risk group I, higher for field work", () => {
    const raised = defaultOpds.filter((o) => o.riskGroup !== "I").map((o) => [o.code, o.riskGroup]);
    expect(raised).toEqual([
      ["DLH", "II"],
      ["SATPOLPP_DAMKAR", "III"],
      ["PUPR", "III"],
    ]);
  });
});

describe("opdSchema", () => {
  it("refuses bad codes, names and risk groups", () => {
    const ok = { code: "DISNAKER", name: "Dinas Tenaga Kerja", riskGroup: "I" };
    expect(opdSchema.safeParse(ok).success).toBe(true);
    for (const code of ["disnaker", "D", "1DINAS", "DINAS-X", "A".repeat(33)]) {
      expect(opdSchema.safeParse({ ...ok, code }).success, code).toBe(false);
    }
    expect(opdSchema.safeParse({ ...ok, code: "A".repeat(32) }).success).toBe(true);
    expect(opdCodeSchema.safeParse("SATPOLPP_DAMKAR").success).toBe(true);
    expect(opdCodeSchema.safeParse("satpol").success).toBe(false);
    expect(opdSchema.safeParse({ ...ok, name: "Di" }).success).toBe(false);
    expect(opdSchema.safeParse({ ...ok, name: "x".repeat(121) }).success).toBe(false);
    expect(opdSchema.safeParse({ ...ok, riskGroup: "VI" }).success).toBe(false);
  });
});
