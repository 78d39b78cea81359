import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Role } from "@naungan/core";
import type { User } from "@naungan/platform";
import { id as t } from "@naungan/core/i18n";

export interface LayoutProps {
  title: string;
  user?: User;
  /** The session's form token, for the logout form. */
  csrfToken?: string;
  /** The local runtime: the mail outbox is in the navigation. */
  local?: boolean;
  /** The page's path, marked as current in the navigation. */
  path?: string;
  /** Scripts of this page (served by /js/:name; the CSP forbids inline scripts). */
  scripts?: string[];
  /** Extra elements of the head (e.g. a refresh for browsers without JavaScript). */
  head?: Child;
  children?: Child;
}

/** The links each role sees, in this order. */
function navLinks(role: Role): { href: string; label: string }[] {
  return [
    { href: "/cases", label: t.nav.cases },
    ...(role === "opd_operator"
      ? [
          { href: "/enrolments/new", label: t.nav.newEnrolment },
          { href: "/klaim/baru", label: t.deathPages.nav },
        ]
      : []),
    { href: "/cakupan", label: t.nav.coverage },
    { href: "/budget", label: t.nav.budget },
    ...(role === "auditor" || role === "admin" ? [{ href: "/audit", label: t.audit.nav }] : []),
    ...(role === "admin" ? [{ href: "/admin", label: t.admin.nav }] : []),
  ];
}

const NavLink = ({ href, label, path }: { href: string; label: string; path?: string }) => (
  <li>
    <a href={href} aria-current={path === href || path?.startsWith(`${href}/`) ? "page" : undefined}>
      {label}
    </a>
  </li>
);

export function Layout({ title, user, csrfToken, local, path, scripts, head, children }: LayoutProps) {
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
          {head}
          {scripts?.map((name) => <script src={`/js/${name}`} defer></script>)}
        </head>
        <body>
          <a class="skip" href="#isi">
            {t.nav.skipToContent}
          </a>
          <header class="container">
            <nav aria-label={t.nav.main}>
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
                    <NavLink href="/" label={t.nav.home} path={path} />
                    {navLinks(user.role).map((link) => (
                      <NavLink {...link} path={path} />
                    ))}
                    {local && <NavLink href="/dev/outbox" label={t.nav.outbox} path={path} />}
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
                  <>
                    {local && <NavLink href="/dev/outbox" label={t.nav.outbox} path={path} />}
                    <li>
                      <a href="/login">{t.nav.login}</a>
                    </li>
                  </>
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
