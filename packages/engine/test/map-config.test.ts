import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Json } from "../src/asl/context";
import {
  EXCEED_TOLERATED_FAILURE_CAUSE,
  exceededToleratedFailureError,
  resolveFailureTolerance,
  resolveMaxConcurrency,
  toleratedFailureExceeded,
  type FailureTolerance,
  type MapConfigFields,
} from "../src/asl/map-config";
import { testContext, thrown } from "./support/asl";
import { casesNamed, located, type RecordedCase } from "./support/recorded";

const context = testContext({ State: { Name: "MapState" } });

describe("resolveMaxConcurrency", () => {
  it("defaults to 0 (no limit) and takes a literal as it is", () => {
    expect(resolveMaxConcurrency({}, {}, context)).toBe(0);
    expect(resolveMaxConcurrency({ MaxConcurrency: 40 }, {}, context)).toBe(40);
  });

  it.each([0, 1, 10_000, 2_147_483_647])("MaxConcurrencyPath → %d", (value) => {
    expect(resolveMaxConcurrency({ MaxConcurrencyPath: "$.m" }, { m: value }, context)).toBe(value);
  });

  it.each([
    [{}, "{}"],
    ["NoNumber", "NoNumber"],
    ["5", "5"],
    [1.5, "1.5"],
    [null, "null"],
    [true, "true"],
    [[1], "[1]"],
    [2_147_483_648, "2147483648"],
  ] as [Json, string][])("MaxConcurrencyPath %j is not a valid integer", (value, shown) => {
    const error = thrown(() => resolveMaxConcurrency({ MaxConcurrencyPath: "$.m" }, { m: value }, context));
    expect([error.error, error.cause]).toEqual([
      "States.Runtime",
      `The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: $.m`,
    ]);
  });

  it("a negative MaxConcurrencyPath value fails (wording not recorded by AWS)", () => {
    const error = thrown(() => resolveMaxConcurrency({ MaxConcurrencyPath: "$.m" }, { m: -1 }, context));
    expect([error.error, error.cause]).toEqual(["States.Runtime", "Expected non-negative integer for MaxConcurrency, got '-1' instead."]);
  });

  it("a path that selects nothing fails as the path evaluator reports it", () => {
    expect(thrown(() => resolveMaxConcurrency({ MaxConcurrencyPath: "$.m" }, {}, context)).error).toBe("States.Runtime");
  });
});

describe("resolveFailureTolerance", () => {
  it("nothing specified: no thresholds", () => {
    expect(resolveFailureTolerance({}, {}, context)).toEqual({});
  });

  it("literals and paths", () => {
    expect(resolveFailureTolerance({ ToleratedFailureCount: 3, ToleratedFailurePercentage: 12.5 }, {}, context)).toEqual({
      count: 3,
      percentage: 12.5,
    });
    expect(
      resolveFailureTolerance(
        { ToleratedFailureCountPath: "$.c", ToleratedFailurePercentagePath: "$.p" },
        { c: 0, p: 100 },
        context,
      ),
    ).toEqual({ count: 0, percentage: 100 });
    expect(resolveFailureTolerance({ ToleratedFailurePercentagePath: "$.p" }, { p: 0 }, context)).toEqual({ percentage: 0 });
  });

  it.each([
    [{}, "{}"],
    ["NoNumber", "NoNumber"],
    ["2", "2"],
    [2.5, "2.5"],
    [null, "null"],
  ] as [Json, string][])("ToleratedFailureCountPath %j is not a valid integer", (value, shown) => {
    const error = thrown(() => resolveFailureTolerance({ ToleratedFailureCountPath: "$.c" }, { c: value }, context));
    expect([error.error, error.cause]).toEqual([
      "States.Runtime",
      `The ToleratedFailureCountPath field refers to value "${shown}" which is not a valid integer: $.c`,
    ]);
  });

  it.each([-1, -100])("ToleratedFailureCount(Path) %d cannot be negative", (value) => {
    for (const state of [{ ToleratedFailureCountPath: "$.c" }, { ToleratedFailureCount: value }] as MapConfigFields[]) {
      const error = thrown(() => resolveFailureTolerance(state, { c: value }, context));
      expect([error.error, error.cause]).toEqual(["States.Runtime", "ToleratedFailureCount cannot be negative."]);
    }
  });

  it.each([
    [{}, "{}"],
    ["NoNumber", "NoNumber"],
    ["50", "50"],
    [false, "false"],
  ] as [Json, string][])("ToleratedFailurePercentagePath %j is not a valid float", (value, shown) => {
    const error = thrown(() => resolveFailureTolerance({ ToleratedFailurePercentagePath: "$.p" }, { p: value }, context));
    expect([error.error, error.cause]).toEqual([
      "States.Runtime",
      `The ToleratedFailurePercentagePath field refers to value "${shown}" which is not a valid float: $.p`,
    ]);
  });

  it.each([-1, -1.1, -0.0001, 100.1, 1000])("ToleratedFailurePercentage(Path) %d is out of range", (value) => {
    for (const state of [{ ToleratedFailurePercentagePath: "$.p" }, { ToleratedFailurePercentage: value }] as MapConfigFields[]) {
      const error = thrown(() => resolveFailureTolerance(state, { p: value }, context));
      expect([error.error, error.cause]).toEqual(["States.Runtime", "ToleratedFailurePercentage must be between 0 and 100."]);
    }
  });
});

describe("recorded AWS cases (localstack-cases.json)", () => {
  const recorded = (fragment: string) => casesNamed(fragment).filter((c) => c.compare !== "skip");
  const variant = (c: RecordedCase) => /\[([^\]]+)\]/.exec(c.id)?.[1];
  const maxConcurrency = recorded("test_max_concurrency_path[");
  const count = recorded("test_map_state_tolerated_failure_count_path[");
  const percentage = recorded("test_map_state_tolerated_failure_percentage_path[");

  it("has them all", () => {
    expect(maxConcurrency.map(variant).sort()).toEqual(["0", "1", "NoNumber", "max_concurrency_value0"]);
    expect(count.map(variant).sort()).toEqual(["-1", "NoNumber", "tolerated_failure_count_value0"]);
    expect(percentage.map(variant).sort()).toEqual(["-1", "-1.1", "100.1", "NoNumber", "tolerated_failure_percentage_value0"]);
  });

  it.each(maxConcurrency.map((c) => [variant(c), c] as const))("test_max_concurrency_path[%s]", (_v, c) => {
    const state = c.definition.States.MapState as MapConfigFields;
    if (c.expected.status === "SUCCEEDED") {
      expect(resolveMaxConcurrency(state, c.input, context)).toBe((c.input as { MaxConcurrencyValue: number }).MaxConcurrencyValue);
      return;
    }
    const error = thrown(() => resolveMaxConcurrency(state, c.input, context));
    expect(error.error).toBe(c.expected.error);
    expect(located(c, error.cause as string, "MapState")).toBe(c.expected.cause);
    // AWS fails it before MapStateStarted.
    expect(c.eventTypes).toEqual(["ExecutionStarted", "MapStateEntered", "ExecutionFailed"]);
  });

  it.each([...count, ...percentage].map((c) => [c.id.replace(/^.*::/, ""), c] as const))("%s", (_name, c) => {
    const state = c.definition.States.MapState as MapConfigFields;
    const error = thrown(() => resolveFailureTolerance(state, c.input, context));
    expect(error.error).toBe(c.expected.error);
    expect(located(c, error.cause as string, "MapState")).toBe(c.expected.cause);
    // AWS fails these after MapStateStarted.
    expect(c.eventTypes).toEqual(["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"]);
  });
});

describe("toleratedFailureExceeded", () => {
  it.each([
    [{}, 0, 10, false],
    [{}, 1, 10, true], // by default any failure fails the run
    [{ count: 0 }, 1, 10, true],
    [{ count: 2 }, 2, 10, false],
    [{ count: 2 }, 3, 10, true],
    [{ percentage: 0 }, 1, 1000, true],
    [{ percentage: 10 }, 1, 10, false], // exactly 10 % is not more than 10 %
    [{ percentage: 10 }, 2, 10, true],
    [{ percentage: 33.3 }, 1, 3, true],
    [{ percentage: 100 }, 10, 10, false], // 100 never fails
    [{ count: 5, percentage: 100 }, 6, 10, true], // either threshold
    [{ count: 100, percentage: 50 }, 6, 10, true],
    [{ count: 100, percentage: 50 }, 5, 10, false],
    [{ percentage: 0 }, 0, 0, false],
  ] as [FailureTolerance, number, number, boolean][])("%j with %d of %d failed: %s", (tolerance, failed, total, expected) => {
    expect(toleratedFailureExceeded(tolerance, failed, total)).toBe(expected);
  });

  it("the run then fails with States.ExceedToleratedFailureThreshold", () => {
    const error = exceededToleratedFailureError();
    expect([error.error, error.cause]).toEqual(["States.ExceedToleratedFailureThreshold", EXCEED_TOLERATED_FAILURE_CAUSE]);
  });

  const tolerance = fc.record(
    { count: fc.integer({ min: 0, max: 1000 }), percentage: fc.double({ min: 0, max: 100, noNaN: true }) },
    { requiredKeys: [] },
  );
  const run = fc.integer({ min: 0, max: 1000 }).chain((total) => fc.tuple(fc.integer({ min: 0, max: total }), fc.constant(total)));

  it("more failures never un-exceed the threshold", () => {
    fc.assert(
      fc.property(tolerance, run, (t, [failed, total]) => {
        if (toleratedFailureExceeded(t, failed, total) && failed < total) {
          expect(toleratedFailureExceeded(t, failed + 1, total)).toBe(true);
        }
      }),
    );
  });

  it("both thresholds together fail exactly when either alone would", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 100, noNaN: true }), run, (c, p, [failed, total]) => {
        expect(toleratedFailureExceeded({ count: c, percentage: p }, failed, total)).toBe(
          toleratedFailureExceeded({ count: c }, failed, total) || toleratedFailureExceeded({ percentage: p }, failed, total),
        );
      }),
    );
  });

  it("no failures never exceed; 100 % never fails", () => {
    fc.assert(
      fc.property(tolerance, run, (t, [failed, total]) => {
        expect(toleratedFailureExceeded(t, 0, total)).toBe(false);
        expect(toleratedFailureExceeded({ percentage: 100 }, failed, total)).toBe(false);
      }),
    );
  });
});
