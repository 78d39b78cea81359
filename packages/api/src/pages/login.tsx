import { id as t } from "@naungan/core/i18n";
import { Layout } from "./layout";

export interface DemoLogin {
  email: string;
  role: string;
  opdCode?: string;
}

export function LoginPage(props: { error?: string; email?: string; next?: string; demoLogins?: DemoLogin[]; local?: boolean }) {
  return (
    <Layout title={t.login.title} local={props.local} path="/login">
      <article class="narrow">
        <h1>{t.login.title}</h1>
        <p>{t.app.tagline}</p>
        {props.error && (
          <p role="alert" class="error">
            {props.error}
          </p>
        )}
        <form method="post" action="/login">
          <input type="hidden" name="next" value={props.next ?? "/"} />
          <label>
            {t.login.email}
            <input type="email" name="email" autocomplete="username" required value={props.email ?? ""} autofocus />
          </label>
          <label>
            {t.login.password}
            <input type="password" name="password" autocomplete="current-password" required />
          </label>
          <button type="submit">{t.login.submit}</button>
        </form>
      </article>
      {props.demoLogins && props.demoLogins.length > 0 && (
        <details class="narrow">
          <summary>{t.login.demoTitle}</summary>
          <table>
            <tbody>
              {props.demoLogins.map((d) => (
                <tr>
                  <td>
                    <code>{d.email}</code>
                  </td>
                  <td>{d.role}</td>
                  <td>{d.opdCode ?? t.format.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </Layout>
  );
}
