import { wibDate } from "@naungan/core";
import type { CaseRecord, DeathClaimDetails } from "@naungan/platform";
import { formatCount, formText } from "./page-context";

/*
 * The death-claim form's state lives in the form itself, like the enrolment
 * form's: every button posts all fields and the page is rendered again from
 * them. Fields are named after the API's paths (`heirs.0.bankAccount.number`,
 * `documents.familyCardNo`), so the platform's field errors land next to the
 * right input without mapping.
 */

export const heirFields = ["nik", "name", "relationship", "bankAccount.bank", "bankAccount.number", "bankAccount.holder", "share", "birthDate", "schoolLevel"] as const;
export type HeirField = (typeof heirFields)[number];
export type HeirRow = Record<HeirField, string>;

export const organiserFields = ["nik", "name", "organisation", "bankAccount.bank", "bankAccount.number", "bankAccount.holder"] as const;
export type OrganiserField = (typeof organiserFields)[number];
export type OrganiserState = Record<OrganiserField, string>;

export const documentFields = ["deathCertificateNo", "familyCardNo", "heirStatementNo"] as const;
export type DocumentField = (typeof documentFields)[number];

export interface ClaimFormState {
  deceasedNik: string;
  dateOfDeath: string;
  cause: string;
  monthlyWage: string;
  completeAt: string;
  heirs: HeirRow[];
  organiser: OrganiserState;
  documents: Record<DocumentField, string>;
  /** The returned claim being corrected (resubmission); its deceased NIK is fixed. */
  from?: string;
}

/** The claim schema's limit on heirs. */
export const MAX_HEIRS = 30;

export const emptyHeir = (): HeirRow => Object.fromEntries(heirFields.map((f) => [f, ""])) as HeirRow;
export const emptyOrganiser = (): OrganiserState => Object.fromEntries(organiserFields.map((f) => [f, ""])) as OrganiserState;

export const isBlankHeir = (row: HeirRow) => heirFields.every((f) => row[f] === "");
export const isBlankOrganiser = (o: OrganiserState) => organiserFields.every((f) => o[f] === "");

export const emptyClaimForm = (deceasedNik = ""): ClaimFormState => ({
  deceasedNik,
  dateOfDeath: "",
  cause: "",
  monthlyWage: "",
  completeAt: "",
  heirs: [emptyHeir()],
  organiser: emptyOrganiser(),
  documents: { deathCertificateNo: "", familyCardNo: "", heirStatementNo: "" },
});

const heirField = /^heirs\.(\d{1,6})\.([\w.]+)$/;

/** One line per field: a line break cannot come from an input. */
const line = (value: unknown) => formText(value).replace(/[\r\n]+/g, " ");

/** The form as posted; heirs beyond the limit are counted, not kept. */
export function readClaimForm(body: Record<string, unknown>): { state: ClaimFormState; tooManyHeirs: boolean } {
  const state = emptyClaimForm(line(body.deceasedNik));
  state.heirs = [];
  let tooManyHeirs = false;
  for (const [name, value] of Object.entries(body)) {
    const m = heirField.exec(name);
    if (!m || !(heirFields as readonly string[]).includes(m[2]!)) continue;
    const index = Number(m[1]);
    if (index >= MAX_HEIRS) {
      tooManyHeirs = true;
      continue;
    }
    for (let i = state.heirs.length; i <= index; i++) state.heirs.push(emptyHeir());
    state.heirs[index]![m[2] as HeirField] = line(value);
  }
  if (state.heirs.length === 0) state.heirs.push(emptyHeir());
  state.dateOfDeath = line(body.dateOfDeath);
  state.cause = line(body.cause);
  state.monthlyWage = line(body.monthlyWage);
  state.completeAt = line(body.completeAt);
  for (const f of organiserFields) state.organiser[f] = line(body[`funeralOrganiser.${f}`]);
  for (const f of documentFields) state.documents[f] = line(body[`documents.${f}`]);
  const from = line(body.from);
  if (from) state.from = from;
  return { state, tooManyHeirs };
}

const rupiahText = (amount: number | undefined) => (amount === undefined ? "" : formatCount(amount));

/** A returned claim's facts, as the form to correct (the stored `completeAt` instant as its date in WIB). */
export function stateOfClaim(record: CaseRecord): ClaimFormState {
  const d = record.details as unknown as Partial<DeathClaimDetails>;
  const heirs: HeirRow[] = (d.heirs ?? []).map((h) => ({
    nik: h.nik,
    name: h.name,
    relationship: h.relationship,
    "bankAccount.bank": h.bankAccount.bank,
    "bankAccount.number": h.bankAccount.number,
    "bankAccount.holder": h.bankAccount.holder,
    share: rupiahText(h.share),
    birthDate: h.birthDate ?? "",
    schoolLevel: h.schoolLevel ?? "",
  }));
  const o = d.funeralOrganiser;
  return {
    deceasedNik: d.deceased?.nik ?? "",
    dateOfDeath: d.dateOfDeath ?? "",
    cause: d.cause ?? "",
    monthlyWage: rupiahText(d.monthlyWage),
    completeAt: d.completeAt ? wibDate(d.completeAt) : "",
    heirs: heirs.length > 0 ? heirs : [emptyHeir()],
    organiser: o
      ? { nik: o.nik, name: o.name, organisation: o.organisation ?? "", "bankAccount.bank": o.bankAccount.bank, "bankAccount.number": o.bankAccount.number, "bankAccount.holder": o.bankAccount.holder }
      : emptyOrganiser(),
    documents: { deathCertificateNo: d.documents?.deathCertificateNo ?? "", familyCardNo: d.documents?.familyCardNo ?? "", heirStatementNo: d.documents?.heirStatementNo ?? "" },
    from: record.id,
  };
}
