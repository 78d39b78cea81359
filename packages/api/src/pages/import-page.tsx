import { id as t } from "@naungan/core/i18n";
import type { ImportView } from "@naungan/platform";
import { ImportErrorTable, ImportProgress } from "./import-report";
import { Layout } from "./layout";
import { formatCount, type Chrome } from "./page-context";

const m = t.enrolment.importPage;

const running = (status: ImportView["status"]) => status === "parsing" || status === "validating" || status === "persisting";

function Progress({ job }: { job: ImportView }) {
  return <ImportProgress id={job.id} rowsDone={job.rowsDone} rowsTotal={job.rowsTotal} pollUrl={`/api/imports/${encodeURIComponent(job.id)}`} labels={m} idAttribute />;
}

function Errors({ job }: { job: ImportView }) {
  return (
    <section aria-labelledby="kesalahan">
      <p role="alert" class="error" id="kesalahan">
        {m.invalid(formatCount(job.errorsTotal))}
      </p>
      <ImportErrorTable errors={job.errors} errorsTotal={job.errorsTotal} csvHref={`/api/imports/${encodeURIComponent(job.id)}/errors.csv`} labels={m} />
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
