import type { User } from "@naungan/platform";
import { id as t } from "@naungan/core/i18n";
import { Layout } from "./layout";

export function ErrorPage({ title, message, user, csrfToken, local, path }: { title: string; message: string; user?: User; csrfToken?: string; local?: boolean; path?: string }) {
  return (
    <Layout title={title} user={user} csrfToken={csrfToken} local={local} path={path}>
      <h1>{title}</h1>
      <p role="alert">{message}</p>
      <p>
        <a href="/">{t.errors.backHome}</a>
      </p>
    </Layout>
  );
}
