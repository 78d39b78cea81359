import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTimestamp, parseTimestamp, waitDueAt, waitDueAtFromValues } from "../src/asl/wait";
import { testContext, thrown } from "./support/asl";
import { casesNamed, located, type RecordedCase } from "./support/recorded";

const context = testContext({ State: { Name: "Wait" } });

const NOW = Date.parse("2024-05-01T12:00:00.000Z");

describe("parseTimestamp", () => {
  const ms = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

  it.each([
    ["2016-03-14T01:59:00Z", ms("2016-03-14T01:59:00Z")],
    ["2016-12-05T21:29:29Z", ms("2016-12-05T21:29:29Z")], // recorded SECONDS shape
    ["2016-12-05T21:29:29.123456789Z", ms("2016-12-05T21:29:29Z") + 123_456_789n], // NANOSECONDS
    ["2016-12-05T21:29:29.1Z", ms("2016-12-05T21:29:29.100Z")],
    ["2016-12-05T21:29:29+09:00", ms("2016-12-05T12:29:29Z")],
    ["2016-12-05T21:29:29-05:30", ms("2016-12-06T02:59:29Z")],
    ["2016-12-05T21:29:29+00:00:30", ms("2016-12-05T21:28:59Z")],
    ["2016-12-05T21:29Z", ms("2016-12-05T21:29:00Z")], // seconds are optional
    ["2016-12-05t21:29:29z", ms("2016-12-05T21:29:29Z")], // T and Z in either case
    ["2016-02-29T00:00:00Z", ms("2016-02-29T00:00:00Z")],
    ["2000-02-29T00:00:00Z", ms("2000-02-29T00:00:00Z")],
    ["1969-12-31T23:59:59.5Z", -500_000_000n],
    ["0000-01-01T00:00:00Z", ms("0000-01-01T00:00:00Z")],
    ["+12345-01-01T00:00:00Z", BigInt(Date.UTC(12345, 0, 1)) * 1_000_000n],
    ["2016-12-05T21:29:29+18:00", ms("2016-12-05T03:29:29Z")],
  ])("accepts %s", (text, nanos) => {
    expect(parseTimestamp(text)).toBe(nanos);
    expect(isTimestamp(text)).toBe(true);
  });

  it.each([
    "2016-12-05 21:29:29Z", // NO_T (recorded)
    "2016-12-05T21:29:29", // NO_Z (recorded)
    "2016-13-05T21:29:29Z", // INVALID_DATE (recorded)
    "2016-12-05T25:29:29Z", // INVALID_TIME (recorded)
    "05-12-2016T21:29:29Z", // INVALID_ISO (recorded)
    "2016-02-30T21:29:29Z",
    "2015-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2016-04-31T00:00:00Z",
    "2016-00-10T00:00:00Z",
    "2016-12-00T00:00:00Z",
    "2016-12-05T24:00:00Z",
    "2016-12-05T23:60:00Z",
    "2016-12-05T23:59:60Z", // no leap seconds
    "2016-12-05T21:29:29.1234567890Z", // at most 9 fraction digits
    "2016-12-05T21:29.5Z", // a fraction needs seconds
    "2016-12-05T21:29:29+0900",
    "2016-12-05T21:29:29+09",
    "2016-12-05T21:29:29+18:01",
    "2016-12-05T21:29:29+19:00",
    "2016-12-05T21:29:29 Z",
    "2016-12-5T21:29:29Z",
    "16-12-05T21:29:29Z",
    "+2016-12-05T21:29:29Z", // '+' only for years beyond 4 digits
    "12016-12-05T21:29:29Z", // …which then need the sign
    "2016-12-05",
    "",
    " 2016-12-05T21:29:29Z",
  ])("rejects %j", (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
    expect(isTimestamp(text)).toBe(false);
  });

  it("is not fooled by non-strings", () => {
    expect(isTimestamp(1480973369)).toBe(false);
    expect(isTimestamp(null)).toBe(false);
  });
});

describe("waitDueAt", () => {
  it("Seconds: now + seconds (now as epoch ms or as a Date)", () => {
    expect(waitDueAt({ Seconds: 10 }, {}, NOW, context)).toBe(NOW + 10_000);
    expect(waitDueAt({ Seconds: 10 }, {}, new Date(NOW), context)).toBe(NOW + 10_000);
    expect(waitDueAt({ Seconds: 0 }, {}, NOW, context)).toBe(NOW);
  });

  it("Timestamp: that instant, even in the past; a sub-millisecond fraction rounds up", () => {
    expect(waitDueAt({ Timestamp: "2024-05-01T13:00:00Z" }, {}, NOW, context)).toBe(NOW + 3_600_000);
    expect(waitDueAt({ Timestamp: "2016-03-14T01:59:00Z" }, {}, NOW, context)).toBe(Date.parse("2016-03-14T01:59:00Z"));
    expect(waitDueAt({ Timestamp: "2024-05-01T12:00:00.000000001Z" }, {}, NOW, context)).toBe(NOW + 1);
    expect(waitDueAt({ Timestamp: "2024-05-01T14:00:00+02:00" }, {}, NOW, context)).toBe(NOW);
  });

  it("SecondsPath: a non-negative integer read from the input or the context", () => {
    expect(waitDueAt({ SecondsPath: "$.s" }, { s: 5 }, NOW, context)).toBe(NOW + 5_000);
    expect(waitDueAt({ SecondsPath: "$.s" }, { s: 0 }, NOW, context)).toBe(NOW);
    expect(waitDueAt({ SecondsPath: "$$.State.RetryCount" }, {}, NOW, context)).toBe(NOW);
  });

  it.each([
    [1.5, "The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5"],
    ["3", "The SecondsPath parameter cannot be parsed as a long value: $.s == 3"],
    [null, "The SecondsPath parameter cannot be parsed as a long value: $.s == null"],
    [true, "The SecondsPath parameter cannot be parsed as a long value: $.s == true"],
    [{}, "The SecondsPath parameter cannot be parsed as a long value: $.s == {}"],
    [-1, "The SecondsPath parameter references a negative value: $.s == -1"],
  ])("SecondsPath %j fails with States.Runtime", (value, cause) => {
    const error = thrown(() => waitDueAt({ SecondsPath: "$.s" }, { s: value }, NOW, context));
    expect([error.error, error.cause]).toEqual(["States.Runtime", cause]);
  });

  it("a path that selects nothing fails as the path evaluator reports it", () => {
    expect(thrown(() => waitDueAt({ SecondsPath: "$.nope" }, {}, NOW, context)).error).toBe("States.Runtime");
    expect(thrown(() => waitDueAt({ TimestampPath: "$.nope" }, {}, NOW, context)).error).toBe("States.Runtime");
  });

  it("TimestampPath: a valid timestamp string", () => {
    expect(waitDueAt({ TimestampPath: "$.t" }, { t: "2024-05-01T12:00:10Z" }, NOW, context)).toBe(NOW + 10_000);
  });

  it.each([1480973369, null, { t: 1 }, "tomorrow"])("TimestampPath %j fails with States.Runtime", (value) => {
    const error = thrown(() => waitDueAt({ TimestampPath: "$.t" }, { t: value }, NOW, context));
    expect(error.error).toBe("States.Runtime");
    const shown = typeof value === "string" ? value : JSON.stringify(value);
    expect(error.cause).toBe(
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == ${shown}`,
    );
  });

  it("rejects an invalid literal as a definition error, not a States error", () => {
    expect(() => waitDueAt({ Seconds: -1 }, {}, NOW, context)).toThrow(/Invalid Wait definition/);
    expect(() => waitDueAt({ Seconds: 1.5 }, {}, NOW, context)).toThrow(/Invalid Wait definition/);
    expect(() => waitDueAt({ Timestamp: "2016-12-05 21:29:29Z" }, {}, NOW, context)).toThrow(/Invalid Wait definition/);
    expect(() => waitDueAt({}, {}, NOW, context)).toThrow(/Invalid Wait definition/);
  });
});

describe("recorded AWS cases (localstack-cases.json)", () => {
  const pathCases = casesNamed("test_wait_timestamp_path[");
  const jsonataCases = casesNamed("test_wait_timestamp_jsonata[");

  it("has the seven TimestampPath and seven JSONata Timestamp cases", () => {
    const variant = (c: RecordedCase) => /\[(\w+)\]/.exec(c.id)?.[1];
    const all = ["SECONDS", "NANOSECONDS", "NO_T", "NO_Z", "INVALID_DATE", "INVALID_TIME", "INVALID_ISO"];
    expect(pathCases.map(variant).sort()).toEqual([...all].sort());
    expect(jsonataCases.map(variant).sort()).toEqual([...all].sort());
  });

  // The recording masks the input value ("date"/"timestamp"); a failure's cause
  // quotes it after "== " (TimestampPath) or ": " (JSONata), the successes used
  // a whole-second and a nanosecond timestamp.
  const accepted: Record<string, [value: string, dueMs: number]> = {
    SECONDS: ["2016-12-05T21:29:29Z", Date.parse("2016-12-05T21:29:29.000Z")],
    NANOSECONDS: ["2016-12-05T21:29:29.123456789Z", Date.parse("2016-12-05T21:29:29.124Z")],
  };

  it.each(pathCases.map((c) => [/\[(\w+)\]/.exec(c.id)?.[1], c] as const))("TimestampPath %s", (variant, recorded) => {
    const state = recorded.definition.States[recorded.definition.StartAt] as { TimestampPath: string };
    if (recorded.expected.status === "SUCCEEDED") {
      const [value, dueMs] = accepted[variant as string] as [string, number];
      expect(waitDueAt(state, { TimestampValue: value }, NOW, context)).toBe(dueMs);
      expect(recorded.eventTypes).toContain("WaitStateExited");
      return;
    }
    const value = (recorded.expected.cause as string).split(" == ").at(-1) as string;
    const error = thrown(() => waitDueAt(state, { TimestampValue: value }, NOW, context));
    expect(error.error).toBe(recorded.expected.error);
    expect(located(recorded, error.cause as string)).toBe(recorded.expected.cause);
    expect(recorded.eventTypes).toEqual(["ExecutionStarted", "WaitStateEntered", "ExecutionFailed"]);
  });

  it.each(jsonataCases.map((c) => [/\[(\w+)\]/.exec(c.id)?.[1], c] as const))("JSONata Timestamp %s", (variant, recorded) => {
    if (recorded.expected.status === "SUCCEEDED") {
      const [value, dueMs] = accepted[variant as string] as [string, number];
      expect(waitDueAtFromValues({ Timestamp: value }, NOW)).toBe(dueMs);
      return;
    }
    const value = (recorded.expected.cause as string).split("format string: ").at(-1) as string;
    const error = thrown(() => waitDueAtFromValues({ Timestamp: value }, NOW));
    expect(error.error).toBe(recorded.expected.error);
    expect(located(recorded, error.cause as string)).toBe(recorded.expected.cause);
  });
});

describe("properties", () => {
  const date = fc.date({ min: new Date("0001-01-02T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z"), noInvalidDate: true });

  it("agrees with Date on every ISO string Date writes", () => {
    fc.assert(
      fc.property(date, (d) => {
        expect(parseTimestamp(d.toISOString())).toBe(BigInt(d.getTime()) * 1_000_000n);
      }),
    );
  });

  it("the same instant written with any offset parses to the same value", () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -18 * 60, max: 18 * 60 }), (d, offset) => {
        const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 23);
        const abs = Math.abs(offset);
        const text = `${local}${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
        expect(parseTimestamp(text)).toBe(BigInt(d.getTime()) * 1_000_000n);
      }),
    );
  });

  it("a date is accepted exactly when the calendar has it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T00:00:00Z`;
        const probe = new Date(Date.UTC(2000, m - 1, d));
        probe.setUTCFullYear(y);
        const real = m >= 1 && m <= 12 && d >= 1 && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
        expect(isTimestamp(text)).toBe(real);
      }),
    );
  });

  it("a Wait on Seconds/SecondsPath is due exactly that many seconds after entry", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 4_000_000_000_000 }), (s, now) => {
        expect(waitDueAt({ Seconds: s }, {}, now, context)).toBe(now + s * 1000);
        expect(waitDueAt({ SecondsPath: "$.s" }, { s }, now, context)).toBe(now + s * 1000);
      }),
    );
  });

  it("the due instant is never before the timestamp (sub-millisecond fractions round up)", () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 999_999 }), (d, subMs) => {
        const base = d.toISOString().slice(0, 19);
        const nanos = BigInt(Math.floor(d.getTime() / 1000) * 1000) * 1_000_000n;
        const frac = (d.getUTCMilliseconds() * 1_000_000 + subMs).toString().padStart(9, "0");
        const text = `${base}.${frac}Z`;
        const exact = parseTimestamp(text) as bigint;
        expect(exact).toBe(nanos + BigInt(frac));
        const due = waitDueAt({ Timestamp: text }, {}, 0, context);
        expect(BigInt(due) * 1_000_000n >= exact).toBe(true);
        expect(BigInt(due) * 1_000_000n - exact < 1_000_000n).toBe(true);
      }),
    );
  });
});
