import { formatWib } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { OutboxMail } from "@naungan/platform";
import { Layout } from "./layout";
import { FilterSelect, Pager } from "./list-controls";
import type { Chrome } from "./page-context";

const o = t.outbox;

const URL_IN_TEXT = /(https?:\/\/[^\s<>"']+)/g;

/** The mail's text with its http(s) addresses as links; everything else stays text (escaped). */
function LinkedText({ text }: { text: string }) {
  return (
    <pre class="mail-text">
      {text.split(URL_IN_TEXT).map((part, i) =>
        // split() with a capturing group puts the matches at odd indices.
        i % 2 === 1 ? <a href={part.replace(/[.,;:!?)\]]+$/, "")}>{part}</a> : part,
      )}
    </pre>
  );
}

export interface OutboxPageProps {
  chrome: Chrome;
  mails: OutboxMail[];
  to?: string;
  /** Recipients to filter by (the demo users). */
  recipients: string[];
  nextCursor?: string;
  paged: boolean;
  error?: string;
}

export function OutboxPage(props: OutboxPageProps) {
  const query = (cursor?: string) => new URLSearchParams({ ...(props.to ? { to: props.to } : {}), ...(cursor ? { cursor } : {}) }).toString();
  return (
    <Layout title={o.title} {...props.chrome}>
      <h1>{o.title}</h1>
      <p>{o.intro}</p>
      <form method="get" action="/dev/outbox" class="inline-form">
        <FilterSelect label={o.to} name="to" all={o.allRecipients} value={props.to} options={props.recipients.map((email) => ({ value: email, label: email }))} />
        <button type="submit" class="secondary">
          {o.filter}
        </button>
      </form>
      {props.error && (
        <p role="alert" class="error">
          {props.error}
        </p>
      )}
      {props.mails.length === 0 && <p>{o.empty}</p>}
      {props.mails.map((mail) => (
        <article class="mail" data-testid="mail">
          <header>
            <strong>{mail.subject}</strong>
            <dl class="facts">
              <dt>{o.to}</dt>
              <dd>{mail.to}</dd>
              <dt>{o.sentAt}</dt>
              <dd>{formatWib(mail.sentAt)}</dd>
              {mail.caseId && (
                <>
                  <dt>{o.case}</dt>
                  <dd>
                    <a href={`/cases/${encodeURIComponent(mail.caseId)}`}>{mail.caseId}</a>
                  </dd>
                </>
              )}
            </dl>
          </header>
          <LinkedText text={mail.text} />
          {mail.links.length > 0 && (
            <footer>
              {o.links}:
              <ul>
                {mail.links.filter((href) => /^https?:\/\//.test(href)).map((href) => (
                  <li>
                    <a href={href}>{href}</a>
                  </li>
                ))}
              </ul>
            </footer>
          )}
        </article>
      ))}
      <Pager
        label={o.title}
        first={props.paged ? { href: `/dev/outbox?${query()}`, text: o.first } : undefined}
        next={props.nextCursor ? { href: `/dev/outbox?${query(props.nextCursor)}`, text: o.next } : undefined}
      />
    </Layout>
  );
}
