import { formatDateId, formatRupiah, formatWib, indonesianMonths, isValidIsoDate, mayRevealPersonalData, periodEnd, type Breakdown, type CaseStep } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { BudgetLine, HumanStep } from "@naungan/platform";
import { forViewer, type CaseView, type DeathClaimView, type TimelineEntry, type WorkerView } from "../cases/case-view";
import type { CaseWorkflow } from "../cases/execution-history";
import { BreakdownTable } from "./breakdown-table";
import { mergedTimeline } from "./case-timeline";
import { ClaimDocuments, ClaimFacts, ClaimFigures, PaidTransfers, PayoutForm, SlaClock, type PayoutFormState } from "./death-claim-case";
import { CLAIM_FORM_PATH } from "./death-claim-form";
import type { FieldErrors } from "./enrolment-form-check";
import { InputField } from "./form-fields";
import { Layout } from "./layout";
import { Pager } from "./list-controls";
import { formatCount, type Chrome } from "./page-context";
import { PersonalValue, RevealContext, RevealedNotice, type RevealedValue } from "./personal-data";
import { StatusBadge } from "./status-badge";
import { WorkflowDiagram } from "./workflow-diagram";

/** What the viewer may do on this page, decided by the route from role, OPD and step. */
export interface CaseActions {
  /** Approve / reject / return the open step (OPD head, finance approver). */
  decide?: boolean;
  /** Record the disbursement (treasurer). */
  disburse?: boolean;
  /** Correct and resubmit a returned case (operator). */
  fix?: boolean;
  /** The viewer holds the step's role but submitted the case. */
  ownSubmission?: boolean;
  /** A decision is recorded and the workflow has not moved on yet. */
  processing?: boolean;
}

export interface DisbursementFormState {
  values: { sp2dNumber: string; transferReference: string; paidAt: string; amount: string };
  errors: FieldErrors;
}

export interface CasePageProps {
  chrome: Chrome;
  view: Omit<CaseView, "workers" | "workersNextCursor">;
  workers?: { items: WorkerView[]; nextCursor?: string; paged: boolean };
  opdName: string;
  budgetLine?: BudgetLine;
  /** The open step's item: holders, when it opened, reminders. */
  step?: HumanStep;
  actions: CaseActions;
  /** A sentence after a redirect ("keputusan tercatat…"). */
  flash?: string;
  /** Why the last post was refused. */
  error?: string;
  disbursement: DisbursementFormState;
  /** A death-benefit case's own fields. */
  claim?: DeathClaimView;
  /** The treasurer's payout form of a death-benefit case. */
  payout?: PayoutFormState;
  /** The case's workflow and its executions: the diagram, and their events in the timeline. */
  workflow?: CaseWorkflow;
  /** The one value an auditor's reveal showed (routes/reveal.ts): in place of its masked value, this once. */
  revealed?: RevealedValue;
}

const p = t.cases.page;

const monthName = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return `${indonesianMonths[m - 1] ?? month} ${y}`;
};

/** "November 2026 s.d. Oktober 2027 (12 bulan)", when the case has a period. */
export function periodText(summary: { periodStart?: string; months?: number }): string | undefined {
  if (!summary.periodStart || !summary.months) return undefined;
  const period = { periodStart: summary.periodStart, months: summary.months };
  return p.periodText(monthName(period.periodStart), monthName(periodEnd(period)), period.months);
}

const actorName = (actor: string) => (actor.startsWith("system:") ? p.system : actor);

const dateText = (date: string) => (isValidIsoDate(date) ? formatDateId(date) : date);

function Facts({ view, opdName, budgetLine, step }: Pick<CasePageProps, "view" | "opdName" | "budgetLine" | "step">) {
  const period = periodText(view);
  return (
    <dl class="facts">
      <dt>{p.status}</dt>
      <dd data-testid="status">
        <StatusBadge status={view.status} />
      </dd>
      <dt>{p.type}</dt>
      <dd>{t.cases.types[view.type]}</dd>
      <dt>{p.opd}</dt>
      <dd>{`${opdName} (${view.opdCode})`}</dd>
      {view.currentStep && (
        <>
          <dt>{p.step}</dt>
          <dd data-testid="step">{t.cases.steps[view.currentStep]}</dd>
          <dt>{p.holders}</dt>
          <dd data-testid="holders">{view.holders.length > 0 ? view.holders.join(", ") : t.format.none}</dd>
        </>
      )}
      {step && (
        <>
          <dt>{p.openedAt}</dt>
          <dd>{formatWib(step.openedAt)}</dd>
          {step.reminders > 0 && (
            <>
              <dt>{p.reminders}</dt>
              <dd>{step.reminders}</dd>
            </>
          )}
          {step.escalatedTo && (
            <>
              <dt>{p.escalatedTo}</dt>
              <dd>{step.escalatedTo}</dd>
            </>
          )}
        </>
      )}
      {period && (
        <>
          <dt>{p.period}</dt>
          <dd>{period}</dd>
        </>
      )}
      {view.workersCount !== undefined && (
        <>
          <dt>{p.workers}</dt>
          <dd>{p.workersCount(formatCount(view.workersCount))}</dd>
        </>
      )}
      <dt>{view.type === "death_benefit" ? t.deathPages.case.amount : p.amount}</dt>
      <dd data-testid="amount">
        <strong>{formatRupiah(view.amount)}</strong>
      </dd>
      {budgetLine && (
        <>
          <dt>{p.budgetLine}</dt>
          <dd>
            <code>{budgetLine.accountCode}</code> {budgetLine.name} ({budgetLine.year})
          </dd>
        </>
      )}
      <dt>{p.submittedBy}</dt>
      <dd>{view.submittedBy}</dd>
      <dt>{p.submittedAt}</dt>
      <dd>{formatWib(view.submittedAt)}</dd>
      {view.attempt > 1 && (
        <>
          <dt>{p.attempt}</dt>
          <dd>{view.attempt}</dd>
        </>
      )}
    </dl>
  );
}

function Outcome({ outcome }: { outcome: NonNullable<CaseView["outcome"]> }) {
  return (
    <section aria-labelledby="hasil">
      <h2 id="hasil">{p.outcome}</h2>
      <dl class="facts" data-testid="outcome">
        <dt>{p.outcomeReason}</dt>
        <dd>{outcome.reason}</dd>
        {outcome.shortfall !== undefined && (
          <>
            <dt>{p.shortfall}</dt>
            <dd>{formatRupiah(outcome.shortfall)}</dd>
          </>
        )}
        {outcome.actor && (
          <>
            <dt>{p.decidedBy}</dt>
            <dd>{actorName(outcome.actor)}</dd>
          </>
        )}
      </dl>
      {outcome.problems && outcome.problems.length > 0 && (
        <>
          <h3>{p.problems}</h3>
          <ul>
            {outcome.problems.map((problem) => (
              <li>
                <code>{problem.path}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function DecisionForm({ caseId, step, csrfToken }: { caseId: string; step: CaseStep; csrfToken?: string }) {
  return (
    <article aria-labelledby="keputusan">
      <h2 id="keputusan">
        {p.decide}: {t.cases.steps[step]}
      </h2>
      <form method="post" action={`/cases/${encodeURIComponent(caseId)}/decisions`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <label for="note">{p.decideNote}</label>
        <textarea id="note" name="note" maxlength={1000} rows={3}></textarea>
        <DecisionButtons />
      </form>
    </article>
  );
}

/** Approve / reject / return: the page and the approval link page ask the same way. */
export function DecisionButtons() {
  return (
    <div class="actions" data-testid="decision-buttons">
      <button type="submit" name="decision" value="approve">
        {t.cases.decisions.approve}
      </button>
      <button type="submit" name="decision" value="return" class="secondary">
        {t.cases.decisions.return}
      </button>
      <button type="submit" name="decision" value="reject" class="contrast">
        {t.cases.decisions.reject}
      </button>
    </div>
  );
}

function DisbursementForm({ caseId, state, csrfToken }: { caseId: string; state: DisbursementFormState; csrfToken?: string }) {
  const d = p.disburse;
  const { values, errors } = state;
  return (
    <article aria-labelledby="pencairan">
      <h2 id="pencairan">{d.title}</h2>
      <form method="post" action={`/cases/${encodeURIComponent(caseId)}/disbursement`} data-testid="disbursement-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <div class="grid-form">
          <InputField name="sp2dNumber" label={d.sp2dNumber} value={values.sp2dNumber} errors={errors} attrs={{ required: true, maxlength: 64 }} />
          <InputField name="transferReference" label={d.transferReference} value={values.transferReference} errors={errors} attrs={{ required: true, maxlength: 64 }} />
          <InputField name="paidAt" label={d.paidAt} value={values.paidAt} errors={errors} type="date" attrs={{ required: true }} />
          <InputField name="amount" label={d.amount} value={values.amount} errors={errors} attrs={{ required: true, inputmode: "numeric" }} />
        </div>
        <button type="submit">{d.submit}</button>
      </form>
    </article>
  );
}

function Workers({ workers, caseId }: { workers: NonNullable<CasePageProps["workers"]>; caseId: string }) {
  const base = `/cases/${encodeURIComponent(caseId)}`;
  return (
    <section aria-labelledby="pekerja">
      <h2 id="pekerja">{p.workers}</h2>
      <div class="overflow-auto">
        <table class="striped">
          <thead>
            <tr>
              <th scope="col" class="num">{p.workerNumber}</th>
              <th scope="col">{p.nik}</th>
              <th scope="col">{p.name}</th>
              <th scope="col">{p.birthDate}</th>
              <th scope="col">{p.category}</th>
              <th scope="col" class="num">{p.base}</th>
              <th scope="col">{p.riskGroup}</th>
              <th scope="col" class="num">{p.contribution}</th>
            </tr>
          </thead>
          <tbody>
            {workers.items.map((w) => (
              <tr>
                <td class="num">{w.index + 1}</td>
                <td>
                  <PersonalValue field={`workers.${w.index}.nik`} value={w.nik} />
                </td>
                <td>{w.name}</td>
                <td>{dateText(w.birthDate)}</td>
                <td>{t.enrolment.categories[w.category]}</td>
                <td class="num">{w.monthlyWage !== undefined ? formatRupiah(w.monthlyWage) : (w.incomeBracket ?? t.format.none)}</td>
                <td>{w.riskGroup ?? t.format.none}</td>
                <td class="num">{formatRupiah(w.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        label={p.workers}
        first={workers.paged ? { href: `${base}#pekerja`, text: p.firstWorkers } : undefined}
        next={workers.nextCursor ? { href: `${base}?cursor=${encodeURIComponent(workers.nextCursor)}#pekerja`, text: p.nextWorkers } : undefined}
      />
    </section>
  );
}

function Timeline({ timeline, workflow }: { timeline: TimelineEntry[]; workflow?: CaseWorkflow }) {
  const executions = workflow?.history?.executions ?? [];
  const attempts = executions.filter((e) => e.events.length > 0).length;
  return (
    <section aria-labelledby="riwayat">
      <h2 id="riwayat">{p.timeline}</h2>
      <div class="overflow-auto">
        <table data-testid="timeline">
          <thead>
            <tr>
              <th scope="col">{p.time}</th>
              <th scope="col">{t.history.timeline.source}</th>
              <th scope="col">{p.actor}</th>
              <th scope="col">{p.action}</th>
              <th scope="col">{p.note}</th>
            </tr>
          </thead>
          <tbody>
            {mergedTimeline(timeline, executions).map((e) => (
              <tr data-source={e.source}>
                <td>{formatWib(e.at)}</td>
                <td>{e.source === "audit" ? t.history.timeline.audit : t.history.timeline.workflow}</td>
                <td>{e.source === "audit" ? actorName(e.actor) : e.actor}</td>
                <td>
                  {e.source === "audit" ? (t.cases.actions[e.action] ?? t.privacy.actions[e.action] ?? e.action) : e.action}
                  {e.step && e.step in t.cases.steps && <small> · {t.cases.steps[e.step as CaseStep]}</small>}
                  {e.attempt !== undefined && attempts > 1 && <small> · {t.history.timeline.attempt(e.attempt)}</small>}
                </td>
                <td>{e.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function CasePage(props: CasePageProps) {
  const { view, actions } = props;
  const title = p.title(view.id);
  // Personal data as this viewer may see it (masked for the auditor and the admin), by the API's one rule.
  const viewer = props.chrome.user;
  const claim = props.claim && forViewer(props.claim, viewer);
  const workers = props.workers && { ...props.workers, items: forViewer(props.workers.items, viewer) };
  // The scholarship's children named by row from the full NIKs: masked ones may coincide.
  const childNames = props.claim?.scholarshipSchedule.map((row) => props.claim?.heirs.find((h) => h.nik === row.childNik)?.name);
  const reveal = { caseId: view.id, csrfToken: props.chrome.csrfToken, canReveal: viewer !== undefined && mayRevealPersonalData(viewer.role), revealed: props.revealed };
  return (
    <RevealContext.Provider value={reveal}>
    <Layout title={title} {...props.chrome}>
      <h1>{title}</h1>
      {props.flash && (
        <p role="status" class="flash" data-testid="flash">
          {props.flash}
        </p>
      )}
      {props.error && (
        <p role="alert" class="error" data-testid="error">
          {props.error}
        </p>
      )}
      {props.revealed && <RevealedNotice revealed={props.revealed} />}
      <article>
        <Facts view={view} opdName={props.opdName} budgetLine={props.budgetLine} step={props.step} />
      </article>
      {actions.processing && <p role="status">{p.processing}</p>}
      {actions.ownSubmission && <p>{p.ownSubmission}</p>}
      {actions.decide && view.currentStep && <DecisionForm caseId={view.id} step={view.currentStep} csrfToken={props.chrome.csrfToken} />}
      {actions.disburse &&
        (claim ? (
          <PayoutForm caseId={view.id} claim={claim} state={props.payout ?? { values: { sp2dNumber: "", paidAt: "", references: [] }, errors: new Map() }} csrfToken={props.chrome.csrfToken} />
        ) : (
          <DisbursementForm caseId={view.id} state={props.disbursement} csrfToken={props.chrome.csrfToken} />
        ))}
      {actions.fix && (
        <p>
          <a href={`${view.type === "death_benefit" ? CLAIM_FORM_PATH : "/enrolments/new"}?from=${encodeURIComponent(view.id)}`} role="button">
            {p.fix}
          </a>
        </p>
      )}
      {view.outcome && <Outcome outcome={view.outcome} />}
      {claim && (
        <>
          <ClaimFacts claim={claim} opdName={claim.deceased.opdCode === view.opdCode ? props.opdName : undefined} />
          <SlaClock sla={claim.sla} />
          <ClaimFigures claim={claim} childNames={childNames} />
          {claim.payout && <PaidTransfers payout={claim.payout} />}
          <ClaimDocuments documents={claim.documents} />
        </>
      )}
      {view.breakdown && (
        <section aria-labelledby="rincian">
          <h2 id="rincian">{p.breakdown}</h2>
          <BreakdownTable breakdown={view.breakdown as Breakdown} total={view.amount} />
        </section>
      )}
      {workers && <Workers workers={workers} caseId={view.id} />}
      {props.workflow && <WorkflowDiagram workflow={props.workflow} attempt={view.attempt} />}
      <Timeline timeline={view.timeline} workflow={props.workflow} />
    </Layout>
    </RevealContext.Provider>
  );
}
