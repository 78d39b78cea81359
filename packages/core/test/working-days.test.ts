import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  addWorkingDays,
  claimSla,
  defaultHolidays,
  defaultSlaRule,
  holidays2026,
  holidaySchema,
  isWorkingDay,
  slaRuleSchema,
  workingDaysBetween,
  type ClaimSlaInput,
} from "../src/working-days";

const H = defaultHolidays;
/** 2026-01-01 + n days, as YYYY-MM-DD. */
const day2026 = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
/** 0 Sunday … 6 Saturday. */
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** D1's benefit paid at once. */
const BENEFIT = 42_000_000;
function sla(input: Partial<ClaimSlaInput> & Pick<ClaimSlaInput, "completeAt">) {
  return claimSla({ now: "2026-12-31T00:00:00Z", benefitTotal: BENEFIT, holidays: H, ...input });
}

describe("DOMAIN.md §6 vectors", () => {
  it("D8: a complete claim paid 5 working days later → late 2 working days, penalty 1 % × 2 × 42,000,000 = 840,000", () => {
    // Complete Monday 2026-03-02; due Thursday 03-05; paid Monday 03-09 (5 working days later).
    expect(addWorkingDays("2026-03-02", 5, H)).toBe("2026-03-09");
    expect(sla({ completeAt: "2026-03-02T10:00:00+07:00", paidAt: "2026-03-09T10:00:00+07:00" })).toEqual({
      dueAt: "2026-03-05T23:59:59.999+07:00",
      late: true,
      lateDays: 2,
      penalty: 840_000,
    });
  });

  it("D8: paid on the 3rd working day → not late, penalty 0", () => {
    expect(sla({ completeAt: "2026-03-02T10:00:00+07:00", paidAt: "2026-03-05T23:59:59+07:00" })).toEqual({
      dueAt: "2026-03-05T23:59:59.999+07:00",
      late: false,
      lateDays: 0,
      penalty: 0,
    });
  });

  it("D8: the due date skips weekends and national holidays (complete 2026-03-18: Nyepi 03-19 and the weekend 03-21/22 skipped)", () => {
    // 03-20 (cuti bersama, a working day by default) = 1, 03-23 = 2, 03-24 = 3.
    expect(sla({ completeAt: "2026-03-18T09:00:00+07:00", paidAt: "2026-03-24T09:00:00+07:00" })).toMatchObject({
      dueAt: "2026-03-24T23:59:59.999+07:00",
      late: false,
    });
    // With the collective leave days off too, 03-18…03-24 are all days off: due Friday 03-27.
    expect(claimSla({ completeAt: "2026-03-18T09:00:00+07:00", now: "2026-03-18T09:00:00+07:00", benefitTotal: BENEFIT, holidays: holidays2026 }).dueAt).toBe(
      "2026-03-27T23:59:59.999+07:00",
    );
  });
});

describe("claimSla", () => {
  it("days are WIB days: complete at 2026-03-02T20:00:00Z (03-03 03:00 WIB) is due 3 working days after 2026-03-03", () => {
    expect(sla({ completeAt: "2026-03-02T20:00:00Z", paidAt: "2026-03-06T16:59:59Z" })).toEqual({
      dueAt: "2026-03-06T23:59:59.999+07:00",
      late: false,
      lateDays: 0,
      penalty: 0,
    });
    // 17:00Z on the 6th is already the 7th in WIB: late, though a Saturday costs no working day.
    expect(sla({ completeAt: "2026-03-02T20:00:00Z", paidAt: "2026-03-06T17:00:00Z" })).toEqual({
      dueAt: "2026-03-06T23:59:59.999+07:00",
      late: true,
      lateDays: 0,
      penalty: 0,
    });
    // Just before midnight WIB on the 2nd: still the 2nd, due the 5th.
    expect(sla({ completeAt: "2026-03-02T16:59:59Z" }).dueAt).toBe("2026-03-05T23:59:59.999+07:00");
  });

  it("dueAt is the end of the WIB day, and a claim complete at any hour of a Monday is due by the end of Thursday", () => {
    for (const hour of ["00:00:00", "08:00:00", "23:59:59"]) {
      expect(sla({ completeAt: `2026-03-02T${hour}+07:00` }).dueAt).toBe("2026-03-05T23:59:59.999+07:00");
    }
    expect(sla({ completeAt: new Date("2026-03-02T03:00:00Z") }).dueAt).toMatch(/^2026-03-05T23:59:59\.999\+07:00$/);
  });

  it("a payment on the weekend after a Friday deadline is late but costs no working day; the Monday after costs one", () => {
    const completeAt = "2026-03-03T09:00:00+07:00"; // Tuesday → due Friday 03-06
    expect(sla({ completeAt, paidAt: "2026-03-08T09:00:00+07:00" })).toMatchObject({ late: true, lateDays: 0, penalty: 0 });
    expect(sla({ completeAt, paidAt: "2026-03-09T09:00:00+07:00" })).toMatchObject({ late: true, lateDays: 1, penalty: 420_000 });
  });

  it("while unpaid, the penalty accrues by `now`", () => {
    const completeAt = "2026-03-02T10:00:00+07:00"; // due 03-05
    expect(claimSla({ completeAt, now: "2026-03-04T10:00:00+07:00", benefitTotal: BENEFIT, holidays: H })).toEqual({
      dueAt: "2026-03-05T23:59:59.999+07:00",
      late: false,
      lateDays: 0,
      penalty: 0,
    });
    // 03-06 and 03-09, 03-10 are late working days.
    expect(claimSla({ completeAt, now: "2026-03-10T10:00:00+07:00", benefitTotal: BENEFIT, holidays: H })).toEqual({
      dueAt: "2026-03-05T23:59:59.999+07:00",
      late: true,
      lateDays: 3,
      penalty: 1_260_000,
    });
    // paidAt undefined is the same as absent; once paid, `now` no longer matters.
    expect(claimSla({ completeAt, paidAt: undefined, now: "2026-03-10T10:00:00+07:00", benefitTotal: BENEFIT, holidays: H }).lateDays).toBe(3);
    expect(claimSla({ completeAt, paidAt: "2026-03-06T10:00:00+07:00", now: "2026-12-01T10:00:00+07:00", benefitTotal: BENEFIT, holidays: H })).toMatchObject({
      lateDays: 1,
      penalty: 420_000,
    });
  });

  it("late working days skip national holidays", () => {
    // Complete Tuesday 2026-03-31: 04-01, 04-02, then Good Friday 04-03 and the weekend skipped → due Monday 04-06.
    const r = sla({ completeAt: "2026-03-31T09:00:00+07:00", paidAt: "2026-04-08T09:00:00+07:00" });
    expect(r).toEqual({ dueAt: "2026-04-06T23:59:59.999+07:00", late: true, lateDays: 2, penalty: 840_000 });
  });

  it("the penalty rounds half up to a rupiah and scales with the rule", () => {
    const completeAt = "2026-03-02T10:00:00+07:00";
    const paidAt = "2026-03-06T10:00:00+07:00"; // 1 working day late
    expect(sla({ completeAt, paidAt, benefitTotal: 150 }).penalty).toBe(2); // 1.5 → 2
    expect(sla({ completeAt, paidAt, benefitTotal: 149 }).penalty).toBe(1); // 1.49 → 1
    const rule = { workingDays: 1, penaltyBpPerDay: 50, source: "test" };
    // Due 03-03; paid 03-06 → 3 working days late × 0.5 %.
    expect(sla({ completeAt, paidAt, rule })).toMatchObject({ dueAt: "2026-03-03T23:59:59.999+07:00", lateDays: 3, penalty: 630_000 });
  });

  it("refuses a benefit that is not whole rupiah and an instant without an offset", () => {
    expect(() => sla({ completeAt: "2026-03-02T10:00:00+07:00", benefitTotal: -1 })).toThrow(RangeError);
    expect(() => sla({ completeAt: "2026-03-02T10:00:00+07:00", benefitTotal: 0.5 })).toThrow(RangeError);
    expect(() => sla({ completeAt: "2026-03-02T10:00:00" })).toThrow(RangeError);
  });

  it("the default rule: 3 working days, 1 % (100 bp) a day", () => {
    expect(defaultSlaRule).toMatchObject({ workingDays: 3, penaltyBpPerDay: 100 });
    expect(slaRuleSchema.parse(defaultSlaRule)).toEqual(defaultSlaRule);
    expect(Object.isFrozen(defaultSlaRule)).toBe(true);
  });
});

describe("isWorkingDay", () => {
  it("weekend days are not working days, weekdays without a holiday are", () => {
    expect(isWorkingDay("2026-03-07", H)).toBe(false); // Saturday
    expect(isWorkingDay("2026-03-08", H)).toBe(false); // Sunday
    for (const d of ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]) expect(isWorkingDay(d, H), d).toBe(true);
    // Before 1970 (negative day numbers) too: 1969-12-27 was a Saturday, 1969-12-31 a Wednesday.
    expect(isWorkingDay("1969-12-27", [])).toBe(false);
    expect(isWorkingDay("1969-12-31", [])).toBe(true);
  });

  it("property: over 2026 with no holidays, a day is a working day exactly when it is Monday–Friday", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), (n) => {
        const d = day2026(n);
        const wd = weekday(d);
        expect(isWorkingDay(d, [])).toBe(wd !== 0 && wd !== 6);
      }),
    );
  });

  it("every national holiday of defaultHolidays is not a working day", () => {
    const nationals = holidays2026.filter((h) => h.kind === "national");
    expect(nationals).toHaveLength(17);
    for (const h of nationals) expect(isWorkingDay(h.date, H), h.date).toBe(false);
  });

  it("collective-leave days are working days by default, and not when the leave is configured as days off", () => {
    const leave = holidays2026.filter((h) => h.kind === "collective_leave");
    expect(leave).toHaveLength(8);
    for (const h of leave) {
      expect(isWorkingDay(h.date, H), h.date).toBe(true);
      expect(isWorkingDay(h.date, holidays2026), h.date).toBe(false);
    }
  });

  it("throws for a date that is not a calendar date", () => {
    expect(() => isWorkingDay("2026-02-29", H)).toThrow(RangeError);
    expect(() => isWorkingDay("2026-3-2", H)).toThrow(RangeError);
  });
});

describe("addWorkingDays / workingDaysBetween", () => {
  it("n = 0 is the date itself, even on a weekend; from a weekend the next working day is Monday", () => {
    expect(addWorkingDays("2026-03-07", 0, H)).toBe("2026-03-07");
    expect(addWorkingDays("2026-03-07", 1, H)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-06", 1, H)).toBe("2026-03-09");
  });

  it("crosses a year boundary and a holiday", () => {
    expect(addWorkingDays("2025-12-31", 1, H)).toBe("2026-01-02"); // 01-01 New Year
    expect(workingDaysBetween("2025-12-31", "2026-01-02", H)).toBe(1);
  });

  it("counts after a up to and including b, negative when b is before a", () => {
    expect(workingDaysBetween("2026-03-02", "2026-03-02", H)).toBe(0);
    expect(workingDaysBetween("2026-03-02", "2026-03-09", H)).toBe(5);
    expect(workingDaysBetween("2026-03-09", "2026-03-02", H)).toBe(-5);
    expect(workingDaysBetween("2026-03-06", "2026-03-08", H)).toBe(0);
  });

  it("refuses a negative or fractional n and a bad date", () => {
    expect(() => addWorkingDays("2026-03-02", -1, H)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-03-02", 1.5, H)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-13-01", 1, H)).toThrow(RangeError);
    expect(() => workingDaysBetween("2026-03-02", "2026-02-30", H)).toThrow(RangeError);
  });

  it("property: workingDaysBetween(a, addWorkingDays(a, n)) = n over dates in 2026, with either holiday list", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), (offset, n, withLeave) => {
        const holidays = withLeave ? holidays2026 : H;
        const a = day2026(offset);
        const b = addWorkingDays(a, n, holidays);
        expect(workingDaysBetween(a, b, holidays)).toBe(n);
        // + 0: with no working day between them the count back is -0, which toBe tells from 0.
        expect(workingDaysBetween(b, a, holidays) + 0).toBe(-n + 0);
        if (n > 0) expect(isWorkingDay(b, holidays)).toBe(true);
        expect(b >= a).toBe(true);
      }),
    );
  });

  it("property: addWorkingDays(a, workingDaysBetween(a, b)) is b, or the last working day before b", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 90 }), (offset, span) => {
        const a = day2026(offset);
        const b = day2026(offset + span);
        const back = addWorkingDays(a, workingDaysBetween(a, b, H), H);
        expect(back <= b).toBe(true);
        expect(workingDaysBetween(back, b, H)).toBe(0);
        if (isWorkingDay(b, H) && b !== a) expect(back).toBe(b);
      }),
    );
  });
});

describe("holidays2026 (configuration)", () => {
  it("holds 17 national holidays and 8 collective leave days, valid, in 2026, one entry per day, in date order", () => {
    expect(holidays2026).toHaveLength(25);
    for (const h of holidays2026) {
      expect(holidaySchema.parse(h)).toEqual(h);
      expect(h.date.startsWith("2026-")).toBe(true);
    }
    const dates = holidays2026.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
  });

  it("defaultHolidays are the national holidays only", () => {
    expect(defaultHolidays).toEqual(holidays2026.filter((h) => h.kind === "national"));
    expect(defaultHolidays.map((h) => h.date)).toContain("2026-03-19"); // Nyepi
    expect(defaultHolidays.map((h) => h.date)).not.toContain("2026-03-18"); // cuti bersama Nyepi
  });
});
