import { isValidIsoDate, parseRupiah, formatRupiah, type Holiday } from "@naungan/core";
import { id } from "@naungan/core/i18n";
import { settingsSchema, sipdCodeSchema, type AccountCode, type Settings, type SettingsPatch } from "@naungan/platform";
import { addError, type FieldErrors } from "../enrolment-form-check";
import { formText } from "../page-context";

/*
 * The settings form as the admin typed it (strings, kept to show again with
 * the errors) and its conversion both ways: Rupiah as 20.000.000, times in
 * hours or days, the target in percent, holidays one per line.
 */

const t = id.adminSettings;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** Empty account-code rows offered below the stored ones, to add codes. */
const SPARE_ACCOUNT_ROWS = 2;
const LEAVE_PREFIX = /^cuti bersama\b/i;

export type ReminderUnit = "hours" | "days";

export interface SettingsForm {
  version: string;
  financeAgencyName: string;
  jkkDeathFloor: string;
  reminderAmount: string;
  reminderUnit: ReminderUnit;
  remindersBeforeEscalation: string;
  backupFinanceApprover: string;
  approvalLinkDays: string;
  holidays: string;
  accountCodes: AccountCode[];
  workforce: string;
  baselineEnrolled: string;
  target: string;
}

/** 1.5 → "1,5": a decimal with the Indonesian comma. */
const decimalText = (n: number) => String(n).replace(".", ",");
/** 0.375 → "37,5", shifting the decimal as written (0.55 × 100 is 55.00000000000001 in floats). */
export const percentText = (fraction: number) => decimalText(Number(`${fraction}e2`));

/** The form filled with stored settings. */
export function formOf(settings: Settings, version: number): SettingsForm {
  const inDays = settings.reminderSeconds % DAY === 0;
  return {
    version: String(version),
    financeAgencyName: settings.financeAgencyName,
    jkkDeathFloor: formatRupiah(settings.jkkDeathFloor).replace(/^Rp/, ""),
    reminderAmount: decimalText(settings.reminderSeconds / (inDays ? DAY : HOUR)),
    reminderUnit: inDays ? "days" : "hours",
    remindersBeforeEscalation: String(settings.remindersBeforeEscalation),
    backupFinanceApprover: settings.backupFinanceApprover,
    approvalLinkDays: decimalText(settings.approvalLinkSeconds / DAY),
    holidays: settings.holidays.map((h) => `${h.date} ${h.name}`).join("\n"),
    accountCodes: withSpareRows(settings.accountCodes),
    workforce: String(settings.coverage.workforce),
    baselineEnrolled: String(settings.coverage.baselineEnrolled),
    target: percentText(settings.coverage.target),
  };
}

const withSpareRows = (codes: AccountCode[]) => [...codes, ...Array.from({ length: SPARE_ACCOUNT_ROWS }, () => ({ code: "", label: "" }))];

/** The form as posted (`accountCodes.<i>.code` / `.label` rows). */
export function readForm(body: Record<string, unknown>): SettingsForm {
  const rows: AccountCode[] = [];
  for (let i = 0; `accountCodes.${i}.code` in body || `accountCodes.${i}.label` in body; i++) {
    rows.push({ code: formText(body[`accountCodes.${i}.code`]), label: formText(body[`accountCodes.${i}.label`]) });
  }
  return {
    version: formText(body.version),
    financeAgencyName: formText(body.financeAgencyName),
    jkkDeathFloor: formText(body.jkkDeathFloor),
    reminderAmount: formText(body.reminderAmount),
    reminderUnit: body.reminderUnit === "hours" ? "hours" : "days",
    remindersBeforeEscalation: formText(body.remindersBeforeEscalation),
    backupFinanceApprover: formText(body.backupFinanceApprover),
    approvalLinkDays: formText(body.approvalLinkDays),
    holidays: typeof body.holidays === "string" ? body.holidays : "",
    accountCodes: rows,
    workforce: formText(body.workforce),
    baselineEnrolled: formText(body.baselineEnrolled),
    target: formText(body.target),
  };
}

/** A decimal typed with a comma or a point ("1,5"), or undefined. */
const decimal = (text: string): number | undefined => (/^\d+([.,]\d+)?$/.test(text) ? Number(text.replace(",", ".")) : undefined);
const wholeIn = (text: string, min: number, max: number): number | undefined => {
  const n = /^\d{1,15}$/.test(text) ? Number(text) : undefined;
  return n !== undefined && n >= min && n <= max ? n : undefined;
};

/** A time typed in `unit`s (at most a year of them), in whole seconds of at least `min`. */
const seconds = (text: string, unit: number, min: number): number | undefined => {
  const n = decimal(text);
  if (n === undefined || n * unit > 365 * DAY) return undefined;
  const rounded = Math.round(n * unit);
  return rounded >= min ? rounded : undefined;
};

/** Checks the form; the patch to store when nothing is wrong. */
export function checkForm(form: SettingsForm): { errors: FieldErrors; patch?: SettingsPatch } {
  const errors: FieldErrors = new Map();
  const need = <T>(name: string, value: T | undefined, message: string): T | undefined => {
    if (value === undefined) addError(errors, name, message);
    return value;
  };

  const version = wholeIn(form.version, 0, Number.MAX_SAFE_INTEGER);
  if (version === undefined) addError(errors, "form", id.admin.errors.raced);

  const name = need("financeAgencyName", settingsSchema.shape.financeAgencyName.safeParse(form.financeAgencyName).data, t.errors.agencyName);

  let jkkDeathFloor: number | undefined;
  try {
    jkkDeathFloor = form.jkkDeathFloor ? parseRupiah(form.jkkDeathFloor) : undefined;
  } catch {
    jkkDeathFloor = undefined;
  }
  need("jkkDeathFloor", jkkDeathFloor, t.errors.rupiah);

  const reminderSeconds = need("reminderAmount", seconds(form.reminderAmount, form.reminderUnit === "days" ? DAY : HOUR, 1), t.errors.duration);

  const remindersBeforeEscalation = need("remindersBeforeEscalation", wholeIn(form.remindersBeforeEscalation, 0, 10), t.errors.count(0, 10));
  const email = need("backupFinanceApprover", settingsSchema.shape.backupFinanceApprover.safeParse(form.backupFinanceApprover).data, t.errors.email);
  const approvalLinkSeconds = need("approvalLinkDays", seconds(form.approvalLinkDays, DAY, 60), t.errors.duration);
  const holidays = readHolidays(form.holidays, errors);
  const accountCodes = readAccountCodes(form.accountCodes, errors);
  const workforce = need("workforce", wholeIn(form.workforce, 1, 100_000_000), t.errors.count(1, 100_000_000));
  const baselineEnrolled = need("baselineEnrolled", wholeIn(form.baselineEnrolled, 0, 100_000_000), t.errors.count(0, 100_000_000));
  const percent = decimal(form.target);
  const target = percent !== undefined && percent <= 100 ? Number(`${form.target.replace(",", ".")}e-2`) : undefined;
  need("target", target, t.errors.percent);

  if (errors.size > 0) return { errors };
  return {
    errors,
    patch: {
      version: version!,
      financeAgencyName: name!,
      jkkDeathFloor: jkkDeathFloor!,
      reminderSeconds: reminderSeconds!,
      remindersBeforeEscalation: remindersBeforeEscalation!,
      backupFinanceApprover: email!,
      approvalLinkSeconds: approvalLinkSeconds!,
      holidays,
      accountCodes,
      coverage: { workforce: workforce!, baselineEnrolled: baselineEnrolled!, target: target! },
    },
  };
}

/** `YYYY-MM-DD Nama` per line, blank lines skipped; sorted by date. Errors name the line. */
function readHolidays(text: string, errors: FieldErrors): Holiday[] {
  const holidays: Holiday[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(\S.{0,119})$/.exec(raw.trim());
    if (!raw.trim()) return;
    if (!m) return addError(errors, "holidays", t.errors.holidayLine(line));
    const [, date = "", name = ""] = m;
    if (!isValidIsoDate(date)) return addError(errors, "holidays", t.errors.holidayDate(line));
    if (seen.has(date)) return addError(errors, "holidays", t.errors.holidayTwice(line, date));
    seen.add(date);
    holidays.push({ date, name: name.trim(), kind: LEAVE_PREFIX.test(name) ? "collective_leave" : "national" });
  });
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}

/** The filled rows; a row with neither code nor label is dropped. Errors under the row's inputs. */
function readAccountCodes(rows: AccountCode[], errors: FieldErrors): AccountCode[] {
  const codes: AccountCode[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (!row.code && !row.label) return;
    if (!sipdCodeSchema.safeParse(row.code).success) addError(errors, `accountCodes.${i}.code`, t.errors.accountCode);
    else if (row.code && seen.has(row.code)) addError(errors, `accountCodes.${i}.code`, t.errors.accountTwice);
    if (row.label.length < 2 || row.label.length > 120) addError(errors, `accountCodes.${i}.label`, t.errors.accountLabel);
    seen.add(row.code);
    codes.push(row);
  });
  return codes;
}

/** Where a platform refusal's field (`coverage.target`, `holidays.3.name`) is shown on the form. */
export function formFieldOf(path: string): string {
  const [head = "", ...rest] = path.split(".");
  if (head === "coverage") return rest[0] ?? "form";
  if (head === "reminderSeconds") return "reminderAmount";
  if (head === "approvalLinkSeconds") return "approvalLinkDays";
  if (head === "accountCodes" && rest.length === 2) return path;
  return formFields.has(head) ? head : "form";
}

const formFields = new Set(["financeAgencyName", "jkkDeathFloor", "remindersBeforeEscalation", "backupFinanceApprover", "holidays", "accountCodes"]);

/** A duration as the page states it: in days, hours or seconds, whichever is whole. */
export function durationText(seconds: number): string {
  if (seconds % DAY === 0) return t.duration.days(String(seconds / DAY));
  if (seconds % HOUR === 0) return t.duration.hours(String(seconds / HOUR));
  return t.duration.seconds(String(seconds));
}
