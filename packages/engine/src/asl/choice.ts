/**
 * Choice state (JSONPath rules): picks the `Next` of the first matching Choice
 * Rule, else `Default`, else fails with `States.NoChoiceMatched`.
 *
 * Semantics (ASL spec, "Choice State", and the AWS developer guide):
 * - Rules are tried in order; `And`/`Or` stop as soon as the result is known,
 *   so `And: [{IsPresent: true}, {…NumericEquals…}]` never reads a missing path.
 * - A comparison whose operands are not both of its type (string, number,
 *   boolean, timestamp) is false, not an error — also for the `…Path` variants.
 * - A `Variable` that selects nothing is `States.Runtime`
 *   "Invalid path '<path>': The choice state's condition path references an
 *   invalid value." — except under `IsPresent`, which is then simply false
 *   (the spec: "no exception is thrown and the Choice Rule just returns false").
 *   AWS's wording is not in our recordings; it is the one AWS emulators and
 *   users quote. A `…Path` operand that selects nothing fails the same way.
 * - Strings compare by UTF-16 code unit (AWS points to Java's `String.compareTo`);
 *   numbers as IEEE doubles; timestamps as instants (`parseTimestamp`, so
 *   `…T10:00:00+02:00` equals `…T08:00:00Z`, nanoseconds kept).
 * - `StringMatches`: `*` matches any run of characters, `\*` a literal `*`,
 *   `\\` a literal `\`; any other backslash is an "open escape" that the spec
 *   makes a runtime error.
 * - `Is*` operators with `false` test the negation (`IsString: false` ⇔ not a string).
 *
 * Causes carry no location prefix; the runtime prepends "An error occurred
 * while executing the state '<name>' (entered at the event id #<n>). ".
 */
import type { ContextObject, Json } from "./context";
import { evaluatePath } from "./json-path";
import { StatesError, StatesErrors } from "./states-error";
import { parseTimestamp } from "./wait";

/** A JSONPath Choice Rule: a boolean expression (`And`/`Or`/`Not`) or a data test (`Variable` + one operator). */
export interface ChoiceRule {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  /** Only on top-level rules. */
  Next?: string;
  Comment?: string;
  [operator: string]: unknown;
}

/** The fields of a Choice state this module reads (`Choices` is required by ASL; a state without it is rejected). */
export interface ChoiceState {
  Choices?: ChoiceRule[];
  Default?: string;
}

/** The outcome of a Choice state: the next state, and the rule that matched (absent when `Default` was taken). */
export interface ChoiceOutcome {
  next: string;
  rule?: ChoiceRule;
  /** Index of the matching rule in `Choices`; absent when `Default` was taken. */
  ruleIndex?: number;
}

/**
 * Cause of `States.NoChoiceMatched`. No recording of AWS's text for this error
 * is available to us (the conformance data has no such case); this wording is
 * ours and the one place to change it.
 */
export const NO_CHOICE_MATCHED_CAUSE = "No Choice Rule matched and no Default was specified.";

/** Cause of the `States.Runtime` error for a Choice path that selects nothing. */
export function invalidChoicePathCause(path: string): string {
  return `Invalid path '${path}': The choice state's condition path references an invalid value.`;
}

type Kind = "string" | "numeric" | "boolean" | "timestamp";
type Relation = "Equals" | "LessThan" | "GreaterThan" | "LessThanEquals" | "GreaterThanEquals";

interface Comparator {
  kind: Kind;
  relation: Relation;
  /** The operand is a path to read rather than a literal. */
  path: boolean;
}

const KIND_PREFIX: Record<Kind, string> = {
  string: "String",
  numeric: "Numeric",
  boolean: "Boolean",
  timestamp: "Timestamp",
};
const RELATIONS: readonly Relation[] = ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];

/** Every comparison operator of ASL, e.g. `NumericLessThanEqualsPath` → numeric, LessThanEquals, path. */
const COMPARATORS: ReadonlyMap<string, Comparator> = (() => {
  const map = new Map<string, Comparator>();
  for (const kind of Object.keys(KIND_PREFIX) as Kind[]) {
    for (const relation of kind === "boolean" ? (["Equals"] as const) : RELATIONS) {
      const name = KIND_PREFIX[kind] + relation;
      map.set(name, { kind, relation, path: false });
      map.set(`${name}Path`, { kind, relation, path: true });
    }
  }
  return map;
})();

const TYPE_TESTS: Readonly<Record<string, (value: Json) => boolean>> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === "number",
  IsString: (v) => typeof v === "string",
  IsBoolean: (v) => typeof v === "boolean",
  IsTimestamp: (v) => typeof v === "string" && parseTimestamp(v) !== undefined,
};

/** Every operator name a data-test rule may use. */
export const CHOICE_OPERATORS: readonly string[] = [
  ...COMPARATORS.keys(),
  "StringMatches",
  "IsPresent",
  ...Object.keys(TYPE_TESTS),
];
const OPERATOR_SET: ReadonlySet<string> = new Set(CHOICE_OPERATORS);

const MISSING: unique symbol = Symbol("missing");

/** Reads a path; `MISSING` when it selects nothing (evaluatePath reports that as States.Runtime). */
function read(path: string, input: Json, context: ContextObject, field: string): Json | typeof MISSING {
  try {
    return evaluatePath(path, input, context, field);
  } catch (error) {
    if (error instanceof StatesError && error.error === StatesErrors.Runtime) return MISSING;
    throw error;
  }
}

function readOrFail(path: string, input: Json, context: ContextObject, field: string): Json {
  const value = read(path, input, context, field);
  if (value === MISSING) throw new StatesError(StatesErrors.Runtime, invalidChoicePathCause(path));
  return value;
}

/** Sign of a − b when both are of `kind`, else undefined (no comparison possible). */
function compare(kind: Kind, a: unknown, b: unknown): number | undefined {
  switch (kind) {
    case "string":
      if (typeof a !== "string" || typeof b !== "string") return undefined;
      return a < b ? -1 : a > b ? 1 : 0;
    case "numeric":
      if (typeof a !== "number" || typeof b !== "number") return undefined;
      return a < b ? -1 : a > b ? 1 : 0;
    case "boolean":
      if (typeof a !== "boolean" || typeof b !== "boolean") return undefined;
      return a === b ? 0 : 1; // only Equals exists for booleans
    case "timestamp": {
      const ta = typeof a === "string" ? parseTimestamp(a) : undefined;
      const tb = typeof b === "string" ? parseTimestamp(b) : undefined;
      if (ta === undefined || tb === undefined) return undefined;
      return ta < tb ? -1 : ta > tb ? 1 : 0;
    }
  }
}

function holds(relation: Relation, sign: number): boolean {
  switch (relation) {
    case "Equals":
      return sign === 0;
    case "LessThan":
      return sign < 0;
    case "GreaterThan":
      return sign > 0;
    case "LessThanEquals":
      return sign <= 0;
    case "GreaterThanEquals":
      return sign >= 0;
  }
}

/**
 * Whether `value` matches a `StringMatches` pattern: `*` is any run of
 * characters, `\*` a literal `*`, `\\` a literal `\`. Any other backslash is an
 * open escape → `States.Runtime` (ASL spec; AWS's wording of that error is not
 * recorded).
 */
export function stringMatches(value: string, pattern: string): boolean {
  // Split the pattern into literal segments separated by unescaped '*'.
  const segments: string[] = [];
  let current = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next !== "*" && next !== "\\") {
        throw new StatesError(
          StatesErrors.Runtime,
          `The StringMatches pattern '${pattern}' has an open escape at position ${i}: only \\* and \\\\ may be escaped.`,
        );
      }
      current += next;
      i++;
    } else if (ch === "*") {
      segments.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  segments.push(current);
  if (segments.length === 1) return value === segments[0];
  // Anchored first and last segments, the middle ones found greedily left to right.
  const first = segments[0] ?? "";
  const last = segments[segments.length - 1] ?? "";
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let pos = first.length;
  const end = value.length - last.length;
  for (let s = 1; s < segments.length - 1; s++) {
    const segment = segments[s] ?? "";
    const at = value.indexOf(segment, pos);
    if (at < 0 || at + segment.length > end) return false;
    pos = at + segment.length;
  }
  return true;
}

function operatorOf(rule: ChoiceRule): string {
  for (const key of Object.keys(rule)) if (OPERATOR_SET.has(key)) return key;
  throw new Error(`Invalid Choice Rule: no comparison operator in ${JSON.stringify(rule)}`);
}

/** Evaluates one Choice Rule (without regard to its `Next`). */
export function evaluateChoiceRule(rule: ChoiceRule, input: Json, context: ContextObject): boolean {
  if (rule.And !== undefined) {
    for (const sub of rule.And) if (!evaluateChoiceRule(sub, input, context)) return false;
    return true;
  }
  if (rule.Or !== undefined) {
    for (const sub of rule.Or) if (evaluateChoiceRule(sub, input, context)) return true;
    return false;
  }
  if (rule.Not !== undefined) return !evaluateChoiceRule(rule.Not, input, context);

  const operator = operatorOf(rule);
  const variable = rule.Variable;
  if (typeof variable !== "string") {
    throw new Error(`Invalid Choice Rule: ${operator} needs a Variable path`);
  }
  const operand = rule[operator];

  if (operator === "IsPresent") {
    return (read(variable, input, context, "Variable") !== MISSING) === operand;
  }

  const value = readOrFail(variable, input, context, "Variable");

  const typeTest = TYPE_TESTS[operator];
  if (typeTest) return typeTest(value) === operand;

  if (operator === "StringMatches") {
    return typeof value === "string" && typeof operand === "string" && stringMatches(value, operand);
  }

  const comparator = COMPARATORS.get(operator);
  if (!comparator) throw new Error(`Invalid Choice Rule: unknown operator ${operator}`);
  let other: unknown = operand;
  if (comparator.path) {
    if (typeof operand !== "string") throw new Error(`Invalid Choice Rule: ${operator} needs a path`);
    other = readOrFail(operand, input, context, operator);
  }
  const sign = compare(comparator.kind, value, other);
  return sign !== undefined && holds(comparator.relation, sign);
}

/**
 * The outcome of a Choice state: the first matching rule's `Next`, else
 * `Default`; throws `StatesError("States.NoChoiceMatched", NO_CHOICE_MATCHED_CAUSE)`
 * when neither. `input` is the state's effective input (after `InputPath`).
 */
export function chooseRule(state: ChoiceState, input: Json, context: ContextObject): ChoiceOutcome {
  if (!Array.isArray(state.Choices)) throw new Error("Invalid Choice definition: Choices must be an array of Choice Rules");
  for (const [ruleIndex, rule] of state.Choices.entries()) {
    if (evaluateChoiceRule(rule, input, context)) {
      if (typeof rule.Next !== "string") throw new Error("Invalid Choice Rule: a top-level rule needs Next");
      return { next: rule.Next, rule, ruleIndex };
    }
  }
  if (state.Default !== undefined) return { next: state.Default };
  throw new StatesError(StatesErrors.NoChoiceMatched, NO_CHOICE_MATCHED_CAUSE);
}

/** The name of the state a Choice state transitions to (see `chooseRule`). */
export function chooseNext(state: ChoiceState, input: Json, context: ContextObject): string {
  return chooseRule(state, input, context).next;
}
