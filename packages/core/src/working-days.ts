import * as z from "zod";
import { isoDateSchema, isValidIsoDate, type IsoDate } from "./calendar";
import { applyBasisPoints, type Rupiah } from "./money";
import { wibDate } from "./time";

/*
 * Working days in WIB, and the payment deadline of a death claim
 * (DOMAIN.md §3; PP 44/2015 art. 40(3)–(4)): BPJS pays within 3 working
 * days of a complete claim, else 1 % of the benefit for each working day
 * late, to the heirs. A working day is Monday–Friday that is not in the
 * holiday list; the list is configuration, one entry per day off.
 */

export const holidayKinds = ["national", "collective_leave"] as const;

export const holidaySchema = z.object({
  date: isoDateSchema,
  name: z.string().trim().min(1).max(120),
  /** A national holiday, or a cuti bersama (collective leave) day. */
  kind: z.enum(holidayKinds),
});
export type Holiday = z.infer<typeof holidaySchema>;

export const HOLIDAYS_2026_SOURCE = "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497/2025, 2/2025, 5/2025";

const national = (date: IsoDate, name: string): Holiday => ({ date, name, kind: "national" });
const leave = (date: IsoDate, name: string): Holiday => ({ date, name, kind: "collective_leave" });

/** Days off of 2026 (17 national holidays, 8 collective leave days). */
export const holidays2026: readonly Holiday[] = [
  national("2026-01-01", "Tahun Baru 2026 Masehi"),
  national("2026-01-16", "Isra Mikraj Nabi Muhammad SAW"),
  leave("2026-02-16", "Cuti bersama Tahun Baru Imlek"),
  national("2026-02-17", "Tahun Baru Imlek 2577 Kongzili"),
  leave("2026-03-18", "Cuti bersama Hari Suci Nyepi"),
  national("2026-03-19", "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
  leave("2026-03-20", "Cuti bersama Idulfitri 1447 H"),
  national("2026-03-21", "Idulfitri 1447 H"),
  national("2026-03-22", "Idulfitri 1447 H"),
  leave("2026-03-23", "Cuti bersama Idulfitri 1447 H"),
  leave("2026-03-24", "Cuti bersama Idulfitri 1447 H"),
  national("2026-04-03", "Wafat Yesus Kristus"),
  national("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"),
  national("2026-05-01", "Hari Buruh Internasional"),
  national("2026-05-14", "Kenaikan Yesus Kristus"),
  leave("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"),
  national("2026-05-27", "Iduladha 1447 H"),
  leave("2026-05-28", "Cuti bersama Iduladha 1447 H"),
  national("2026-05-31", "Hari Raya Waisak 2570 BE"),
  national("2026-06-01", "Hari Lahir Pancasila"),
  national("2026-06-16", "1 Muharam Tahun Baru Islam 1448 H"),
  national("2026-08-17", "Proklamasi Kemerdekaan"),
  national("2026-08-25", "Maulid Nabi Muhammad SAW"),
  leave("2026-12-24", "Cuti bersama Kelahiran Yesus Kristus"),
  national("2026-12-25", "Kelahiran Yesus Kristus"),
];

/**
 * CONFIGURATION [U] — the default days off: the national holidays only.
 * Collective leave is taken out of private employees' annual leave and the
 * law counts "hari kerja", so those days stay working days unless an admin
 * adds them (which moves deadlines later, in BPJS's favour).
 */
export const defaultHolidays: readonly Holiday[] = holidays2026.filter((h) => h.kind === "national");

const DAY_MS = 86_400_000;

function dayNumber(date: IsoDate): number {
  if (!isValidIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

const dateOf = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);

function workingDayTest(holidays: readonly Pick<Holiday, "date">[]): (day: number) => boolean {
  const off = new Set(holidays.map((h) => h.date));
  // Day 0 (1970-01-01) was a Thursday: (day + 4) mod 7 is 0 on Sunday, 6 on Saturday.
  return (day) => {
    const weekday = (((day + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6 && !off.has(dateOf(day));
  };
}

export function isWorkingDay(date: IsoDate, holidays: readonly Pick<Holiday, "date">[]): boolean {
  return workingDayTest(holidays)(dayNumber(date));
}

/** The n-th working day after `date` (`date` itself when n = 0), whatever day `date` is. */
export function addWorkingDays(date: IsoDate, n: number, holidays: readonly Pick<Holiday, "date">[]): IsoDate {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a whole number of at least 0, got ${n}`);
  const working = workingDayTest(holidays);
  let day = dayNumber(date);
  for (let left = n; left > 0; ) {
    day += 1;
    if (working(day)) left -= 1;
  }
  return dateOf(day);
}

/**
 * Working days after `a` up to and including `b` (negative when b is
 * before a), so that workingDaysBetween(a, addWorkingDays(a, n)) = n.
 */
export function workingDaysBetween(a: IsoDate, b: IsoDate, holidays: readonly Pick<Holiday, "date">[]): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  if (to < from) return -workingDaysBetween(b, a, holidays);
  const working = workingDayTest(holidays);
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (working(day)) count += 1;
  return count;
}

export const slaRuleSchema = z.object({
  /** Working days BPJS has to pay a complete claim. */
  workingDays: z.int().min(0),
  /** Penalty per working day late, in basis points of the benefit (100 = 1 %). */
  penaltyBpPerDay: z.int().min(0),
  source: z.string().min(1),
});
export type SlaRule = z.infer<typeof slaRuleSchema>;

export const defaultSlaRule: Readonly<SlaRule> = Object.freeze({
  workingDays: 3,
  penaltyBpPerDay: 100,
  source: "PP 44/2015 art. 40(3)–(4)",
});

export interface ClaimSlaInput {
  /** When the claim became complete (every document in). */
  completeAt: Date | string;
  /** When BPJS paid; absent while unpaid. */
  paidAt?: Date | string | undefined;
  now: Date | string;
  /** The benefit paid at once (DeathBenefit.total). */
  benefitTotal: Rupiah;
  holidays: readonly Pick<Holiday, "date">[];
  rule?: SlaRule;
}

export interface ClaimSla {
  /** The end of the last day to pay, in WIB (e.g. 2026-03-12T23:59:59.999+07:00). */
  dueAt: string;
  /** Paid (or, unpaid, now) after dueAt. */
  late: boolean;
  /** Working days after the due day up to the payment (or today while unpaid). */
  lateDays: number;
  /** benefitTotal × penaltyBpPerDay × lateDays, rounded half-up to a rupiah. */
  penalty: Rupiah;
}

/**
 * The clock of a complete claim. Days are WIB calendar days: a claim
 * complete on Monday at any hour is due by the end of Thursday. While
 * unpaid, late days and penalty are those accrued by `now`. A payment on a
 * weekend after a Friday deadline is late but costs no working day.
 */
export function claimSla(input: ClaimSlaInput): ClaimSla {
  const rule = input.rule ?? defaultSlaRule;
  if (!Number.isSafeInteger(input.benefitTotal) || input.benefitTotal < 0) {
    throw new RangeError(`benefitTotal must be whole rupiah, got ${input.benefitTotal}`);
  }
  const dueDate = addWorkingDays(wibDate(input.completeAt), rule.workingDays, input.holidays);
  const settledDate = wibDate(input.paidAt ?? input.now);
  const lateDays = Math.max(0, workingDaysBetween(dueDate, settledDate, input.holidays));
  return {
    dueAt: `${dueDate}T23:59:59.999+07:00`,
    late: settledDate > dueDate,
    lateDays,
    penalty: applyBasisPoints(input.benefitTotal, rule.penaltyBpPerDay * lateDays),
  };
}
