import { formatRupiah, formatWib } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { ApprovalLink } from "@naungan/platform";
import type { CaseSummary, WorkerView } from "../cases/case-view";
import { DecisionButtons } from "./case-page";
import { Layout } from "./layout";
import { formatCount } from "./page-context";

const a = t.cases.approvalPage;
const p = t.cases.page;

export interface ApprovalSummaryProps {
  /** The token as in the link: the form posts back to the same address. */
  token: string;
  link: ApprovalLink;
  summary: CaseSummary;
  opdName: string;
  periodText?: string;
  workers: WorkerView[];
  local?: boolean;
}

/** The case summary behind an approval link and the three buttons; showing it changes nothing. */
export function ApprovalSummaryPage(props: ApprovalSummaryProps) {
  const { link, summary } = props;
  const ask = a.ask(t.approval.stepTitle[link.step], summary.id);
  return (
    <Layout title={a.title} local={props.local}>
      <h1>{a.title}</h1>
      <p class="lead">{ask}</p>
      <article>
        <dl class="facts" data-testid="approval-summary">
          <dt>{p.opd}</dt>
          <dd>{`${props.opdName} (${summary.opdCode})`}</dd>
          <dt>{p.type}</dt>
          <dd>{t.cases.types[summary.type]}</dd>
          {summary.workersCount !== undefined && (
            <>
              <dt>{p.workers}</dt>
              <dd>{p.workersCount(formatCount(summary.workersCount))}</dd>
            </>
          )}
          <dt>{p.amount}</dt>
          <dd>
            <strong>{formatRupiah(summary.amount)}</strong>
          </dd>
          {props.periodText && (
            <>
              <dt>{p.period}</dt>
              <dd>{props.periodText}</dd>
            </>
          )}
          <dt>{p.submittedBy}</dt>
          <dd>{summary.submittedBy}</dd>
          <dt>{a.askedOf}</dt>
          <dd>{link.approverEmail}</dd>
          <dt>{a.until}</dt>
          <dd>{formatWib(link.expiresAt)}</dd>
        </dl>
      </article>
      {props.workers.length > 0 && (
        <details>
          <summary>{summary.workersCount !== undefined && summary.workersCount > props.workers.length ? a.someWorkers(formatCount(props.workers.length), formatCount(summary.workersCount)) : p.workers}</summary>
          <div class="overflow-auto">
            <table class="striped">
              <thead>
                <tr>
                  <th scope="col">{p.nik}</th>
                  <th scope="col">{p.name}</th>
                  <th scope="col">{p.category}</th>
                  <th scope="col" class="num">{p.contribution}</th>
                </tr>
              </thead>
              <tbody>
                {props.workers.map((w) => (
                  <tr>
                    <td>
                      <code>{w.nik}</code>
                    </td>
                    <td>{w.name}</td>
                    <td>{t.enrolment.categories[w.category]}</td>
                    <td class="num">{formatRupiah(w.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      <form method="post" action={`/approve/${encodeURIComponent(props.token)}`}>
        <h2>{a.decide}</h2>
        <label for="note">{a.note}</label>
        <textarea id="note" name="note" maxlength={1000} rows={3}></textarea>
        <DecisionButtons />
      </form>
    </Layout>
  );
}

/** Why a link cannot be used, or what was recorded: one sentence, and the way into the app. */
export function ApprovalMessagePage(props: { title: string; message: string; caseId?: string; local?: boolean }) {
  return (
    <Layout title={props.title} local={props.local}>
      <h1>{props.title}</h1>
      <p role={props.caseId ? "status" : "alert"} data-testid="approval-message">
        {props.message}
      </p>
      {props.caseId && (
        <p>
          <a href={`/cases/${encodeURIComponent(props.caseId)}`}>{a.openInApp}</a>
        </p>
      )}
    </Layout>
  );
}
