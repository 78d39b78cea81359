/**
 * Retry and Catch: which retrier or catcher handles an error, how long to wait
 * before a retry, and the error output a catcher receives.
 *
 * Error-name matching (AWS developer guide, "Handling errors in Step Functions
 * workflows", error names):
 * - An `ErrorEquals` entry matches the identical error name.
 * - `States.ALL` "matches any known error name" — but "A retry or catch on
 *   States.ALL won't catch States.Runtime errors", and States.DataLimitExceeded
 *   is "a terminal error that can't be caught by the States.ALL error type".
 *   It does match an error with no name at all (recorded:
 *   `test_sqs_failure_in_wait_for_task_tok_no_error_field[…]` in
 *   test_callback.snapshot.json — SendTaskFailure without an error went to the
 *   States.ALL catcher, past a "States.Runtime" one).
 * - `States.Runtime` "isn't retriable, and will always cause the execution to
 *   fail": no entry matches it, not even an explicit "States.Runtime". The same
 *   is applied to the terminal `States.DataLimitExceeded`.
 * - `States.TaskFailed`, "when used in a retry or catch, … acts as a wildcard
 *   that matches any known error name except for States.Timeout" (we also
 *   exclude `States.HeartbeatTimeout`, which is a kind of timeout).
 * - `States.Timeout` also matches `States.HeartbeatTimeout` (AWS reports a
 *   heartbeat expiry as a timeout; `States.HeartbeatTimeout` is the name that
 *   singles it out in Retry/Catch).
 * - Anything else is literal: the recorded cases `test_map_state_retry_multiple_retriers`
 *   and `test_map_state_catch_empty_fail` show `"State.ALL"` (a typo for
 *   States.ALL) matching nothing.
 *
 * Retriers (same guide, "Retrying after an error"; ASL spec "Retrying after error"):
 * - the FIRST retrier whose ErrorEquals matches is the one applied; when its
 *   MaxAttempts are used up the error is not retried (no fall-through to later
 *   retriers) and goes on to the catchers;
 * - defaults IntervalSeconds 1, MaxAttempts 3 (0 = never retry), BackoffRate 2.0;
 *   the n-th retry by a retrier (n from 0) waits IntervalSeconds·BackoffRate^n,
 *   capped at MaxDelaySeconds when given; JitterStrategy FULL waits a random
 *   time in [0, that delay] (NONE, the default, waits the delay itself);
 * - MaxAttempts counts all the retries a retrier made, whatever error names
 *   brought them: the spec's "complex retry" example (ErrorA, ErrorB, ErrorC,
 *   ErrorB, ErrorB against a MaxAttempts-2 retrier for A/B) reads as if counted
 *   per error name, but its author filed that example as wrong — "The first two
 *   ErrorA and ErrorB use up the first retrier's MaxAttempts, so after ErrorC is
 *   caught and ErrorB comes back, it should go to the catcher at that point"
 *   (awslabs/states-language#5);
 * - counts "apply across all visits to the retrier in the context of a
 *   single-state execution": keep one `attemptsSoFar` array per state entry
 *   (`newRetryCounters`), carried across the retries of that entry (a retry
 *   does not re-enter the state: the recorded Map/Parallel retries show
 *   MapStateStarted/ParallelStateStarted again but no second …StateEntered) and
 *   fresh when the state is entered anew.
 *   Recorded: `test_map_state_retry` (MaxAttempts 2 → 3 runs), `…_multiple_retriers`
 *   (third retrier, MaxAttempts 3 → 4 runs), `test_parallel_state_retry`.
 */
import { StatesErrors } from "./states-error";

export type JitterStrategy = "FULL" | "NONE";

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: JitterStrategy;
  Comment?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  /** JSONPath only; defaults to "$" (the error output replaces the input); `null` discards it. */
  ResultPath?: string | null;
  Comment?: string;
  /** JSONata only, evaluated by the caller. */
  Output?: unknown;
  /** JSONata only, evaluated by the caller. */
  Assign?: unknown;
}

/**
 * An error as retriers and catchers see it: its name, and optionally its cause
 * (a `StatesError` is one). An absent, null or empty name is an error without a
 * name (a Fail state without Error, SendTaskFailure without error).
 */
export type ErrorLike = string | { readonly error?: string | null; readonly cause?: string | null };

export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2.0 } as const;

/** Errors no retrier or catcher handles. */
const UNCATCHABLE: ReadonlySet<string> = new Set([StatesErrors.Runtime, StatesErrors.DataLimitExceeded]);
const TIMEOUTS: ReadonlySet<string> = new Set([StatesErrors.Timeout, StatesErrors.HeartbeatTimeout]);

function nameOf(error: ErrorLike): string {
  return (typeof error === "string" ? error : error.error) ?? "";
}

/** Whether an `ErrorEquals` list matches the error (see the module comment for the rules). */
export function errorMatches(errorEquals: readonly string[], error: ErrorLike): boolean {
  const name = nameOf(error);
  if (UNCATCHABLE.has(name)) return false;
  for (const entry of errorEquals) {
    if (entry === name) return true;
    if (entry === StatesErrors.ALL) return true;
    if (entry === StatesErrors.TaskFailed && !TIMEOUTS.has(name)) return true;
    if (entry === StatesErrors.Timeout && name === StatesErrors.HeartbeatTimeout) return true;
  }
  return false;
}

/** One counter per retrier, all zero: the state of a fresh state entry. */
export function newRetryCounters(retriers: readonly Retrier[]): number[] {
  return retriers.map(() => 0);
}

/**
 * The delay in milliseconds before the retry a retrier makes after
 * `retriesSoFar` earlier retries: IntervalSeconds·BackoffRate^retriesSoFar,
 * capped by MaxDelaySeconds, then (JitterStrategy FULL) scaled by
 * `random()` ∈ [0, 1]. Rounded to whole milliseconds.
 */
export function retryDelayMs(retrier: Retrier, retriesSoFar: number, random: () => number = Math.random): number {
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
  const backoff = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
  let seconds = interval * backoff ** retriesSoFar;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  let ms = seconds * 1000;
  if (retrier.JitterStrategy === "FULL") ms *= Math.min(1, Math.max(0, random()));
  return Math.round(ms);
}

export interface RetryDecision {
  /** Index of the retrier that applies; the caller increments `attemptsSoFar[retrierIndex]`. */
  retrierIndex: number;
  /** How long to wait before running the state again. */
  delayMs: number;
}

/**
 * Whether to retry after `error`: the first retrier whose ErrorEquals matches
 * decides. Returns undefined when none matches or that retrier's MaxAttempts
 * are used up (then the catchers apply). `attemptsSoFar[i]` is the number of
 * retries retrier `i` has already made in this state entry; this function does
 * not change it.
 */
export function nextRetry(
  retriers: readonly Retrier[],
  error: ErrorLike,
  attemptsSoFar: readonly number[],
  random: () => number = Math.random,
): RetryDecision | undefined {
  const retrierIndex = retriers.findIndex((r) => errorMatches(r.ErrorEquals, error));
  if (retrierIndex < 0) return undefined;
  const retrier = retriers[retrierIndex] as Retrier;
  const done = attemptsSoFar[retrierIndex] ?? 0;
  const maxAttempts = retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts;
  if (done >= maxAttempts) return undefined;
  return { retrierIndex, delayMs: retryDelayMs(retrier, done, random) };
}

export interface CatchDecision {
  /** The state to go to. */
  next: string;
  /** Where the error output goes in the input (JSONPath); "$" when the catcher gives none, `null` to discard. */
  resultPath: string | null;
  catcherIndex: number;
  catcher: Catcher;
}

/** The first catcher whose ErrorEquals matches the error, or undefined. */
export function matchCatcher(catchers: readonly Catcher[], error: ErrorLike): CatchDecision | undefined {
  const catcherIndex = catchers.findIndex((c) => errorMatches(c.ErrorEquals, error));
  if (catcherIndex < 0) return undefined;
  const catcher = catchers[catcherIndex] as Catcher;
  return {
    next: catcher.Next,
    resultPath: catcher.ResultPath === undefined ? "$" : catcher.ResultPath,
    catcherIndex,
    catcher,
  };
}

/** The error output a catcher passes on (`$states.errorOutput` in JSONata). */
export interface ErrorOutput {
  Error: string | null;
  Cause: string | null;
}

/**
 * The error output AWS gives a catcher: `{ "Error": name, "Cause": cause }`
 * (recorded: `test_map_state_catch`, `test_parallel_state_catch`), with `null`
 * for what the error lacks — recorded: a task failed without error or cause
 * was caught as `{"Error": null, "Cause": null}`
 * (`test_sqs_failure_in_wait_for_task_tok_no_error_field[…]`).
 */
export function errorOutput(error: ErrorLike): ErrorOutput {
  const name = nameOf(error);
  const cause = typeof error === "string" ? undefined : error.cause;
  return { Error: name === "" ? null : name, Cause: cause ?? null };
}

/**
 * Definition-time checks of a Retry or Catch array: ErrorEquals non-empty,
 * States.ALL alone in its ErrorEquals and only in the last entry. Returns the
 * problems found (empty when valid).
 */
export function checkErrorEquals(field: "Retry" | "Catch", entries: readonly { ErrorEquals: readonly string[] }[]): string[] {
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const list = entry.ErrorEquals;
    if (!Array.isArray(list) || list.length === 0) {
      problems.push(`${field}[${i}].ErrorEquals must be a non-empty array`);
      return;
    }
    if (list.includes(StatesErrors.ALL)) {
      if (list.length > 1) problems.push(`${field}[${i}].ErrorEquals: States.ALL must appear alone`);
      if (i !== entries.length - 1) problems.push(`${field}[${i}]: States.ALL must be in the last entry`);
    }
  });
  return problems;
}

