import { id as t } from "@naungan/core/i18n";
import type { ParticipantImportView } from "@naungan/platform";
import { formatCount, type Chrome } from "../page-context";
import { AdminShell } from "./admin-shell";
import { PARTICIPANT_IMPORT_PAGE_PATH } from "./participant-import-form";

const m = t.adminParticipants.page;

const running = (status: ParticipantImportView["status"]) => status === "parsing" || status === "importing";

/** The bar the shared import-progress.js moves (pages/scripts.ts), polling the admin API. */
function Progress({ job }: { job: ParticipantImportView }) {
  const max = Math.max(1, job.rowsTotal);
  return (
    <>
      <label for="import-progress">{m.progressLabel}</label>
      <progress
        id="import-progress"
        value={String(Math.min(max, job.rowsDone))}
        max={String(max)}
        data-labels={JSON.stringify(m.status)}
        data-poll={`/api/admin/participant-imports/${encodeURIComponent(job.id)}`}
      ></progress>
      <p id="import-rows" data-pattern={m.rows("{done}", "{total}")} aria-live="polite">
        {m.rows(formatCount(job.rowsDone), formatCount(job.rowsTotal))}
      </p>
      <p>
        <small>{m.autoRefresh}</small>
      </p>
    </>
  );
}

function Counts({ job }: { job: ParticipantImportView }) {
  const counts = [
    ["created", job.created],
    ["updated", job.updated],
    ["unchanged", job.unchanged],
    ["invalid", job.invalid],
  ] as const;
  return (
    <dl class="facts" data-testid="participant-import-counts">
      {counts.map(([key, n]) => (
        <>
          <dt>{m.counts[key]}</dt>
          <dd data-count={key}>{formatCount(n)}</dd>
        </>
      ))}
    </dl>
  );
}

function Errors({ job }: { job: ParticipantImportView }) {
  return (
    <section aria-labelledby="kesalahan">
      <h2 id="kesalahan">{m.errorsTitle(formatCount(job.errorsTotal))}</h2>
      <p>
        <a href={`/api/admin/participant-imports/${encodeURIComponent(job.id)}/errors.csv`} download>
          {m.downloadErrors}
        </a>
      </p>
      {job.errorsTotal > job.errors.length && <p>{m.shownFirst(formatCount(job.errors.length))}</p>}
      <div class="overflow-auto">
        <table class="striped" data-testid="import-errors">
          <thead>
            <tr>
              <th scope="col" class="num">{m.line}</th>
              <th scope="col">{m.columnHeader}</th>
              <th scope="col">{m.message}</th>
            </tr>
          </thead>
          <tbody>
            {job.errors.map((e) => (
              <tr>
                <td class="num">{e.line}</td>
                <td>{e.column ? <code>{e.column}</code> : t.format.none}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A participant import while it runs (live progress), then its counts and every bad row. */
export function ParticipantImportResult({ chrome, job }: { chrome: Chrome; job: ParticipantImportView }) {
  const live = running(job.status);
  return (
    <AdminShell
      chrome={chrome}
      title={m.progressTitle}
      scripts={live ? ["import-progress.js"] : undefined}
      head={
        live ? (
          // Without JavaScript the page reloads itself; with it, the script polls instead.
          <noscript>
            <meta http-equiv="refresh" content="2" />
          </noscript>
        ) : undefined
      }
    >
      <dl class="facts">
        {job.filename && (
          <>
            <dt>{m.fileName}</dt>
            <dd>{job.filename}</dd>
          </>
        )}
        <dt>{m.statusLabel}</dt>
        <dd id="import-status" data-testid="import-status">
          {m.status[job.status]}
        </dd>
      </dl>
      {live && <Progress job={job} />}
      {job.status === "done" && <Counts job={job} />}
      {job.status === "invalid" && (
        <p role="alert" class="error">
          {m.unreadable}
        </p>
      )}
      {!live && job.errorsTotal > 0 && <Errors job={job} />}
      {!live && (
        <p>
          <a href={PARTICIPANT_IMPORT_PAGE_PATH} role="button" class="secondary">
            {m.uploadAgain}
          </a>
        </p>
      )}
    </AdminShell>
  );
}
