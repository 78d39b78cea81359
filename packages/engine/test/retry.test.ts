import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  RETRY_DEFAULTS,
  checkErrorEquals,
  errorMatches,
  errorOutput,
  matchCatcher,
  newRetryCounters,
  nextRetry,
  retryDelayMs,
  type Catcher,
  type ErrorLike,
  type Retrier,
} from "../src/asl/retry";
import { StatesError } from "../src/asl/states-error";
import { casesNamed, sharedFile, type RecordedCase } from "./support/recorded";

/** Runs a state that fails every time with `error`, as the runtime would: how many runs, and the retry delays. */
function runAlwaysFailing(retriers: Retrier[], errors: ErrorLike[] | ErrorLike, random?: () => number) {
  const counters = newRetryCounters(retriers);
  const delays: number[] = [];
  let runs = 0;
  for (;;) {
    const error = Array.isArray(errors) ? (errors[runs] ?? errors[errors.length - 1]!) : errors;
    runs++;
    const decision = nextRetry(retriers, error, counters, random);
    if (!decision) return { runs, delays, counters, lastError: error };
    counters[decision.retrierIndex]!++;
    delays.push(decision.delayMs);
    if (runs > 1000) throw new Error("runaway retries");
  }
}

describe("error name matching", () => {
  it.each([
    [["MyError"], "MyError", true],
    [["MyError"], "myerror", false], // case-sensitive
    [["A", "B"], "B", true],
    [["States.ALL"], "Lambda.Unknown", true],
    [["States.ALL"], "States.Timeout", true],
    [["States.ALL"], "States.TaskFailed", true],
    [["States.ALL"], "States.NoChoiceMatched", true],
    [["States.ALL"], "", true], // a Fail state without Error
    [["States.TaskFailed"], "Lambda.Unknown", true],
    [["States.TaskFailed"], "States.TaskFailed", true],
    [["States.TaskFailed"], "States.Permissions", true],
    [["States.TaskFailed"], "States.Timeout", false], // "…except for States.Timeout"
    [["States.TaskFailed"], "States.HeartbeatTimeout", false],
    [["States.Timeout"], "States.Timeout", true],
    [["States.Timeout"], "States.HeartbeatTimeout", true],
    [["States.HeartbeatTimeout"], "States.HeartbeatTimeout", true],
    [["States.HeartbeatTimeout"], "States.Timeout", false],
    [["States.ALL"], "States.Runtime", false], // "won't catch States.Runtime errors"
    [["States.Runtime"], "States.Runtime", false], // "isn't retriable, and will always cause the execution to fail"
    [["States.TaskFailed"], "States.Runtime", false],
    [["States.ALL"], "States.DataLimitExceeded", false], // terminal
    [["State.ALL"], "HandleItemFailError", false], // a typo is a literal name (recorded)
    [["Internal Error"], "", false],
  ] as [string[], string, boolean][])("%j matches %j: %s", (errorEquals, name, expected) => {
    expect(errorMatches(errorEquals, name)).toBe(expected);
    expect(errorMatches(errorEquals, new StatesError(name, "some cause"))).toBe(expected);
  });
});

describe("nextRetry", () => {
  it("defaults: IntervalSeconds 1, BackoffRate 2.0, MaxAttempts 3", () => {
    expect(RETRY_DEFAULTS).toEqual({ IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 });
    const { runs, delays } = runAlwaysFailing([{ ErrorEquals: ["States.ALL"] }], "Boom");
    expect(runs).toBe(4);
    expect(delays).toEqual([1000, 2000, 4000]);
  });

  it("the guide's example: IntervalSeconds 3, MaxAttempts 2, BackoffRate 1.5 → waits of 3 and 4.5 seconds", () => {
    const { runs, delays } = runAlwaysFailing(
      [{ ErrorEquals: ["States.Timeout"], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 1.5 }],
      "States.Timeout",
    );
    expect(delays).toEqual([3000, 4500]);
    expect(runs).toBe(3);
  });

  it("the spec's complex scenario, as its author corrected it: the first retrier's MaxAttempts cover ErrorA and ErrorB together", () => {
    // ASL spec / AWS guide example; awslabs/states-language#5 (Tim Bray): "The first two ErrorA and
    // ErrorB use up the first retrier's MaxAttempts, so after ErrorC is caught and ErrorB comes back,
    // it should go to the catcher at that point."
    const retriers: Retrier[] = [
      { ErrorEquals: ["ErrorA", "ErrorB"], IntervalSeconds: 1, BackoffRate: 2.0, MaxAttempts: 2 },
      { ErrorEquals: ["ErrorC"], IntervalSeconds: 5 },
    ];
    const catchers: Catcher[] = [{ ErrorEquals: ["States.ALL"], Next: "Z" }];
    const { runs, delays, counters, lastError } = runAlwaysFailing(retriers, ["ErrorA", "ErrorB", "ErrorC", "ErrorB", "ErrorB"]);
    expect(delays).toEqual([1000, 2000, 5000]);
    expect(runs).toBe(4);
    expect(counters).toEqual([2, 1]);
    expect(lastError).toBe("ErrorB");
    expect(matchCatcher(catchers, lastError)?.next).toBe("Z");
  });

  it("MaxAttempts 0 never retries, and does not fall through to a later retrier", () => {
    const retriers: Retrier[] = [{ ErrorEquals: ["States.Timeout"], MaxAttempts: 0 }, { ErrorEquals: ["States.ALL"] }];
    expect(nextRetry(retriers, "States.Timeout", [0, 0])).toBeUndefined();
    expect(nextRetry(retriers, "Other", [0, 0])).toEqual({ retrierIndex: 1, delayMs: 1000 });
  });

  it("a used-up retrier does not fall through either", () => {
    const retriers: Retrier[] = [{ ErrorEquals: ["E"], MaxAttempts: 1 }, { ErrorEquals: ["States.ALL"], MaxAttempts: 5 }];
    expect(nextRetry(retriers, "E", [1, 0])).toBeUndefined();
  });

  it("no matching retrier: no retry", () => {
    expect(nextRetry([{ ErrorEquals: ["E"] }], "F", [0])).toBeUndefined();
    expect(nextRetry([], "F", [])).toBeUndefined();
  });

  it("States.Runtime is never retried", () => {
    expect(nextRetry([{ ErrorEquals: ["States.Runtime"] }, { ErrorEquals: ["States.ALL"] }], "States.Runtime", [0, 0])).toBeUndefined();
  });

  it("does not change the counters it is given", () => {
    const counters = [0, 2];
    nextRetry([{ ErrorEquals: ["A"] }, { ErrorEquals: ["B"] }], "B", counters);
    expect(counters).toEqual([0, 2]);
  });

  it("MaxDelaySeconds caps the backoff", () => {
    const retrier: Retrier = { ErrorEquals: ["States.ALL"], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 5, MaxDelaySeconds: 10 };
    expect(runAlwaysFailing([retrier], "E").delays).toEqual([2000, 6000, 10000, 10000, 10000]);
  });

  it("JitterStrategy FULL scales the delay by the injected random; NONE ignores it", () => {
    const retrier: Retrier = { ErrorEquals: ["States.ALL"], IntervalSeconds: 4, JitterStrategy: "FULL" };
    expect(retryDelayMs(retrier, 0, () => 0)).toBe(0);
    expect(retryDelayMs(retrier, 0, () => 0.5)).toBe(2000);
    expect(retryDelayMs(retrier, 1, () => 0.25)).toBe(2000);
    expect(retryDelayMs(retrier, 0, () => 1)).toBe(4000);
    expect(retryDelayMs({ ...retrier, JitterStrategy: "NONE" }, 0, () => 0)).toBe(4000);
    expect(nextRetry([retrier], "E", [0], () => 0.1)).toEqual({ retrierIndex: 0, delayMs: 400 });
  });

  it("fractional intervals and backoffs", () => {
    expect(retryDelayMs({ ErrorEquals: ["E"], IntervalSeconds: 0.5, BackoffRate: 1 }, 7)).toBe(500);
    expect(retryDelayMs({ ErrorEquals: ["E"], IntervalSeconds: 1, BackoffRate: 1.1 }, 2)).toBe(1210);
  });
});

describe("matchCatcher and the error output", () => {
  const catchers: Catcher[] = [
    { ErrorEquals: ["java.lang.Exception"], ResultPath: "$.error-info", Next: "RecoveryState" },
    { ErrorEquals: ["Skip"], ResultPath: null, Next: "Skipped" },
    { ErrorEquals: ["States.ALL"], Next: "EndState" },
  ];

  it("picks the first matching catcher; ResultPath defaults to $", () => {
    expect(matchCatcher(catchers, "java.lang.Exception")).toMatchObject({ next: "RecoveryState", resultPath: "$.error-info", catcherIndex: 0 });
    expect(matchCatcher(catchers, "Skip")).toMatchObject({ next: "Skipped", resultPath: null });
    expect(matchCatcher(catchers, "Other")).toMatchObject({ next: "EndState", resultPath: "$", catcherIndex: 2 });
  });

  it("nothing catches States.Runtime", () => {
    expect(matchCatcher(catchers, new StatesError("States.Runtime", "bad path"))).toBeUndefined();
  });

  it("the error output is { Error, Cause }, null for what the error lacks", () => {
    expect(errorOutput(new StatesError("E", "c"))).toEqual({ Error: "E", Cause: "c" });
    expect(errorOutput({ error: "E", cause: "" })).toEqual({ Error: "E", Cause: "" });
    expect(errorOutput("E")).toEqual({ Error: "E", Cause: null });
    expect(errorOutput(new StatesError("E"))).toEqual({ Error: "E", Cause: null });
    expect(errorOutput({})).toEqual({ Error: null, Cause: null });
    expect(errorOutput({ error: null, cause: null })).toEqual({ Error: null, Cause: null });
  });
});

describe("recorded AWS cases (localstack-cases.json)", () => {
  /** The Map/Parallel state's failure in these cases: the Fail state inside it. */
  function innerFailure(recorded: RecordedCase): ErrorLike {
    const outer = recorded.definition.States[recorded.definition.StartAt === "StartState" ? "MapState" : "ParallelState"] as {
      ItemProcessor?: { States: Record<string, { Error?: string; Cause?: string }> };
      Iterator?: { States: Record<string, { Error?: string; Cause?: string }> };
      Branches?: { States: Record<string, { Error?: string; Cause?: string }> }[];
    };
    const states = (outer.ItemProcessor ?? outer.Iterator ?? outer.Branches?.[0])!.States;
    const fail = Object.values(states)[0]!;
    return { error: fail.Error, cause: fail.Cause };
  }

  it.each([
    ["test_map_state_retry#", "MapState", "MapStateStarted"],
    ["test_map_state_retry_legacy#", "MapState", "MapStateStarted"],
    ["test_map_state_retry_multiple_retriers#", "MapState", "MapStateStarted"],
    ["test_parallel_state_retry#", "ParallelState", "ParallelStateStarted"],
  ])("%s: as many runs as AWS recorded, then the error AWS failed with", (fragment, stateName, startedEvent) => {
    for (const recorded of casesNamed(fragment)) {
      const state = recorded.definition.States[stateName] as { Retry: Retrier[] };
      const error = innerFailure(recorded);
      const { runs } = runAlwaysFailing(state.Retry, error, () => 0);
      expect(runs).toBe(recorded.eventTypes.filter((e) => e === startedEvent).length);
      expect(recorded.eventTypes.filter((e) => e === `${startedEvent.replace("Started", "Entered")}`).length).toBe(1); // retries do not re-enter
      expect(recorded.expected.status).toBe("FAILED");
      expect(errorOutput(error)).toEqual({ Error: recorded.expected.error ?? null, Cause: recorded.expected.cause ?? null });
    }
  });

  it.each([
    ["test_map_state_catch#", "MapState"],
    ["test_map_state_catch_legacy#", "MapState"],
    ["test_parallel_state_catch#", "ParallelState"],
  ])("%s: the catcher AWS took, with the error output AWS passed on", (fragment, stateName) => {
    for (const recorded of casesNamed(fragment)) {
      const state = recorded.definition.States[stateName] as { Catch: Catcher[] };
      const decision = matchCatcher(state.Catch, innerFailure(recorded));
      expect(decision?.next).toBe("FinalCaught");
      expect(decision?.resultPath).toBe("$"); // so the error output replaces the input, and the Pass passes it on
      expect(errorOutput(innerFailure(recorded))).toEqual(recorded.expected.output);
    }
  });

  it("test_map_state_catch_empty_fail: a Fail without Error matches neither \"Internal Error\" nor \"State.ALL\"", () => {
    for (const recorded of casesNamed("test_map_state_catch_empty_fail#")) {
      const state = recorded.definition.States.MapState as { Catch: Catcher[] };
      expect(matchCatcher(state.Catch, innerFailure(recorded))).toBeUndefined();
      expect(recorded.expected.status).toBe("FAILED");
    }
  });
});

describe("recorded AWS callback cases (test_callback.snapshot.json)", () => {
  const file = (name: string) => sharedFile(`conformance/asl/${name}`);
  const snapshot = JSON.parse(readFileSync(file("test_callback.snapshot.json"), "utf8")) as Record<
    string,
    { "recorded-content": { get_execution_history: { events: Record<string, unknown>[] } } }
  >;
  /** The .json5 templates use trailing commas, nothing else JSON lacks. */
  const template = (name: string) =>
    JSON.parse(readFileSync(file(`callback-templates/${name}`), "utf8").replace(/,(\s*[}\]])/g, "$1")) as {
      States: Record<string, { Catch?: Catcher[] }>;
    };

  it.each([
    ["SQS_WAIT_FOR_TASK_TOKEN_CATCH", "sqs_wait_for_task_token_catch.json5", "SendMessageWithWait", "TaskFailed"],
    ["SQS_PARALLEL_WAIT_FOR_TASK_TOKEN", "sqs_parallel_wait_for_task_token.json5", "ParallelJob", "ParallelStateFailed"],
  ])("%s: a failure with neither error nor cause goes to the States.ALL catcher as {Error: null, Cause: null}", (variant, templateFile, stateName, failedEvent) => {
    const key = Object.keys(snapshot).find((k) => k.endsWith(`test_sqs_failure_in_wait_for_task_tok_no_error_field[${variant}]`))!;
    const events = snapshot[key]!["recorded-content"].get_execution_history.events;
    const failed = events.find((e) => e.type === "TaskFailed") as { taskFailedEventDetails: Record<string, unknown> };
    expect(failed.taskFailedEventDetails.error).toBeUndefined();
    expect(failed.taskFailedEventDetails.cause).toBeUndefined();
    expect(events.some((e) => e.type === failedEvent)).toBe(true);

    const catchers = template(templateFile).States[stateName]!.Catch!;
    const decision = matchCatcher(catchers, {});
    expect(decision).toMatchObject({ next: "CaughtStatesALL", resultPath: "$.states_all_error" });
    const entered = events.find((e) => e.type === "PassStateEntered") as {
      stateEnteredEventDetails: { name: string; input: Record<string, unknown> };
    };
    expect(entered.stateEnteredEventDetails.name).toBe(decision!.next);
    expect(entered.stateEnteredEventDetails.input.states_all_error).toEqual(errorOutput({}));
  });
});

describe("checkErrorEquals", () => {
  it("accepts States.ALL alone in the last entry", () => {
    expect(checkErrorEquals("Retry", [{ ErrorEquals: ["A"] }, { ErrorEquals: ["States.ALL"] }])).toEqual([]);
  });
  it("rejects States.ALL with others, before the last entry, and empty lists", () => {
    expect(checkErrorEquals("Catch", [{ ErrorEquals: ["States.ALL", "A"] }])).toEqual(["Catch[0].ErrorEquals: States.ALL must appear alone"]);
    expect(checkErrorEquals("Retry", [{ ErrorEquals: ["States.ALL"] }, { ErrorEquals: ["A"] }])).toEqual([
      "Retry[0]: States.ALL must be in the last entry",
    ]);
    expect(checkErrorEquals("Retry", [{ ErrorEquals: [] }])).toEqual(["Retry[0].ErrorEquals must be a non-empty array"]);
  });
});

describe("properties", () => {
  const retrier = fc.record(
    {
      ErrorEquals: fc.constant<string[]>(["States.ALL"]),
      IntervalSeconds: fc.integer({ min: 1, max: 99_999_999 }),
      MaxAttempts: fc.integer({ min: 0, max: 20 }),
      BackoffRate: fc.double({ min: 1, max: 10, noNaN: true }),
      MaxDelaySeconds: fc.integer({ min: 1, max: 31_622_400 }),
      JitterStrategy: fc.constantFrom("FULL" as const, "NONE" as const),
    },
    { requiredKeys: ["ErrorEquals"] },
  );
  const unit = fc.double({ min: 0, max: 1, noNaN: true });

  it("backoff never exceeds MaxDelaySeconds", () => {
    fc.assert(
      fc.property(retrier, fc.integer({ min: 0, max: 100 }), unit, (r, n, u) => {
        const delay = retryDelayMs(r, n, () => u);
        if (r.MaxDelaySeconds !== undefined) expect(delay).toBeLessThanOrEqual(r.MaxDelaySeconds * 1000);
        expect(delay).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("FULL jitter stays within [0, the delay without jitter]", () => {
    fc.assert(
      fc.property(retrier, fc.integer({ min: 0, max: 100 }), unit, (r, n, u) => {
        const plain = retryDelayMs({ ...r, JitterStrategy: "NONE" }, n);
        const jittered = retryDelayMs({ ...r, JitterStrategy: "FULL" }, n, () => u);
        expect(jittered).toBeGreaterThanOrEqual(0);
        expect(jittered).toBeLessThanOrEqual(plain);
      }),
    );
  });

  it("without jitter, delays never shrink from one retry to the next (BackoffRate ≥ 1)", () => {
    fc.assert(
      fc.property(retrier, fc.integer({ min: 0, max: 50 }), (r, n) => {
        const none = { ...r, JitterStrategy: "NONE" as const };
        expect(retryDelayMs(none, n + 1)).toBeGreaterThanOrEqual(retryDelayMs(none, n));
      }),
    );
  });

  it("a state that always fails runs exactly MaxAttempts + 1 times", () => {
    fc.assert(
      fc.property(retrier, fc.string(), unit, (r, name, u) => {
        fc.pre(name !== "States.Runtime" && name !== "States.DataLimitExceeded");
        const { runs, delays } = runAlwaysFailing([r], name, () => u);
        expect(runs).toBe((r.MaxAttempts ?? 3) + 1);
        expect(delays).toHaveLength(r.MaxAttempts ?? 3);
      }),
    );
  });

  it("the retrier applied is the first whose ErrorEquals matches", () => {
    const names = fc.constantFrom("A", "B", "C", "States.Timeout", "States.TaskFailed", "States.ALL");
    fc.assert(
      fc.property(fc.array(fc.array(names, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), names, (lists, name) => {
        fc.pre(name !== "States.ALL");
        const retriers = lists.map((ErrorEquals) => ({ ErrorEquals }));
        const decision = nextRetry(retriers, name, newRetryCounters(retriers));
        const first = lists.findIndex((l) => errorMatches(l, name));
        expect(decision?.retrierIndex ?? -1).toBe(first);
      }),
    );
  });
});
