import { formatRupiah, type Opd } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { BudgetLine } from "@naungan/platform";
import type { FieldErrors } from "../enrolment-form-check";
import { InputField, SelectField } from "../form-fields";
import type { Chrome } from "../page-context";
import { AdminShell, type Flash } from "./admin-shell";

const m = t.adminMaster.budgetLines;

export const budgetLinesPath = "/admin/anggaran";
export const budgetLinePath = (id: string) => `${budgetLinesPath}/${encodeURIComponent(id)}`;

/** The page after a post: which form it answers (`new` or a line id), its values and errors. */
export interface BudgetLineFormState {
  flash?: Flash;
  form?: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}

/** Pagu as an admin types it back: digits grouped with dots, no "Rp". */
const paguText = (n: number) => formatRupiah(n).replace(/^Rp/, "");

export function BudgetLinesPage(props: { chrome: Chrome; year: number; lines: BudgetLine[]; opds: Opd[]; accountCodes: { code: string; label: string }[]; state?: BudgetLineFormState }) {
  const { state = {} } = props;
  const opdName = new Map(props.opds.map((o) => [o.code, o.name]));
  const posted = (form: string) => (state.form === form ? state : undefined);
  const fresh = posted("new");
  const lines = [...props.lines].sort((a, b) => a.opdCode.localeCompare(b.opdCode) || a.accountCode.localeCompare(b.accountCode));
  return (
    <AdminShell chrome={props.chrome} title={m.title} flash={state.flash}>
      <p>{m.intro}</p>
      <form method="get" action={budgetLinesPath} class="inline-form">
        <label>
          {m.year}
          <input type="number" name="year" value={String(props.year)} min="2020" max="2100" />
        </label>
        <button type="submit" class="secondary">
          {m.show}
        </button>
      </form>
      {lines.length === 0 ? (
        <p>{m.empty}</p>
      ) : (
        <div class="overflow-auto">
          <table class="striped admin-lines">
            <thead>
              <tr>
                <th scope="col">{m.opd}</th>
                <th scope="col">{m.accountCode}</th>
                <th scope="col">{m.name}</th>
                <th scope="col">{m.pagu}</th>
                <th scope="col" class="num">{m.floor}</th>
                <th scope="col" class="num">{m.available}</th>
                <th scope="col">{t.adminMaster.actions}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => {
                const row = posted(line.id);
                const formId = `line-${line.id}`;
                const fieldError = (name: string) => row?.errors?.get(name);
                return (
                  <tr data-line={line.id}>
                    <td>
                      <abbr title={opdName.get(line.opdCode) ?? line.opdCode}>{line.opdCode}</abbr>
                    </td>
                    <td>
                      <code>{line.accountCode}</code>
                    </td>
                    <td>
                      <input form={formId} name="name" value={row?.values?.name ?? line.name} aria-label={`${m.name} ${line.id}`} required maxlength={200} aria-invalid={fieldError("name") ? "true" : undefined} />
                      {fieldError("name") && <small class="field-error">{fieldError("name")!.join(" ")}</small>}
                    </td>
                    <td>
                      <input form={formId} name="pagu" value={row?.values?.pagu ?? paguText(line.pagu)} inputmode="numeric" aria-label={`${m.pagu} ${line.id}`} required aria-invalid={fieldError("pagu") ? "true" : undefined} />
                      {fieldError("pagu") && <small class="field-error">{fieldError("pagu")!.join(" ")}</small>}
                    </td>
                    <td class="num">{formatRupiah(line.reserved + line.spent)}</td>
                    <td class="num">{formatRupiah(line.available)}</td>
                    <td>
                      <form id={formId} method="post" action={budgetLinePath(line.id)} class="inline">
                        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
                        <button type="submit" class="secondary">
                          {t.adminMaster.save}
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="tambah-pagu">
        <h2 id="tambah-pagu">{m.createTitle}</h2>
        <form method="post" action={budgetLinesPath}>
          <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
          <div class="grid">
            <SelectField name="opdCode" label={m.opd} value={fresh?.values?.opdCode ?? ""} placeholder={m.choose} options={props.opds.map((o) => ({ value: o.code, label: `${o.code} — ${o.name}` }))} required errors={fresh?.errors} />
            <InputField name="year" label={m.year} type="number" value={fresh?.values?.year ?? String(props.year)} errors={fresh?.errors} attrs={{ required: true, min: 2020, max: 2100 }} />
          </div>
          <InputField name="accountCode" label={m.accountCode} value={fresh?.values?.accountCode ?? ""} hint={m.accountHint} errors={fresh?.errors} attrs={{ required: true, list: "kode-rekening", maxlength: 64 }} />
          <datalist id="kode-rekening">
            {props.accountCodes.map((a) => (
              <option value={a.code}>{a.label}</option>
            ))}
          </datalist>
          <div class="grid">
            <InputField name="name" label={m.name} value={fresh?.values?.name ?? ""} errors={fresh?.errors} attrs={{ required: true, maxlength: 200 }} />
            <InputField name="pagu" label={m.pagu} value={fresh?.values?.pagu ?? ""} errors={fresh?.errors} attrs={{ required: true, inputmode: "numeric" }} />
          </div>
          <button type="submit">{m.create}</button>
        </form>
      </section>
    </AdminShell>
  );
}
