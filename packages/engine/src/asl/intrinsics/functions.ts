/**
 * The `States.*` intrinsic functions, with AWS's observable behaviour.
 *
 * Failures surface as States.Runtime "The function '<expression>' had the
 * following error: Invalid arguments in States.<Name>" (the evaluator in
 * ../intrinsics.ts adds the envelope; functions throw IntrinsicFailure).
 * Behaviours that differ from a naive implementation, all observed on AWS:
 * - MathAdd rounds each operand with Java's Math.round (half up, so -1.5 → -1)
 *   and works in 32-bit ints; ArrayRange, ArrayPartition, ArrayGetItem and
 *   MathRandom truncate fractional arguments instead.
 * - StringSplit splits on any *character* of the delimiter and drops empty
 *   tokens (java.util.StringTokenizer).
 * - StringToJson of an empty or blank string is null.
 * - Format renders an object argument as Java's Map.toString (`{a=1, b=[]}`)
 *   and null as "null"; ArrayContains compares those renderings, so `"true"`
 *   matches `true` but `{a,b}` does not match `{b,a}`.
 * - ArrayUnique returns java.util.HashSet's iteration order.
 * - MathRandom with a seed is `start + new java.util.Random(seed).nextInt(end - start)`.
 * - JsonMerge is shallow only: `true` for the deep flag fails.
 * - ArrayGetItem on an empty array yields null for any index.
 * - UUID ignores any arguments it is given.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Json } from "../context";
import {
  JAVA_INT_MAX,
  JAVA_INT_MIN,
  JavaRandom,
  jacksonJson,
  javaHashSetOrder,
  javaIntCast,
  javaRound,
  javaToString,
} from "./java";
import type { IntrinsicArg } from "./parser";

/** A value flowing between intrinsic calls. */
export interface IntrinsicValue {
  value: Json;
  /**
   * True for what States.StringToJson returned: AWS holds it as a JSON tree, not
   * as bound Java objects, so States.Format and States.Hash print it as JSON text.
   */
  jsonTree?: boolean;
}

/** Injectable sources of randomness (defaults: Math.random, crypto.randomUUID). */
export interface IntrinsicOptions {
  /** Uniform in [0, 1); used by an unseeded States.MathRandom. */
  random?: () => number;
  /** A v4 UUID string; used by States.UUID. */
  uuid?: () => string;
}

/** What States.StringToJson returns: a JSON tree (see IntrinsicValue.jsonTree). */
export class JsonTree {
  constructor(readonly value: Json) {}
}

/** A function's own failure; the evaluator wraps it in AWS's envelope. */
export class IntrinsicFailure extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  run(args: IntrinsicValue[], nodes: readonly IntrinsicArg[], options: IntrinsicOptions): Json | JsonTree;
}

const MAX_STRING_LENGTH = 10_000;
const MAX_RANGE_ITEMS = 1_000;
const HASH_ALGORITHMS: Record<string, string> = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

type ObjectJson = { [key: string]: Json };

function setOwn(target: ObjectJson, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function invalid(name: string): IntrinsicFailure {
  return new IntrinsicFailure(`Invalid arguments in ${name}`);
}

function str(name: string, v: IntrinsicValue | undefined): string {
  if (typeof v?.value !== "string") throw invalid(name);
  return v.value;
}

function num(name: string, v: IntrinsicValue | undefined): number {
  if (typeof v?.value !== "number" || !Number.isFinite(v.value)) throw invalid(name);
  return v.value;
}

function arr(name: string, v: IntrinsicValue | undefined): Json[] {
  if (!Array.isArray(v?.value)) throw invalid(name);
  return v.value;
}

function obj(name: string, v: IntrinsicValue | undefined): ObjectJson {
  const value = v?.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid(name);
  return value;
}

/** An int argument as AWS reads it: truncated toward zero, within 32 bits. */
function int(name: string, v: IntrinsicValue | undefined): number {
  const n = Math.trunc(num(name, v));
  if (n > JAVA_INT_MAX || n < JAVA_INT_MIN) throw invalid(name);
  return javaIntCast(n);
}

/** How States.Format / States.Hash print a value. */
function render(v: IntrinsicValue): string {
  return v.jsonTree ? jacksonJson(v.value) : javaToString(v.value);
}

/** -0 is not a JSON value: AWS prints it as 0. */
function normalizeZero(value: Json): Json {
  if (typeof value === "number") return value + 0;
  if (Array.isArray(value)) return value.map(normalizeZero);
  if (value !== null && typeof value === "object") {
    const out: ObjectJson = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, normalizeZero(v));
    return out;
  }
  return value;
}

type TemplatePart = { literal: string } | { placeholder: true };

/**
 * A States.Format template: `{}` is a placeholder, `\{` `\}` `\\` `\'` are the
 * characters themselves; an unpaired brace is an error.
 */
export function parseFormatTemplate(template: string, name = "States.Format"): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string;
    if (c === "\\") {
      const next = template[i + 1];
      if (next === "{" || next === "}" || next === "\\" || next === "'") {
        literal += next;
        i++;
      } else {
        literal += c;
      }
    } else if (c === "{") {
      if (template[i + 1] !== "}") throw invalid(name);
      parts.push({ literal }, { placeholder: true });
      literal = "";
      i++;
    } else if (c === "}") {
      throw invalid(name);
    } else {
      literal += c;
    }
  }
  parts.push({ literal });
  return parts;
}

/** java.util.StringTokenizer: every character of `delimiters` separates; no empty tokens. */
export function tokenize(text: string, delimiters: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (const c of text) {
    if (delimiters.includes(c)) {
      if (current !== "") tokens.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  if (current !== "") tokens.push(current);
  return tokens;
}

function trimJsonWhitespace(s: string): string {
  return s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
}

export const INTRINSIC_FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  "States.Format": {
    minArgs: 1,
    maxArgs: Infinity,
    run(args, nodes) {
      const name = "States.Format";
      const [templateArg, ...values] = args;
      const node = nodes[0];
      const template = node?.kind === "string" ? node.raw : str(name, templateArg);
      if (typeof templateArg?.value !== "string") throw invalid(name);
      const parts = parseFormatTemplate(template, name);
      const placeholders = parts.filter((p) => "placeholder" in p).length;
      if (placeholders !== values.length) throw invalid(name);
      let next = 0;
      return parts.map((p) => ("placeholder" in p ? render(values[next++] as IntrinsicValue) : p.literal)).join("");
    },
  },
  "States.StringToJson": {
    minArgs: 1,
    maxArgs: 1,
    run([text]) {
      const name = "States.StringToJson";
      const trimmed = trimJsonWhitespace(str(name, text));
      if (trimmed === "") return null;
      let parsed: Json;
      try {
        parsed = JSON.parse(trimmed) as Json;
      } catch {
        throw invalid(name);
      }
      return new JsonTree(normalizeZero(parsed));
    },
  },
  "States.JsonToString": {
    minArgs: 1,
    maxArgs: 1,
    run([value]) {
      return jacksonJson((value as IntrinsicValue).value);
    },
  },
  "States.Array": {
    minArgs: 0,
    maxArgs: Infinity,
    run(args) {
      return args.map((a) => a.value);
    },
  },
  "States.ArrayPartition": {
    minArgs: 2,
    maxArgs: 2,
    run([array, size]) {
      const name = "States.ArrayPartition";
      const items = arr(name, array);
      const chunk = int(name, size);
      if (chunk <= 0) throw invalid(name);
      const chunks: Json[] = [];
      for (let i = 0; i < items.length; i += chunk) chunks.push(items.slice(i, i + chunk));
      return chunks;
    },
  },
  "States.ArrayContains": {
    minArgs: 2,
    maxArgs: 2,
    run([array, wanted]) {
      const items = arr("States.ArrayContains", array);
      const target = javaToString((wanted as IntrinsicValue).value);
      return items.some((item) => javaToString(item) === target);
    },
  },
  "States.ArrayRange": {
    minArgs: 3,
    maxArgs: 3,
    run([first, last, by]) {
      const name = "States.ArrayRange";
      const start = int(name, first);
      const end = int(name, last);
      const step = int(name, by);
      if (step === 0) throw invalid(name);
      const ascending = step > 0;
      const count = (ascending ? end >= start : end <= start) ? Math.floor((end - start) / step) + 1 : 0;
      if (count > MAX_RANGE_ITEMS) throw invalid(name);
      return Array.from({ length: count }, (_, i) => start + i * step);
    },
  },
  "States.ArrayGetItem": {
    minArgs: 2,
    maxArgs: 2,
    run([array, at]) {
      const name = "States.ArrayGetItem";
      const items = arr(name, array);
      const index = int(name, at);
      if (items.length === 0) return null;
      if (index < 0 || index >= items.length) throw invalid(name);
      return items[index] as Json;
    },
  },
  "States.ArrayLength": {
    minArgs: 1,
    maxArgs: 1,
    run([array]) {
      return arr("States.ArrayLength", array).length;
    },
  },
  "States.ArrayUnique": {
    minArgs: 1,
    maxArgs: 1,
    run([array]) {
      return javaHashSetOrder(arr("States.ArrayUnique", array));
    },
  },
  "States.Base64Encode": {
    minArgs: 1,
    maxArgs: 1,
    run([text]) {
      const name = "States.Base64Encode";
      const s = str(name, text);
      if (s.length > MAX_STRING_LENGTH) throw invalid(name);
      return Buffer.from(s, "utf8").toString("base64");
    },
  },
  "States.Base64Decode": {
    minArgs: 1,
    maxArgs: 1,
    run([text]) {
      const name = "States.Base64Decode";
      const s = str(name, text);
      if (s.length > MAX_STRING_LENGTH) throw invalid(name);
      // Lenient like AWS: characters outside the alphabet are skipped, decoding stops at padding.
      return Buffer.from(s, "base64").toString("utf8");
    },
  },
  "States.Hash": {
    minArgs: 2,
    maxArgs: 2,
    run([data, algorithm]) {
      const name = "States.Hash";
      const digest = HASH_ALGORITHMS[str(name, algorithm)];
      if (digest === undefined || data === undefined || data.value === null) throw invalid(name);
      const text = typeof data.value === "string" ? data.value : render(data);
      if (text.length > MAX_STRING_LENGTH) throw invalid(name);
      return createHash(digest).update(text, "utf8").digest("hex");
    },
  },
  "States.JsonMerge": {
    minArgs: 3,
    maxArgs: 3,
    run([left, right, deep]) {
      const name = "States.JsonMerge";
      const a = obj(name, left);
      const b = obj(name, right);
      if (deep?.value === true) throw invalid(name);
      const merged: ObjectJson = {};
      for (const [k, v] of Object.entries(a)) setOwn(merged, k, v);
      for (const [k, v] of Object.entries(b)) setOwn(merged, k, v);
      return merged;
    },
  },
  "States.MathRandom": {
    minArgs: 2,
    maxArgs: 3,
    run([first, last, seed], _nodes, options) {
      const name = "States.MathRandom";
      const start = int(name, first);
      const end = int(name, last);
      if (start >= end || end - start > JAVA_INT_MAX) throw invalid(name);
      const bound = end - start;
      if (seed !== undefined) {
        const s = num(name, seed);
        return start + new JavaRandom(BigInt(Math.trunc(s))).nextInt(bound);
      }
      const r = (options.random ?? Math.random)();
      return start + Math.min(bound - 1, Math.floor(r * bound));
    },
  },
  "States.MathAdd": {
    minArgs: 2,
    maxArgs: 2,
    run([a, b]) {
      const name = "States.MathAdd";
      const x = javaRound(num(name, a));
      const y = javaRound(num(name, b));
      const inRange = (n: number) => n >= JAVA_INT_MIN && n <= JAVA_INT_MAX;
      if (!inRange(x) || !inRange(y) || !inRange(x + y)) throw invalid(name);
      return x + y + 0;
    },
  },
  "States.StringSplit": {
    minArgs: 2,
    maxArgs: 2,
    run([text, delimiter]) {
      const name = "States.StringSplit";
      return tokenize(str(name, text), str(name, delimiter));
    },
  },
  "States.UUID": {
    minArgs: 0,
    maxArgs: Infinity,
    run(_args, _nodes, options) {
      return (options.uuid ?? randomUUID)();
    },
  },
};
