/**
 * Parser for JSONPath-mode intrinsic function calls: `States.Name(arg, …)`.
 *
 * Arguments are string literals in single quotes, JSON numbers, `true`,
 * `false`, `null`, paths (`$…` on the input, `$$…` on the context object) and
 * nested calls. In a string literal a backslash escapes the reserved
 * characters `'`, `{`, `}` and `\`; any other backslash is kept as written.
 * Braces need no escape outside `States.Format` templates (AWS accepts
 * `States.StringToJson('{"a": 1}')`), so a literal keeps its raw text for
 * `States.Format`, which gives `{}` and `\{` their meaning. AWS allows at most
 * 10 nested calls in one field.
 */
import { parsePath } from "../json-path";

export type IntrinsicArg =
  | { kind: "string"; value: string; raw: string }
  | { kind: "number"; value: number; text: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "path"; path: string }
  | IntrinsicCall;

export interface IntrinsicCall {
  kind: "call";
  /** `States.Format`, … */
  name: string;
  args: IntrinsicArg[];
  /** The call's source text. */
  text: string;
}

/** The documented ceiling on nested intrinsic calls in one field. */
export const MAX_INTRINSIC_NESTING = 10;

export class IntrinsicSyntaxError extends Error {
  constructor(
    readonly expression: string,
    readonly detail: string,
  ) {
    super(`Invalid intrinsic function call '${expression}': ${detail}`);
  }
}

/** True when a `.$` value is meant as an intrinsic call rather than a path. */
export function looksLikeIntrinsic(value: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(value);
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  fail(detail: string): never {
    throw new IntrinsicSyntaxError(this.src, `${detail} at position ${this.pos}`);
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] as string)) this.pos++;
  }

  parseTop(): IntrinsicCall {
    this.skipSpace();
    const call = this.parseCall(1);
    this.skipSpace();
    if (this.pos !== this.src.length) this.fail(`unexpected '${this.src.slice(this.pos)}'`);
    return call;
  }

  private parseCall(depth: number): IntrinsicCall {
    if (depth > MAX_INTRINSIC_NESTING) this.fail(`more than ${MAX_INTRINSIC_NESTING} nested intrinsic functions`);
    const start = this.pos;
    const m = /^States\.[A-Za-z0-9]+/.exec(this.src.slice(this.pos));
    if (!m) this.fail("expected an intrinsic function name (States.…)");
    const name = m[0];
    this.pos += name.length;
    this.skipSpace();
    if (this.src[this.pos] !== "(") this.fail(`expected '(' after ${name}`);
    this.pos++;
    const args: IntrinsicArg[] = [];
    this.skipSpace();
    if (this.src[this.pos] === ")") {
      this.pos++;
      return { kind: "call", name, args, text: this.src.slice(start, this.pos) };
    }
    for (;;) {
      this.skipSpace();
      args.push(this.parseArg(depth));
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === ",") {
        this.pos++;
        continue;
      }
      if (c === ")") {
        this.pos++;
        return { kind: "call", name, args, text: this.src.slice(start, this.pos) };
      }
      this.fail(c === undefined ? "missing ')'" : `unexpected '${c}'`);
    }
  }

  private parseArg(depth: number): IntrinsicArg {
    const c = this.src[this.pos];
    if (c === "'") return this.parseString();
    if (c === "$") return this.parsePathArg();
    const rest = this.src.slice(this.pos);
    if (/^States\./.test(rest)) return this.parseCall(depth + 1);
    const num = NUMBER.exec(rest);
    if (num && !/^[\w.$]/.test(rest.slice(num[0].length))) {
      this.pos += num[0].length;
      return { kind: "number", value: Number(num[0]), text: num[0] };
    }
    const word = /^(true|false|null)(?![\w.$])/.exec(rest);
    if (word) {
      this.pos += word[0].length;
      if (word[1] === "null") return { kind: "null" };
      return { kind: "boolean", value: word[1] === "true" };
    }
    return this.fail(c === undefined ? "missing argument" : `unexpected '${c}'`);
  }

  private parseString(): IntrinsicArg {
    const open = this.pos;
    let value = "";
    for (let i = open + 1; i < this.src.length; i++) {
      const c = this.src[i] as string;
      if (c === "\\") {
        const next = this.src[i + 1];
        if (next === undefined) break;
        value += next === "'" || next === "{" || next === "}" || next === "\\" ? next : c + next;
        i++;
      } else if (c === "'") {
        this.pos = i + 1;
        return { kind: "string", value, raw: this.src.slice(open + 1, i) };
      } else {
        value += c;
      }
    }
    this.pos = open;
    return this.fail("unterminated string literal");
  }

  private parsePathArg(): IntrinsicArg {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    let i = start;
    for (; i < this.src.length; i++) {
      const c = this.src[i];
      if (quote) {
        if (c === "\\") i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (depth > 0 && (c === "'" || c === '"')) quote = c;
      else if (c === "[" || c === "(") depth++;
      else if (c === "]" || c === ")") {
        if (depth === 0) break;
        depth--;
      } else if (c === "," && depth === 0) break;
    }
    const path = this.src.slice(start, i).trimEnd();
    this.pos = start + path.length;
    try {
      parsePath(path);
    } catch (error) {
      this.fail(`invalid path '${path}'${error instanceof Error ? ` (${error.message})` : ""}`);
    }
    return { kind: "path", path };
  }
}

const parsedCalls = new Map<string, IntrinsicCall>();
const PARSE_CACHE_LIMIT = 2000;

/** Parses one intrinsic function call (memoized); throws IntrinsicSyntaxError. */
export function parseIntrinsic(expression: string): IntrinsicCall {
  const cached = parsedCalls.get(expression);
  if (cached) return cached;
  const call = new Parser(expression).parseTop();
  if (parsedCalls.size >= PARSE_CACHE_LIMIT) parsedCalls.clear();
  parsedCalls.set(expression, call);
  return call;
}
