import { isValidIsoDate, parseRupiah, riskGroups, type Discount, type IncomeBracket, type RateTable } from "@naungan/core";
import { id } from "@naungan/core/i18n";
import { addError, type FieldErrors } from "../enrolment-form-check";
import { formatCount, formText } from "../page-context";

/*
 * The rate-table page's forms as typed text and back. Fields are named by
 * the rate table's own paths (`wageEarner.jkmBp`), so what the platform
 * refuses (`validFrom`, `id`) lands under the right input; rates are typed
 * as percentages and stored as basis points, converted on the decimal text
 * so "0,29" is exactly 29 bp, never a float's 28.999….
 */

const t = id.adminRates;

/** A form's values by field name, as typed. */
export type FormValues = Record<string, string>;

const slug = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** 24 bp → "0,24"; 370 → "3,7"; 100 → "1". */
export function percentText(bp: number): string {
  const fraction = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${Math.trunc(bp / 100)},${fraction}` : String(Math.trunc(bp / 100));
}

/** "0,24" or "0.24" → 24 bp; undefined for anything else, for more than 2 decimals, or above 100 %. */
function parsePercent(text: string): number | undefined {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : undefined;
}

/** The rate fields of the new-version form, each with its path in the table. */
const percentFields = [
  ...riskGroups.map((g) => `wageEarner.jkkBpByRiskGroup.${g}`),
  "wageEarner.jkmBp",
  "wageEarner.optional.jht.employerBp",
  "wageEarner.optional.jht.workerBp",
  "wageEarner.optional.jp.employerBp",
  "wageEarner.optional.jp.workerBp",
  "nonWageEarner.jkkBp",
] as const;
const FLAT = "nonWageEarner.jkmFlat";
const BRACKETS = "nonWageEarner.incomeBrackets";
const textFields = ["id", "validFrom", "source", ...percentFields, FLAT, BRACKETS];

/** The value at a dotted path of an object. */
const at = (value: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], value);

/** The new-version form prefilled from a version (the newest), keeping its figures; id and date left to fill. */
export function versionFormOf(table: RateTable | undefined): FormValues {
  const values: FormValues = { id: "", validFrom: "", source: "" };
  if (!table) return values;
  for (const path of percentFields) values[path] = percentText(at(table, path) as number);
  values[FLAT] = formatCount(table.nonWageEarner.jkmFlat);
  values[BRACKETS] = table.nonWageEarner.incomeBrackets.map((b) => `${b.id}; ${b.label}; ${formatCount(b.declaredIncome)}`).join("\n");
  values.source = table.source;
  return values;
}

export function readVersionForm(body: Record<string, unknown>): FormValues {
  return Object.fromEntries(textFields.map((name) => [name, formText(body[name])]));
}

/** Lines `id; label; declaredIncome`: the label may itself hold ";". Errors name the line. */
function readBrackets(text: string, errors: FieldErrors): IncomeBracket[] {
  const brackets: IncomeBracket[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const parts = line.split(";").map((p) => p.trim());
    const [bracketId = "", income = ""] = [parts[0], parts.at(-1)];
    const label = parts.slice(1, -1).join("; ");
    let declaredIncome: number | undefined;
    try {
      declaredIncome = parseRupiah(income);
    } catch {
      declaredIncome = undefined;
    }
    if (parts.length < 3 || !slug.test(bracketId) || !label || !declaredIncome) return addError(errors, BRACKETS, t.errors.bracketLine(i + 1));
    if (brackets.some((b) => b.id === bracketId)) return addError(errors, BRACKETS, t.errors.bracketRepeated(i + 1, bracketId));
    brackets.push({ id: bracketId, label, declaredIncome });
  });
  if (brackets.length === 0 && !errors.has(BRACKETS)) addError(errors, BRACKETS, t.errors.noBrackets);
  return brackets;
}

/** The typed version checked field by field; the table when every field is right. */
export function checkVersionForm(form: FormValues): { errors: FieldErrors; table?: RateTable } {
  const errors: FieldErrors = new Map();
  if (!slug.test(form.id ?? "")) addError(errors, "id", t.errors.id);
  if (!isValidIsoDate(form.validFrom ?? "")) addError(errors, "validFrom", t.errors.date);
  if (!form.source) addError(errors, "source", t.errors.source);
  const bp: Record<string, number> = {};
  for (const path of percentFields) {
    const value = parsePercent(form[path] ?? "");
    if (value === undefined) addError(errors, path, t.errors.percent);
    else bp[path] = value;
  }
  let jkmFlat: number | undefined;
  try {
    jkmFlat = parseRupiah(form[FLAT] ?? "");
  } catch {
    addError(errors, FLAT, t.errors.rupiah);
  }
  const incomeBrackets = readBrackets(form[BRACKETS] ?? "", errors);
  if (errors.size > 0 || jkmFlat === undefined) return { errors };
  const split = (p: "jht" | "jp") => ({ employerBp: bp[`wageEarner.optional.${p}.employerBp`]!, workerBp: bp[`wageEarner.optional.${p}.workerBp`]! });
  const table: RateTable = {
    id: form.id!,
    validFrom: form.validFrom!,
    source: form.source!,
    wageEarner: {
      jkkBpByRiskGroup: Object.fromEntries(riskGroups.map((g) => [g, bp[`wageEarner.jkkBpByRiskGroup.${g}`]!])) as RateTable["wageEarner"]["jkkBpByRiskGroup"],
      jkmBp: bp["wageEarner.jkmBp"]!,
      optional: { jht: split("jht"), jp: split("jp") },
    },
    nonWageEarner: { jkmFlat, jkkBp: bp["nonWageEarner.jkkBp"]!, incomeBrackets },
  };
  return { errors, table };
}

/** The discount form's fields carry this prefix: its inputs share the page with the version form's. */
export const DISCOUNT = "discount.";
const discountFields = ["id", "percent", "validFrom", "validTo", "source"].map((f) => DISCOUNT + f);

export const emptyDiscountForm = (): FormValues => ({ [`${DISCOUNT}programmes`]: "jkk,jkm", [`${DISCOUNT}whenBudgetFunded`]: "on" });

/** Programmes come as repeated checkboxes (`parseBody({ all: true })`), kept as "jkk,jkm". */
export function readDiscountForm(body: Record<string, unknown>): FormValues {
  const values: FormValues = Object.fromEntries(discountFields.map((name) => [name, formText(body[name])]));
  const programmes = body[`${DISCOUNT}programmes`];
  values[`${DISCOUNT}programmes`] = (Array.isArray(programmes) ? programmes : [programmes]).filter((p) => p === "jkk" || p === "jkm").join(",");
  values[`${DISCOUNT}whenBudgetFunded`] = body[`${DISCOUNT}whenBudgetFunded`] ? "on" : "";
  return values;
}

export function checkDiscountForm(form: FormValues): { errors: FieldErrors; discount?: Discount } {
  const errors: FieldErrors = new Map();
  const f = (name: string) => form[DISCOUNT + name] ?? "";
  if (!slug.test(f("id"))) addError(errors, `${DISCOUNT}id`, t.errors.id);
  const programmes = f("programmes").split(",").filter(Boolean) as Discount["programmes"];
  if (programmes.length === 0) addError(errors, `${DISCOUNT}programmes`, t.errors.programmes);
  const percentBp = parsePercent(f("percent"));
  if (percentBp === undefined) addError(errors, `${DISCOUNT}percent`, t.errors.percent);
  for (const date of ["validFrom", "validTo"]) if (!isValidIsoDate(f(date))) addError(errors, DISCOUNT + date, t.errors.date);
  if (!errors.has(`${DISCOUNT}validFrom`) && !errors.has(`${DISCOUNT}validTo`) && f("validTo") < f("validFrom")) addError(errors, `${DISCOUNT}validTo`, t.errors.validTo);
  if (!f("source")) addError(errors, `${DISCOUNT}source`, t.errors.source);
  if (errors.size > 0) return { errors };
  const discount: Discount = {
    id: f("id"),
    appliesTo: "non_wage_earner",
    programmes,
    percentBp: percentBp!,
    validFrom: f("validFrom"),
    validTo: f("validTo"),
    source: f("source"),
    whenBudgetFunded: f("whenBudgetFunded") === "on",
  };
  return { errors, discount };
}
