import type { Child } from "hono/jsx";
import { id as t } from "@naungan/core/i18n";
import { Layout } from "../layout";
import type { Chrome } from "../page-context";

/** The admin pages in tab order: one place for their paths and labels. */
export const ADMIN_TABS = [
  { href: "/admin/pengguna", label: t.admin.tabs.users },
  { href: "/admin/opd", label: t.admin.tabs.opds },
  { href: "/admin/anggaran", label: t.admin.tabs.budgetLines },
  { href: "/admin/tarif", label: t.admin.tabs.rateTables },
  { href: "/admin/pengaturan", label: t.admin.tabs.settings },
  { href: "/admin/peserta/impor", label: t.admin.tabs.participantImport },
] as const;

/** What the admin page says after a change: a notice, or an error for the whole form. */
export interface Flash {
  kind: "ok" | "error";
  text: string;
}

/** Every admin page: the layout, the admin tabs, a flash message, then the page. */
export function AdminShell(props: { chrome: Chrome; title: string; flash?: Flash; scripts?: string[]; head?: Child; children?: Child }) {
  const path = props.chrome.path;
  return (
    <Layout title={props.title} {...props.chrome} scripts={props.scripts} head={props.head}>
      <nav aria-label={t.admin.tabs.label} class="admin-tabs">
        <ul>
          {ADMIN_TABS.map((tab) => (
            <li>
              <a href={tab.href} aria-current={path === tab.href || path.startsWith(`${tab.href}/`) ? "page" : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{props.title}</h1>
      {props.flash && (
        <p role={props.flash.kind === "error" ? "alert" : "status"} class={props.flash.kind === "error" ? "notice-error" : "notice-ok"}>
          {props.flash.text}
        </p>
      )}
      {props.children}
    </Layout>
  );
}
