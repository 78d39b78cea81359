import { AUDIT_DEFAULT_DAYS, AUDIT_MAX_DAYS, type AuditRecord, type CaseVerdict, type LogVerdict } from "@naungan/platform";
import { formatWib, type Opd } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { Layout } from "./layout";
import { FilterSelect, Pager } from "./list-controls";
import { formatCount, type Chrome } from "./page-context";

/*
 * The auditor's window on the hash-chained log (`/audit`): a GET filter
 * form, the events newest first (NIKs and account numbers masked), paging by
 * cursor, the CSV export of the same filter (GET /api/audit/export.csv, the
 * session cookie authenticates it), and the chain verification
 * (`/audit/verifikasi`).
 */

const a = t.audit;

export const AUDIT_PATH = "/audit";
export const AUDIT_VERIFY_PATH = "/audit/verifikasi";
export const AUDIT_EXPORT_PATH = "/api/audit/export.csv";
/** Sent by the verification form: run it (a bare visit of the page only shows the form). */
export const VERIFY_PARAM = "periksa";

/** The filter as typed (trimmed; "" when empty), named as in the JSON API's query string. */
export interface AuditFilterValues {
  caseId: string;
  actor: string;
  action: string;
  opd: string;
  from: string;
  to: string;
}

export const auditFilterFields = ["caseId", "actor", "action", "opd", "from", "to"] as const satisfies readonly (keyof AuditFilterValues)[];

/** The filter's query string (only the fields given), with a cursor when asked: the same for the page, its pager and the export. */
export function auditQueryString(values: AuditFilterValues, cursor?: string): string {
  const params = new URLSearchParams();
  for (const field of auditFilterFields) if (values[field]) params.set(field, values[field]);
  if (cursor) params.set("cursor", cursor);
  return params.toString();
}

const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);

const SUMMARY_MAX = 160;
const VALUE_MAX = 40;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function scalarText(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value === "string") return clip(value, VALUE_MAX);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * A line a reader can take in at a glance: `key: value` for the top-level
 * values and those one level down (`after.name: …`), lists as their length.
 */
export function summarizeData(data: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (key: string, value: unknown, depth: number) => {
    const scalar = scalarText(value);
    if (scalar !== undefined) parts.push(`${key}: ${scalar}`);
    else if (Array.isArray(value)) parts.push(`${key}: ${a.table.items(value.length)}`);
    else if (value && typeof value === "object") {
      if (depth > 0) parts.push(`${key}: ${a.table.object}`);
      else for (const [k, v] of Object.entries(value)) add(`${key}.${k}`, v, depth + 1);
    }
  };
  for (const [key, value] of Object.entries(data)) add(key, value, 0);
  return clip(parts.join(" · "), SUMMARY_MAX);
}

/** The words of an action the catalog knows, else its code. */
const actionLabel = (action: string): string | undefined => t.cases.actions[action] ?? t.privacy.actions[action];

/** Actions to suggest in the filter (the free text takes any other). */
const knownActions = [...Object.keys(t.cases.actions), ...Object.keys(t.privacy.actions)].sort();

function TextFilter(props: { label: string; name: keyof AuditFilterValues; value: string; maxLength?: number; type?: string; list?: string; autocomplete?: string }) {
  return (
    <label>
      {props.label}
      <input
        type={props.type ?? "text"}
        name={props.name}
        value={props.value}
        maxLength={props.maxLength}
        list={props.list}
        autocomplete={props.autocomplete ?? "off"}
        spellcheck={false}
      />
    </label>
  );
}

function FilterForm({ values, opds }: { values: AuditFilterValues; opds: Opd[] }) {
  return (
    <form method="get" action={AUDIT_PATH} data-testid="audit-filter" aria-labelledby="saring">
      <h2 id="saring">{a.filter.legend}</h2>
      <div class="grid-form">
        <TextFilter label={a.filter.caseId} name="caseId" value={values.caseId} maxLength={64} />
        <TextFilter label={a.filter.actor} name="actor" value={values.actor} maxLength={254} type="text" />
        <TextFilter label={a.filter.action} name="action" value={values.action} maxLength={100} list="audit-actions" />
        <FilterSelect
          label={a.filter.opd}
          name="opd"
          all={a.filter.allOpds}
          value={values.opd}
          options={opds.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
        />
        <TextFilter label={a.filter.from} name="from" value={values.from} type="date" />
        <TextFilter label={a.filter.to} name="to" value={values.to} type="date" />
      </div>
      <datalist id="audit-actions">
        {knownActions.map((action) => (
          <option value={action}>{actionLabel(action)}</option>
        ))}
      </datalist>
      <p>
        <small>{a.filter.rangeHint(AUDIT_DEFAULT_DAYS, AUDIT_MAX_DAYS)}</small>
      </p>
      <p class="actions">
        <button type="submit">{a.filter.submit}</button>
        <a href={AUDIT_PATH} role="button" class="secondary outline">
          {a.filter.reset}
        </a>
      </p>
    </form>
  );
}

function EventsTable({ events }: { events: AuditRecord[] }) {
  return (
    <div class="overflow-auto">
      <table class="striped" data-testid="audit-events" aria-labelledby="peristiwa">
        <thead>
          <tr>
            <th scope="col">{a.table.time}</th>
            <th scope="col">{a.table.chain}</th>
            <th scope="col" class="num">
              {a.table.seq}
            </th>
            <th scope="col">{a.table.actor}</th>
            <th scope="col">{a.table.action}</th>
            <th scope="col">{a.table.opd}</th>
            <th scope="col">{a.table.data}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const label = actionLabel(e.action);
            const hasData = Object.keys(e.data).length > 0;
            return (
              <tr data-testid="audit-event" data-subject={e.subject} data-seq={String(e.seq)} data-action={e.action}>
                <td>
                  <time datetime={e.at}>{formatWib(e.at)}</time>
                </td>
                <td>
                  {e.caseId !== null ? (
                    <a href={`/cases/${encodeURIComponent(e.caseId)}`}>
                      <code>{e.caseId}</code>
                    </a>
                  ) : (
                    <code>{e.subject}</code>
                  )}
                </td>
                <td class="num">{e.seq}</td>
                <td>{e.actor}</td>
                <td>
                  {label ? (
                    <>
                      {label}
                      <br />
                      <small>
                        <code>{e.action}</code>
                      </small>
                    </>
                  ) : (
                    <code>{e.action}</code>
                  )}
                </td>
                <td>{e.opdCode ?? t.format.none}</td>
                <td>
                  {hasData ? (
                    <>
                      <span data-testid="audit-summary">{summarizeData(e.data)}</span>
                      <details>
                        <summary>{a.table.fullData}</summary>
                        <pre>{JSON.stringify(e.data, null, 2)}</pre>
                      </details>
                    </>
                  ) : (
                    <small>{a.table.noData}</small>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The verification form: one case, or (empty) the whole log. */
function VerifyForm({ caseId }: { caseId: string }) {
  return (
    <form method="get" action={AUDIT_VERIFY_PATH} data-testid="audit-verify-form">
      <input type="hidden" name={VERIFY_PARAM} value="1" />
      <label>
        {a.verify.caseId}
        <input type="text" name="caseId" value={caseId} maxLength={64} autocomplete="off" spellcheck={false} aria-describedby="verifikasi-petunjuk" />
      </label>
      <small id="verifikasi-petunjuk">
        {a.verify.caseIdHint}
      </small>
      <p class="actions">
        <button type="submit">{a.verify.submit}</button>
      </p>
    </form>
  );
}

function Alert({ message }: { message: string }) {
  return (
    <p role="alert" class="error" data-testid="audit-error">
      {message}
    </p>
  );
}

export interface AuditPageProps {
  chrome: Chrome;
  values: AuditFilterValues;
  opds: Opd[];
  /** Absent when the filter could not be used (then `error` says why). */
  events?: AuditRecord[];
  nextCursor?: string;
  /** This page is not the first one. */
  paged: boolean;
  error?: string;
}

export function AuditPage(props: AuditPageProps) {
  const { values, events } = props;
  const query = auditQueryString(values);
  return (
    <Layout title={a.title} {...props.chrome}>
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      <FilterForm values={values} opds={props.opds} />
      {props.error && <Alert message={props.error} />}
      {events && (
        <section aria-labelledby="peristiwa">
          <h2 id="peristiwa">{a.table.caption}</h2>
          <p class="actions">
            <a href={withQuery(AUDIT_EXPORT_PATH, query)} role="button" class="secondary" data-testid="audit-export" aria-describedby="ekspor-petunjuk">
              {a.export}
            </a>
          </p>
          <p>
            <small id="ekspor-petunjuk">{a.exportHint}</small>
          </p>
          {events.length === 0 ? <p data-testid="audit-empty">{a.empty}</p> : <EventsTable events={events} />}
          <Pager
            label={a.pager}
            first={props.paged ? { href: withQuery(AUDIT_PATH, query), text: a.first } : undefined}
            next={props.nextCursor ? { href: withQuery(AUDIT_PATH, auditQueryString(values, props.nextCursor)), text: a.next } : undefined}
          />
        </section>
      )}
      <section aria-labelledby="verifikasi">
        <h2 id="verifikasi">{a.verify.heading}</h2>
        <p>{a.verify.intro}</p>
        <VerifyForm caseId={values.caseId} />
      </section>
    </Layout>
  );
}

type Verdict = LogVerdict | CaseVerdict;

/** The verdict in words: intact (how much was checked) or where the chain breaks and how. */
export function VerdictView({ verdict, caseId }: { verdict: Verdict; caseId: string }) {
  if (verdict.ok) {
    const text =
      "chains" in verdict
        ? a.verify.okAll(formatCount(verdict.events), formatCount(verdict.chains))
        : verdict.events === 0
          ? a.verify.noEvents(caseId)
          : a.verify.okCase(caseId, formatCount(verdict.events));
    return (
      <div role="status" class="flash" data-testid="audit-verdict" data-ok="true">
        <p>
          <strong>{text}</strong>
        </p>
        <p>
          <small>{verdict.anchoredAt ? a.verify.anchoredAt(formatWib(verdict.anchoredAt)) : a.verify.noAnchor}</small>
        </p>
      </div>
    );
  }
  const reason = a.verify.reasons[verdict.reason] ?? verdict.reason;
  const text = verdict.caseId !== null ? a.verify.brokenCase(verdict.caseId, verdict.brokenAt, reason) : a.verify.brokenChain(verdict.subject, verdict.brokenAt, reason);
  return (
    <div role="alert" data-testid="audit-verdict" data-ok="false" data-reason={verdict.reason}>
      <p class="error">{text}</p>
      <p>
        {a.verify.detail}: <code>{verdict.detail}</code>
      </p>
      {verdict.caseId !== null && (
        <p class="actions">
          <a href={`/cases/${encodeURIComponent(verdict.caseId)}`}>{a.verify.openCase}</a>
          <a href={withQuery(AUDIT_PATH, new URLSearchParams({ caseId: verdict.caseId }).toString())}>{a.verify.showEvents}</a>
        </p>
      )}
    </div>
  );
}

export interface AuditVerifyPageProps {
  chrome: Chrome;
  caseId: string;
  verdict?: Verdict;
  error?: string;
}

export function AuditVerifyPage(props: AuditVerifyPageProps) {
  return (
    <Layout title={a.verify.title} {...props.chrome}>
      <h1>{a.verify.title}</h1>
      <p>{a.verify.intro}</p>
      {props.error && <Alert message={props.error} />}
      {props.verdict && (
        <section aria-labelledby="hasil">
          <h2 id="hasil">{props.caseId ? a.verify.scopeCase(props.caseId) : a.verify.scopeAll}</h2>
          <VerdictView verdict={props.verdict} caseId={props.caseId} />
        </section>
      )}
      <VerifyForm caseId={props.caseId} />
      <p>
        <a href={AUDIT_PATH}>{a.verify.back}</a>
      </p>
    </Layout>
  );
}
