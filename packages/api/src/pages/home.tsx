import type { Opd } from "@naungan/core";
import { formatWib } from "@naungan/core";
import type { Session, User } from "@naungan/platform";
import type { Chrome } from "./page-context";
import { id as t } from "@naungan/core/i18n";
import { Layout } from "./layout";

export function HomePage({ chrome, session, opd }: { chrome: Chrome & { user: User }; session: Session; opd?: Opd }) {
  const { user } = chrome;
  return (
    <Layout title={t.home.title} {...chrome}>
      <h1>{t.home.greeting(user.name)}</h1>
      <article>
        <dl class="facts">
          <dt>{t.home.role}</dt>
          <dd data-testid="role">{t.roles[user.role]}</dd>
          <dt>{t.home.opd}</dt>
          <dd data-testid="opd">{opd ? `${opd.name} (${opd.code})` : t.home.allOpds}</dd>
          <dt>{t.home.signedInUntil}</dt>
          <dd>{formatWib(new Date(session.expiresAt * 1000))}</dd>
        </dl>
      </article>
      <section>
        <h2>{t.home.whatYouCanDo}</h2>
        <ul>
          {t.abilities[user.role].map((line) => (
            <li>{line}</li>
          ))}
          {user.role === "opd_operator" && (
            <li>
              <a href="/klaim/baru">{t.deathPages.nav}</a>
            </li>
          )}
          <li>
            <a href="/budget">{t.nav.budget}</a>
          </li>
          {(user.role === "auditor" || user.role === "admin") && (
            <li>
              <a href="/audit">{t.audit.nav}</a>
            </li>
          )}
        </ul>
      </section>
    </Layout>
  );
}
