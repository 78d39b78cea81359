/**
 * Wait state: the instant a Wait state is due, from `Seconds`, `Timestamp`,
 * `SecondsPath` or `TimestampPath` (JSONPath), or from the already-evaluated
 * `Seconds` / `Timestamp` of a JSONata Wait state.
 *
 * Also home of the ASL timestamp parser the Choice state shares.
 *
 * Timestamps are what AWS accepts, not what RFC 3339 alone allows. AWS's cause
 * names the format ("ISO-8601 extended offset date-time format", the words of
 * Java's `DateTimeFormatter.ISO_OFFSET_DATE_TIME`), and the recorded cases
 * `test_wait_timestamp_path[…]` agree with that formatter:
 *   accepted  `2016-12-05T21:29:29Z`, with 0–9 fraction digits (SECONDS, NANOSECONDS)
 *   rejected  `2016-12-05 21:29:29Z` (NO_T), `2016-12-05T21:29:29` (NO_Z),
 *             `2016-13-05T21:29:29Z` (INVALID_DATE), `2016-12-05T25:29:29Z`
 *             (INVALID_TIME), `05-12-2016T21:29:29Z` (INVALID_ISO).
 * The rest follows that formatter (strict resolver): `T` and `Z` in either case,
 * seconds optional (`21:29Z`), a fraction only after seconds, offsets `±HH:MM`
 * or `±HH:MM:SS` up to ±18:00, real calendar dates (no 30 February), hours 0–23.
 *
 * Error causes are returned without AWS's location prefix ("An error occurred
 * while executing the state '<name>' (entered at the event id #<n>). "): the
 * runtime, which knows the state name and event id, prepends it.
 */
import type { ContextObject, Json } from "./context";
import { evaluatePath } from "./json-path";
import { StatesError, StatesErrors } from "./states-error";

/** The JSONPath-mode fields of a Wait state (exactly one is set). */
export interface WaitFields {
  Seconds?: number;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
}

/** The evaluated fields of a JSONata Wait state (exactly one is set). */
export interface EvaluatedWaitFields {
  Seconds?: Json;
  Timestamp?: Json;
}

const NANOS_PER_MS = 1_000_000n;
const NANOS_PER_SECOND = 1_000_000_000n;

// Java ISO_OFFSET_DATE_TIME, as a regular expression (the calendar is checked after):
//   year: 4 digits, or '+' and 5–10 digits, or '-' and 4–10 digits (SignStyle.EXCEEDS_PAD, strict)
//   'T' case-insensitive; HH:mm, optional :ss, optional fraction (0–9 digits) only after seconds
//   offset: 'Z' case-insensitive, or ±HH:MM with optional :SS
const TIMESTAMP =
  /^([0-9]{4}|\+[0-9]{5,10}|-[0-9]{4,10})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{0,9}))?)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Parses a timestamp as AWS Step Functions accepts it (see the module comment).
 * Returns the instant as nanoseconds since the Unix epoch (a bigint, so that the
 * nanosecond fraction AWS accepts is kept exactly), or `undefined` when AWS
 * would reject the string.
 */
export function parseTimestamp(text: string): bigint | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetSeconds = 0;
  if (sign !== undefined) {
    const offH = Number(oh);
    const offM = Number(om);
    const offS = os === undefined ? 0 : Number(os);
    if (offH > 18 || offM > 59 || offS > 59) return undefined;
    offsetSeconds = offH * 3600 + offM * 60 + offS;
    if (offsetSeconds > 18 * 3600) return undefined;
    if (sign === "-") offsetSeconds = -offsetSeconds;
  }
  const nanosOfSecond = frac ? BigInt(frac.padEnd(9, "0")) : 0n;
  const localSeconds =
    BigInt(daysFromCivil(year, month, day)) * 86_400n + BigInt(hour * 3600 + minute * 60 + second);
  return (localSeconds - BigInt(offsetSeconds)) * NANOS_PER_SECOND + nanosOfSecond;
}

/** Whether AWS accepts `value` as a timestamp (a string `parseTimestamp` accepts). */
export function isTimestamp(value: unknown): value is string {
  return typeof value === "string" && parseTimestamp(value) !== undefined;
}

/** Epoch nanoseconds → epoch milliseconds, rounded up so a wait never ends early. */
function nanosToMs(nanos: bigint): number {
  let q = nanos / NANOS_PER_MS;
  if (nanos % NANOS_PER_MS !== 0n && nanos > 0n) q += 1n;
  return Number(q);
}

/** How AWS prints an offending value in a cause: strings as they are, the rest as JSON. */
function render(value: Json): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function runtimeError(cause: string): StatesError {
  return new StatesError(StatesErrors.Runtime, cause);
}

/** Whether a JSON value is an integer Java would read as a `long`. */
function isLong(value: Json): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/**
 * The instant (epoch milliseconds) a JSONPath Wait state is due.
 *
 * - `Seconds`: `now + Seconds·1000`.
 * - `Timestamp`: that instant, even when it is already past (the caller then
 *   proceeds at once).
 * - `SecondsPath`: the referenced value must be a JSON integer ≥ 0 —
 *   `States.Runtime` "The SecondsPath parameter cannot be parsed as a long value: <path> == <value>"
 *   for any other type or a fraction, "The SecondsPath parameter references a
 *   negative value: <path> == <value>" for a negative integer (LocalStack's
 *   wording; AWS's is not in our recordings). A numeric string is refused too.
 * - `TimestampPath`: the referenced value must be a string AWS accepts —
 *   `States.Runtime` "The TimestampPath parameter does not reference a valid
 *   ISO-8601 extended offset date-time format string: <path> == <value>".
 * A path that selects nothing fails as `evaluatePath` reports it (States.Runtime).
 *
 * `now` is the instant the state is entered (a Date or epoch milliseconds;
 * injected: this module reads no clock).
 */
export function waitDueAt(state: WaitFields, input: Json, now: Date | number, context: ContextObject): number {
  const nowMs = typeof now === "number" ? now : now.getTime();
  if (state.Seconds !== undefined) {
    if (!isLong(state.Seconds) || state.Seconds < 0) {
      throw new Error(`Invalid Wait definition: Seconds must be a non-negative integer, got ${JSON.stringify(state.Seconds)}`);
    }
    return nowMs + state.Seconds * 1000;
  }
  if (state.Timestamp !== undefined) {
    const nanos = typeof state.Timestamp === "string" ? parseTimestamp(state.Timestamp) : undefined;
    if (nanos === undefined) {
      throw new Error(`Invalid Wait definition: Timestamp is not a valid timestamp: ${JSON.stringify(state.Timestamp)}`);
    }
    return nanosToMs(nanos);
  }
  if (state.SecondsPath !== undefined) {
    const path = state.SecondsPath;
    const value = evaluatePath(path, input, context, "SecondsPath");
    if (!isLong(value)) {
      throw runtimeError(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${render(value)}`);
    }
    if (value < 0) {
      throw runtimeError(`The SecondsPath parameter references a negative value: ${path} == ${render(value)}`);
    }
    return nowMs + value * 1000;
  }
  if (state.TimestampPath !== undefined) {
    const path = state.TimestampPath;
    const value = evaluatePath(path, input, context, "TimestampPath");
    const nanos = typeof value === "string" ? parseTimestamp(value) : undefined;
    if (nanos === undefined) {
      throw runtimeError(
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${render(value)}`,
      );
    }
    return nanosToMs(nanos);
  }
  throw new Error("Invalid Wait definition: one of Seconds, Timestamp, SecondsPath or TimestampPath is required");
}

/**
 * The instant (epoch milliseconds) a JSONata Wait state is due, from the values
 * its `Seconds` or `Timestamp` expression evaluated to. Failures are
 * `States.QueryEvaluationError` (recorded: `test_wait_timestamp_jsonata[…]`):
 * "The Timestamp field cannot be parsed as an ISO-8601 extended offset
 * date-time format string: <value>". The Seconds cause is not recorded; this
 * one follows the same pattern.
 */
export function waitDueAtFromValues(fields: EvaluatedWaitFields, now: Date | number): number {
  const nowMs = typeof now === "number" ? now : now.getTime();
  if (fields.Seconds !== undefined) {
    const value = fields.Seconds;
    if (!isLong(value) || value < 0) {
      throw new StatesError(
        StatesErrors.QueryEvaluationError,
        `The Seconds field must be a non-negative integer: ${render(value)}`,
      );
    }
    return nowMs + value * 1000;
  }
  if (fields.Timestamp !== undefined) {
    const value = fields.Timestamp;
    const nanos = typeof value === "string" ? parseTimestamp(value) : undefined;
    if (nanos === undefined) {
      throw new StatesError(
        StatesErrors.QueryEvaluationError,
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${render(value)}`,
      );
    }
    return nanosToMs(nanos);
  }
  throw new Error("Invalid Wait definition: one of Seconds or Timestamp is required");
}
