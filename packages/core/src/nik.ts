import * as z from "zod";
import { daysInMonth, formatIsoDate, isValidIsoDate, type IsoDate } from "./calendar";
import { wibDate } from "./time";

/*
 * NIK (Nomor Induk Kependudukan): 16 digits =
 *   province(2) regency(2) district(2) DDMMYY serial(4).
 * Women add 40 to the day (41–71). There is no checksum, so validation can
 * only catch impossible fields, not a wrong-but-plausible digit.
 */

export const TANJAB_BARAT_REGENCY = "15.06";

/** Kecamatan of Tanjung Jabung Barat, codes 15.06.01–15.06.13 in this order. */
export const tanjabBaratDistricts: readonly string[] = [
  "Tungkal Ulu",
  "Tungkal Ilir",
  "Pengabuan",
  "Betara",
  "Merlung",
  "Tebing Tinggi",
  "Batang Asam",
  "Renah Mendaluh",
  "Muara Papalik",
  "Seberang Kota",
  "Bram Itam",
  "Kuala Betara",
  "Senyerang",
];

/*
 * Province codes in use. The new Papua provinces (2022) are numbered
 * differently by Kemendagri (91–96) and BPS (91–97), so the whole 91–97 range
 * is accepted: rejecting a real person's NIK costs more than letting a rare
 * typo through.
 */
const provinceCodes = new Set([
  ...range(11, 19),
  21,
  ...range(31, 36),
  ...range(51, 53),
  ...range(61, 65),
  ...range(71, 76),
  81,
  82,
  ...range(91, 97),
]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export type NikReasonCode =
  | "length"
  | "digits"
  | "province"
  | "regency"
  | "district"
  | "day"
  | "month"
  | "date"
  | "future"
  | "serial";

export interface NikReason {
  code: NikReasonCode;
  message: string;
}

export type NikWarningCode = "outside_regency";

export const nikWarningMessages: Record<NikWarningCode, string> = {
  outside_regency:
    "NIK was first registered outside Tanjung Jabung Barat (15.06); accepted, check the person's residence",
};

export type NikResult =
  | {
      ok: true;
      nik: string;
      /** Kemendagri-style dotted codes: "15", "15.06", "15.06.02". */
      province: string;
      regency: string;
      district: string;
      /** Only for districts of Tanjung Jabung Barat. */
      districtName?: string;
      sex: "male" | "female";
      birthDate: IsoDate;
      serial: string;
      warnings: NikWarningCode[];
    }
  | { ok: false; reasons: NikReason[] };

/**
 * Validates a NIK and reads what it encodes.
 *
 * The year has two digits. We pick 20YY when that birth date is not after
 * `today` (the date in WIB; default now), else 19YY. So "…0101 25…" read on
 * 2026-05-01 means 2025; a centenarian born in 1925 is read as born in 2025
 * — the NIK cannot tell them apart.
 *
 * A NIK registered outside Tanjung Jabung Barat is valid, with the warning
 * `outside_regency`: the prefix records where the person was first
 * registered, not where they live now.
 */
export function validateNik(input: string, today: Date | IsoDate = new Date()): NikResult {
  const reasons: NikReason[] = [];
  const nik = typeof input === "string" ? input.trim() : "";

  if (!/^\d*$/.test(nik) || nik === "") {
    reasons.push({ code: "digits", message: "NIK must contain digits only" });
  }
  if (nik.length !== 16) {
    reasons.push({
      code: "length",
      message: `NIK must be 16 digits long, got ${nik.length} characters`,
    });
  }
  // Field positions are meaningless until the shape is right.
  if (reasons.length > 0) return { ok: false, reasons };

  const todayDate = typeof today === "string" ? today : wibDate(today);
  if (!isValidIsoDate(todayDate)) throw new RangeError(`Invalid 'today': "${todayDate}"`);

  const provinceCode = nik.slice(0, 2);
  const regencyCode = nik.slice(2, 4);
  const districtCode = nik.slice(4, 6);
  const dd = Number(nik.slice(6, 8));
  const mm = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const serial = nik.slice(12, 16);
  const inRegency = `${provinceCode}.${regencyCode}` === TANJAB_BARAT_REGENCY;

  if (!provinceCodes.has(Number(provinceCode))) {
    reasons.push({ code: "province", message: `Province code ${provinceCode} does not exist` });
  }
  if (regencyCode === "00") {
    reasons.push({ code: "regency", message: "Regency code 00 does not exist" });
  }
  if (districtCode === "00") {
    reasons.push({ code: "district", message: "District code 00 does not exist" });
  } else if (inRegency && Number(districtCode) > tanjabBaratDistricts.length) {
    reasons.push({
      code: "district",
      message: `District code 15.06.${districtCode} does not exist in Tanjung Jabung Barat (01–13)`,
    });
  }

  const female = dd > 40;
  const day = female ? dd - 40 : dd;
  const dayOk = (dd >= 1 && dd <= 31) || (dd >= 41 && dd <= 71);
  if (!dayOk) {
    reasons.push({
      code: "day",
      message: `Birth day ${nik.slice(6, 8)} is impossible (01–31 for men, 41–71 for women)`,
    });
  }
  const monthOk = mm >= 1 && mm <= 12;
  if (!monthOk) {
    reasons.push({ code: "month", message: `Birth month ${nik.slice(8, 10)} is impossible (01–12)` });
  }

  let birthDate = "";
  if (dayOk && monthOk) {
    const candidate = formatIsoDate(2000 + yy, mm, day);
    // ISO dates compare correctly as strings.
    const year = candidate <= todayDate ? 2000 + yy : 1900 + yy;
    birthDate = formatIsoDate(year, mm, day);
    if (day > daysInMonth(year, mm)) {
      reasons.push({
        code: "date",
        message: `Birth date ${birthDate} does not exist (month ${mm} of ${year} has ${daysInMonth(year, mm)} days)`,
      });
    } else if (birthDate > todayDate) {
      // Only reachable when 'today' is before 2000.
      reasons.push({ code: "future", message: `Birth date ${birthDate} is after ${todayDate}` });
    }
  }

  if (serial === "0000") {
    reasons.push({ code: "serial", message: "Serial number 0000 is impossible (serials start at 0001)" });
  }

  if (reasons.length > 0) return { ok: false, reasons };

  const warnings: NikWarningCode[] = inRegency ? [] : ["outside_regency"];
  const districtName = inRegency ? tanjabBaratDistricts[Number(districtCode) - 1] : undefined;
  return {
    ok: true,
    nik,
    province: provinceCode,
    regency: `${provinceCode}.${regencyCode}`,
    district: `${provinceCode}.${regencyCode}.${districtCode}`,
    ...(districtName !== undefined ? { districtName } : {}),
    sex: female ? "female" : "male",
    birthDate,
    serial,
    warnings,
  };
}

/** A NIK string that passes validateNik (checked against the current date). */
export const nikSchema = z.string().trim().superRefine((value, ctx) => {
  const result = validateNik(value);
  if (!result.ok) {
    for (const reason of result.reasons) {
      ctx.addIssue({ code: "custom", message: reason.message, params: { reason: reason.code } });
    }
  }
});
