import { riskGroups, type Opd } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { FieldErrors } from "../enrolment-form-check";
import { InputField, SelectField } from "../form-fields";
import type { Chrome } from "../page-context";
import { AdminShell, type Flash } from "./admin-shell";

const m = t.adminMaster.opds;

export const opdsPath = "/admin/opd";

/** The OPD page after a post: which form it answers (the new-OPD form, or one row), its values and errors. */
export interface OpdFormState {
  flash?: Flash;
  /** `new`, or the code of the row that was posted. */
  form?: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}

const riskOptions = riskGroups.map((g) => ({ value: g, label: g }));

/** Each OPD is a row with its own small form (name and risk group); the code never changes. */
export function OpdsPage(props: { chrome: Chrome; opds: Opd[]; state?: OpdFormState }) {
  const { state = {} } = props;
  const posted = (code: string) => (state.form === code ? state : undefined);
  const fresh = posted("new");
  return (
    <AdminShell chrome={props.chrome} title={m.title} flash={state.flash}>
      <p>{m.intro}</p>
      <div class="overflow-auto">
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">{m.code}</th>
              <th scope="col">{m.name}</th>
              <th scope="col">{m.riskGroup}</th>
              <th scope="col">{t.adminMaster.actions}</th>
            </tr>
          </thead>
          <tbody>
            {[...props.opds]
              .sort((a, b) => a.code.localeCompare(b.code))
              .map((opd) => {
                const row = posted(opd.code);
                const formId = `opd-${opd.code}`;
                const name = row?.values?.name ?? opd.name;
                const risk = row?.values?.riskGroup ?? opd.riskGroup;
                const errors = row?.errors;
                return (
                  <tr data-opd={opd.code}>
                    <th scope="row">
                      <code>{opd.code}</code>
                    </th>
                    <td>
                      <input form={formId} name="name" value={name} aria-label={`${m.name} ${opd.code}`} required maxlength={120} aria-invalid={errors?.has("name") ? "true" : undefined} />
                      {errors?.get("name") && <small class="field-error">{errors.get("name")!.join(" ")}</small>}
                    </td>
                    <td>
                      <select form={formId} name="riskGroup" aria-label={`${m.riskGroup} ${opd.code}`}>
                        {riskGroups.map((g) => (
                          <option value={g} selected={g === risk}>
                            {g}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <form id={formId} method="post" action={opdsPath} class="inline">
                        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
                        <input type="hidden" name="code" value={opd.code} />
                        <input type="hidden" name="mode" value="update" />
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
      <section aria-labelledby="tambah-opd">
        <h2 id="tambah-opd">{m.createTitle}</h2>
        <form method="post" action={opdsPath}>
          <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
          <input type="hidden" name="mode" value="create" />
          <div class="grid">
            <InputField name="code" label={m.code} value={fresh?.values?.code ?? ""} hint={m.codeHint} errors={fresh?.errors} attrs={{ required: true, maxlength: 32 }} />
            <InputField name="name" label={m.name} value={fresh?.values?.name ?? ""} errors={fresh?.errors} attrs={{ required: true, maxlength: 120 }} />
            <SelectField name="riskGroup" label={m.riskGroup} value={fresh?.values?.riskGroup ?? "I"} options={riskOptions} errors={fresh?.errors} />
          </div>
          <button type="submit">{m.create}</button>
        </form>
      </section>
    </AdminShell>
  );
}
