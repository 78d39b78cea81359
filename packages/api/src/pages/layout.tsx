import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { User } from "@naungan/platform";
import { id as t } from "@naungan/core/i18n";

export interface LayoutProps {
  title: string;
  user?: User;
  /** The session's form token, for the logout form. */
  csrfToken?: string;
  children?: Child;
}

export function Layout({ title, user, csrfToken, children }: LayoutProps) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="id">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t.app.name}`}</title>
          <link rel="stylesheet" href="/static/pico.min.css" />
          <link rel="stylesheet" href="/static/app.css" />
        </head>
        <body>
          <a class="skip" href="#isi">
            {t.nav.skipToContent}
          </a>
          <header class="container">
            <nav>
              <ul>
                <li>
                  <a href="/" class="brand">
                    <strong>{t.app.name}</strong>
                  </a>
                </li>
              </ul>
              <ul>
                {user ? (
                  <>
                    <li>
                      <a href="/">{t.nav.home}</a>
                    </li>
                    <li>
                      <a href="/budget">{t.nav.budget}</a>
                    </li>
                    <li>
                      <form method="post" action="/logout" class="inline">
                        <input type="hidden" name="_csrf" value={csrfToken} />
                        <button type="submit" class="secondary outline">
                          {t.nav.logout}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a href="/login">{t.nav.login}</a>
                  </li>
                )}
              </ul>
            </nav>
          </header>
          <main class="container" id="isi">
            {children}
          </main>
          <footer class="container">
            <small>
              {t.app.regency} · <a href="/docs">{t.nav.docs}</a>
            </small>
          </footer>
        </body>
      </html>
    </>
  );
}
