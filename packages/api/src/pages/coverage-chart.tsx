import { id as t } from "@naungan/core/i18n";
import type { CoverageReport } from "../coverage/coverage-report";
import { formatCount } from "./page-context";

/*
 * Charts drawn on the server as inline SVG (no script, no image request).
 * Shapes take their colours from classes in app.css; the words are in the
 * <title>/<desc> and in the tables beside the charts, so nothing is said by
 * colour alone.
 */

const c = t.coverage;
const WIDTH = 400;

/** A fraction as "37,5 %" (one decimal, dropped when zero). */
export const formatPercent = (fraction: number) => `${(fraction * 100).toFixed(1).replace(/\.0$/, "").replace(".", ",")} %`;

/** One horizontal bar over the whole workforce: baseline, activated, the gap to the target, the rest; a mark at the target. */
export function CoverageBar({ report }: { report: CoverageReport }) {
  const x = (people: number) => (Math.min(people, report.workforce) / report.workforce) * WIDTH;
  const enrolledEnd = x(report.enrolled);
  const targetX = x(report.targetCount);
  const segments = [
    { kind: "baseline", from: 0, to: x(report.baseline) },
    { kind: "activated", from: x(report.baseline), to: enrolledEnd },
    { kind: "gap", from: enrolledEnd, to: Math.max(enrolledEnd, targetX) },
    { kind: "rest", from: Math.max(enrolledEnd, targetX), to: WIDTH },
  ].filter((s) => s.to > s.from);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} 48`} width="100%" role="img" aria-labelledby="coverage-chart-title coverage-chart-desc" data-testid="coverage-chart">
        <title id="coverage-chart-title">{c.chartTitle}</title>
        <desc id="coverage-chart-desc">{c.chartDescription(formatCount(report.baseline), formatCount(report.activated), formatCount(report.gap), formatCount(report.targetCount))}</desc>
        {segments.map((s) => (
          <rect class={`bar-${s.kind}`} x={s.from.toFixed(2)} y="8" width={(s.to - s.from).toFixed(2)} height="28" />
        ))}
        <line class="target-mark" x1={targetX.toFixed(2)} x2={targetX.toFixed(2)} y1="2" y2="44" />
      </svg>
      <figcaption>
        <ul class="legend">
          <li>
            <span class="swatch bar-baseline" aria-hidden="true"></span> {c.legend.baseline}: {formatCount(report.baseline)}
          </li>
          <li>
            <span class="swatch bar-activated" aria-hidden="true"></span> {c.legend.activated}: {formatCount(report.activated)}
          </li>
          <li>
            <span class="swatch bar-gap" aria-hidden="true"></span> {c.legend.gap}: {formatCount(report.gap)}
          </li>
          <li>
            <span class="swatch target-swatch" aria-hidden="true"></span> {c.target(formatPercent(report.target))}: {formatCount(report.targetCount)}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}

/** One bar per OPD: the people activated through the platform. */
export function OpdBars({ rows }: { rows: { label: string; enrolled: number }[] }) {
  const label = 130;
  const value = 60;
  const bar = WIDTH - label - value;
  const rowHeight = 22;
  const max = Math.max(1, ...rows.map((r) => r.enrolled));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${rows.length * rowHeight + 4}`}
        width="100%"
        role="img"
        aria-labelledby="opd-chart-title opd-chart-desc"
        data-testid="opd-chart"
      >
        <title id="opd-chart-title">{c.opdChartTitle}</title>
        <desc id="opd-chart-desc">{c.opdChartDescription(rows.length)}</desc>
        {rows.map((r, i) => {
          const y = i * rowHeight + 4;
          return (
            <g>
              <text class="chart-label" x={label - 6} y={y + 13} text-anchor="end">
                {r.label}
              </text>
              <rect class="bar-activated" x={label} y={y} width={((r.enrolled / max) * bar).toFixed(2)} height={rowHeight - 6} />
              <text class="chart-label" x={WIDTH - value + 4} y={y + 13}>
                {formatCount(r.enrolled)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
