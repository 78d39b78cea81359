import { workerCategories } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { CoverageReport } from "../coverage/coverage-report";
import { CoverageBar, formatPercent, OpdBars } from "./coverage-chart";
import { Layout } from "./layout";
import { formatCount, type Chrome } from "./page-context";

const c = t.coverage;

/** Universal Coverage Jamsostek: the regency's figures, a chart, and who was activated where. */
export function CoveragePage({ chrome, report, opdNames }: { chrome: Chrome; report: CoverageReport; opdNames: Map<string, string> }) {
  const byOpd = report.byOpd.filter((r) => r.enrolled > 0).map((r) => ({ ...r, name: opdNames.get(r.opdCode) ?? r.opdCode }));
  const byCategory = new Map(report.byCategory.map((r) => [r.category, r.enrolled]));
  return (
    <Layout title={c.title} {...chrome}>
      <h1>{c.title}</h1>
      <p>{c.intro}</p>
      <article>
        <dl class="facts" data-testid="coverage-figures">
          <dt>{c.workforce}</dt>
          <dd class="num">{formatCount(report.workforce)}</dd>
          <dt>{c.baseline}</dt>
          <dd class="num">{formatCount(report.baseline)}</dd>
          <dt>{c.activated}</dt>
          <dd class="num">{formatCount(report.activated)}</dd>
          <dt>{c.enrolled}</dt>
          <dd class="num">{formatCount(report.enrolled)}</dd>
          <dt>{c.rate}</dt>
          <dd class="num" data-testid="rate">
            <strong>{formatPercent(report.rate)}</strong>
          </dd>
          <dt>{c.target(formatPercent(report.target))}</dt>
          <dd class="num">{formatCount(report.targetCount)}</dd>
          <dt>{c.gap}</dt>
          <dd class="num" data-testid="gap">
            <strong>{report.gap > 0 ? formatCount(report.gap) : c.reached}</strong>
          </dd>
        </dl>
      </article>
      <CoverageBar report={report} />
      <section aria-labelledby="per-opd">
        <h2 id="per-opd">{c.byOpd}</h2>
        {byOpd.length === 0 ? (
          <p>{c.none}</p>
        ) : (
          <>
            <OpdBars rows={byOpd.map((r) => ({ label: r.opdCode, enrolled: r.enrolled }))} />
            <div class="overflow-auto">
              <table class="striped">
                <thead>
                  <tr>
                    <th scope="col">{c.opd}</th>
                    <th scope="col" class="num">{c.people}</th>
                  </tr>
                </thead>
                <tbody>
                  {byOpd.map((r) => (
                    <tr>
                      <td>{`${r.name} (${r.opdCode})`}</td>
                      <td class="num">{formatCount(r.enrolled)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="per-kategori">
        <h2 id="per-kategori">{c.byCategory}</h2>
        <div class="overflow-auto">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">{c.category}</th>
                <th scope="col" class="num">{c.people}</th>
              </tr>
            </thead>
            <tbody>
              {workerCategories.map((category) => (
                <tr>
                  <td>{t.enrolment.categories[category]}</td>
                  <td class="num">{formatCount(byCategory.get(category) ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}
