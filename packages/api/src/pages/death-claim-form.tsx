import { childSchoolLevels, deathCauses, indonesianMonths, relationships, type AcceptedClaim, type Opd } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { Participant } from "@naungan/platform";
import { BenefitTable, heirClassText, PayeesTable, ScholarshipTable } from "./death-claim-figures";
import type { ClaimFormState, HeirRow } from "./death-claim-form-state";
import type { FieldErrors } from "./enrolment-form-check";
import { FieldMessages, InputField, SelectField } from "./form-fields";
import { Layout } from "./layout";
import type { Chrome } from "./page-context";

/** The path of the claim form: GET shows it (with `?nik=` the NIK search), POST adds a row, previews or submits. */
export const CLAIM_FORM_PATH = "/klaim/baru";

const f = t.deathPages.form;
const s = f.search;

/** What the NIK search found. */
export type DeceasedLookup =
  | { kind: "found"; participant: Participant; opdName: string; existingClaim?: string }
  | { kind: "not_found"; nik: string }
  | { kind: "invalid"; nik: string; message: string };

export interface ClaimFormProps {
  chrome: Chrome;
  opd: Opd;
  state: ClaimFormState;
  errors: FieldErrors;
  lookup?: DeceasedLookup;
  /** After "Hitung": the claim worked out. */
  preview?: AcceptedClaim;
  /** A sentence about the whole form (the refusal). */
  formError?: string;
  /** The claim already filed for this person (a 409 on "Ajukan"). */
  conflictCaseId?: string;
  /** Correcting a returned claim (`state.from`): why it was returned. */
  returnNote?: string;
}

const monthName = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return `${indonesianMonths[m - 1] ?? month} ${y}`;
};

const caseHref = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

function LookupResult({ lookup }: { lookup: DeceasedLookup }) {
  if (lookup.kind === "invalid") {
    return (
      <p role="alert" class="error" data-testid="lookup">
        {lookup.message}
      </p>
    );
  }
  if (lookup.kind === "not_found") {
    return (
      <p role="status" data-testid="lookup">
        {t.death.eligibility.notRegistered}
      </p>
    );
  }
  const { participant: p } = lookup;
  return (
    <article data-testid="lookup" aria-labelledby="peserta">
      <h3 id="peserta">{s.found}</h3>
      <dl class="facts">
        <dt>{s.name}</dt>
        <dd data-testid="deceased-name">{p.name}</dd>
        <dt>NIK</dt>
        <dd>
          <code>{p.nik}</code>
        </dd>
        <dt>{s.opd}</dt>
        <dd>{`${lookup.opdName} (${p.opdCode})`}</dd>
        <dt>{s.category}</dt>
        <dd>{t.enrolment.categories[p.category]}</dd>
        <dt>{s.periods}</dt>
        <dd>
          {p.periods.length === 0 ? (
            t.format.none
          ) : (
            <ul>
              {p.periods.map((period) => (
                <li>{s.period(monthName(period.from), monthName(period.to))}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{s.contributionMonths}</dt>
        <dd>{s.months(p.contributionMonths)}</dd>
        {lookup.existingClaim && (
          <>
            <dt>{s.existingClaim}</dt>
            <dd data-testid="existing-claim">
              {t.death.claim.alreadyClaimed(lookup.existingClaim)} <a href={caseHref(lookup.existingClaim)}>{s.openClaim}</a>
            </dd>
          </>
        )}
      </dl>
    </article>
  );
}

function HeirFieldset({ row, index, errors }: { row: HeirRow; index: number; errors: FieldErrors }) {
  const name = (field: string) => `heirs.${index}.${field}`;
  return (
    <fieldset class="heir">
      <legend>{f.heir(index + 1)}</legend>
      <FieldMessages name={`heirs.${index}`} errors={errors} />
      <div class="fields">
        <InputField name={name("nik")} label={f.nik} value={row.nik} errors={errors} attrs={{ inputmode: "numeric", autocomplete: "off", maxlength: 32 }} />
        <InputField name={name("name")} label={f.name} value={row.name} errors={errors} attrs={{ autocomplete: "off", maxlength: 120 }} />
        <SelectField
          name={name("relationship")}
          label={f.relationship}
          value={row.relationship}
          errors={errors}
          placeholder={f.choose}
          options={relationships.map((r) => ({ value: r, label: t.death.relationships[r] }))}
        />
        <InputField name={name("bankAccount.bank")} label={f.bank} value={row["bankAccount.bank"]} errors={errors} attrs={{ maxlength: 60 }} />
        <InputField name={name("bankAccount.number")} label={f.accountNumber} value={row["bankAccount.number"]} errors={errors} attrs={{ inputmode: "numeric", autocomplete: "off", maxlength: 20 }} />
        <InputField name={name("bankAccount.holder")} label={f.accountHolder} value={row["bankAccount.holder"]} errors={errors} attrs={{ maxlength: 120 }} />
        <InputField name={name("share")} label={f.share} hint={f.shareHint} value={row.share} errors={errors} attrs={{ inputmode: "numeric", maxlength: 32 }} />
        <InputField name={name("birthDate")} label={f.birthDate} hint={f.childHint} value={row.birthDate} errors={errors} type="date" field="birthDate" />
        <SelectField
          name={name("schoolLevel")}
          label={f.schoolLevel}
          value={row.schoolLevel}
          errors={errors}
          field="schoolLevel"
          placeholder={f.choose}
          options={childSchoolLevels.map((level) => ({ value: level, label: t.death.schoolLevels[level] }))}
        />
      </div>
    </fieldset>
  );
}

function Preview({ preview, state }: { preview: AcceptedClaim; state: ClaimFormState }) {
  const b = t.deathPages.benefit;
  const names = new Map(state.heirs.map((h) => [h.nik, h.name]));
  return (
    <article aria-live="polite" data-testid="preview" aria-labelledby="perhitungan">
      <h2 id="perhitungan">{b.title}</h2>
      <dl class="facts">
        <dt>{t.deathPages.case.cause}</dt>
        <dd>{t.death.causes[preview.benefit.cause]}</dd>
        <dt>{b.contributionMonths}</dt>
        <dd>{s.months(preview.contributionMonths)}</dd>
        <dt>{b.heirClass}</dt>
        <dd data-testid="heir-class">{heirClassText(preview.heirClass)}</dd>
      </dl>
      <BenefitTable benefit={preview.benefit} unpaid={preview.unpaid} />
      <ScholarshipTable schedule={preview.benefit.scholarshipSchedule} names={names} />
      <h3>{b.payees}</h3>
      <PayeesTable payees={preview.payees} />
    </article>
  );
}

export function ClaimFormPage(props: ClaimFormProps) {
  const { state, errors } = props;
  const o = state.organiser;
  const from = state.from;
  const title = from !== undefined ? f.resubmitTitle(from) : f.title;
  return (
    <Layout title={title} {...props.chrome} scripts={["death-claim-form.js"]}>
      <h1>{title}</h1>
      <p>{from !== undefined ? f.resubmitIntro : f.intro}</p>
      {from !== undefined ? (
        <>
          <p>
            <a href={caseHref(from)}>{f.backToCase}</a>
          </p>
          {props.returnNote && (
            <article data-testid="return-note" aria-labelledby="catatan">
              <h2 id="catatan">{f.returnNote}</h2>
              <p>{props.returnNote}</p>
            </article>
          )}
          {props.lookup && <LookupResult lookup={props.lookup} />}
        </>
      ) : (
        <section aria-labelledby="cari">
          <h2 id="cari">{s.title}</h2>
          <form method="get" action={CLAIM_FORM_PATH} class="inline-form" role="search">
            <div class="field">
              <label for="search-nik">{s.nik}</label>
              <input id="search-nik" name="nik" type="search" inputmode="numeric" autocomplete="off" maxlength={32} value={props.lookup?.kind === "found" ? props.lookup.participant.nik : (props.lookup?.nik ?? state.deceasedNik)} />
            </div>
            <button type="submit" class="secondary">
              {s.submit}
            </button>
          </form>
          {props.lookup && <LookupResult lookup={props.lookup} />}
        </section>
      )}
      {(props.formError || errors.size > 0) && (
        <p role="alert" class="error" data-testid="form-error">
          {props.formError ?? f.fixErrors}
          {props.conflictCaseId && (
            <>
              {" "}
              <a href={caseHref(props.conflictCaseId)} data-testid="conflict-link">
                {s.openClaim}
              </a>
            </>
          )}
        </p>
      )}
      <form method="post" action={CLAIM_FORM_PATH} novalidate>
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        {from !== undefined && <input type="hidden" name="from" value={from} />}
        <h2>{f.claim}</h2>
        <div class="grid-form">
          <div class="field">
            <label for="opd">{f.opd}</label>
            <input id="opd" type="text" value={`${props.opd.name} (${props.opd.code})`} readonly />
          </div>
          {from !== undefined ? (
            <InputField name="deceasedNik" label={f.deceasedNik} hint={f.deceasedNikFixed} value={state.deceasedNik} errors={errors} attrs={{ autocomplete: "off", readonly: true }} />
          ) : (
            <InputField name="deceasedNik" label={f.deceasedNik} value={state.deceasedNik} errors={errors} attrs={{ inputmode: "numeric", autocomplete: "off", maxlength: 32, required: true }} />
          )}
          <InputField name="dateOfDeath" label={f.dateOfDeath} value={state.dateOfDeath} errors={errors} type="date" attrs={{ required: true }} />
          <SelectField name="cause" label={f.cause} value={state.cause} errors={errors} placeholder={f.choose} required options={deathCauses.map((c) => ({ value: c, label: t.death.causes[c] }))} />
          <InputField name="monthlyWage" label={f.monthlyWage} hint={f.monthlyWageHint} value={state.monthlyWage} errors={errors} field="monthlyWage" attrs={{ inputmode: "numeric", maxlength: 32 }} />
          <InputField name="completeAt" label={f.completeAt} hint={f.completeAtHint} value={state.completeAt} errors={errors} type="date" />
        </div>
        <h2>{f.heirs}</h2>
        <p>
          <small>{f.heirsHint}</small>
        </p>
        <FieldMessages name="heirs" errors={errors} />
        <div id="heir-rows">
          {state.heirs.map((row, index) => (
            <HeirFieldset row={row} index={index} errors={errors} />
          ))}
        </div>
        <button type="submit" name="action" value="add" class="secondary outline" formnovalidate>
          {f.addRow}
        </button>
        <details open={Object.values(o).some((v) => v !== "") || [...errors.keys()].some((k) => k.startsWith("funeralOrganiser"))}>
          <summary>{f.organiser}</summary>
          <p>
            <small>{f.organiserIntro}</small>
          </p>
          <FieldMessages name="funeralOrganiser" errors={errors} />
          <div class="grid-form">
            <InputField name="funeralOrganiser.nik" label={f.nik} value={o.nik} errors={errors} attrs={{ inputmode: "numeric", autocomplete: "off", maxlength: 32 }} />
            <InputField name="funeralOrganiser.name" label={f.name} value={o.name} errors={errors} attrs={{ maxlength: 120 }} />
            <InputField name="funeralOrganiser.organisation" label={f.organisation} value={o.organisation} errors={errors} attrs={{ maxlength: 120 }} />
            <InputField name="funeralOrganiser.bankAccount.bank" label={f.bank} value={o["bankAccount.bank"]} errors={errors} attrs={{ maxlength: 60 }} />
            <InputField name="funeralOrganiser.bankAccount.number" label={f.accountNumber} value={o["bankAccount.number"]} errors={errors} attrs={{ inputmode: "numeric", maxlength: 20 }} />
            <InputField name="funeralOrganiser.bankAccount.holder" label={f.accountHolder} value={o["bankAccount.holder"]} errors={errors} attrs={{ maxlength: 120 }} />
          </div>
        </details>
        <h2>{f.documents}</h2>
        <div class="grid-form">
          <InputField name="documents.deathCertificateNo" label={f.deathCertificateNo} value={state.documents.deathCertificateNo} errors={errors} attrs={{ maxlength: 64, required: true }} />
          <InputField name="documents.familyCardNo" label={f.familyCardNo} value={state.documents.familyCardNo} errors={errors} attrs={{ maxlength: 64, required: true }} />
          <InputField name="documents.heirStatementNo" label={f.heirStatementNo} value={state.documents.heirStatementNo} errors={errors} attrs={{ maxlength: 64, required: true }} />
        </div>
        {props.preview && <Preview preview={props.preview} state={state} />}
        <div class="actions">
          <button type="submit" name="action" value="price" class="secondary">
            {f.price}
          </button>
          <button type="submit" name="action" value="submit">
            {from !== undefined ? f.resubmit : f.submit}
          </button>
        </div>
      </form>
    </Layout>
  );
}
