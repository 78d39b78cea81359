import { id as t } from "@naungan/core/i18n";
import { raw } from "hono/html";
import type { CaseWorkflow } from "../cases/execution-history";
import { COLORS, GLYPHS, escapeXml, paintOf, shapeSvg, workflowDiagramSvg } from "../cases/workflow-diagram";

const d = t.history.diagram;

/** A small drawing for the legend (its text says the same; the drawing is decoration). */
const swatch = (inner: string) =>
  raw(`<svg xmlns="http://www.w3.org/2000/svg" width="44" height="24" viewBox="0 0 44 24" aria-hidden="true" focusable="false">${inner}</svg>`);

const shapeSwatch = (type: string, mark?: "visited" | "current" | "failed") => {
  const paint = paintOf(type, mark);
  const glyph = mark ? `<text x="22" y="12" text-anchor="middle" dominant-baseline="central" font-size="11" fill="${COLORS.text}">${escapeXml(GLYPHS[mark])}</text>` : "";
  return swatch(`${shapeSvg(type, 22, 12, type === "Choice" ? 40 : 38, type === "Choice" ? 22 : 18, paint.fill, paint.stroke, paint.strokeWidth)}${glyph}`);
};

const edgeSwatch = (stroke: string, dashed: boolean, width: number) =>
  swatch(`<path d="M2,12L40,12" stroke="${stroke}" stroke-width="${width}"${dashed ? ' stroke-dasharray="6 4"' : ""}/><path d="M34,7L42,12L34,17z" fill="${stroke}"/>`);

function Legend() {
  const types = ["Task", "Choice", "Pass", "Succeed", "Fail"] as const;
  const marks = ["visited", "current", "failed"] as const;
  return (
    <details class="workflow-legend" data-testid="workflow-legend" open>
      <summary>{d.legend}</summary>
      <ul>
        {types.map((type) => (
          <li data-legend={type}>
            {shapeSwatch(type)} {d.types[type]}
          </li>
        ))}
        {marks.map((mark) => (
          <li data-legend={mark}>
            {shapeSwatch("Task", mark)} {d.marks[mark]}
          </li>
        ))}
        <li data-legend="next">
          {edgeSwatch(COLORS.edge, false, 1.25)} {d.edges.next}
        </li>
        <li data-legend="taken">
          {edgeSwatch(COLORS.taken, false, 2)} {d.edges.taken}
        </li>
        <li data-legend="catch">
          {edgeSwatch(COLORS.edge, true, 1.25)} {d.edges.catch}
        </li>
      </ul>
    </details>
  );
}

/** The case's workflow drawn with the marks of its current attempt's execution, scrolling sideways on a phone. */
export function WorkflowDiagram({ workflow, attempt }: { workflow: CaseWorkflow; attempt: number }) {
  const run = workflow.history?.executions.find((e) => e.attempt === attempt);
  const ran = run !== undefined && run.status !== "UNKNOWN";
  const svg = workflowDiagramSvg(workflow.definition, ran ? run.events : [], { title: d.title, idPrefix: "alur" });
  return (
    <section aria-labelledby="alur-kerja" data-testid="workflow">
      <h2 id="alur-kerja">{d.heading}</h2>
      <p>{d.intro}</p>
      <p data-testid="workflow-note">
        <small>{!workflow.history ? d.unavailable : ran ? d.attempt(attempt) : d.noRun}</small>
      </p>
      <div class="overflow-auto" role="region" aria-label={d.title} tabindex={0} data-testid="workflow-diagram">
        {raw(svg)}
      </div>
      <Legend />
    </section>
  );
}
