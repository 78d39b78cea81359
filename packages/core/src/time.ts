import * as z from "zod";
import { formatIsoDate, isValidIsoDate, type IsoDate } from "./calendar";

/*
 * WIB (Waktu Indonesia Barat, Asia/Jakarta) is UTC+7 all year: Indonesia has
 * no daylight saving. So plain offset arithmetic is exact, and we avoid
 * depending on the machine's TZ or on the ICU data shipped with Node.
 */
export const WIB_OFFSET_MINUTES = 7 * 60;
const WIB_OFFSET_MS = WIB_OFFSET_MINUTES * 60_000;

export const indonesianMonths = [
  "Januari",
  "Februari",
  "Maret",
  "April",
  "Mei",
  "Juni",
  "Juli",
  "Agustus",
  "September",
  "Oktober",
  "November",
  "Desember",
] as const;

/** An ISO 8601 instant that carries its offset ("Z" or "+07:00"). */
export const instantSchema = /* @__PURE__ */ z.iso.datetime({ offset: true });

// Offset required: without one, `new Date()` would read the string in the
// machine's local zone and the same text would mean different instants.
const instantWithOffset =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export function toDate(instant: Date | string): Date {
  if (instant instanceof Date) {
    if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid Date");
    return instant;
  }
  if (!instantWithOffset.test(instant)) {
    throw new RangeError(
      `Not an ISO 8601 instant with an offset: "${instant}" (e.g. 2026-11-26T16:21:00Z)`,
    );
  }
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid instant: "${instant}"`);
  return date;
}

interface WibParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Wall-clock fields in WIB: shift by +7 h, then read the UTC fields. */
function wibParts(instant: Date | string): WibParts {
  const shifted = new Date(toDate(instant).getTime() + WIB_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** "26 November 2026 23.21 WIB" — Indonesian style uses "." between hour and minute. */
export function formatWib(instant: Date | string): string {
  const p = wibParts(instant);
  return `${p.day} ${indonesianMonths[p.month - 1]} ${p.year} ${pad2(p.hour)}.${pad2(p.minute)} WIB`;
}

/** "2026-08-12" → "12 Agustus 2026". A calendar date has no zone to convert. */
export function formatDateId(date: IsoDate): string {
  if (!isValidIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return `${day} ${indonesianMonths[month - 1]} ${year}`;
}

/** The calendar date in Jakarta at that instant, as YYYY-MM-DD. */
export function wibDate(instant: Date | string): IsoDate {
  const p = wibParts(instant);
  return formatIsoDate(p.year, p.month, p.day);
}

/** ISO 8601 in WIB with an explicit offset, e.g. 2026-11-26T23:21:00.000+07:00. */
export function toIsoWib(instant: Date | string): string {
  const p = wibParts(instant);
  const ms = String(p.millisecond).padStart(3, "0");
  return `${formatIsoDate(p.year, p.month, p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}.${ms}+07:00`;
}
