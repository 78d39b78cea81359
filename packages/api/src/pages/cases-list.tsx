import { caseStatuses, caseTypes, formatRupiah, formatWib, type CaseStatus, type CaseType } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { CaseSummary } from "../cases/case-view";
import { CLAIM_FORM_PATH } from "./death-claim-form";
import { Layout } from "./layout";
import { FilterSelect, Pager } from "./list-controls";
import { formatCount, type Chrome } from "./page-context";
import { StatusBadge } from "./status-badge";

export interface CasesListProps {
  chrome: Chrome;
  cases: CaseSummary[];
  filter: { type?: CaseType; status?: CaseStatus };
  opdNames: Map<string, string>;
  nextCursor?: string;
  /** This page is not the first one. */
  paged: boolean;
}

const l = t.cases.list;

/** The filter in the query string; `status=` (empty) asks for every status, overriding a role's default. */
const query = (filter: CasesListProps["filter"], cursor?: string) =>
  new URLSearchParams({ type: filter.type ?? "", status: filter.status ?? "", ...(cursor ? { cursor } : {}) }).toString();

export function CasesListPage(props: CasesListProps) {
  const { filter } = props;
  return (
    <Layout title={l.title} {...props.chrome}>
      <h1>{l.title}</h1>
      {props.chrome.user?.role === "opd_operator" && (
        <p class="actions" data-testid="new-case">
          <a href="/enrolments/new" role="button">
            {t.nav.newEnrolment}
          </a>{" "}
          <a href={CLAIM_FORM_PATH} role="button" class="secondary">
            {t.deathPages.newClaim}
          </a>
        </p>
      )}
      <form method="get" action="/cases" class="inline-form">
        <FilterSelect label={l.type} name="type" all={l.allTypes} value={filter.type} options={caseTypes.map((type) => ({ value: type, label: t.cases.types[type] }))} />
        <FilterSelect
          label={l.status}
          name="status"
          all={l.allStatuses}
          value={filter.status}
          options={caseStatuses.map((status) => ({ value: status, label: t.cases.status[status] }))}
        />
        <button type="submit" class="secondary">
          {l.filter}
        </button>
      </form>
      {props.cases.length === 0 ? (
        <p>{l.empty}</p>
      ) : (
        <div class="overflow-auto">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">{l.id}</th>
                <th scope="col">{l.type}</th>
                <th scope="col">{l.opd}</th>
                <th scope="col">{l.status}</th>
                <th scope="col" class="num">{l.workers}</th>
                <th scope="col" class="num">{l.amount}</th>
                <th scope="col">{l.submittedAt}</th>
              </tr>
            </thead>
            <tbody>
              {props.cases.map((c) => (
                <tr>
                  <td>
                    <a href={`/cases/${encodeURIComponent(c.id)}`}>
                      <code>{c.id}</code>
                    </a>
                  </td>
                  <td>{t.cases.types[c.type]}</td>
                  <td>{props.opdNames.get(c.opdCode) ?? c.opdCode}</td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td class="num">{c.workersCount === undefined ? t.format.none : formatCount(c.workersCount)}</td>
                  <td class="num">{formatRupiah(c.amount)}</td>
                  <td>{formatWib(c.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label={l.title}
        first={props.paged ? { href: `/cases?${query(filter)}`, text: l.first } : undefined}
        next={props.nextCursor ? { href: `/cases?${query(filter, props.nextCursor)}`, text: l.next } : undefined}
      />
    </Layout>
  );
}
