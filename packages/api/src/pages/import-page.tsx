import { id as t } from "@naungan/core/i18n";
import type { ImportView } from "@naungan/platform";
import { Layout } from "./layout";
import { formatCount, type Chrome } from "./page-context";

const m = t.enrolment.importPage;

const running = (status: ImportView["status"]) => status === "parsing" || status === "validating" || status === "persisting";

function Progress({ job }: { job: ImportView }) {
  const max = Math.max(1, job.rowsTotal);
  return (
    <>
      <label for="import-progress">{m.progressLabel}</label>
      <progress
        id="import-progress"
        value={String(Math.min(max, job.rowsDone))}
        max={String(max)}
        data-import-id={job.id}
        data-labels={JSON.stringify(m.status)}
        data-poll={`/api/imports/${encodeURIComponent(job.id)}`}
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

function Errors({ job }: { job: ImportView }) {
  return (
    <section aria-labelledby="kesalahan">
      <p role="alert" class="error" id="kesalahan">
        {m.invalid(formatCount(job.errorsTotal))}
      </p>
      <p>
        <a href={`/api/imports/${encodeURIComponent(job.id)}/errors.csv`} download>
          {m.downloadErrors}
        </a>
      </p>
      {job.errorsTotal > job.errors.length && <p>{m.shownFirst(formatCount(job.errors.length))}</p>}
      <div class="overflow-auto">
        <table class="striped" data-testid="import-errors">
          <thead>
            <tr>
              <th scope="col" class="num">{m.line}</th>
              <th scope="col">{m.column}</th>
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
      <p>
        <a href="/enrolments/new" role="button" class="secondary">
          {m.uploadAgain}
        </a>
      </p>
    </section>
  );
}

/** A CSV import while it runs (live progress), once done (the case), or invalid (every bad row). */
export function ImportPage({ chrome, job }: { chrome: Chrome; job: ImportView }) {
  const live = running(job.status);
  return (
    <Layout
      title={m.title}
      {...chrome}
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
      <h1>{m.title}</h1>
      <dl class="facts">
        {job.filename && (
          <>
            <dt>{m.file}</dt>
            <dd>{job.filename}</dd>
          </>
        )}
        <dt>{t.cases.list.status}</dt>
        <dd id="import-status" data-testid="import-status">
          {m.status[job.status]}
        </dd>
      </dl>
      {live && <Progress job={job} />}
      {job.status === "done" && job.caseId && (
        <p role="status">
          {m.done}{" "}
          <a href={`/cases/${encodeURIComponent(job.caseId)}`} data-testid="import-case">
            {m.openCase}
          </a>
        </p>
      )}
      {job.status === "invalid" && <Errors job={job} />}
    </Layout>
  );
}
