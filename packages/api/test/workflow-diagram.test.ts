import { WORKFLOWS } from "@naungan/workflows/definitions";
import { describe, expect, it } from "vitest";
import { escapeXml, stateMarks, transitions, workflowDiagramSvg, type AslDefinition, type DiagramEvent } from "../src/cases/workflow-diagram";

/* The workflow diagram: (ASL, history events) → SVG, without a server. */

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The node groups of the SVG: each `<g class="node …" data-…>` start tag's attributes. */
function nodes(svg: string): Map<string, Record<string, string>> {
  const found = new Map<string, Record<string, string>>();
  for (const [tag] of svg.matchAll(/<g class="node(?: [^"]*)?"[^>]*>/g)) {
    const attrs = Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k!, unescape(v!)]));
    expect(found.has(attrs["data-state"]!), `${attrs["data-state"]} drawn twice`).toBe(false);
    found.set(attrs["data-state"]!, attrs);
  }
  return found;
}

/** The edge groups: `from→to` with their kind, one entry per edge drawn. */
const edges = (svg: string) =>
  [...svg.matchAll(/<g class="edge[^"]*" data-edge="[^"]*" data-from="([^"]*)" data-to="([^"]*)" data-kind="([^"]*)"/g)].map(([, from, to, kind]) => `${unescape(from!)}→${unescape(to!)}:${kind}`);

/** The transitions of an ASL counted straight from the document. */
function aslTransitions(definition: AslDefinition): string[] {
  const found: string[] = [];
  for (const [name, s] of Object.entries(definition.States)) {
    if (s.Next) found.push(`${name}→${s.Next}:next`);
    if (s.Default) found.push(`${name}→${s.Default}:default`);
    for (const c of s.Choices ?? []) found.push(`${name}→${c.Next}:choice`);
    for (const c of s.Catch ?? []) found.push(`${name}→${c.Next}:catch`);
  }
  return found.sort();
}

const entered = (type: string, name: string): DiagramEvent => ({ type: `${type}StateEntered`, stateEnteredEventDetails: { name, input: "{}" } });
const exited = (type: string, name: string): DiagramEvent => ({ type: `${type}StateExited`, stateExitedEventDetails: { name, output: "{}" } });
const numbered = (events: DiagramEvent[]) => events.map((e, i) => ({ ...e, id: i + 1, previousEventId: i, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));

describe.each(Object.values(WORKFLOWS).map((w) => [w.name, w.definition as AslDefinition] as const))("the %s workflow", (_, definition) => {
  const svg = workflowDiagramSvg(definition);

  it("draws exactly one node per state, with its type", () => {
    const drawn = nodes(svg);
    expect([...drawn.keys()].sort()).toEqual(Object.keys(definition.States).sort());
    for (const [name, attrs] of drawn) {
      expect(attrs["data-type"]).toBe(definition.States[name]!.Type);
      expect(attrs.class).toContain(`node-${definition.States[name]!.Type.toLowerCase()}`);
      expect(attrs["data-visited"]).toBe("false");
    }
  });

  it("draws exactly one edge per transition, catch edges dashed and labelled with their errors", () => {
    expect(edges(svg).sort()).toEqual(aslTransitions(definition));
    expect(transitions(definition)).toHaveLength(aslTransitions(definition).length);
    const catches = [...svg.matchAll(/<g class="edge edge-catch[^>]*>(.*?)<\/g>/g)].map(([, inner]) => inner!);
    expect(catches.length).toBeGreaterThan(0);
    for (const inner of catches) {
      expect(inner).toContain('stroke-dasharray="6 4"');
      expect(inner).toMatch(/<text[^>]*>States\.|<text[^>]*>StepAlreadyDecided/);
    }
    expect(svg).not.toMatch(/<g class="edge edge-(next|choice|default)[^>]*>(?:(?!<\/g>).)*stroke-dasharray/);
  });

  it("is an accessible SVG that scales by its viewBox, each node titled", () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="workflow-diagram" viewBox="0 0 \d+ \d+" width="\d+" height="\d+" role="img" aria-labelledby="wf-title wf-desc"/);
    expect(svg.endsWith("</svg>")).toBe(true);
    const titled = [...svg.matchAll(/<g class="node[ "][^>]*>\s*<title>([^<]+)<\/title>/g)];
    expect(titled).toHaveLength(Object.keys(definition.States).length);
    // No inline CSS: the CSP (style-src 'self') would drop it.
    expect(svg).not.toMatch(/<style|style="/);
  });
});

describe("the marks of an execution", () => {
  const death = WORKFLOWS.deathBenefit.definition as AslDefinition;
  const enrolment = WORKFLOWS.enrolment.definition as AslDefinition;

  it("marks the states entered as visited and the one entered but not exited as current", () => {
    const events = numbered([
      { type: "ExecutionStarted" },
      entered("Task", "CheckEligibility"),
      { type: "TaskScheduled" },
      { type: "TaskSucceeded" },
      exited("Task", "CheckEligibility"),
      entered("Choice", "Eligible"),
      exited("Choice", "Eligible"),
      entered("Task", "OpdHead"),
      { type: "TaskScheduled" },
      { type: "TaskSubmitted" },
    ]);
    const svg = workflowDiagramSvg(death, events);
    const drawn = nodes(svg);
    expect(drawn.get("CheckEligibility")).toMatchObject({ "data-visited": "true", "data-current": "false", "data-failed": "false" });
    expect(drawn.get("Eligible")).toMatchObject({ "data-visited": "true", "data-current": "false" });
    expect(drawn.get("OpdHead")).toMatchObject({ class: expect.stringMatching(/\bvisited\b.*\bcurrent\b/), "data-visited": "true", "data-current": "true", "data-failed": "false" });
    for (const [name, attrs] of drawn) {
      if (["CheckEligibility", "Eligible", "OpdHead"].includes(name)) continue;
      expect(attrs, name).toMatchObject({ "data-visited": "false", "data-current": "false", "data-failed": "false" });
    }
    // The edges the run went along.
    expect(svg).toMatch(/data-from="CheckEligibility" data-to="Eligible" data-kind="next" data-taken="true"/);
    expect(svg).toMatch(/data-from="Eligible" data-to="OpdHead" data-kind="choice" data-taken="true"/);
    expect(svg).toMatch(/data-from="OpdHead" data-to="OpdHeadDecided" data-kind="next" data-taken="false"/);
    expect(svg).toMatch(/<desc id="wf-desc">Langkah saat ini: OpdHead\./);
  });

  it("marks the task that failed into the catch-all and the Fail state reached; nothing is current once the execution ended", () => {
    const events = numbered([
      { type: "ExecutionStarted" },
      entered("Task", "ValidateAndPrice"),
      { type: "TaskScheduled" },
      { type: "TaskFailed", taskFailedEventDetails: { error: "Error", cause: "boom" } },
      exited("Task", "ValidateAndPrice"),
      entered("Pass", "CaseFailed"),
      exited("Pass", "CaseFailed"),
      entered("Task", "CloseCase"),
      { type: "TaskScheduled" },
      { type: "TaskSucceeded" },
      exited("Task", "CloseCase"),
      entered("Choice", "Closed"),
      exited("Choice", "Closed"),
      entered("Fail", "Failed"),
      { type: "ExecutionFailed", executionFailedEventDetails: { error: "CaseFailed" } },
    ]);
    const marks = stateMarks(enrolment, events);
    expect([...marks.failed].sort()).toEqual(["Failed", "ValidateAndPrice"]);
    expect(marks.current.size).toBe(0);
    expect(marks.ended).toBe(true);
    const drawn = nodes(workflowDiagramSvg(enrolment, events));
    expect(drawn.get("ValidateAndPrice")).toMatchObject({ class: expect.stringContaining("failed"), "data-failed": "true", "data-current": "false" });
    expect(drawn.get("Failed")).toMatchObject({ "data-failed": "true", "data-visited": "true" });
    expect(drawn.get("CloseCase")).toMatchObject({ "data-failed": "false", "data-visited": "true" });
  });

  it("marks the state an execution failed in when nothing caught the error", () => {
    const events = numbered([
      entered("Task", "ValidateAndPrice"),
      exited("Task", "ValidateAndPrice"),
      entered("Choice", "Validated"),
      exited("Choice", "Validated"),
      entered("Pass", "ReturnInvalid"),
      exited("Pass", "ReturnInvalid"),
      entered("Task", "CloseCase"),
      { type: "TaskScheduled" },
      { type: "TaskFailed", taskFailedEventDetails: { error: "Lambda.Unknown" } },
      { type: "ExecutionFailed", executionFailedEventDetails: { error: "Lambda.Unknown" } },
    ]);
    const marks = stateMarks(enrolment, events);
    expect([...marks.failed]).toEqual(["CloseCase"]);
    expect(marks.current.size).toBe(0);
  });

  it("does not count a human step's caught timeout (its reminder) or a retried task as failed", () => {
    const events = numbered([
      entered("Task", "OpdHead"),
      { type: "TaskScheduled" },
      { type: "TaskTimedOut", taskTimedOutEventDetails: { error: "States.Timeout" } },
      exited("Task", "OpdHead"),
      entered("Pass", "OpdHeadExpired"),
      exited("Pass", "OpdHeadExpired"),
      entered("Task", "OpdHeadTimedOut"),
      { type: "TaskScheduled" },
      { type: "TaskFailed", taskFailedEventDetails: { error: "Lambda.TooManyRequestsException" } },
      { type: "TaskScheduled" },
      { type: "TaskSucceeded" },
      exited("Task", "OpdHeadTimedOut"),
      entered("Choice", "OpdHeadDecided"),
      exited("Choice", "OpdHeadDecided"),
      entered("Task", "OpdHead"),
    ]);
    const marks = stateMarks(enrolment, events);
    expect(marks.failed.size).toBe(0);
    expect([...marks.current]).toEqual(["OpdHead"]);
    expect(marks.taken.has("OpdHead→OpdHeadExpired")).toBe(true);
  });
});

describe("escaping", () => {
  it("escapes every name, label and error it draws", () => {
    const definition: AslDefinition = {
      StartAt: `A<b>&"c'`,
      States: {
        [`A<b>&"c'`]: { Type: "Task", Catch: [{ ErrorEquals: ["<script>alert(1)</script>"], Next: "Z" }], Next: "Choose" },
        Choose: { Type: "Choice", Choices: [{ Variable: "$.x", StringEquals: `"><img src=x onerror=alert(1)>`, Next: "Z" }], Default: "Z" },
        Z: { Type: "Succeed" },
      },
    };
    const svg = workflowDiagramSvg(definition, [entered("Task", `A<b>&"c'`)]);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<img");
    expect(svg).not.toContain("<b>");
    expect(svg).toContain(`data-state="${escapeXml(`A<b>&"c'`)}"`);
    expect(nodes(svg).get(`A<b>&"c'`)).toMatchObject({ "data-current": "true" });
    expect(edges(svg).sort()).toEqual(aslTransitions(definition));
  });
});
