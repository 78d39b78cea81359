import { formatRupiah, riskGroups, workerCategories, type Opd } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { BudgetLine, Priced } from "@naungan/platform";
import { BreakdownTable } from "./breakdown-table";
import type { FieldErrors } from "./enrolment-form-check";
import type { EnrolmentFormState, WorkerRow } from "./enrolment-form-state";
import { FieldMessages, InputField, SelectField } from "./form-fields";
import { Layout } from "./layout";
import type { Chrome } from "./page-context";

export interface IncomeBracketOption {
  id: string;
  declaredIncome: number;
}

export interface EnrolmentFormProps {
  chrome: Chrome;
  opd: Opd;
  /** The OPD's budget lines a case may reserve on. */
  lines: BudgetLine[];
  brackets: IncomeBracketOption[];
  state: EnrolmentFormState;
  errors: FieldErrors;
  /** After "Hitung": the total and each row's amount, in row order. */
  priced?: Priced;
  /** A sentence about the whole form (e.g. "3 data pekerja tidak dapat diterima"). */
  formError?: string;
  /** Errors of the CSV upload form below. */
  uploadErrors?: FieldErrors;
}

const f = t.enrolment.form;

function WorkerFieldset(props: { row: WorkerRow; index: number; errors: FieldErrors; brackets: IncomeBracketOption[]; opd: Opd; amount?: number }) {
  const { row, index, errors } = props;
  const name = (field: string) => `workers.${index}.${field}`;
  return (
    <fieldset class="worker">
      <legend>{f.worker(index + 1)}</legend>
      <FieldMessages name={`workers.${index}`} errors={errors} />
      <div class="fields">
        <InputField name={name("nik")} label={f.nik} value={row.nik} errors={errors} field="nik" attrs={{ inputmode: "numeric", autocomplete: "off", maxlength: 32 }} />
        <InputField name={name("name")} label={f.name} value={row.name} errors={errors} field="name" attrs={{ autocomplete: "off", maxlength: 200 }} />
        <InputField name={name("birthDate")} label={f.birthDate} value={row.birthDate} errors={errors} field="birthDate" type="date" />
        <SelectField
          name={name("category")}
          label={f.category}
          value={row.category}
          errors={errors}
          field="category"
          placeholder={f.choose}
          options={workerCategories.map((c) => ({ value: c, label: t.enrolment.categories[c] }))}
        />
        <InputField name={name("monthlyWage")} label={f.monthlyWage} hint={f.wageHint} value={row.monthlyWage} errors={errors} field="monthlyWage" attrs={{ inputmode: "numeric", maxlength: 32 }} />
        <SelectField
          name={name("incomeBracket")}
          label={f.incomeBracket}
          value={row.incomeBracket}
          errors={errors}
          field="incomeBracket"
          placeholder={f.choose}
          options={props.brackets.map((b) => ({ value: b.id, label: f.bracket(b.id, formatRupiah(b.declaredIncome)) }))}
        />
        <SelectField
          name={name("riskGroup")}
          label={f.riskGroup}
          value={row.riskGroup}
          errors={errors}
          field="riskGroup"
          placeholder={`${f.riskGroupOfOpd} (${props.opd.riskGroup})`}
          options={riskGroups.map((g) => ({ value: g, label: g }))}
        />
      </div>
      {props.amount !== undefined && (
        <p class="worker-amount">
          {f.contribution}: <strong>{formatRupiah(props.amount)}</strong>
        </p>
      )}
    </fieldset>
  );
}

export function EnrolmentFormPage(props: EnrolmentFormProps) {
  const { state, errors, priced } = props;
  const resubmission = state.from !== undefined;
  const title = resubmission ? f.resubmitTitle(state.from!) : f.title;
  const lineOptions = props.lines.map((l) => ({ value: l.id, label: `${l.year} · ${l.accountCode} · ${l.name} (${f.available(formatRupiah(l.available))})` }));
  return (
    <Layout title={title} {...props.chrome} scripts={["enrolment-form.js"]}>
      <h1>{title}</h1>
      <p>{resubmission ? f.resubmitIntro : f.intro}</p>
      {(props.formError || errors.size > 0) && (
        <p role="alert" class="error" data-testid="form-error">
          {props.formError ?? f.fixErrors}
        </p>
      )}
      <form method="post" action="/enrolments/new" novalidate>
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        {resubmission && <input type="hidden" name="from" value={state.from} />}
        <div class="grid-form">
          <div class="field">
            <label for="opd">{f.opd}</label>
            <input id="opd" type="text" value={`${props.opd.name} (${props.opd.code})`} readonly />
          </div>
          {props.lines.length === 0 ? (
            <p class="error">{f.noBudgetLine}</p>
          ) : (
            <SelectField name="budgetLineId" label={f.budgetLine} value={state.budgetLineId} errors={errors} options={lineOptions} placeholder={lineOptions.length > 1 ? f.choose : undefined} required />
          )}
          <InputField name="periodStart" label={f.periodStart} value={state.periodStart} errors={errors} type="month" attrs={{ required: true, placeholder: "2026-01" }} />
          <InputField name="months" label={f.months} value={state.months} errors={errors} type="number" attrs={{ required: true, min: 1, max: 12 }} />
        </div>
        <h2>{f.workers}</h2>
        <p>
          <small>{f.emptyRowHint}</small>
        </p>
        <FieldMessages name="workers" errors={errors} />
        <div id="worker-rows">
          {state.rows.map((row, index) => (
            <WorkerFieldset row={row} index={index} errors={errors} brackets={props.brackets} opd={props.opd} amount={priced?.amounts[index]} />
          ))}
        </div>
        {priced && (
          <article aria-live="polite" data-testid="priced">
            <BreakdownTable breakdown={priced.breakdown} total={priced.amount} caption={f.pricedFor(state.rows.length, Number(state.months))} />
          </article>
        )}
        <div class="actions">
          <button type="submit" name="action" value="add" class="secondary outline" formnovalidate>
            {f.addRow}
          </button>
          <button type="submit" name="action" value="price" class="secondary">
            {f.price}
          </button>
          <button type="submit" name="action" value="submit">
            {resubmission ? f.resubmit : f.submit}
          </button>
        </div>
      </form>
      {!resubmission && <UploadSection lines={lineOptions} state={state} csrfToken={props.chrome.csrfToken} errors={props.uploadErrors} />}
    </Layout>
  );
}

/** The CSV upload: same budget line and period fields, and the file. */
function UploadSection(props: { lines: { value: string; label: string }[]; state: EnrolmentFormState; csrfToken?: string; errors?: FieldErrors }) {
  const u = t.enrolment.upload;
  const errors = props.errors ?? new Map();
  // Other ids than the form above: one page, two forms with the same field names.
  const id = (name: string) => `upload-${name}`;
  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">{u.title}</h2>
      <p>{u.intro}</p>
      <p>
        <a href="/api/enrolments/template.csv" download>
          {u.template}
        </a>
      </p>
      {errors.size > 0 && (
        <p role="alert" class="error">
          {[...errors.values()].flat().join(" ")}
        </p>
      )}
      <form method="post" action="/enrolments/import" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="grid-form">
          {props.lines.length > 0 && (
            <div class="field">
              <label for={id("budgetLineId")}>{f.budgetLine}</label>
              <select id={id("budgetLineId")} name="budgetLineId" required>
                {props.lines.map((o) => (
                  <option value={o.value} selected={o.value === props.state.budgetLineId}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="field">
            <label for={id("periodStart")}>{f.periodStart}</label>
            <input id={id("periodStart")} name="periodStart" type="month" value={props.state.periodStart} required />
          </div>
          <div class="field">
            <label for={id("months")}>{f.months}</label>
            <input id={id("months")} name="months" type="number" min="1" max="12" value={props.state.months} required />
          </div>
          <div class="field">
            <label for={id("file")}>{u.file}</label>
            <input id={id("file")} name="file" type="file" accept=".csv,text/csv" required />
          </div>
        </div>
        <button type="submit">{u.submit}</button>
      </form>
    </section>
  );
}
