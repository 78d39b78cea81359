import { id as t } from "@naungan/core/i18n";
import { participantCsvColumns } from "@naungan/platform";
import type { Chrome } from "../page-context";
import { AdminShell } from "./admin-shell";

const m = t.adminParticipants.page;

/** Where the upload form posts (also a large-body path, app.tsx). */
export const PARTICIPANT_IMPORT_PAGE_PATH = "/admin/peserta/impor";
export const PARTICIPANT_TEMPLATE_PATH = "/admin/peserta/templat.csv";

/** The upload form, with the columns the file needs and the template. */
export function ParticipantImportForm(props: { chrome: Chrome; fileError?: string }) {
  return (
    <AdminShell chrome={props.chrome} title={m.title}>
      <p>{m.intro}</p>
      <p>{m.format}</p>
      <div class="overflow-auto">
        <table class="striped" data-testid="participant-columns">
          <thead>
            <tr>
              <th scope="col">{m.column}</th>
              <th scope="col">{m.meaning}</th>
            </tr>
          </thead>
          <tbody>
            {participantCsvColumns.map((c) => (
              <tr>
                <td>
                  <code>{c.id}</code>
                </td>
                <td>{t.adminParticipants.columns[c.id]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={PARTICIPANT_TEMPLATE_PATH} download>
          {m.template}
        </a>
      </p>
      <form method="post" action={PARTICIPANT_IMPORT_PAGE_PATH} enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        <div class="field">
          <label for="participant-file">{m.file}</label>
          <input
            id="participant-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={props.fileError ? "true" : undefined}
            aria-describedby={props.fileError ? "participant-file-error" : undefined}
          />
          {props.fileError && (
            <p id="participant-file-error" class="field-error" role="alert">
              {props.fileError}
            </p>
          )}
        </div>
        <button type="submit">{m.submit}</button>
      </form>
    </AdminShell>
  );
}
