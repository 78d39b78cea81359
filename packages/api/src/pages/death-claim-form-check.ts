import { childSchoolLevels, deathCauses, isValidIsoDate, nikMessage, parseRupiah, relationships, RupiahParseError, validateNik, type DeathClaimSubmission } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { isBlankHeir, isBlankOrganiser, type ClaimFormState, type HeirRow } from "./death-claim-form-state";
import { addError, type FieldErrors } from "./enrolment-form-check";

const f = t.deathPages.form;

/** A NIK's first problem in Bahasa Indonesia (the CSV upload's words), or nothing. */
export function nikProblem(nik: string, today: string): string | undefined {
  if (nik === "") return f.errors.required;
  const result = validateNik(nik, today);
  if (result.ok) return undefined;
  return nikMessage(result.reasons[0]?.code, nik);
}

/** Whole rupiah as typed (`3.000.000`, `Rp3.000.000`), or a problem. */
function rupiahOf(value: string): { amount: number } | { problem: string } {
  try {
    return { amount: parseRupiah(value) };
  } catch (err) {
    if (!(err instanceof RupiahParseError)) throw err;
    return { problem: f.errors.rupiah };
  }
}

const personNameOk = (name: string) => name.length >= 2 && name.length <= 120;

/** The fields of a bank account under `prefix` (`heirs.0.bankAccount`). */
function checkAccount(errors: FieldErrors, prefix: string, bank: string, number: string, holder: string) {
  if (bank === "") addError(errors, `${prefix}.bank`, f.errors.required);
  else if (bank.length < 2 || bank.length > 60) addError(errors, `${prefix}.bank`, f.errors.bank);
  if (number === "") addError(errors, `${prefix}.number`, f.errors.required);
  else if (!/^\d{5,20}$/.test(number)) addError(errors, `${prefix}.number`, f.errors.accountNumber);
  if (holder === "") addError(errors, `${prefix}.holder`, f.errors.required);
  else if (!personNameOk(holder)) addError(errors, `${prefix}.holder`, f.errors.nameLength);
}

function checkPerson(errors: FieldErrors, prefix: string, nik: string, name: string, today: string) {
  const problem = nikProblem(nik, today);
  if (problem) addError(errors, `${prefix}.nik`, problem);
  if (name === "") addError(errors, `${prefix}.name`, f.errors.required);
  else if (!personNameOk(name)) addError(errors, `${prefix}.name`, f.errors.nameLength);
}

/** A heir with only the fields their relationship uses (birth date and school level are for children). */
export const relevantHeirFields = (row: HeirRow): HeirRow => (row.relationship === "child" ? row : { ...row, birthDate: "", schoolLevel: "" });

/**
 * Checks what the form can check by itself, in Bahasa Indonesia, and builds
 * the claim; the platform then checks the rest (registry, eligibility,
 * heirs' classes and shares). Blank heir rows are dropped first, so the
 * indices of errors are those of the rows shown again.
 */
export function checkClaimForm(state: ClaimFormState, opdCode: string, today: string): { heirs: HeirRow[]; errors: FieldErrors; input?: DeathClaimSubmission } {
  const errors: FieldErrors = new Map();
  const heirs = state.heirs.filter((row) => !isBlankHeir(row)).map(relevantHeirFields);

  const deceasedProblem = nikProblem(state.deceasedNik, today);
  if (deceasedProblem) addError(errors, "deceasedNik", deceasedProblem);
  if (state.dateOfDeath === "") addError(errors, "dateOfDeath", f.errors.required);
  else if (!isValidIsoDate(state.dateOfDeath)) addError(errors, "dateOfDeath", f.errors.date);
  else if (state.dateOfDeath > today) addError(errors, "dateOfDeath", t.death.claim.deathInFuture);
  if (!(deathCauses as readonly string[]).includes(state.cause)) addError(errors, "cause", f.errors.choose);
  let monthlyWage: number | undefined;
  // A natural death's benefit does not depend on the wage: a wage typed before the cause was changed is ignored.
  if (state.monthlyWage !== "" && state.cause !== "natural") {
    const wage = rupiahOf(state.monthlyWage);
    if ("problem" in wage) addError(errors, "monthlyWage", wage.problem);
    else if (wage.amount < 1) addError(errors, "monthlyWage", f.errors.wageTooSmall);
    else monthlyWage = wage.amount;
  } else if (state.cause === "work_accident") addError(errors, "monthlyWage", t.death.claim.wageRequired);
  if (state.completeAt !== "" && !isValidIsoDate(state.completeAt)) addError(errors, "completeAt", f.errors.date);

  const claimHeirs: DeathClaimSubmission["heirs"] = heirs.map((row, i) => {
    const at = `heirs.${i}`;
    checkPerson(errors, at, row.nik, row.name, today);
    if (!(relationships as readonly string[]).includes(row.relationship)) addError(errors, `${at}.relationship`, f.errors.choose);
    checkAccount(errors, `${at}.bankAccount`, row["bankAccount.bank"], row["bankAccount.number"], row["bankAccount.holder"]);
    let share: number | undefined;
    if (row.share !== "") {
      const parsed = rupiahOf(row.share);
      if ("problem" in parsed) addError(errors, `${at}.share`, parsed.problem);
      else share = parsed.amount;
    }
    if (row.birthDate !== "" && !isValidIsoDate(row.birthDate)) addError(errors, `${at}.birthDate`, f.errors.date);
    if (row.schoolLevel !== "" && !(childSchoolLevels as readonly string[]).includes(row.schoolLevel)) addError(errors, `${at}.schoolLevel`, f.errors.choose);
    if (row.schoolLevel !== "" && row.birthDate === "") addError(errors, `${at}.birthDate`, t.death.claim.childBirthDateRequired);
    if (row.nik !== "" && row.nik === state.deceasedNik) addError(errors, `${at}.nik`, t.death.claim.heirIsDeceased);
    return {
      nik: row.nik,
      name: row.name,
      relationship: row.relationship as DeathClaimSubmission["heirs"][number]["relationship"],
      bankAccount: { bank: row["bankAccount.bank"], number: row["bankAccount.number"], holder: row["bankAccount.holder"] },
      ...(share !== undefined ? { share } : {}),
      ...(row.birthDate ? { birthDate: row.birthDate } : {}),
      ...(row.schoolLevel ? { schoolLevel: row.schoolLevel as NonNullable<DeathClaimSubmission["heirs"][number]["schoolLevel"]> } : {}),
    };
  });

  const o = state.organiser;
  let funeralOrganiser: DeathClaimSubmission["funeralOrganiser"];
  if (!isBlankOrganiser(o)) {
    checkPerson(errors, "funeralOrganiser", o.nik, o.name, today);
    if (o.organisation.length === 1 || o.organisation.length > 120) addError(errors, "funeralOrganiser.organisation", f.errors.nameLength);
    checkAccount(errors, "funeralOrganiser.bankAccount", o["bankAccount.bank"], o["bankAccount.number"], o["bankAccount.holder"]);
    funeralOrganiser = {
      nik: o.nik,
      name: o.name,
      ...(o.organisation ? { organisation: o.organisation } : {}),
      bankAccount: { bank: o["bankAccount.bank"], number: o["bankAccount.number"], holder: o["bankAccount.holder"] },
    };
  }

  for (const [field, value] of Object.entries(state.documents)) {
    if (value === "") addError(errors, `documents.${field}`, f.errors.required);
    else if (value.length > 64) addError(errors, `documents.${field}`, f.errors.textTooLong(64));
  }

  if (errors.size > 0) return { heirs, errors };
  return {
    heirs,
    errors,
    input: {
      opdCode,
      deceasedNik: state.deceasedNik,
      dateOfDeath: state.dateOfDeath,
      cause: state.cause as DeathClaimSubmission["cause"],
      ...(monthlyWage !== undefined ? { monthlyWage } : {}),
      heirs: claimHeirs,
      ...(funeralOrganiser ? { funeralOrganiser } : {}),
      documents: { ...state.documents },
      ...(state.completeAt ? { completeAt: state.completeAt } : {}),
    },
  };
}
