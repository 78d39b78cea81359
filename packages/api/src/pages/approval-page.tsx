import { formatDateId, formatRupiah, formatWib, isValidIsoDate, type ClaimPayee, type DeathCause } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { ApprovalLink, CaseRecord, DeathClaimDetails } from "@naungan/platform";
import type { CaseSummary, WorkerView } from "../cases/case-view";
import { DecisionButtons } from "./case-page";
import { payeeRole } from "./death-claim-figures";
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
  /** The finance agency as the settings name it. */
  financeAgency: string;
  periodText?: string;
  workers: WorkerView[];
  /** A death-benefit claim's deceased, benefit and payees (`approvalClaimOf(record)`). */
  claim?: ApprovalClaim;
  local?: boolean;
}

/** What the approver of a death-benefit claim is shown. */
export interface ApprovalClaim {
  deceased: { nik: string; name: string };
  dateOfDeath: string;
  cause: DeathCause;
  total: number;
  payees: (Pick<ClaimPayee, "kind" | "nik" | "name" | "amount"> & { relationship?: string; organisation?: string })[];
}

/** The claim summary of a death-benefit case, for the approval page; nothing for other cases. */
export function approvalClaimOf(record: CaseRecord): ApprovalClaim | undefined {
  if (record.type !== "death_benefit") return undefined;
  const d = record.details as unknown as DeathClaimDetails;
  return {
    deceased: { nik: d.deceased.nik, name: d.deceased.name },
    dateOfDeath: d.dateOfDeath,
    cause: d.cause,
    total: d.benefit.total,
    payees: d.payees.map((p) => ({ kind: p.kind, nik: p.nik, name: p.name, amount: p.amount, ...("relationship" in p ? { relationship: p.relationship } : {}), ...("organisation" in p && p.organisation ? { organisation: p.organisation } : {}) })),
  };
}

const da = t.deathPages.approval;

function ClaimSummary({ claim }: { claim: ApprovalClaim }) {
  return (
    <article data-testid="approval-claim">
      <dl class="facts">
        <dt>{da.deceased}</dt>
        <dd>
          {claim.deceased.name} <code>{claim.deceased.nik}</code>
        </dd>
        <dt>{da.dateOfDeath}</dt>
        <dd>{isValidIsoDate(claim.dateOfDeath) ? formatDateId(claim.dateOfDeath) : claim.dateOfDeath}</dd>
        <dt>{da.cause}</dt>
        <dd>{t.death.causes[claim.cause]}</dd>
        <dt>{t.death.benefit.total}</dt>
        <dd>
          <strong>{formatRupiah(claim.total)}</strong>
        </dd>
      </dl>
      <h3>{da.payees}</h3>
      <div class="overflow-auto">
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">{p.name}</th>
              <th scope="col">{t.deathPages.benefit.relationship}</th>
              <th scope="col" class="num">
                {t.deathPages.benefit.amount}
              </th>
            </tr>
          </thead>
          <tbody>
            {claim.payees.map((payee) => (
              <tr>
                <td>{payee.name}</td>
                <td>{payeeRole(payee)}</td>
                <td class="num">{formatRupiah(payee.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

/** The case summary behind an approval link and the three buttons; showing it changes nothing. */
export function ApprovalSummaryPage(props: ApprovalSummaryProps) {
  const { link, summary } = props;
  const ask = a.ask(link.step === "finance" ? t.approval.financeTitle(props.financeAgency) : t.approval.stepTitle[link.step], summary.id);
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
          <dt>{summary.type === "death_benefit" ? da.total : p.amount}</dt>
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
      {props.claim && <ClaimSummary claim={props.claim} />}
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
