import { describe, expect, it } from "vitest";
import { maskAccount, maskNik, maskPersonalData, mayRevealPersonalData, seesPersonalData } from "../src/personal-data";
import { roles } from "../src/roles";

describe("personal data (UU PDP 27/2022)", () => {
  it("masks a NIK's birth date and an account number but its last four digits", () => {
    expect(maskNik("1506010501850003")).toBe("1506••••••••0003");
    expect(maskAccount("1234567890")).toBe("••••••7890");
    expect(maskAccount("123")).toBe("•••");
  });

  it("masks NIKs and bank account numbers at any depth, and nothing else", () => {
    const data = {
      deceased: { nik: "1506010501850003", name: "Budi" },
      heirs: [{ nik: "1506024503880001", name: "Siti", bankAccount: { bank: "Bank Jambi", number: "1110001", holder: "Siti" } }],
      documents: { familyCardNo: "1506020101100001", deathCertificateNo: "474.3/123/2026" },
      scholarshipSchedule: [{ childNik: "1506021207150001", amount: 12_000_000 }],
      number: "42",
    };
    const masked = maskPersonalData(data);
    expect(masked).toEqual({
      deceased: { nik: "1506••••••••0003", name: "Budi" },
      heirs: [{ nik: "1506••••••••0001", name: "Siti", bankAccount: { bank: "Bank Jambi", number: "•••0001", holder: "Siti" } }],
      documents: { familyCardNo: "1506••••••••0001", deathCertificateNo: "474.3/123/2026" },
      scholarshipSchedule: [{ childNik: "1506••••••••0001", amount: 12_000_000 }],
      number: "42",
    });
    expect(data.deceased.nik).toBe("1506010501850003"); // a copy: the input is untouched
  });

  it("shows them in full only to the roles whose work needs them; only the auditor reveals", () => {
    expect(roles.filter(seesPersonalData)).toEqual(["opd_operator", "opd_head", "finance_approver", "treasurer"]);
    expect(roles.filter(mayRevealPersonalData)).toEqual(["auditor"]);
  });
});
