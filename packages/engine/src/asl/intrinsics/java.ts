/**
 * The Java behaviours AWS Step Functions leaks through its data flow.
 *
 * The service is a JVM program: JSON values reach the intrinsic functions as
 * Java objects (`Integer`/`Long`/`Double`, `String`, `Boolean`, `List`,
 * `LinkedHashMap`), so several observable results are Java's, not JSON's:
 * - `States.Format` renders an object argument as `Map.toString()`
 *   (`{Arg1=1, Arg2=[]}`, recorded on AWS) and a list as `[1, 2]`;
 * - `States.ArrayUnique` returns a `java.util.HashSet`'s iteration order
 *   (`[true, false, true]` → `[false, true]`, `[[1,2],[1,2],[2,1]]` → `[[2,1],[1,2]]`);
 * - `States.MathRandom` with a seed is `java.util.Random(seed).nextInt(…)`.
 * Everything here is pure and works on the engine's `Json` values.
 */
import type { Json } from "../context";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_LIMIT = 2 ** 63;

/** True when Jackson would have read this number as an `Integer`/`Long` (vs. a `Double`). */
export function isJavaIntegral(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < LONG_LIMIT;
}

/** `Double.toString(d)` for a finite double (shortest round-trip digits, Java layout). */
export function javaDoubleToString(d: number): string {
  if (Object.is(d, -0)) return "-0.0";
  if (d === 0) return "0.0";
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(d);
    return plain.includes(".") ? plain : `${plain}.0`;
  }
  // toExponential() without a precision gives the shortest round-trip digits.
  const [mantissa = "", exponent = "0"] = d.toExponential().split("e");
  const [whole = "", fraction = ""] = mantissa.split(".");
  return `${whole}.${fraction === "" ? "0" : fraction}E${Number(exponent)}`;
}

/** How Java prints a JSON number: integral values in full, others as a `Double`. */
export function javaNumberToString(n: number): string {
  if (isJavaIntegral(n)) return BigInt(n).toString();
  return javaDoubleToString(n);
}

/**
 * `String.valueOf(value)` for the Java object Jackson would have built from
 * this JSON: strings unquoted, `null`, lists as `[a, b]`, maps as `{k=v, …}`.
 */
export function javaToString(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return javaNumberToString(value);
  if (Array.isArray(value)) return `[${value.map(javaToString).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}=${javaToString(v)}`)
    .join(", ")}}`;
}

/** The Java class a Jackson-bound value has (for messages that name it). */
export function javaClassName(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "string") return "java.lang.String";
  if (typeof value === "boolean") return "java.lang.Boolean";
  if (typeof value === "number") {
    if (!isJavaIntegral(value)) return "java.lang.Double";
    return value >= INT_MIN && value <= INT_MAX ? "java.lang.Integer" : "java.lang.Long";
  }
  if (Array.isArray(value)) return "java.util.ArrayList";
  return "java.util.LinkedHashMap";
}

/** `String.hashCode()` (over UTF-16 code units, like Java). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function longHash(v: bigint): number {
  const bits = BigInt.asUintN(64, v);
  return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)));
}

function doubleHash(d: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  return (view.getUint32(0) ^ view.getUint32(4)) | 0;
}

/** `Objects.hashCode(x)` of the Java object Jackson would bind this JSON to. */
export function javaHashCode(value: Json): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return value ? 1231 : 1237;
  if (typeof value === "string") return javaStringHash(value);
  if (typeof value === "number") {
    if (!isJavaIntegral(value)) return doubleHash(value);
    if (value >= INT_MIN && value <= INT_MAX) return value | 0;
    return longHash(BigInt(value));
  }
  if (Array.isArray(value)) {
    let h = 1;
    for (const item of value) h = (Math.imul(31, h) + javaHashCode(item)) | 0;
    return h;
  }
  let h = 0;
  for (const [k, v] of Object.entries(value)) h = (h + (javaStringHash(k) ^ javaHashCode(v))) | 0;
  return h;
}

/** `Objects.equals` on the bound Java objects: deep, maps order-insensitive. */
export function javaEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => javaEquals(item, b[i] as Json));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && javaEquals(a[k] as Json, b[k] as Json));
}

function tableSizeFor(cap: number): number {
  let n = 1;
  while (n < cap) n *= 2;
  return Math.min(n, 2 ** 30);
}

/**
 * The elements of `new HashSet<>(list)` in its iteration order: buckets by
 * spread hash, and insertion order within a bucket. (Tree bins — nine or more
 * colliding elements in one bucket — are not modelled.)
 */
export function javaHashSetOrder(items: readonly Json[]): Json[] {
  const capacity = tableSizeFor(Math.max(Math.floor(items.length / 0.75) + 1, 16));
  const buckets = new Map<number, Json[]>();
  for (const item of items) {
    const h = javaHashCode(item);
    const index = (h ^ (h >>> 16)) & (capacity - 1);
    const bucket = buckets.get(index) ?? [];
    if (!bucket.some((existing) => javaEquals(existing, item))) bucket.push(item);
    buckets.set(index, bucket);
  }
  return [...buckets.keys()].sort((x, y) => x - y).flatMap((index) => buckets.get(index) ?? []);
}

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

/** `java.util.Random` — the generator behind a seeded `States.MathRandom`. */
export class JavaRandom {
  private seed: bigint;

  constructor(seed: bigint | number) {
    this.seed = (BigInt.asIntN(64, BigInt(seed)) ^ MULTIPLIER) & MASK;
  }

  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  /** `nextInt(bound)`, bound in 1..2^31-1. */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > INT_MAX) throw new RangeError("bound must be positive");
    if ((bound & -bound) === bound) {
      return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n);
    }
    let bits: number;
    let val: number;
    do {
      bits = this.next(31);
      val = bits % bound;
    } while (bits - val + (bound - 1) > INT_MAX);
    return val;
  }
}

/** Java's `(int)` cast of a double: toward zero, saturating at the int range. */
export function javaIntCast(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= INT_MAX) return INT_MAX;
  if (d <= INT_MIN) return INT_MIN;
  return Math.trunc(d) + 0;
}

/** `Math.round(double)`: floor(x + 0.5) — so -1.5 → -1 and 2.5 → 3. */
export function javaRound(d: number): number {
  return Math.floor(d + 0.5) + 0;
}

export const JAVA_INT_MIN = INT_MIN;
export const JAVA_INT_MAX = INT_MAX;

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, "0");
}

/** A JSON string literal as Jackson writes it (control characters as upper-case `\uXXXX`). */
export function jacksonQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c >= 0x20) out += s[i];
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else out += `\\u${hex4(c)}`;
  }
  return `${out}"`;
}

/** Compact JSON text as AWS (Jackson) writes it: `{"a":1,"b":[true,null]}`, doubles as `1.0E-7`. */
export function jacksonJson(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "string") return jacksonQuote(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return javaNumberToString(value);
  if (Array.isArray(value)) return `[${value.map(jacksonJson).join(",")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${jacksonQuote(k)}:${jacksonJson(v)}`)
    .join(",")}}`;
}
