/**
 * JSONPath as the Amazon States Language uses it (JSONPath query language).
 *
 * AWS evaluates paths with Jayway JsonPath, whose semantics this module keeps:
 * - a *definite* path (only `.name`, `['name']`, `[n]`/`[-n]`) yields the value
 *   itself, and selecting nothing is an error;
 * - an *indefinite* path (`*`, `..`, `[?(…)]`, `[a,b]`, `[i:j]`) yields an array
 *   of the matches — possibly empty, which is not an error — except that a
 *   missing property *before* the first indefinite step still fails (Jayway's
 *   "upstream definite" rule). Indefinite paths are evaluated by jsonpath-plus.
 * - `$…` reads the state's (effective) input, `$$…` the context object.
 *
 * The causes reproduce AWS's wording (the engine prefixes "An error occurred
 * while executing the state '…' (entered at the event id #n). "):
 * - payload templates and most `…Path` fields (recorded on AWS):
 *   "The JSONPath '$.x' specified for the field 'value.$' could not be found in the input '{…}'"
 * - `InputPath` / `OutputPath` (AWS reports Jayway's exception):
 *   "Invalid path '$.x' : No results for path: $['x']"
 * - `ResultPath` that cannot be applied: States.ResultPathMatchFailure
 *   "Unable to apply ReferencePath $.a.b to input \"text\""
 * JSON values are treated as immutable: nothing here mutates its arguments.
 */
import { JSONPath } from "jsonpath-plus";
import type { ContextObject, Json } from "./context";
import { jacksonJson, javaClassName, javaToString } from "./intrinsics/java";
import { StatesError, StatesErrors } from "./states-error";

export type PathSegment = { kind: "property"; name: string } | { kind: "index"; index: number };

export interface ParsedPath {
  /** The path as written. */
  text: string;
  /** `$` (the input) or `$$` (the context object). */
  root: "$" | "$$";
  /** The definite steps; for an indefinite path, the steps before the first indefinite one. */
  segments: PathSegment[];
  /** False when the path has a wildcard, deep scan, filter, union or slice. */
  definite: boolean;
  /** For an indefinite path: the equivalent path rooted at `$` for jsonpath-plus. */
  query?: string;
}

/** What a path selects: the value, or Jayway's reason for selecting nothing. */
export type PathLookup = { found: true; value: Json } | { found: false; reason: string };

type ObjectJson = { [key: string]: Json };

const EMPTY_CONTEXT: Json = {};

function invalidPath(path: string, detail: string): StatesError {
  return new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : ${detail}`);
}

function isObject(value: Json | undefined): value is ObjectJson {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Set an own property even when the key is `__proto__`. */
export function setOwn(target: ObjectJson, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Reads the text of a bracket `[…]` starting at `open`; returns the inner text and the index after `]`. */
function readBracket(path: string, open: number): { inner: string; end: number } {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") {
      depth--;
      if (depth === 0) {
        if (c !== "]") break;
        return { inner: path.slice(open + 1, i), end: i + 1 };
      }
    }
  }
  throw invalidPath(path, `Could not parse token starting at position ${open}. Expected ?, ', 0-9, *`);
}

/**
 * The name in `['name']` / `["name"]`. Only the delimiter itself is escaped
 * (`\'`); any other backslash is part of the name — AWS finds the key
 * `Test\""Name"` with `$['Test\""Name"']` (recorded).
 */
function unquote(inner: string): string | undefined {
  const m = /^\s*(['"])((?:\\.|(?!\1).)*)\1\s*$/s.exec(inner);
  if (!m) return undefined;
  const quote = m[1] as string;
  return (m[2] ?? "").split(`\\${quote}`).join(quote);
}

const parsedPaths = new Map<string, ParsedPath>();
const PARSE_CACHE_LIMIT = 2000;

/**
 * Parses a JSONPath (`$…` or `$$…`). Throws States.Runtime for syntax AWS would
 * have rejected when the state machine was created. Results are memoized (and
 * frozen): definitions repeat the same few paths on every state visit.
 */
export function parsePath(path: string): ParsedPath {
  const cached = parsedPaths.get(path);
  if (cached) return cached;
  const parsed = parsePathUncached(path);
  if (parsedPaths.size >= PARSE_CACHE_LIMIT) parsedPaths.clear();
  for (const segment of parsed.segments) Object.freeze(segment);
  Object.freeze(parsed.segments);
  parsedPaths.set(path, Object.freeze(parsed));
  return parsed;
}

function parsePathUncached(path: string): ParsedPath {
  if (typeof path !== "string" || !path.startsWith("$")) throw invalidPath(String(path), "Path must start with $");
  const root = path.startsWith("$$") ? "$$" : "$";
  const rest = path.slice(root.length);
  const segments: PathSegment[] = [];
  let i = 0;
  let definite = true;
  while (i < rest.length && definite) {
    const c = rest[i];
    if (c === ".") {
      if (rest[i + 1] === "." || rest[i + 1] === "*") {
        definite = false;
        break;
      }
      let j = i + 1;
      while (j < rest.length && rest[j] !== "." && rest[j] !== "[") j++;
      const name = rest.slice(i + 1, j);
      if (name === "") throw invalidPath(path, "Path must not end with a '.' or '..'");
      if (/[\s()]/.test(name)) {
        if (/\(\)$/.test(name)) throw invalidPath(path, `Function ${name} is not supported`);
        throw invalidPath(path, "Use bracket notion ['my prop'] if your property contains blank characters");
      }
      segments.push({ kind: "property", name });
      i = j;
    } else if (c === "[") {
      const { inner, end } = readBracket(rest, i);
      const name = unquote(inner);
      if (name !== undefined) {
        segments.push({ kind: "property", name });
      } else if (/^\s*-?\d+\s*$/.test(inner)) {
        segments.push({ kind: "index", index: Number(inner) });
      } else if (/^\s*(\*|\?|\(|.*[:,])/s.test(inner)) {
        definite = false;
        break;
      } else {
        throw invalidPath(path, `Could not parse token starting at position ${i + root.length}`);
      }
      i = end;
    } else {
      throw invalidPath(path, `Could not parse token starting at position ${i + root.length}`);
    }
  }
  if (definite) return { text: path, root, segments, definite };
  // Validate the tail's brackets so a malformed indefinite path fails here.
  for (let j = i; j < rest.length; j++) {
    if (rest[j] === "[") j = readBracket(rest, j).end - 1;
  }
  return { text: path, root, segments, definite: false, query: `$${rest}` };
}

function fragment(segment: PathSegment): string {
  return segment.kind === "property" ? `['${segment.name}']` : `[${segment.index}]`;
}

/** The path the way Jayway prints it in its messages: `$['a'][0]['b']`. */
export function jaywayPath(root: string, segments: readonly PathSegment[]): string {
  return root + segments.map(fragment).join("");
}

const JSON_PROVIDER = "com.jayway.jsonpath.spi.json.JacksonJsonProvider";

/** Walks definite steps with Jayway's rules and messages. */
function walk(rootValue: Json, parsed: ParsedPath, steps: readonly PathSegment[], whole: boolean): PathLookup {
  const all = parsed.segments;
  let current: Json = rootValue;
  for (let n = 0; n < steps.length; n++) {
    const step = steps[n] as PathSegment;
    const here = jaywayPath("$", all.slice(0, n));
    const leaf = whole && n === all.length - 1;
    if (step.kind === "property") {
      if (!isObject(current)) {
        return {
          found: false,
          reason:
            `Expected to find an object with property ${fragment(step)} in path ${here} but found '${javaClassName(current)}'. ` +
            `This is not a json object according to the JsonProvider: '${JSON_PROVIDER}'.`,
        };
      }
      if (!Object.hasOwn(current, step.name)) {
        return leaf
          ? { found: false, reason: `No results for path: ${jaywayPath("$", all)}` }
          : { found: false, reason: `Missing property in path ${jaywayPath("$", all.slice(0, n + 1))}` };
      }
      current = current[step.name] as Json;
    } else {
      if (current === null) return { found: false, reason: `The path ${here} is null` };
      if (!Array.isArray(current)) {
        return {
          found: false,
          reason: `Filter: ${fragment(step)} can only be applied to arrays. Current context is: ${javaToString(current)}`,
        };
      }
      const index = step.index < 0 ? current.length + step.index : step.index;
      if (index < 0 || index >= current.length) {
        return { found: false, reason: `No results for path: ${jaywayPath("$", all)}` };
      }
      current = current[index] as Json;
    }
  }
  return { found: true, value: current };
}

const JAYWAY_ONLY_OPERATOR = /^(?:=~|\s(?:nin|in|subsetof|anyof|noneof|size|empty)\s)/;

/**
 * Adapts a Jayway filter to jsonpath-plus's (JavaScript) expressions: `==`/`!=`
 * become strict, since Jayway never equates `1` and `'1'`. Operators only
 * Jayway has (`=~`, `in`, `nin`, `subsetof`, `anyof`, `noneof`, `size`,
 * `empty`) are refused rather than silently matching nothing.
 */
function toJsonPathPlus(path: string, query: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const c = query[i] as string;
    if (quote) {
      out += c;
      if (c === "\\") out += query[++i] ?? "";
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      out += c;
      continue;
    }
    if (JAYWAY_ONLY_OPERATOR.test(query.slice(i))) {
      throw invalidPath(path, `The filter operator in '${query}' is not supported by this engine`);
    }
    if ((c === "=" || c === "!") && query[i + 1] === "=" && query[i + 2] !== "=" && query[i - 1] !== "=") {
      out += `${c}==`;
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

/** Evaluates a parsed path against the value its root names. */
export function lookupParsed(parsed: ParsedPath, rootValue: Json): PathLookup {
  if (parsed.definite) return walk(rootValue, parsed, parsed.segments, true);
  const prefix = walk(rootValue, parsed, parsed.segments, false);
  if (!prefix.found) return prefix;
  if (rootValue === null || typeof rootValue !== "object") return { found: true, value: [] };
  const query = toJsonPathPlus(parsed.text, parsed.query ?? "$");
  let matches: unknown;
  try {
    matches = JSONPath({ path: query, json: rootValue, wrap: true, eval: "safe", ignoreEvalErrors: true });
  } catch (error) {
    throw invalidPath(parsed.text, error instanceof Error ? error.message : String(error));
  }
  return { found: true, value: Array.isArray(matches) ? (matches as Json[]) : [] };
}

/** What `path` selects in `input` (`$…`) or `context` (`$$…`), without throwing for "nothing". */
export function queryPath(path: string, input: Json, context?: ContextObject | Json): PathLookup {
  const parsed = parsePath(path);
  return lookupParsed(parsed, parsed.root === "$$" ? ((context ?? EMPTY_CONTEXT) as Json) : input);
}

/** Compact JSON text of a value as AWS prints it in causes. */
export function toJsonText(value: Json): string {
  return jacksonJson(value);
}

/** The cause AWS records when a path selects nothing in a payload template or a `…Path` field. */
export function pathNotFoundCause(path: string, field: string, scope: Json): string {
  return `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${toJsonText(scope)}'`;
}

/**
 * The value `path` selects — `$…` in `input`, `$$…` in `context`. Selecting
 * nothing throws States.Runtime with AWS's cause naming `field` (e.g. `value.$`,
 * `ErrorPath`, `SecondsPath`) and the JSON the path was applied to.
 */
export function evaluatePath(path: string, input: Json, context: ContextObject | Json | undefined, field: string): Json {
  const parsed = parsePath(path);
  const scope = parsed.root === "$$" ? ((context ?? EMPTY_CONTEXT) as Json) : input;
  const result = lookupParsed(parsed, scope);
  if (!result.found) throw new StatesError(StatesErrors.Runtime, pathNotFoundCause(path, field, scope));
  return result.value;
}

function applySelectingPath(
  value: Json,
  path: string | null | undefined,
  context: ContextObject | Json | undefined,
  field: string,
): Json {
  if (path === undefined) return value;
  if (path === null) return {};
  if (field !== "InputPath" && field !== "OutputPath") return evaluatePath(path, value, context, field);
  const parsed = parsePath(path);
  const result = lookupParsed(parsed, parsed.root === "$$" ? ((context ?? EMPTY_CONTEXT) as Json) : value);
  if (!result.found) throw invalidPath(path, result.reason);
  return result.value;
}

/**
 * `InputPath`: absent → the whole input; `null` → `{}`; otherwise the selection.
 * `field` defaults to "InputPath" (AWS's "Invalid path …" cause); other fields
 * that select from the input (`ItemsPath`, `ErrorPath`, …) get the
 * "The JSONPath … specified for the field …" cause.
 */
export function applyInputPath(
  input: Json,
  path: string | null | undefined,
  context?: ContextObject | Json,
  field = "InputPath",
): Json {
  return applySelectingPath(input, path, context, field);
}

/** `OutputPath`: absent → the whole output; `null` → `{}`; otherwise the selection. */
export function applyOutputPath(output: Json, path: string | null | undefined, context?: ContextObject | Json): Json {
  return applySelectingPath(output, path, context, "OutputPath");
}

/** The cause of States.ResultPathMatchFailure. */
export function resultPathMatchFailureCause(path: string, input: Json): string {
  return `Unable to apply ReferencePath ${path} to input ${toJsonText(input)}`;
}

const FAIL = Symbol("fail");

function setAt(node: Json | undefined, steps: readonly PathSegment[], n: number, result: Json): Json | typeof FAIL {
  if (n === steps.length) return result;
  const step = steps[n] as PathSegment;
  if (step.kind === "property") {
    const base: ObjectJson | undefined = node === undefined ? {} : isObject(node) ? node : undefined;
    if (base === undefined) return FAIL;
    const child = Object.hasOwn(base, step.name) ? base[step.name] : undefined;
    const updated = setAt(child, steps, n + 1, result);
    if (updated === FAIL) return FAIL;
    const copy: ObjectJson = {};
    for (const [k, v] of Object.entries(base)) setOwn(copy, k, v);
    setOwn(copy, step.name, updated);
    return copy;
  }
  if (!Array.isArray(node)) return FAIL;
  const index = step.index < 0 ? node.length + step.index : step.index;
  if (index < 0 || index >= node.length) return FAIL;
  const updated = setAt(node[index], steps, n + 1, result);
  if (updated === FAIL) return FAIL;
  const copy = node.slice();
  copy[index] = updated;
  return copy;
}

/**
 * `ResultPath` (a Reference Path): absent or `$` → the result replaces the
 * input; `null` → the input passes through and the result is discarded;
 * `$.a.b` → a copy of the input with the result set there, creating missing
 * objects on the way. A path that runs into a non-object (or a missing array
 * element) fails with States.ResultPathMatchFailure.
 */
export function applyResultPath(input: Json, result: Json, path: string | null | undefined): Json {
  if (path === undefined || path === "$") return result;
  if (path === null) return input;
  const parsed = parsePath(path);
  if (parsed.root !== "$" || !parsed.definite) {
    throw new StatesError(StatesErrors.Runtime, `The ResultPath '${path}' is not a valid reference path`);
  }
  const updated = setAt(input, parsed.segments, 0, result);
  if (updated === FAIL) {
    throw new StatesError(StatesErrors.ResultPathMatchFailure, resultPathMatchFailureCause(path, input));
  }
  return updated;
}

/** True for a Reference Path (definite, rooted at `$`): what ResultPath accepts. */
export function isReferencePath(path: string): boolean {
  try {
    const parsed = parsePath(path);
    return parsed.root === "$" && parsed.definite;
  } catch {
    return false;
  }
}
