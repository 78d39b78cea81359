import { id as t } from "@naungan/core/i18n";
import { formatCount } from "./page-context";

/*
 * The parts every CSV import page shares (workers, participants): the bar
 * that the shared import-progress.js moves (pages/scripts.ts) and the table
 * of bad rows with the link to all of them.
 */

export interface ProgressLabels {
  progressLabel: string;
  status: Record<string, string>;
  rows: (done: string, total: string) => string;
  autoRefresh: string;
}

export function ImportProgress(props: { id: string; rowsDone: number; rowsTotal: number; pollUrl: string; labels: ProgressLabels; idAttribute?: boolean }) {
  const { labels: m } = props;
  const max = Math.max(1, props.rowsTotal);
  return (
    <>
      <label for="import-progress">{m.progressLabel}</label>
      <progress
        id="import-progress"
        value={String(Math.min(max, props.rowsDone))}
        max={String(max)}
        data-import-id={props.idAttribute ? props.id : undefined}
        data-labels={JSON.stringify(m.status)}
        data-poll={props.pollUrl}
      ></progress>
      <p id="import-rows" data-pattern={m.rows("{done}", "{total}")} aria-live="polite">
        {m.rows(formatCount(props.rowsDone), formatCount(props.rowsTotal))}
      </p>
      <p>
        <small>{m.autoRefresh}</small>
      </p>
    </>
  );
}

export interface ErrorTableLabels {
  downloadErrors: string;
  shownFirst: (n: string) => string;
  line: string;
  column: string;
  message: string;
}

export function ImportErrorTable(props: { errors: { line: number; column?: string; message: string }[]; errorsTotal: number; csvHref: string; labels: ErrorTableLabels }) {
  const { labels: m } = props;
  return (
    <>
      <p>
        <a href={props.csvHref} download>
          {m.downloadErrors}
        </a>
      </p>
      {props.errorsTotal > props.errors.length && <p>{m.shownFirst(formatCount(props.errors.length))}</p>}
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
            {props.errors.map((e) => (
              <tr>
                <td class="num">{e.line}</td>
                <td>{e.column ? <code>{e.column}</code> : t.format.none}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
