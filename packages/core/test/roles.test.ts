import { describe, it, expect } from "vitest";
import { canSeeOpd, roles, roleSchema, rolesScopedToOpd } from "../src/roles";

describe("roles", () => {
  it("lists the six roles of DESIGN.md §7", () => {
    expect(roles).toEqual(["opd_operator", "opd_head", "finance_approver", "treasurer", "auditor", "admin"]);
    expect(roleSchema.safeParse("auditor").success).toBe(true);
    expect(roleSchema.safeParse("superuser").success).toBe(false);
    expect(rolesScopedToOpd).toEqual(["opd_operator", "opd_head"]);
  });
});

describe("canSeeOpd", () => {
  it("limits OPD operators and heads to their own OPD", () => {
    expect(canSeeOpd({ role: "opd_operator", opdCode: "DISNAKER" }, "DISNAKER")).toBe(true);
    expect(canSeeOpd({ role: "opd_operator", opdCode: "DISNAKER" }, "PERIKANAN")).toBe(false);
    expect(canSeeOpd({ role: "opd_head", opdCode: "PERIKANAN" }, "PERIKANAN")).toBe(true);
    expect(canSeeOpd({ role: "opd_head", opdCode: "PERIKANAN" }, "DLH")).toBe(false);
  });

  it("shows nothing to a scoped user without an OPD", () => {
    expect(canSeeOpd({ role: "opd_operator" }, "DISNAKER")).toBe(false);
    expect(canSeeOpd({ role: "opd_head", opdCode: undefined }, "DISNAKER")).toBe(false);
  });

  it("lets the other roles see every OPD", () => {
    for (const role of ["finance_approver", "treasurer", "auditor", "admin"] as const) {
      expect(canSeeOpd({ role }, "DISNAKER")).toBe(true);
      expect(canSeeOpd({ role, opdCode: "BKAD" }, "DISNAKER")).toBe(true);
    }
  });
});
