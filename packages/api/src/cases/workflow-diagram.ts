import dagre, { type Graph } from "@dagrejs/dagre";
import { id as t } from "@naungan/core/i18n";

/*
 * A workflow's ASL drawn as an SVG graph, laid out by dagre on the server:
 * one node per state (its shape by Type), one edge per transition (Next,
 * Default, Choices[].Next, Catch[].Next; catch edges dashed and labelled with
 * the errors), and the marks of one execution's history (visited, current,
 * failed) as classes and data attributes of each node. Pure: definition and
 * events in, SVG text out. The page's CSP allows no inline styles, so the
 * looks are SVG presentation attributes.
 */

export interface AslChoiceRule {
  Next?: string;
  [operator: string]: unknown;
}

export interface AslCatcher {
  ErrorEquals?: string[];
  Next?: string;
}

export interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Choices?: AslChoiceRule[];
  Catch?: AslCatcher[];
  Comment?: string;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

/** What the marks read of a history event: its type and the state name in its details. */
export interface DiagramEvent {
  id?: number;
  type: string;
  [details: string]: unknown;
}

export type TransitionKind = "next" | "default" | "choice" | "catch";

export interface Transition {
  from: string;
  to: string;
  kind: TransitionKind;
  /** The choice's condition in short, or the caught errors. */
  label?: string;
}

export interface StateMarks {
  visited: Set<string>;
  current: Set<string>;
  failed: Set<string>;
  /** `from→to` pairs the execution went along. */
  taken: Set<string>;
  /** The execution closed (succeeded, failed, timed out or aborted). */
  ended: boolean;
}

const d = t.history.diagram;

// ---------------------------------------------------------------------------
// The graph of the ASL

const LABEL_MAX = 28;
const shorten = (text: string, max = LABEL_MAX) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const COMPARISON = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/;

/** "approve" for `StringEquals: "approve"`, "null" for `IsNull: true`: enough to tell a Choice's branches apart. */
export function choiceLabel(rule: AslChoiceRule): string {
  for (const [key, value] of Object.entries(rule)) {
    if (key === "Next" || key === "Variable" || key === "Comment") continue;
    const m = COMPARISON.exec(key);
    if (m) {
      const shown = m[3] ? String(value) : typeof value === "string" ? value : JSON.stringify(value);
      return shorten(m[2] === "Equals" ? shown : `${key.replace(/^(String|Numeric|Boolean|Timestamp)/, "")} ${shown}`);
    }
    if (key === "IsNull") return value === true ? "null" : `${d.not} null`;
    if (key.startsWith("Is")) return shorten(`${value === false ? `${d.not} ` : ""}${key.slice(2)}`);
    if (key === "And" || key === "Or" || key === "Not") return key.toLowerCase();
    if (key === "Condition") return shorten(String(value));
  }
  return "";
}

/** Every transition of the top-level states, in document order. */
export function transitions(definition: AslDefinition): Transition[] {
  const found: Transition[] = [];
  for (const [from, state] of Object.entries(definition.States)) {
    for (const rule of state.Choices ?? []) {
      if (typeof rule.Next === "string") found.push({ from, to: rule.Next, kind: "choice", label: choiceLabel(rule) });
    }
    if (typeof state.Default === "string") found.push({ from, to: state.Default, kind: "default", label: d.otherwise });
    if (typeof state.Next === "string") found.push({ from, to: state.Next, kind: "next" });
    for (const catcher of state.Catch ?? []) {
      if (typeof catcher.Next === "string") found.push({ from, to: catcher.Next, kind: "catch", label: shorten((catcher.ErrorEquals ?? []).join(", "), 44) });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------
// The marks of an execution

const END_EVENTS = new Set(["ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"]);
const TASK_FAILURE = /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$/;
const TASK_ATTEMPT = /^(Task|LambdaFunction|Activity)(Scheduled|Succeeded|Submitted)$/;
const TIMEOUTS = new Set(["States.Timeout", "States.HeartbeatTimeout"]);

const detailsOf = (event: DiagramEvent, key: string) => {
  const details = event[key];
  return details && typeof details === "object" ? (details as Record<string, unknown>) : undefined;
};
const stateName = (event: DiagramEvent) => {
  const details = detailsOf(event, event.type.endsWith("StateEntered") ? "stateEnteredEventDetails" : "stateExitedEventDetails");
  return typeof details?.name === "string" ? details.name : undefined;
};
/** The error of a failure event (`taskFailedEventDetails.error`, …). */
const errorOf = (event: DiagramEvent) => {
  const details = detailsOf(event, `${event.type[0]!.toLowerCase()}${event.type.slice(1)}EventDetails`);
  if (typeof details?.error === "string") return details.error;
  return event.type.endsWith("TimedOut") ? "States.Timeout" : "States.TaskFailed";
};

/** The catcher Step Functions would pick for `error` (States.ALL last, States.TaskFailed for all but timeouts). */
function catcherFor(state: AslState | undefined, error: string): AslCatcher | undefined {
  return state?.Catch?.find((c) => {
    const errors = c.ErrorEquals ?? [];
    return errors.includes(error) || errors.includes("States.ALL") || (errors.includes("States.TaskFailed") && !TIMEOUTS.has(error) && !error.startsWith("States.Runtime"));
  });
}

/**
 * Visited: entered at least once. Current: entered and not exited while the
 * execution runs (a human step waiting). Failed: a Fail state reached; a
 * task whose failure went to a catch-all catcher (`States.ALL`: the
 * unexpected failures; a caught timeout is the workflow's reminder, not a
 * failure); or the state the execution failed in.
 */
export function stateMarks(definition: AslDefinition, events: readonly DiagramEvent[]): StateMarks {
  const marks: StateMarks = { visited: new Set(), current: new Set(), failed: new Set(), taken: new Set(), ended: false };
  const open = new Set<string>();
  const lastFailure = new Map<string, string | undefined>();
  let lastExited: string | undefined;
  let inState: string | undefined;
  const ordered = events.every((e) => typeof e.id === "number") ? [...events].sort((a, b) => a.id! - b.id!) : events;
  for (const event of ordered) {
    const { type } = event;
    if (type.endsWith("StateEntered")) {
      const name = stateName(event);
      if (name === undefined || !(name in definition.States)) continue;
      marks.visited.add(name);
      open.add(name);
      lastFailure.set(name, undefined);
      if (lastExited !== undefined) marks.taken.add(`${lastExited}→${name}`);
      lastExited = undefined;
      inState = name;
      if (type === "FailStateEntered") marks.failed.add(name);
    } else if (type.endsWith("StateExited")) {
      const name = stateName(event);
      if (name === undefined || !(name in definition.States)) continue;
      open.delete(name);
      lastExited = name;
      const error = lastFailure.get(name);
      // Exited after a failure: a catcher took it.
      if (error !== undefined && catcherFor(definition.States[name], error)?.ErrorEquals?.includes("States.ALL")) marks.failed.add(name);
    } else if (inState !== undefined && TASK_FAILURE.test(type)) {
      lastFailure.set(inState, errorOf(event));
    } else if (inState !== undefined && TASK_ATTEMPT.test(type)) {
      lastFailure.set(inState, undefined);
    } else if (END_EVENTS.has(type)) {
      marks.ended = true;
      if (type === "ExecutionFailed" || type === "ExecutionTimedOut") for (const name of open) marks.failed.add(name);
    }
  }
  if (!marks.ended) for (const name of open) if (!marks.failed.has(name)) marks.current.add(name);
  return marks;
}

// ---------------------------------------------------------------------------
// Drawing

/** Text for SVG/HTML: element content and attribute values alike. */
export const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const FONT = 12;
const CHAR = 7.2;
const EDGE_FONT = 11;
const EDGE_CHAR = 6.2;

/** Colours shared by the diagram and its legend. */
export const COLORS = {
  text: "#1e293b",
  muted: "#64748b",
  edge: "#64748b",
  taken: "#1d4ed8",
  base: { fill: "#ffffff", stroke: "#64748b" },
  pass: { fill: "#f1f5f9", stroke: "#64748b" },
  visited: { fill: "#dcfce7", stroke: "#15803d" },
  current: { fill: "#fef3c7", stroke: "#b45309" },
  failed: { fill: "#fee2e2", stroke: "#b91c1c" },
} as const;

/** A glyph before the name, so that the marks do not rest on colour alone. */
export const GLYPHS = { current: "▶", failed: "✕", visited: "✓" } as const;

type Mark = "current" | "failed" | "visited" | undefined;

const markOf = (name: string, marks: StateMarks): Mark =>
  marks.failed.has(name) ? "failed" : marks.current.has(name) ? "current" : marks.visited.has(name) ? "visited" : undefined;

/** Room for the name and a mark's glyph: the layout does not depend on the marks, so one layout serves every case. */
function nodeSize(name: string, type: string): { width: number; height: number } {
  const text = 2 + name.length;
  const width = Math.max(96, Math.ceil(text * CHAR) + 28);
  if (type === "Choice") return { width: Math.ceil(width * 1.35), height: 56 };
  return { width, height: 38 };
}

const n = (value: number) => (Math.round(value * 10) / 10).toString();

/** The outline of a state by its Type: box (Task), diamond (Choice), grey box (Pass), pill (Succeed), octagon (Fail). */
export function shapeSvg(type: string, x: number, y: number, width: number, height: number, fill: string, stroke: string, strokeWidth: number): string {
  const paint = `fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"`;
  const left = x - width / 2;
  const top = y - height / 2;
  switch (type) {
    case "Choice":
      return `<polygon class="shape" points="${n(x)},${n(top)} ${n(x + width / 2)},${n(y)} ${n(x)},${n(top + height)} ${n(left)},${n(y)}" ${paint}/>`;
    case "Succeed":
      return `<rect class="shape" x="${n(left)}" y="${n(top)}" width="${n(width)}" height="${n(height)}" rx="${n(height / 2)}" ${paint}/>`;
    case "Fail": {
      const c = Math.min(12, height / 3);
      const r = left + width;
      const b = top + height;
      const points = [
        [left + c, top], [r - c, top], [r, top + c], [r, b - c], [r - c, b], [left + c, b], [left, b - c], [left, top + c],
      ];
      return `<polygon class="shape" points="${points.map(([px, py]) => `${n(px!)},${n(py!)}`).join(" ")}" ${paint}/>`;
    }
    default:
      return `<rect class="shape" x="${n(left)}" y="${n(top)}" width="${n(width)}" height="${n(height)}" rx="${type === "Pass" ? 12 : 4}" ${paint}/>`;
  }
}

/** The paint of a state: by its mark, else by its type. */
export function paintOf(type: string, mark: Mark) {
  if (mark) return { ...COLORS[mark], strokeWidth: mark === "visited" ? 1.5 : 3 };
  return { ...(type === "Pass" ? COLORS.pass : COLORS.base), strokeWidth: type === "Succeed" || type === "Fail" ? 2 : 1.25 };
}

/** A smooth path through dagre's points (d3's curveBasis). */
function basisPath(points: readonly { x: number; y: number }[]): string {
  let path = "";
  let step = 0;
  let [x0, y0, x1, y1] = [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  const bezier = (x: number, y: number) => {
    path += `C${n((2 * x0 + x1) / 3)},${n((2 * y0 + y1) / 3)} ${n((x0 + 2 * x1) / 3)},${n((y0 + 2 * y1) / 3)} ${n((x0 + 4 * x1 + x) / 6)},${n((y0 + 4 * y1 + y) / 6)}`;
  };
  for (const { x, y } of points) {
    if (step === 0) {
      step = 1;
      path += `M${n(x)},${n(y)}`;
    } else if (step === 1) {
      step = 2;
    } else {
      if (step === 2) {
        step = 3;
        path += `L${n((5 * x0 + x1) / 6)},${n((5 * y0 + y1) / 6)}`;
      }
      bezier(x, y);
    }
    [x0, y0, x1, y1] = [x1, y1, x, y];
  }
  if (step === 3) bezier(x1, y1);
  if (step >= 2) path += `L${n(x1)},${n(y1)}`;
  return path;
}

export interface DiagramOptions {
  /** The accessible name of the drawing (its `<title>`). */
  title?: string;
  /** Prefix of the element ids (markers, title), unique on the page. */
  idPrefix?: string;
}

const START = "\u0000start";

type Layout = Graph;

/** Laid out once per ASL document (dagre takes tens of milliseconds; the document does not change while the app runs). */
const layouts = new WeakMap<AslDefinition, { layout: Layout; edges: Transition[] }>();

function layoutOf(definition: AslDefinition): { layout: Layout; edges: Transition[] } {
  const known = layouts.get(definition);
  if (known) return known;
  const edges = transitions(definition);
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 40, edgesep: 10, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  g.setNode(START, { width: 14, height: 14 });
  for (const [name, state] of Object.entries(definition.States)) g.setNode(name, nodeSize(name, state.Type));
  g.setEdge(START, definition.StartAt, { width: 0, height: 0, weight: 4 }, "start");
  edges.forEach((e, i) => {
    if (!(e.to in definition.States)) g.setNode(e.to, { width: 96, height: 38 });
    const label = e.label ?? "";
    // The error paths give way to the main flow, which dagre keeps straighter.
    const weight = e.kind === "catch" ? 1 : 3;
    g.setEdge(e.from, e.to, { width: label ? Math.ceil(label.length * EDGE_CHAR) + 8 : 0, height: label ? EDGE_FONT + 6 : 0, labelpos: "c", weight }, `e${i}`);
  });
  dagre.layout(g);
  const laid = { layout: g, edges };
  layouts.set(definition, laid);
  return laid;
}

/** The ASL as an SVG graph with the marks of `events` (an execution's history; empty: no marks). */
export function workflowDiagramSvg(definition: AslDefinition, events: readonly DiagramEvent[] = [], options: DiagramOptions = {}): string {
  const prefix = options.idPrefix ?? "wf";
  const marks = stateMarks(definition, events);
  const { layout: g, edges } = layoutOf(definition);
  const states = Object.entries(definition.States);

  const graph = g.graph();
  const width = Math.ceil(graph.width ?? 0);
  const height = Math.ceil(graph.height ?? 0);
  const title = options.title ?? d.title;
  const describe = (names: Set<string>) => ([...names].join(", ") || t.format.none);
  const desc = `${d.summary.current}: ${describe(marks.current)}. ${d.summary.failed}: ${describe(marks.failed)}. ${d.summary.visited}: ${marks.visited.size}/${states.length}.`;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="${FONT}">`,
    `<title id="${prefix}-title">${escapeXml(title)}</title>`,
    `<desc id="${prefix}-desc">${escapeXml(desc)}</desc>`,
    `<defs>`,
    `<marker id="${prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${COLORS.edge}"/></marker>`,
    `<marker id="${prefix}-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${COLORS.taken}"/></marker>`,
    `</defs>`,
    // Opaque, so that the drawing reads the same on a dark page.
    `<rect class="background" width="${width}" height="${height}" fill="#ffffff"/>`,
  );

  // The start: a dot with an arrow into StartAt.
  const start = g.node(START);
  const startEdge = g.edge(START, definition.StartAt, "start");
  out.push(
    `<g class="start" aria-hidden="true"><circle cx="${n(start.x!)}" cy="${n(start.y!)}" r="6" fill="${COLORS.text}"/>`,
    `<path d="${basisPath(startEdge.points ?? [])}" fill="none" stroke="${COLORS.edge}" stroke-width="1.25" marker-end="url(#${prefix}-arrow)"/></g>`,
  );

  out.push(`<g class="edges">`);
  edges.forEach((e, i) => {
    const laid = g.edge(e.from, e.to, `e${i}`);
    const taken = marks.taken.has(`${e.from}→${e.to}`);
    const stroke = taken ? COLORS.taken : COLORS.edge;
    const classes = ["edge", `edge-${e.kind}`, ...(taken ? ["taken"] : [])].join(" ");
    const what = e.label ? ` (${e.label})` : "";
    out.push(
      `<g class="${classes}" data-edge="${escapeXml(`${e.from}→${e.to}`)}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}" data-kind="${e.kind}" data-taken="${taken}">`,
      `<title>${escapeXml(`${e.from} → ${e.to}${what}`)}</title>`,
      `<path d="${basisPath(laid.points ?? [])}" fill="none" stroke="${stroke}" stroke-width="${taken ? 2 : 1.25}"${e.kind === "catch" ? ' stroke-dasharray="6 4"' : ""} marker-end="url(#${prefix}-arrow${taken ? "-taken" : ""})"/>`,
    );
    if (e.label && laid.x !== undefined && laid.y !== undefined) {
      out.push(
        `<text x="${n(laid.x)}" y="${n(laid.y)}" text-anchor="middle" dominant-baseline="central" font-size="${EDGE_FONT}" fill="${e.kind === "catch" ? COLORS.failed.stroke : COLORS.muted}" stroke="#ffffff" stroke-width="4" paint-order="stroke">${escapeXml(e.label)}</text>`,
      );
    }
    out.push(`</g>`);
  });
  out.push(`</g>`);

  out.push(`<g class="nodes">`);
  for (const [name, state] of states) {
    const node = g.node(name);
    const mark = markOf(name, marks);
    const visited = marks.visited.has(name);
    const current = marks.current.has(name);
    const failed = marks.failed.has(name);
    const classes = ["node", `node-${state.Type.toLowerCase()}`, ...(visited ? ["visited"] : []), ...(current ? ["current"] : []), ...(failed ? ["failed"] : []), ...(name === definition.StartAt ? ["start-state"] : [])];
    const paint = paintOf(state.Type, mark);
    const typeName = d.types[state.Type as keyof typeof d.types] ?? state.Type;
    const states_ = [...(current ? [d.marks.current] : []), ...(failed ? [d.marks.failed] : []), visited ? d.marks.visited : d.marks.notVisited];
    const label = `${mark ? `${GLYPHS[mark]} ` : ""}${name}`;
    out.push(
      `<g class="${classes.join(" ")}" data-state="${escapeXml(name)}" data-type="${escapeXml(state.Type)}" data-visited="${visited}" data-current="${current}" data-failed="${failed}">`,
      `<title>${escapeXml(`${name} — ${typeName}${name === definition.StartAt ? `, ${d.start}` : ""}: ${states_.join(", ")}`)}</title>`,
      shapeSvg(state.Type, node.x!, node.y!, node.width, node.height, paint.fill, paint.stroke, paint.strokeWidth),
      `<text x="${n(node.x!)}" y="${n(node.y!)}" text-anchor="middle" dominant-baseline="central" fill="${COLORS.text}"${mark === "current" || mark === "failed" ? ' font-weight="600"' : ""}>${escapeXml(label)}</text>`,
      `</g>`,
    );
  }
  out.push(`</g>`, `</svg>`);
  return out.join("");
}
