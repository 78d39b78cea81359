import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Json } from "../src/asl/context";
import {
  MAX_INTRINSIC_NESTING,
  JavaRandom,
  evaluateIntrinsic,
  javaToString,
  looksLikeIntrinsic,
  parseIntrinsic,
  tokenize,
  type IntrinsicOptions,
} from "../src/asl/intrinsics";
import type { StatesError } from "../src/asl/states-error";
import { failure as statesFailure, testContext } from "./support/asl";

const context = testContext({
  Execution: {
    Id: "arn:aws:states:us-east-1:123456789012:execution:my-machine:run-1",
    Input: { suffix: "run", items: [1, 2, 3] },
    Name: "run-1",
  },
  State: { EnteredTime: "2024-01-01T00:00:01.000Z" },
  StateMachine: { Id: "arn:aws:states:us-east-1:123456789012:stateMachine:my-machine", Name: "my-machine" },
});

const run = (expression: string, input: Json = {}, options: IntrinsicOptions = {}) =>
  evaluateIntrinsic(expression, input, context, options);

const failure = (expression: string, input: Json = {}) => statesFailure(() => run(expression, input), `expected ${expression} to fail`);

const invalidArgs = (expression: string, name: string) =>
  `The function '${expression}' had the following error: Invalid arguments in ${name}`;

function expectInvalid(expression: string, input: Json = {}) {
  const name = /^\s*(States\.\w+)/.exec(expression)?.[1] ?? "";
  expect(failure(expression, input), expression).toEqual({ error: "States.Runtime", cause: invalidArgs(expression, name) });
}

describe("parser", () => {
  it("parses literals, paths and nested calls", () => {
    const call = parseIntrinsic("States.Array('a\\'b', -1.5e2, true, false, null, $.x[0]['y z'], $$.Execution.Id, States.UUID())");
    expect(call.name).toBe("States.Array");
    expect(call.args).toEqual([
      { kind: "string", value: "a'b", raw: "a\\'b" },
      { kind: "number", value: -150, text: "-1.5e2" },
      { kind: "boolean", value: true },
      { kind: "boolean", value: false },
      { kind: "null" },
      { kind: "path", path: "$.x[0]['y z']" },
      { kind: "path", path: "$$.Execution.Id" },
      { kind: "call", name: "States.UUID", args: [], text: "States.UUID()" },
    ]);
  });

  it("reads string escapes for ' { } and \\, keeps other backslashes", () => {
    expect(run("States.Array('\\{\\}\\\\\\'', 'a\\nb')")).toEqual(["{}\\'", "a\\nb"]);
  });

  it("accepts braces and commas inside literals, real newlines, and spacing", () => {
    expect(run("States.StringToJson('{\"a\": [1, 2]}')")).toEqual({ a: [1, 2] });
    expect(run("States.StringSplit('Hello\nWorld', '\n')")).toEqual(["Hello", "World"]);
    expect(run("  States.Array( $.a ,  $.b )  ", { a: 1, b: 2 })).toEqual([1, 2]);
    expect(run("States.Array($.list[?(@.k == 'a, b')].v)", { list: [{ k: "a, b", v: 1 }] })).toEqual([[1]]);
  });

  it("rejects malformed calls as AWS's definition validation does", () => {
    for (const bad of [
      "States.Array(",
      "States.Array($.a) trailing",
      "States.Array([1,2])",
      "States.Array(1.)",
      "States.Array(.5)",
      "States.Array(1,)",
      "States.Array('open)",
      "States.Array(undefined)",
      "States.Nope(1)",
      "States.UUID)",
      "States.Array($.a b)",
    ]) {
      const f = (() => {
        try {
          evaluateIntrinsic(bad, { a: 1 }, context, { field: "v.$" });
        } catch (error) {
          return error as StatesError;
        }
        return undefined;
      })();
      expect(f?.error, bad).toBe("States.Runtime");
      expect(f?.cause, bad).toBe("The value for the field 'v.$' must be a valid JSONPath or a valid intrinsic function call");
    }
  });

  it(`allows ${MAX_INTRINSIC_NESTING} nested calls and no more`, () => {
    const nest = (n: number): string => (n === 0 ? "1" : `States.Array(${nest(n - 1)})`);
    expect(() => parseIntrinsic(nest(MAX_INTRINSIC_NESTING))).not.toThrow();
    expect(() => parseIntrinsic(nest(MAX_INTRINSIC_NESTING + 1))).toThrow();
  });

  it("recognises intrinsic values", () => {
    expect(looksLikeIntrinsic("States.Format('x')")).toBe(true);
    expect(looksLikeIntrinsic("$.States")).toBe(false);
    expect(looksLikeIntrinsic("States.Format")).toBe(false);
  });
});

describe("argument paths", () => {
  it("fail with the whole expression and AWS's cause when they select nothing", () => {
    expect(failure("States.Format('{}', $.nope)", { other: 1 })).toEqual({
      error: "States.Runtime",
      cause:
        "The function 'States.Format('{}', $.nope)' had the following error: The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'",
    });
    expect(failure("States.Format('{}', States.Format('{}', $.nope))", {}).cause).toMatch(
      /^The function 'States\.Format\('\{\}', States\.Format\('\{\}', \$\.nope\)\)' had the following error: The JsonPath argument for the field '\$\.nope'/,
    );
  });

  it("read $$ from the context object", () => {
    expect(run("States.Format('{}:{}', $.name, $$.Execution.Input.suffix)", { name: "job" })).toBe("job:run");
    expect(run("States.ArrayLength($$.Execution.Input.items)")).toBe(3);
  });
});

describe("States.Format", () => {
  it("fills placeholders in order", () => {
    expect(run("States.Format('Hello {}', $.name)", { name: "Ada" })).toBe("Hello Ada");
    expect(run("States.Format('{} {} {}', $.a, $.b, $.c)", { a: "x", b: 2, c: true })).toBe("x 2 true");
    expect(run("States.Format('no placeholders')")).toBe("no placeholders");
    expect(run("States.Format($.t, $.n)", { t: "Hello {}", n: "Ada" })).toBe("Hello Ada");
    expect(run("States.Format('Name: \\'{}\\'', $.n)", { n: "G" })).toBe("Name: 'G'");
  });

  it("prints values as Java does: null as null, objects as Map.toString, arrays as List.toString", () => {
    expect(run("States.Format('{}|{}|{}|{}', $.n, $.b, $.f, $.i)", { n: null, b: false, f: 3.5, i: -1 })).toBe("null|false|3.5|-1");
    expect(run("States.Format('{}', $.o)", { o: { Arg1: 1, Arg2: [], s: "t", n: { x: null } } })).toBe("{Arg1=1, Arg2=[], s=t, n={x=null}}");
    expect(run("States.Format('{}', $.a)", { a: [1, "two", [3]] })).toBe("[1, two, [3]]");
    expect(run("States.Format('{}', $.d)", { d: 1e-7 })).toBe("1.0E-7");
    expect(run("States.Format('arn:{}', States.JsonToString($.o))", { o: { k: 1 } })).toBe('arn:{"k":1}');
  });

  it("treats escaped braces as text and rejects unpaired ones", () => {
    expect(run("States.Format('\\{\\} {}', $.a)", { a: "x" })).toBe("{} x");
    expectInvalid("States.Format('Hello {', $.a)", { a: "x" });
    expectInvalid("States.Format('Hello {{}}', $.a)", { a: "x" });
    expectInvalid("States.Format('}')");
  });

  it("needs exactly one argument per placeholder and a string template", () => {
    expectInvalid("States.Format('{} {}', $.a)", { a: "x" });
    expectInvalid("States.Format('{}', $.a, $.b)", { a: "x", b: "y" });
    expectInvalid("States.Format($.t, $.n)", { t: 123, n: "x" });
    expectInvalid("States.Format()");
  });

  it("law: n placeholders filled with n plain strings is their interleaving", () => {
    const text = fc.string().filter((s) => !/[{}\\']/.test(s));
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 6 }), text, (pairs, tail) => {
        const template = pairs.map(([lit]) => `${lit}{}`).join("") + tail;
        const input: Json = { t: template, v: pairs.map(([, v]) => v) };
        const args = pairs.map((_, i) => `$.v[${i}]`);
        const expected = pairs.map(([lit, v]) => lit + v).join("") + tail;
        expect(run(`States.Format(${["$.t", ...args].join(", ")})`, input)).toBe(expected);
      }),
    );
  });
});

describe("States.StringToJson / States.JsonToString", () => {
  it("parses JSON text; empty or blank text is null", () => {
    expect(run("States.StringToJson($.s)", { s: '{"a":1}' })).toEqual({ a: 1 });
    expect(run("States.StringToJson($.s)", { s: ' [1, 2, "x"] ' })).toEqual([1, 2, "x"]);
    expect(run("States.StringToJson($.s)", { s: "" })).toBeNull();
    expect(run("States.StringToJson($.s)", { s: "  " })).toBeNull();
    expect(run("States.StringToJson($.s)", { s: "null" })).toBeNull();
    expect(Object.is(run("States.StringToJson($.s)", { s: "-0" }), 0)).toBe(true);
  });

  it("rejects malformed JSON and non-strings", () => {
    for (const s of ["{bad json}", '{"a":1', "undefined", 123, { a: 1 }, [1]] as Json[]) expectInvalid("States.StringToJson($.s)", { s });
  });

  it("serializes compactly", () => {
    expect(run("States.JsonToString($.v)", { v: { a: 1, b: [true, null], s: "x" } })).toBe('{"a":1,"b":[true,null],"s":"x"}');
    expect(run("States.JsonToString($.v)", { v: "hello" })).toBe('"hello"');
    expect(run("States.JsonToString($.v)", { v: null })).toBe("null");
    expect(run("States.JsonToString('x')")).toBe('"x"');
  });

  it("prints a StringToJson result as JSON text in States.Format", () => {
    expect(run("States.Format('{}', States.StringToJson($.j))", { j: '"x"' })).toBe('"x"');
  });

  it("law: StringToJson(JsonToString(v)) gives v back", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const normalized = JSON.parse(JSON.stringify(v)) as Json;
        expect(run("States.StringToJson(States.JsonToString($.v))", { v: normalized })).toEqual(normalized);
      }),
    );
  });
});

describe("States.Array and array functions", () => {
  it("States.Array builds an array of its arguments", () => {
    expect(run("States.Array()")).toEqual([]);
    expect(run("States.Array(42, true, null, 'hello', States.Array(2, 3))")).toEqual([42, true, null, "hello", [2, 3]]);
  });

  it("States.ArrayPartition chunks, truncating a fractional size", () => {
    expect(run("States.ArrayPartition($.a, 4)", { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(run("States.ArrayPartition($.a, 2.6)", { a: [1, 2, 3, 4, 5] })).toEqual([[1, 2], [3, 4], [5]]);
    expect(run("States.ArrayPartition($.a, 3)", { a: [] })).toEqual([]);
    for (const size of [0, 0.6, -0.4, -1, "'2'", "null"]) expectInvalid(`States.ArrayPartition($.a, ${size})`, { a: [1, 2, 3] });
    expectInvalid("States.ArrayPartition('not-array', 2)");
  });

  it("law: ArrayPartition's chunks concatenate back to the array", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 10 }), (a, n) => {
        const chunks = run(`States.ArrayPartition($.a, ${n})`, { a }) as number[][];
        expect(chunks.flat()).toEqual(a);
        chunks.forEach((c, i) => (i < chunks.length - 1 ? expect(c).toHaveLength(n) : expect(c.length).toBeLessThanOrEqual(n)));
      }),
    );
  });

  it("States.ArrayContains compares Java string forms", () => {
    expect(run("States.ArrayContains($.a, 2)", { a: [1, 2, 3] })).toBe(true);
    expect(run("States.ArrayContains($.a, $.t)", { a: [[1, 2, 3], 2], t: [1, 2, 3] })).toBe(true);
    expect(run("States.ArrayContains($.a, null)", { a: [1, null] })).toBe(true);
    expect(run("States.ArrayContains($.a, $.t)", { a: [], t: [] })).toBe(false);
    expect(run("States.ArrayContains($.a, false)", { a: [0, 1] })).toBe(false);
    // Observed on AWS: "true" matches true, and key order matters.
    expect(run("States.ArrayContains($.a, true)", { a: ["true"] })).toBe(true);
    expect(run("States.ArrayContains($.a, $.t)", { a: [{ a: 1, b: 2 }], t: { b: 2, a: 1 } })).toBe(false);
    expectInvalid("States.ArrayContains('not-array', 'x')");
    expectInvalid("States.ArrayContains($.a)", { a: [1] });
  });

  it("States.ArrayRange is inclusive, truncates, and caps at 1000 items", () => {
    expect(run("States.ArrayRange(0, 9, 3)")).toEqual([0, 3, 6, 9]);
    expect(run("States.ArrayRange(0, 10, 3)")).toEqual([0, 3, 6, 9]);
    expect(run("States.ArrayRange(5, 1, -2)")).toEqual([5, 3, 1]);
    expect(run("States.ArrayRange(3, 3, -1)")).toEqual([3]);
    expect(run("States.ArrayRange(1, 5, -1)")).toEqual([]);
    expect(run("States.ArrayRange(1.6, 1.4, 1)")).toEqual([1]);
    expect(run("States.ArrayRange(5.4, -0.6, -2.4)")).toEqual([5, 3, 1]);
    expect(run("States.ArrayRange(1, 1000, 1)")).toHaveLength(1000);
    for (const args of ["1, 1001, 1", "1001, 1, -1", "1, 10, 0", "1, 10, 0.49", "'a', 5, 1", "1, 5"]) expectInvalid(`States.ArrayRange(${args})`);
  });

  it("law: ArrayRange steps from start by step and stays within end", () => {
    fc.assert(
      fc.property(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }), fc.integer({ min: -50, max: 50 }).filter((s) => s !== 0), (start, end, step) => {
        const out = run(`States.ArrayRange(${start}, ${end}, ${step})`) as number[];
        const expectedLength = (step > 0 ? end >= start : end <= start) ? Math.floor((end - start) / step) + 1 : 0;
        expect(out).toHaveLength(expectedLength);
        out.forEach((v, i) => {
          expect(v).toBe(start + i * step);
          expect(step > 0 ? v <= end : v >= end).toBe(true);
        });
      }),
    );
  });

  it("States.ArrayGetItem indexes from 0, truncates, and fails out of range", () => {
    expect(run("States.ArrayGetItem($.a, 5)", { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(6);
    expect(run("States.ArrayGetItem($.a, 1.2)", { a: [10, 20, 30] })).toBe(20);
    expect(run("States.ArrayGetItem($.a, 999)", { a: [] })).toBeNull();
    for (const index of ["3", "-1", "'1'"]) expectInvalid(`States.ArrayGetItem($.a, ${index})`, { a: [10, 20, 30] });
    expectInvalid("States.ArrayGetItem('not-array', 0)");
  });

  it("States.ArrayLength counts top-level items", () => {
    expect(run("States.ArrayLength($.a)", { a: [[1], { b: 2 }, null] })).toBe(3);
    expectInvalid("States.ArrayLength($.o)", { o: { k: 1 } });
  });

  it("States.ArrayUnique keeps one of each, in java.util.HashSet order", () => {
    expect(run("States.ArrayUnique($.a)", { a: [1, 2, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
    expect(run("States.ArrayUnique($.a)", { a: ["a", "b", "a", "c", "b"] })).toEqual(["a", "b", "c"]);
    expect(run("States.ArrayUnique($.a)", { a: [null, null, 1, null] })).toEqual([null, 1]);
    expect(run("States.ArrayUnique($.a)", { a: [1, "1", "01"] })).toEqual([1, "1", "01"]);
    expect(run("States.ArrayUnique($.a)", { a: [{ a: 1, b: 2 }, { b: 2, a: 1 }] })).toEqual([{ a: 1, b: 2 }]);
    // Observed on AWS:
    expect(run("States.ArrayUnique($.a)", { a: [true, false, true, false] })).toEqual([false, true]);
    expect(run("States.ArrayUnique($.a)", { a: [[1, 2], [1, 2], [2, 1]] })).toEqual([[2, 1], [1, 2]]);
    expectInvalid("States.ArrayUnique('not-array')");
  });

  it("law: ArrayUnique is a duplicate-free permutation of the distinct items", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 30 }), (a) => {
        const items = JSON.parse(JSON.stringify(a)) as Json[];
        const out = run("States.ArrayUnique($.a)", { a: items }) as Json[];
        const key = (v: Json) => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
        expect(new Set(out.map(key)).size).toBe(out.length);
        expect(new Set(out.map(key))).toEqual(new Set(items.map(key)));
      }),
    );
  });
});

describe("encoding, hashing, merging", () => {
  it("States.Base64Encode / Base64Decode use UTF-8 and cap the input at 10000 characters", () => {
    expect(run("States.Base64Encode($.s)", { s: "Data to encode" })).toBe("RGF0YSB0byBlbmNvZGU=");
    expect(run("States.Base64Encode('🚀')")).toBe("8J+agA==");
    expect(run("States.Base64Decode($.s)", { s: "RGF0YSB0byBlbmNvZGU=" })).toBe("Data to encode");
    expect(run("States.Base64Decode('')")).toBe("");
    expect(run("States.Base64Decode(' YWJjZA== ')")).toBe("abcd");
    expect(run("States.Base64Encode($.s)", { s: "a".repeat(10000) })).toHaveLength(13336);
    expectInvalid("States.Base64Encode($.s)", { s: "a".repeat(10001) });
    expectInvalid("States.Base64Decode($.s)", { s: "A".repeat(10001) });
    expectInvalid("States.Base64Encode(123)");
    expectInvalid("States.Base64Decode($.o)", { o: {} });
    expectInvalid("States.Base64Encode('a', 'b')");
  });

  it("law: Base64Decode(Base64Encode(s)) is s", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        expect(run("States.Base64Decode(States.Base64Encode($.s))", { s })).toBe(s);
      }),
    );
  });

  it("States.Hash supports the five algorithms by their exact names", () => {
    expect(run("States.Hash('input data', 'MD5')")).toBe("812f45842bc6d66ee14572ce20db8e86");
    expect(run("States.Hash('input data', 'SHA-1')")).toBe("aaff4a450a104cd177d28d18d74485e8cae074b7");
    expect(run("States.Hash('hello', 'SHA-256')")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(run("States.Hash('input data', 'SHA-384')")).toHaveLength(96);
    expect(run("States.Hash('input data', 'SHA-512')")).toHaveLength(128);
    expect(run("States.Hash(123, 'MD5')")).toBe(run("States.Hash('123', 'MD5')"));
    for (const algorithm of ["'sha-256'", "'SHA256'", "''", "'MD-5'", "123"]) expectInvalid(`States.Hash('data', ${algorithm})`);
    expectInvalid("States.Hash($.s, 'MD5')", { s: "a".repeat(10001) });
    expectInvalid("States.Hash('hello')");
  });

  it("States.JsonMerge is shallow: the right object wins whole keys", () => {
    expect(
      run("States.JsonMerge($.a, $.b, false)", { a: { a: { a1: 1 }, b: 2, d: 3 }, b: { a: { a3: 1 }, c: 3, d: 4 } }),
    ).toEqual({ a: { a3: 1 }, b: 2, c: 3, d: 4 });
    expect(run("States.JsonMerge($.a, $.b, $.deep)", { a: { x: 1 }, b: {}, deep: "false" })).toEqual({ x: 1 });
    expectInvalid("States.JsonMerge($.a, $.b, true)", { a: {}, b: {} });
    expectInvalid("States.JsonMerge($.a, $.b, false)", { a: null, b: {} });
    expectInvalid("States.JsonMerge($.a, $.b, false)", { a: [], b: {} });
    expectInvalid("States.JsonMerge($.a, $.b)", { a: {}, b: {} });
  });
});

describe("math", () => {
  it("States.MathAdd rounds each operand half up (Java Math.round) and stays within int32", () => {
    expect(run("States.MathAdd(-9, 3)")).toBe(-6);
    expect(run("States.MathAdd(1.49, 1.5)")).toBe(3);
    expect(run("States.MathAdd(-1.5, 0)")).toBe(-1);
    expect(run("States.MathAdd(-0.5, 0.5)")).toBe(1);
    expect(Object.is(run("States.MathAdd(-0.4, 0)"), 0)).toBe(true);
    expect(run("States.MathAdd(2147483646, 1)")).toBe(2147483647);
    for (const args of ["2147483647, 1", "-2147483648, -1", "3000000000, 1", "'a', 1", "null, 1", "true, 1", "'1', 2", "1"]) {
      expectInvalid(`States.MathAdd(${args})`);
    }
  });

  it("law: MathAdd of int32 integers is their sum", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), (a, b) => {
        expect(run("States.MathAdd($.a, $.b)", { a, b })).toBe(a + b);
      }),
    );
  });

  it("States.MathRandom draws from [start, end) with truncated bounds", () => {
    let r = 0;
    const random = () => [0, 0.999999][r++ % 2] as number;
    expect(run("States.MathRandom(1, 999)", {}, { random })).toBe(1);
    expect(run("States.MathRandom(1, 999)", {}, { random })).toBe(998);
    expect(run("States.MathRandom(1.6, 5.4)", {}, { random: () => 0 })).toBe(1);
    for (const args of ["1, 1", "10, 5", "1.4, 1.6", "'a', 10", "1, 10, 'seed'", "1, 10, null", "1"]) expectInvalid(`States.MathRandom(${args})`);
  });

  it("States.MathRandom with a seed is java.util.Random: start + nextInt(end - start)", () => {
    expect(run("States.MathRandom(-5, 5, 42)")).toBe(-5); // observed on AWS
    expect(run("States.MathRandom(0, 999, 3)")).toBe(run("States.MathRandom(0, 999, 3)"));
    expect(run("States.MathRandom(0, 999, 3)")).toBe(new JavaRandom(3).nextInt(999));
  });

  it("law: MathRandom stays within [start, end)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.option(fc.integer()), (start, width, seed) => {
        const expression = seed === null ? `States.MathRandom(${start}, ${start + width})` : `States.MathRandom(${start}, ${start + width}, ${seed})`;
        const v = run(expression) as number;
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(start);
        expect(v).toBeLessThan(start + width);
      }),
    );
  });
});

describe("States.StringSplit", () => {
  it("splits on every delimiter character and drops empty tokens", () => {
    expect(run("States.StringSplit($.s, ',')", { s: "1,2,3" })).toEqual(["1", "2", "3"]);
    expect(run("States.StringSplit($.s, ',')", { s: ", , ," })).toEqual([" ", " "]);
    expect(run("States.StringSplit($.s, ',')", { s: ",,,," })).toEqual([]);
    expect(run("States.StringSplit($.s, ',')", { s: "" })).toEqual([]);
    expect(run("States.StringSplit($.s, '.+,=')", { s: "This.is+a,test=string" })).toEqual(["This", "is", "a", "test", "string"]);
    expect(run("States.StringSplit($.s, '')", { s: "abc" })).toEqual(["abc"]);
    for (const input of [{ s: 123, d: "," }, { s: "a,b", d: 1 }, { s: null, d: "," }, { s: "a", d: [","] }] as Json[]) {
      expectInvalid("States.StringSplit($.s, $.d)", input);
    }
  });

  it("law: tokens are non-empty, free of delimiters, and keep every other character in order", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1, maxLength: 3 }), (s, d) => {
        const tokens = tokenize(s, d);
        for (const t of tokens) {
          expect(t).not.toBe("");
          for (const c of t) expect(d.includes(c)).toBe(false);
        }
        expect(tokens.join("")).toBe([...s].filter((c) => !d.includes(c)).join(""));
      }),
    );
  });
});

describe("States.UUID", () => {
  it("returns a v4 UUID and ignores arguments", () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(run("States.UUID()")).toMatch(v4);
    expect(run("States.UUID( )")).toMatch(v4);
    expect(run("States.UUID('x', 1)")).toMatch(v4);
    expect(run("States.UUID()", {}, { uuid: () => "fixed" })).toBe("fixed");
  });
});

describe("nested calls", () => {
  it("compose", () => {
    expect(run("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)")).toBe("my");
    expect(
      run("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))"),
    ).toBe("machine");
    expect(run("States.JsonMerge(States.StringToJson('{\"x\": \"false\"}'), $.o, false)", { o: { y: 1 } })).toEqual({ x: "false", y: 1 });
    expect(run("States.Hash(States.Format('{}:{}', $.a, $.b), 'SHA-256')", { a: "x", b: "y" })).toBe(
      "1274e286686b54fe765ec40735665b4bf789cee2a5b22124c5e0491a88e15271",
    );
  });

  it("javaToString matches the recorded Format of the context's StateMachine", () => {
    expect(javaToString(context.StateMachine as unknown as Json)).toBe(
      "{Id=arn:aws:states:us-east-1:123456789012:stateMachine:my-machine, Name=my-machine}",
    );
  });
});
