/**
 * Map state run-time settings: `MaxConcurrency(Path)`,
 * `ToleratedFailureCount(Path)`, `ToleratedFailurePercentage(Path)`, and the
 * "tolerated failure exceeded?" decision of a Distributed Map run.
 *
 * Recorded AWS behaviour (LocalStack scenario cases, run on AWS):
 * - `test_max_concurrency_path[…]`: 0 and 1 run; `{}` and `"NoNumber"` fail with
 *   States.Runtime `The MaxConcurrencyPath field refers to value "<v>" which is
 *   not a valid integer: <path>`, *before* MapStateStarted (events: MapStateEntered,
 *   ExecutionFailed) — resolve it first.
 * - `test_map_state_tolerated_failure_count_path[…]`: `{}`/`"NoNumber"` →
 *   `The ToleratedFailureCountPath field refers to value "<v>" which is not a
 *   valid integer: <path>`; -1 → `ToleratedFailureCount cannot be negative.`
 * - `test_map_state_tolerated_failure_percentage_path[…]`: `{}`/`"NoNumber"` →
 *   `… which is not a valid float: <path>`; -1, -1.1, 100.1 →
 *   `ToleratedFailurePercentage must be between 0 and 100.`
 *   Both tolerated-failure failures come *after* MapStateStarted (events:
 *   MapStateEntered, MapStateStarted, ExecutionFailed).
 * - `test_map_item_reader_csv_max_items_paths[1.5]`: the same template says 1.5 is
 *   "not a valid integer", so integer fields here reject fractions too.
 * Values print as AWS prints them: strings bare, everything else as JSON.
 * A negative MaxConcurrencyPath value was not recorded by AWS (the case stops
 * after ExecutionStarted); we fail it with LocalStack's wording.
 *
 * Causes carry no location prefix; the runtime prepends "An error occurred
 * while executing the state '<name>' (entered at the event id #<n>). ".
 */
import type { ContextObject, Json } from "./context";
import { evaluatePath } from "./json-path";
import { StatesError, StatesErrors } from "./states-error";

/** The fields of a Map state this module reads. */
export interface MapConfigFields {
  MaxConcurrency?: number;
  MaxConcurrencyPath?: string;
  ToleratedFailureCount?: number;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentage?: number;
  ToleratedFailurePercentagePath?: string;
}

/** The tolerated failures of a Distributed Map run; an absent field was not specified. */
export interface FailureTolerance {
  count?: number;
  percentage?: number;
}

/** The cause AWS gives States.ExceedToleratedFailureThreshold (as LocalStack's TestState mock of AWS reproduces it; not in our recordings). */
export const EXCEED_TOLERATED_FAILURE_CAUSE = "The specified tolerated failure threshold was exceeded";

const INT_MAX = 2_147_483_647; // MaxConcurrency is a Java int

function render(value: Json): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function runtimeError(cause: string): StatesError {
  return new StatesError(StatesErrors.Runtime, cause);
}

function notA(kind: "integer" | "float", field: string, path: string, value: Json): StatesError {
  return runtimeError(`The ${field} field refers to value "${render(value)}" which is not a valid ${kind}: ${path}`);
}

/**
 * The Map state's MaxConcurrency: 0 (the default) means no limit. With
 * `MaxConcurrencyPath` the selected value must be a JSON integer ≥ 0; resolve
 * this before emitting MapStateStarted.
 */
export function resolveMaxConcurrency(state: MapConfigFields, input: Json, context: ContextObject): number {
  if (state.MaxConcurrencyPath !== undefined) {
    const path = state.MaxConcurrencyPath;
    const value = evaluatePath(path, input, context, "MaxConcurrencyPath");
    if (typeof value !== "number" || !Number.isInteger(value) || value > INT_MAX || value < -INT_MAX - 1) {
      throw notA("integer", "MaxConcurrencyPath", path, value);
    }
    if (value < 0) throw runtimeError(`Expected non-negative integer for MaxConcurrency, got '${value}' instead.`);
    return value;
  }
  const literal = state.MaxConcurrency ?? 0;
  if (!Number.isInteger(literal) || literal < 0) {
    throw new Error(`Invalid Map definition: MaxConcurrency must be a non-negative integer, got ${JSON.stringify(literal)}`);
  }
  return literal;
}

/**
 * The Map run's tolerated failures from `ToleratedFailureCount(Path)` and
 * `ToleratedFailurePercentage(Path)` (count checked first). Resolve this after
 * emitting MapStateStarted.
 */
export function resolveFailureTolerance(state: MapConfigFields, input: Json, context: ContextObject): FailureTolerance {
  const tolerance: FailureTolerance = {};

  let count: Json | undefined = state.ToleratedFailureCount;
  if (state.ToleratedFailureCountPath !== undefined) {
    const path = state.ToleratedFailureCountPath;
    const value = evaluatePath(path, input, context, "ToleratedFailureCountPath");
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      throw notA("integer", "ToleratedFailureCountPath", path, value);
    }
    count = value;
  }
  if (count !== undefined) {
    if (typeof count !== "number" || !Number.isSafeInteger(count)) {
      throw new Error(`Invalid Map definition: ToleratedFailureCount must be an integer, got ${JSON.stringify(count)}`);
    }
    if (count < 0) throw runtimeError("ToleratedFailureCount cannot be negative.");
    tolerance.count = count;
  }

  let percentage: Json | undefined = state.ToleratedFailurePercentage;
  if (state.ToleratedFailurePercentagePath !== undefined) {
    const path = state.ToleratedFailurePercentagePath;
    const value = evaluatePath(path, input, context, "ToleratedFailurePercentagePath");
    if (typeof value !== "number") throw notA("float", "ToleratedFailurePercentagePath", path, value);
    percentage = value;
  }
  if (percentage !== undefined) {
    if (typeof percentage !== "number") {
      throw new Error(`Invalid Map definition: ToleratedFailurePercentage must be a number, got ${JSON.stringify(percentage)}`);
    }
    if (percentage < 0 || percentage > 100) throw runtimeError("ToleratedFailurePercentage must be between 0 and 100.");
    tolerance.percentage = percentage;
  }

  return tolerance;
}

/**
 * Whether a Distributed Map run has exceeded its tolerated failures, with
 * `failed` items failed or timed out out of `total` (AWS developer guide,
 * "Tolerated failure threshold for Distributed Map state"):
 * - neither threshold given: any failure exceeds ("the default … is zero, which
 *   means that the workflow fails if any one of its child workflow executions
 *   fails or times out");
 * - count: exceeded when failed > count;
 * - percentage: exceeded when failed / total · 100 > percentage (100 never fails);
 * - "If you specify both values, the workflow fails when it exceeds either value."
 * The run then fails with `exceededToleratedFailureError()`.
 */
export function toleratedFailureExceeded(tolerance: FailureTolerance, failed: number, total: number): boolean {
  if (failed <= 0) return false;
  if (tolerance.count === undefined && tolerance.percentage === undefined) return true;
  if (tolerance.count !== undefined && failed > tolerance.count) return true;
  if (tolerance.percentage !== undefined && total > 0 && failed * 100 > tolerance.percentage * total) return true;
  return false;
}

/** The error a Distributed Map run fails with once its tolerated failures are exceeded. */
export function exceededToleratedFailureError(): StatesError {
  return new StatesError(StatesErrors.ExceedToleratedFailureThreshold, EXCEED_TOLERATED_FAILURE_CAUSE);
}
