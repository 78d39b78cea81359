import { id as t } from "@naungan/core/i18n";
import { Layout } from "./layout";

interface Operation {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
}

/** A readable page of the OpenAPI document, rendered on the server (no CDN, works offline). */
export function DocsPage({ document }: { document: { paths?: Record<string, Record<string, Operation>> } }) {
  const entries = Object.entries(document.paths ?? {}).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
  return (
    <Layout title={t.docs.title}>
      <h1>{t.docs.title}</h1>
      <p>
        {t.docs.intro} <a href="/openapi.json">/openapi.json</a>
      </p>
      {entries.map(({ path, method, op }) => (
        <article>
          <header>
            <span class="method">{method}</span> <code>{path}</code>
          </header>
          <p>{op.summary}</p>
          {op.parameters && op.parameters.length > 0 && (
            <ul>
              {op.parameters.map((p) => (
                <li>
                  <code>{p.name}</code> ({p.in}
                  {p.required ? `, ${t.docs.required}` : ""}) {p.description}
                </li>
              ))}
            </ul>
          )}
          <small>
            {Object.entries(op.responses ?? {})
              .map(([status, r]) => `${status} ${r.description ?? ""}`)
              .join(" · ")}
          </small>
        </article>
      ))}
    </Layout>
  );
}
