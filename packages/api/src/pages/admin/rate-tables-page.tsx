import { formatDateId, formatRupiah, riskGroups, type Discount, type RateTable } from "@naungan/core";
import { id } from "@naungan/core/i18n";
import type { FieldErrors } from "../enrolment-form-check";
import { FieldMessages, InputField, TextareaField } from "../form-fields";
import type { Chrome } from "../page-context";
import { AdminShell, type Flash } from "./admin-shell";
import { DISCOUNT, emptyDiscountForm, percentText, versionFormOf, type FormValues } from "./rate-tables-form";

const t = id.adminRates;

export const RATES_PATH = "/admin/tarif";
export const DISCOUNTS_PATH = `${RATES_PATH}/diskon`;
export const endDiscountPath = (discountId: string) => `${DISCOUNTS_PATH}/${encodeURIComponent(discountId)}/akhiri`;

/** The page after a post: which form it answers (`version`, `discount`, `end:<id>`), its values and errors. */
export interface RatesPageState {
  flash?: Flash;
  form?: string;
  values?: FormValues;
  errors?: FieldErrors;
}

type Validity = { validFrom: string; validTo?: string | undefined };
type Status = keyof typeof t.status;

function statusOn(v: Validity, today: string): Status {
  if (v.validFrom > today) return "future";
  return v.validTo !== undefined && v.validTo < today ? "past" : "current";
}

const validityText = (v: Validity) => (v.validTo ? t.fromTo(formatDateId(v.validFrom), formatDateId(v.validTo)) : t.from(formatDateId(v.validFrom)));
const pct = (bp: number) => `${percentText(bp)} %`;

/** One version, read-only: it is never changed once stored. */
function Version({ table, today }: { table: RateTable; today: string }) {
  const status = statusOn(table, today);
  const w = table.wageEarner;
  const b = table.nonWageEarner;
  return (
    <article data-version={table.id} data-status={status}>
      <header>
        <h3>
          <code>{table.id}</code> <mark>{t.status[status]}</mark>
        </h3>
        <p>
          {t.validity}: {validityText(table)} · {t.source}: {table.source}
        </p>
      </header>
      <h4>{t.wageEarner}</h4>
      <table class="striped">
        <tbody>
          {riskGroups.map((g) => (
            <tr>
              <th scope="row">{t.jkkGroup(g)}</th>
              <td>{pct(w.jkkBpByRiskGroup[g])}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t.jkm}</th>
            <td>{pct(w.jkmBp)}</td>
          </tr>
          <tr>
            <th scope="row">{t.jht}</th>
            <td>{t.split(pct(w.optional.jht.employerBp), pct(w.optional.jht.workerBp))}</td>
          </tr>
          <tr>
            <th scope="row">{t.jp}</th>
            <td>{t.split(pct(w.optional.jp.employerBp), pct(w.optional.jp.workerBp))}</td>
          </tr>
        </tbody>
      </table>
      <h4>{t.nonWageEarner}</h4>
      <table class="striped">
        <tbody>
          <tr>
            <th scope="row">{t.jkmFlat}</th>
            <td>{formatRupiah(b.jkmFlat)}</td>
          </tr>
          <tr>
            <th scope="row">{t.jkk}</th>
            <td>{pct(b.jkkBp)}</td>
          </tr>
        </tbody>
      </table>
      <table>
        <caption>{t.brackets}</caption>
        <thead>
          <tr>
            <th scope="col">{t.bracketId}</th>
            <th scope="col">{t.bracketLabel}</th>
            <th scope="col">{t.declaredIncome}</th>
          </tr>
        </thead>
        <tbody>
          {b.incomeBrackets.map((br) => (
            <tr>
              <td>
                <code>{br.id}</code>
              </td>
              <td>{br.label}</td>
              <td>{formatRupiah(br.declaredIncome)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function NewVersionForm({ csrf, values, errors }: { csrf: string | undefined; values: FormValues; errors?: FieldErrors }) {
  const n = t.newVersion;
  const field = (name: string, label: string, hint?: string) => <InputField name={name} label={label} value={values[name] ?? ""} hint={hint} errors={errors} attrs={{ inputmode: "decimal" }} />;
  return (
    <section aria-labelledby="versi-baru">
      <h2 id="versi-baru">{n.title}</h2>
      <p>{n.intro}</p>
      <form method="post" action={RATES_PATH} novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="grid">
          <InputField name="id" label={n.id} value={values.id ?? ""} hint={n.idHint} errors={errors} attrs={{ required: true, maxlength: 64 }} />
          <InputField name="validFrom" label={n.validFrom} type="date" value={values.validFrom ?? ""} errors={errors} attrs={{ required: true }} />
        </div>
        <InputField name="source" label={n.source} value={values.source ?? ""} hint={n.sourceHint} errors={errors} attrs={{ required: true }} />
        <fieldset>
          <legend>{t.wageEarner}</legend>
          <div class="grid">{riskGroups.map((g) => field(`wageEarner.jkkBpByRiskGroup.${g}`, n.jkkGroup(g)))}</div>
          <div class="grid">
            {field("wageEarner.jkmBp", n.jkm, n.percentHint)}
            {field("wageEarner.optional.jht.employerBp", n.jhtEmployer)}
            {field("wageEarner.optional.jht.workerBp", n.jhtWorker)}
            {field("wageEarner.optional.jp.employerBp", n.jpEmployer)}
            {field("wageEarner.optional.jp.workerBp", n.jpWorker)}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.nonWageEarner}</legend>
          <div class="grid">
            <InputField name="nonWageEarner.jkmFlat" label={n.bpuJkmFlat} value={values["nonWageEarner.jkmFlat"] ?? ""} errors={errors} attrs={{ inputmode: "numeric" }} />
            {field("nonWageEarner.jkkBp", n.bpuJkk)}
          </div>
          <TextareaField name="nonWageEarner.incomeBrackets" label={n.brackets} value={values["nonWageEarner.incomeBrackets"] ?? ""} hint={n.bracketsHint} errors={errors} rows={4} />
        </fieldset>
        <button type="submit">{n.submit}</button>
      </form>
    </section>
  );
}

/** The discount periods, each not yet ended with a small form to end it early. */
function Discounts(props: { discounts: Discount[]; today: string; csrf: string | undefined; state: RatesPageState }) {
  const d = t.discounts;
  const { state } = props;
  return (
    <div class="overflow-auto">
      {props.discounts.length === 0 ? (
        <p>{d.empty}</p>
      ) : (
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">{d.idColumn}</th>
              <th scope="col">{d.programmes}</th>
              <th scope="col">{d.percent}</th>
              <th scope="col">{d.period}</th>
              <th scope="col">{d.budgetFunded}</th>
              <th scope="col">{t.source}</th>
              <th scope="col">{d.end}</th>
            </tr>
          </thead>
          <tbody>
            {props.discounts.map((discount) => {
              const status = statusOn(discount, props.today);
              const posted = state.form === `end:${discount.id}` ? state : undefined;
              const inputId = `end-${discount.id}`;
              const errors = posted?.errors?.get("validTo");
              return (
                <tr data-discount={discount.id} data-status={status}>
                  <th scope="row">
                    <code>{discount.id}</code> <mark>{t.status[status]}</mark>
                  </th>
                  <td>{discount.programmes.map((p) => t[p]).join(", ")}</td>
                  <td>{pct(discount.percentBp)}</td>
                  <td>{validityText(discount)}</td>
                  <td>{discount.whenBudgetFunded ? d.alsoBudgetFunded : d.notBudgetFunded}</td>
                  <td>{discount.source}</td>
                  <td>
                    {discount.validTo > props.today && (
                      <form method="post" action={endDiscountPath(discount.id)} class="inline">
                        <input type="hidden" name="_csrf" value={props.csrf} />
                        <input id={inputId} type="date" name="validTo" value={posted?.values?.validTo ?? ""} aria-label={d.endLabel(discount.id)} required aria-invalid={errors ? "true" : undefined} aria-describedby={errors ? `${inputId}-error` : undefined} />
                        {errors && (
                          <small id={`${inputId}-error`} class="field-error">
                            {errors.join(" ")}
                          </small>
                        )}
                        <button type="submit" class="secondary">
                          {d.end}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function NewDiscountForm({ csrf, values, errors }: { csrf: string | undefined; values: FormValues; errors?: FieldErrors }) {
  const d = t.discounts;
  const v = (name: string) => values[DISCOUNT + name] ?? "";
  const programmes = v("programmes").split(",");
  return (
    <section aria-labelledby="tambah-diskon">
      <h3 id="tambah-diskon">{d.addTitle}</h3>
      <form method="post" action={DISCOUNTS_PATH} novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="grid">
          <InputField name={`${DISCOUNT}id`} label={d.id} value={v("id")} hint={t.newVersion.idHint} errors={errors} attrs={{ required: true, maxlength: 64 }} />
          <InputField name={`${DISCOUNT}percent`} label={d.percentField} value={v("percent")} errors={errors} attrs={{ inputmode: "decimal", required: true }} />
        </div>
        <fieldset>
          <legend>{d.programmes}</legend>
          {(["jkk", "jkm"] as const).map((p) => (
            <label>
              <input type="checkbox" name={`${DISCOUNT}programmes`} value={p} checked={programmes.includes(p)} /> {t[p]}
            </label>
          ))}
          <FieldMessages name={`${DISCOUNT}programmes`} errors={errors} />
        </fieldset>
        <div class="grid">
          <InputField name={`${DISCOUNT}validFrom`} label={d.validFrom} type="date" value={v("validFrom")} errors={errors} attrs={{ required: true }} />
          <InputField name={`${DISCOUNT}validTo`} label={d.validTo} type="date" value={v("validTo")} errors={errors} attrs={{ required: true }} />
        </div>
        <InputField name={`${DISCOUNT}source`} label={t.source} value={v("source")} hint={t.newVersion.sourceHint} errors={errors} attrs={{ required: true }} />
        <label>
          <input type="checkbox" name={`${DISCOUNT}whenBudgetFunded`} role="switch" checked={v("whenBudgetFunded") === "on"} /> {d.whenBudgetFunded}
        </label>
        <button type="submit">{d.add}</button>
      </form>
    </section>
  );
}

export function RateTablesPage(props: { chrome: Chrome; tables: RateTable[]; discounts: Discount[]; today: string; state?: RatesPageState }) {
  const { state = {} } = props;
  const csrf = props.chrome.csrfToken;
  const byStart = <T extends Validity>(list: T[]) => [...list].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const tables = byStart(props.tables);
  const posted = (form: string) => (state.form === form ? state : undefined);
  return (
    <AdminShell chrome={props.chrome} title={t.title} flash={state.flash}>
      <p>{t.intro}</p>
      <section aria-labelledby="versi-tarif">
        <h2 id="versi-tarif">{t.versionsTitle}</h2>
        {tables.map((table) => (
          <Version table={table} today={props.today} />
        ))}
      </section>
      <NewVersionForm csrf={csrf} values={posted("version")?.values ?? versionFormOf(tables.at(-1))} errors={posted("version")?.errors} />
      <section aria-labelledby="diskon">
        <h2 id="diskon">{t.discounts.title}</h2>
        <Discounts discounts={byStart(props.discounts)} today={props.today} csrf={csrf} state={state} />
        <NewDiscountForm csrf={csrf} values={posted("discount")?.values ?? emptyDiscountForm()} errors={posted("discount")?.errors} />
      </section>
    </AdminShell>
  );
}
