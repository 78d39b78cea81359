import { id as t } from "@naungan/core/i18n";
import type { ParticipantImportView } from "@naungan/platform";
import { formatCount, type Chrome } from "../page-context";
import { ImportErrorTable, ImportProgress } from "../import-report";
import { AdminShell } from "./admin-shell";
import { PARTICIPANT_IMPORT_PAGE_PATH } from "./participant-import-form";

const m = t.adminParticipants.page;

const running = (status: ParticipantImportView["status"]) => status === "parsing" || status === "importing";

/** Polls the admin API. */
function Progress({ job }: { job: ParticipantImportView }) {
  return <ImportProgress id={job.id} rowsDone={job.rowsDone} rowsTotal={job.rowsTotal} pollUrl={`/api/admin/participant-imports/${encodeURIComponent(job.id)}`} labels={m} />;
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
      <ImportErrorTable errors={job.errors} errorsTotal={job.errorsTotal} csvHref={`/api/admin/participant-imports/${encodeURIComponent(job.id)}/errors.csv`} labels={{ ...m, column: m.columnHeader }} />
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
