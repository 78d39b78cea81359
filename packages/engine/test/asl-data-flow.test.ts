import fc from "fast-check";
import { JSONPath } from "jsonpath-plus";
import { describe, expect, it } from "vitest";
import type { ContextObject, Json } from "../src/asl/context";
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  evaluatePath,
  isReferencePath,
  parsePath,
  queryPath,
} from "../src/asl/json-path";
import { resolvePayload } from "../src/asl/payload";
import { StatesError } from "../src/asl/states-error";
import { failure, testContext } from "./support/asl";
import { recordedCases } from "./support/recorded";

const context = testContext({
  Execution: { Id: "arn:aws:states:us-east-1:123456789012:execution:sm:exec-1", Input: { original: true }, Name: "exec-1" },
  State: { EnteredTime: "2024-01-01T00:00:01.000Z" },
  Map: { Item: { Index: 2, Value: { id: "x" } } },
});

const input = {
  a: { b: { c: 1 } },
  list: [{ id: 1, tag: "x" }, { id: 2, tag: "y" }, { id: 3 }],
  "int-literal": 0,
  "with space": "s",
  text: "plain",
  nil: null,
} as const satisfies Json;

describe("evaluatePath", () => {
  it("returns the whole input for $ and the context object for $$", () => {
    expect(evaluatePath("$", input, context, "f")).toEqual(input);
    expect(evaluatePath("$$", input, context, "f")).toEqual(context);
    expect(evaluatePath("$$.Execution.Name", input, context, "f")).toBe("exec-1");
    expect(evaluatePath("$$.Map.Item.Value.id", input, context, "f")).toBe("x");
  });

  it("reads definite paths as the value itself", () => {
    expect(evaluatePath("$.a.b.c", input, context, "f")).toBe(1);
    expect(evaluatePath("$['a']['b']", input, context, "f")).toEqual({ c: 1 });
    expect(evaluatePath("$.list[1].id", input, context, "f")).toBe(2);
    expect(evaluatePath("$.list[-1].id", input, context, "f")).toBe(3);
    expect(evaluatePath("$.int-literal", input, context, "f")).toBe(0);
    expect(evaluatePath("$['with space']", input, context, "f")).toBe("s");
    expect(evaluatePath("$.nil", input, context, "f")).toBeNull();
  });

  it("reads indefinite paths as an array of matches, empty when nothing matches", () => {
    expect(evaluatePath("$.list[*].id", input, context, "f")).toEqual([1, 2, 3]);
    expect(evaluatePath("$.list[*].tag", input, context, "f")).toEqual(["x", "y"]);
    expect(evaluatePath("$.list[?(@.id > 1)].id", input, context, "f")).toEqual([2, 3]);
    expect(evaluatePath("$.list[?(@.tag == 'y')]", input, context, "f")).toEqual([{ id: 2, tag: "y" }]);
    expect(evaluatePath("$.list[?(@.id == 99)]", input, context, "f")).toEqual([]);
    expect(evaluatePath("$..c", input, context, "f")).toEqual([1]);
    expect(evaluatePath("$.list[0:2].id", input, context, "f")).toEqual([1, 2]);
    expect(evaluatePath("$.list[0,2].id", input, context, "f")).toEqual([1, 3]);
  });

  it("compares filter values strictly, as Jayway does", () => {
    expect(evaluatePath("$[?(@.v == 1)].n", [{ v: 1, n: "num" }, { v: "1", n: "str" }], context, "f")).toEqual(["num"]);
  });

  it("refuses Jayway-only filter operators instead of matching nothing", () => {
    expect(failure(() => evaluatePath("$.list[?(@.tag =~ /x/)]", input, context, "f")).error).toBe("States.Runtime");
  });

  it("does not see prototype properties", () => {
    expect(failure(() => evaluatePath("$.constructor", input, context, "f")).error).toBe("States.Runtime");
    expect(failure(() => evaluatePath("$.list.length", input, context, "f")).error).toBe("States.Runtime");
  });

  it("fails a missing definite path with AWS's cause naming the field and the input", () => {
    expect(failure(() => evaluatePath("$.no_such_jsonpath", { "int-literal": 0 }, context, "value.$"))).toEqual({
      error: "States.Runtime",
      cause:
        "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
    });
    expect(failure(() => evaluatePath("$.list[7]", input, context, "SecondsPath")).cause).toMatch(
      /^The JSONPath '\$\.list\[7\]' specified for the field 'SecondsPath' could not be found in the input '\{/,
    );
  });

  it("prints the context object as the input when a $$ path misses", () => {
    const { cause } = failure(() => evaluatePath("$$.Execution.Input.nope", input, context, "value.$"));
    expect(cause).toBe(
      `The JSONPath '$$.Execution.Input.nope' specified for the field 'value.$' could not be found in the input '${JSON.stringify(context)}'`,
    );
  });

  it("fails when an indefinite path's definite prefix is missing (Jayway's upstream rule)", () => {
    expect(failure(() => evaluatePath("$.missing[*].id", input, context, "f")).error).toBe("States.Runtime");
    expect(evaluatePath("$.list[*].missing", input, context, "f")).toEqual([]);
  });

  it("rejects malformed paths", () => {
    for (const bad of ["a.b", "$.", "$.a b", "$[", "$.a.length()", "$x"]) {
      expect(failure(() => evaluatePath(bad, input, context, "f")).error, bad).toBe("States.Runtime");
    }
  });

  it("keeps backslashes that do not escape the quote in a bracket name (recorded on AWS)", () => {
    expect(evaluatePath("$['Test\\\"\"Name\"']", { 'Test\\""Name"': "V" }, context, "f")).toBe("V");
    expect(evaluatePath("$['it\\'s']", { "it's": 1 }, context, "f")).toBe(1);
  });

  it("agrees with jsonpath-plus on definite paths into generated documents", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,3}$/), fc.jsonValue({ maxDepth: 2 })), fc.stringMatching(/^[a-z]{1,3}$/), (doc, key) => {
        const lookup = queryPath(`$.${key}`, doc as Json);
        const expected = JSONPath({ path: `$.${key}`, json: doc, wrap: true }) as unknown[];
        if (Object.hasOwn(doc, key)) expect(lookup).toEqual({ found: true, value: expected[0] });
        else expect(lookup.found).toBe(false);
      }),
    );
  });
});

describe("InputPath / OutputPath", () => {
  it("passes everything when absent, {} when null, the selection otherwise", () => {
    expect(applyInputPath(input, undefined, context)).toBe(input);
    expect(applyInputPath(input, null, context)).toEqual({});
    expect(applyInputPath(input, "$", context)).toEqual(input);
    expect(applyInputPath(input, "$.a.b", context)).toEqual({ c: 1 });
    expect(applyOutputPath(input, undefined)).toBe(input);
    expect(applyOutputPath(input, null)).toEqual({});
    expect(applyOutputPath(input, "$.list[*].id")).toEqual([1, 2, 3]);
    expect(applyInputPath(input, "$$.Execution.Input", context)).toEqual({ original: true });
  });

  it("reports a miss the way AWS does: Invalid path … : <Jayway's reason>", () => {
    expect(failure(() => applyOutputPath({ StatusCode: 200 }, "$.Payload"))).toEqual({
      error: "States.Runtime",
      cause: "Invalid path '$.Payload' : No results for path: $['Payload']",
    });
    expect(failure(() => applyInputPath(input, "$.zz.y", context)).cause).toBe(
      "Invalid path '$.zz.y' : Missing property in path $['zz']",
    );
    expect(failure(() => applyInputPath(input, "$.list[9].id", context)).cause).toBe(
      "Invalid path '$.list[9].id' : No results for path: $['list'][9]['id']",
    );
    expect(failure(() => applyInputPath(input, "$.a[0]", context)).cause).toBe(
      "Invalid path '$.a[0]' : Filter: [0] can only be applied to arrays. Current context is: {b={c=1}}",
    );
  });

  it("uses the field's name for other fields that select from the input", () => {
    expect(failure(() => applyInputPath({ Error: "e" }, "$.ErrorX", context, "ErrorPath")).cause).toBe(
      "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"Error\":\"e\"}'",
    );
  });
});

describe("ResultPath", () => {
  it("replaces the input by default and for $", () => {
    expect(applyResultPath(input, "r", undefined)).toBe("r");
    expect(applyResultPath(input, "r", "$")).toBe("r");
  });

  it("discards the result for null", () => {
    expect(applyResultPath(input, "r", null)).toBe(input);
  });

  it("sets the result at a reference path, creating objects, without touching the input", () => {
    const before = JSON.stringify(input);
    expect(applyResultPath(input, 5, "$.a.x")).toEqual({ ...input, a: { b: { c: 1 }, x: 5 } });
    expect(applyResultPath({}, { r: 1 }, "$.p.q.r")).toEqual({ p: { q: { r: { r: 1 } } } });
    expect(applyResultPath({ arr: [1, 2] }, "z", "$.arr[1]")).toEqual({ arr: [1, "z"] });
    expect(applyResultPath({ a: 1 }, 2, "$['we ird']")).toEqual({ a: 1, "we ird": 2 });
    expect(JSON.stringify(input)).toBe(before);
  });

  it("keeps the order of existing keys and appends new ones", () => {
    expect(Object.keys(applyResultPath({ x: 1, y: 2 }, 0, "$.x") as object)).toEqual(["x", "y"]);
    expect(Object.keys(applyResultPath({ x: 1, y: 2 }, 0, "$.z") as object)).toEqual(["x", "y", "z"]);
  });

  it("stores a __proto__ key as data", () => {
    const out = applyResultPath({}, 1, "$['__proto__']") as Record<string, Json>;
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it("fails with States.ResultPathMatchFailure when the path cannot be applied", () => {
    expect(failure(() => applyResultPath("text", 1, "$.a"))).toEqual({
      error: "States.ResultPathMatchFailure",
      cause: 'Unable to apply ReferencePath $.a to input "text"',
    });
    expect(failure(() => applyResultPath({ a: 5 }, 1, "$.a.b")).error).toBe("States.ResultPathMatchFailure");
    expect(failure(() => applyResultPath([1], 1, "$.a")).error).toBe("States.ResultPathMatchFailure");
    expect(failure(() => applyResultPath({ arr: [] }, 1, "$.arr[0]")).error).toBe("States.ResultPathMatchFailure");
  });

  it("only accepts reference paths", () => {
    expect(isReferencePath("$.a['b'][0]")).toBe(true);
    expect(isReferencePath("$.a[*]")).toBe(false);
    expect(isReferencePath("$$.Execution")).toBe(false);
    expect(failure(() => applyResultPath({}, 1, "$.a[*]")).error).toBe("States.Runtime");
  });

  it("property: what ResultPath writes, the same path reads back, and the rest is untouched", () => {
    const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,5}$/);
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 2 })), fc.array(key, { minLength: 1, maxLength: 4 }), fc.jsonValue(), (doc, keys, result) => {
        const path = `$.${keys.join(".")}`;
        let out: Json;
        try {
          out = applyResultPath(doc as Json, result as Json, path);
        } catch (error) {
          // Only legitimate when the path runs through an existing non-object.
          expect((error as StatesError).error).toBe("States.ResultPathMatchFailure");
          return;
        }
        expect(evaluatePath(path, out, context, "f")).toEqual(result);
        const first = keys[0] as string;
        for (const other of Object.keys(doc)) if (other !== first) expect((out as Record<string, Json>)[other]).toEqual(doc[other]);
      }),
    );
  });
});

describe("parsePath", () => {
  it("separates definite steps from indefinite queries", () => {
    expect(parsePath("$.a['b'][2]")).toMatchObject({
      root: "$",
      definite: true,
      segments: [
        { kind: "property", name: "a" },
        { kind: "property", name: "b" },
        { kind: "index", index: 2 },
      ],
    });
    expect(parsePath("$$.Map.Item")).toMatchObject({ root: "$$", definite: true });
    expect(parsePath("$.a[*].b")).toMatchObject({ definite: false, segments: [{ kind: "property", name: "a" }], query: "$.a[*].b" });
    expect(parsePath("$$..x")).toMatchObject({ root: "$$", definite: false, query: "$..x" });
  });
});

describe("resolvePayload", () => {
  it("resolves .$ keys from paths, the context object and intrinsics, and drops the suffix", () => {
    const template = {
      "literal": "kept $.not.a.path",
      "fromInput.$": "$.a.b.c",
      "fromContext.$": "$$.Execution.Name",
      "item.$": "$$.Map.Item.Value",
      "formatted.$": "States.Format('{}-{}', $.text, $$.State.Name)",
      nested: { "deep.$": "$.list[0].id", arr: [{ "x.$": "$.text" }, 7, "s"] },
      "whole.$": "$",
    } satisfies Json;
    expect(resolvePayload(template, input, context, "Parameters")).toEqual({
      literal: "kept $.not.a.path",
      fromInput: 1,
      fromContext: "exec-1",
      item: { id: "x" },
      formatted: "plain-S",
      nested: { deep: 1, arr: [{ x: "plain" }, 7, "s"] },
      whole: input,
    });
  });

  it("leaves keys without .$ alone, even when their value looks like a path", () => {
    expect(resolvePayload({ p: "$.a", ".$": "x" }, input, context, "Parameters")).toEqual({ p: "$.a", ".$": "x" });
  });

  it("reports a missing path with the key as the field (recorded on AWS)", () => {
    expect(failure(() => resolvePayload({ "value.$": "$.no_such_jsonpath" }, { "int-literal": 0 }, context, "Parameters"))).toEqual({
      error: "States.Runtime",
      cause:
        "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
    });
  });

  it("rejects a .$ value that is neither a path nor an intrinsic call", () => {
    for (const bad of ["plain", 5, null, "States.Nope(1)", "States.Format("]) {
      const f = failure(() => resolvePayload({ "v.$": bad }, input, context, "Parameters"));
      expect(f.error).toBe("States.Runtime");
      expect(f.cause).toContain("The value for the field 'v.$' must be a valid JSONPath or a valid intrinsic function call");
    }
  });

  it("does not alias the input: mutating the output leaves the input intact", () => {
    const source = { o: { k: 1 } };
    const out = resolvePayload({ "copy.$": "$.o" }, source, context, "Parameters") as { copy: Json };
    expect(out.copy).toEqual({ k: 1 });
  });
});

/** The Pass-only, JSONPath scenario cases of the AWS recordings (not intrinsic ones). */
describe("AWS-recorded Pass scenarios", () => {
  const selected = recordedCases<Record<string, Json>>().filter(
    (c) =>
      !c.id.includes("intrinsic_functions") &&
      c.definition.QueryLanguage !== "JSONata" &&
      Object.values(c.definition.States).every((s) => s.Type === "Pass" && s.QueryLanguage !== "JSONata"),
  );

  it("found them", () => expect(selected.length).toBeGreaterThan(0));

  for (const c of selected) {
    it(c.id.split("::").pop() ?? c.id, () => {
      let name = c.definition.StartAt;
      let current = c.input;
      let eventId = 2;
      for (;;) {
        const state = c.definition.States[name] as Record<string, Json>;
        const ctx: ContextObject = { ...context, Execution: { ...context.Execution, Input: c.input }, State: { ...context.State, Name: name } };
        try {
          const effective = applyInputPath(current, state.InputPath as string | null | undefined, ctx);
          const result =
            state.Parameters !== undefined ? resolvePayload(state.Parameters, effective, ctx, "Parameters") : (state.Result ?? effective);
          current = applyOutputPath(applyResultPath(current, result, state.ResultPath as string | null | undefined), state.OutputPath as string | null | undefined, ctx);
        } catch (error) {
          if (!(error instanceof StatesError)) throw error;
          expect(c.expected.status).toBe("FAILED");
          expect(error.error).toBe(c.expected.error);
          // The engine adds this prefix; the recording masked the input JSON as <json-input:1>.
          const prefix = `An error occurred while executing the state '${name}' (entered at the event id #${eventId}). `;
          const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          const pattern = new RegExp(`^${(c.expected.cause ?? "").split("<json-input:1>").map(escape).join("\\{.*\\}")}$`);
          expect(prefix + error.cause).toMatch(pattern);
          return;
        }
        if (state.End) break;
        name = state.Next as string;
        eventId += 2;
      }
      expect(c.expected.status).toBe("SUCCEEDED");
      expect(current).toEqual(c.expected.output);
    });
  }
});
