import { enrolment } from "./i18n/id-enrolment";
import type { NikReasonCode } from "./nik";

/**
 * A NIK's problem as a sentence in Bahasa Indonesia, from its reason code
 * (`validateNik`'s `reasons[i].code`, or the `params.reason` of a
 * `nikSchema` issue); `nik` is the value as written. The CSV upload and the
 * forms say the same thing about the same mistake.
 */
export function nikMessage(reason: NikReasonCode | undefined, nik: string): string {
  const m = enrolment.csv.nik;
  switch (reason) {
    case "digits":
      return m.digits;
    case "length":
      return m.length(nik.length);
    case "province":
      return m.province(nik.slice(0, 2));
    case "regency":
      return m.regency;
    case "district":
      return m.district(nik.slice(4, 6), nik.startsWith("1506"));
    case "day":
      return m.day(nik.slice(6, 8));
    case "month":
      return m.month(nik.slice(8, 10));
    case "date":
      return m.date;
    case "future":
      return m.future;
    case "serial":
      return m.serial;
    default:
      return m.invalid;
  }
}
