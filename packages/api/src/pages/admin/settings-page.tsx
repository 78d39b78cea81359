import { formatRupiah } from "@naungan/core";
import { id } from "@naungan/core/i18n";
import type { SettingKey, SettingsView } from "@naungan/platform";
import type { FieldErrors } from "../enrolment-form-check";
import { FieldMessages, InputField, SelectField, TextareaField } from "../form-fields";
import { formatCount, type Chrome } from "../page-context";
import { AdminShell, type Flash } from "./admin-shell";
import { durationText, percentText, type SettingsForm } from "./settings-form";

const t = id.adminSettings;
const f = t.fields;

export const SETTINGS_PATH = "/admin/pengaturan";

/** The value in force of an overridden key, as the page states it. */
function effectiveText(key: SettingKey, view: SettingsView): string {
  const e = view.effective;
  switch (key) {
    case "reminderSeconds":
      return durationText(e.reminderSeconds);
    case "approvalLinkSeconds":
      return durationText(e.approvalLinkSeconds);
    case "jkkDeathFloor":
      return formatRupiah(e.jkkDeathFloor);
    case "holidays":
      return formatCount(e.holidays.length);
    case "accountCodes":
      return e.accountCodes.map((c) => c.code || c.label).join(", ");
    case "coverage":
      return `${formatCount(e.coverage.workforce)} / ${formatCount(e.coverage.baselineEnrolled)} / ${percentText(e.coverage.target)} %`;
    default:
      return String(e[key]);
  }
}

/** Says, under a section, that the environment overrides its value. */
function Overridden({ keys, view }: { keys: SettingKey[]; view: SettingsView }) {
  return (
    <>
      {keys
        .filter((k) => view.overridden.includes(k))
        .map((k) => (
          <p data-overridden={k}>
            <mark>{t.overridden(effectiveText(k, view))}</mark>
          </p>
        ))}
    </>
  );
}

export function SettingsPage(props: { chrome: Chrome; view: SettingsView; form: SettingsForm; errors?: FieldErrors; flash?: Flash }) {
  const { form, view } = props;
  const errors = props.errors ?? new Map();
  return (
    <AdminShell chrome={props.chrome} title={t.title} flash={props.flash}>
      <p>{t.intro}</p>
      <FieldMessages name="form" errors={errors} />
      <form method="post" action={SETTINGS_PATH} novalidate>
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        <input type="hidden" name="version" value={form.version} />

        <h2>{t.sections.agency}</h2>
        <Overridden keys={["financeAgencyName"]} view={view} />
        <InputField name="financeAgencyName" label={f.financeAgencyName} hint={f.financeAgencyNameHint} value={form.financeAgencyName} errors={errors} attrs={{ maxlength: 120, required: true }} />

        <h2>{t.sections.death}</h2>
        <Overridden keys={["jkkDeathFloor"]} view={view} />
        <InputField name="jkkDeathFloor" label={f.jkkDeathFloor} hint={f.jkkDeathFloorHint} value={form.jkkDeathFloor} errors={errors} attrs={{ inputmode: "numeric", maxlength: 32, required: true }} />

        <h2>{t.sections.reminders}</h2>
        <Overridden keys={["reminderSeconds", "remindersBeforeEscalation", "backupFinanceApprover", "approvalLinkSeconds"]} view={view} />
        <div class="grid-form">
          <InputField name="reminderAmount" label={f.reminderAmount} value={form.reminderAmount} errors={errors} attrs={{ inputmode: "decimal", maxlength: 12, required: true }} />
          <SelectField
            name="reminderUnit"
            label={f.reminderUnit}
            value={form.reminderUnit}
            errors={errors}
            options={[
              { value: "hours", label: t.units.hours },
              { value: "days", label: t.units.days },
            ]}
          />
          <InputField name="remindersBeforeEscalation" label={f.remindersBeforeEscalation} value={form.remindersBeforeEscalation} errors={errors} attrs={{ inputmode: "numeric", maxlength: 2, required: true }} />
          <InputField name="backupFinanceApprover" label={f.backupFinanceApprover} value={form.backupFinanceApprover} errors={errors} type="email" attrs={{ maxlength: 254, required: true }} />
          <InputField name="approvalLinkDays" label={f.approvalLinkDays} value={form.approvalLinkDays} errors={errors} attrs={{ inputmode: "numeric", maxlength: 3, required: true }} />
        </div>

        <h2>{t.sections.holidays}</h2>
        <Overridden keys={["holidays"]} view={view} />
        <TextareaField name="holidays" label={f.holidays} hint={f.holidaysHint} value={form.holidays} errors={errors} rows={12} />

        <h2>{t.sections.accountCodes}</h2>
        <Overridden keys={["accountCodes"]} view={view} />
        <p>
          <small>{f.accountCodesHint}</small>
        </p>
        {form.accountCodes.map((row, i) => (
          <div class="grid-form">
            <InputField name={`accountCodes.${i}.code`} label={f.accountCode(i + 1)} value={row.code} errors={errors} attrs={{ maxlength: 32 }} />
            <InputField name={`accountCodes.${i}.label`} label={f.accountLabel(i + 1)} value={row.label} errors={errors} attrs={{ maxlength: 120 }} />
          </div>
        ))}

        <h2>{t.sections.coverage}</h2>
        <Overridden keys={["coverage"]} view={view} />
        <div class="grid-form">
          <InputField name="workforce" label={f.workforce} value={form.workforce} errors={errors} attrs={{ inputmode: "numeric", maxlength: 12, required: true }} />
          <InputField name="baselineEnrolled" label={f.baselineEnrolled} value={form.baselineEnrolled} errors={errors} attrs={{ inputmode: "numeric", maxlength: 12, required: true }} />
          <InputField name="target" label={f.target} value={form.target} errors={errors} attrs={{ inputmode: "decimal", maxlength: 8, required: true }} />
        </div>

        <h2>{t.sections.rates}</h2>
        <p>
          {t.ratesLink} <a href="/admin/tarif">{id.admin.tabs.rateTables}</a>.
        </p>

        <div class="actions">
          <button type="submit">{t.save}</button>
        </div>
      </form>
    </AdminShell>
  );
}
