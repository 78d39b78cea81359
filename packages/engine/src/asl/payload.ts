/**
 * Payload templates — `Parameters`, `ResultSelector`, `ItemSelector` (and the
 * legacy Map `Parameters`) in JSONPath state machines.
 *
 * A key ending in `.$` takes its value from a path or an intrinsic call and
 * loses the `.$` suffix; other keys are copied, recursing into nested objects
 * and arrays. `$…` reads `input` (the effective input, or the task result for
 * ResultSelector), `$$…` reads the context object (with `Map.Item` for an
 * ItemSelector). Errors are States.Runtime with AWS's causes:
 * - a path selecting nothing: "The JSONPath '$.x' specified for the field 'x.$'
 *   could not be found in the input '{…}'" (the input is the context object
 *   for a `$$` path);
 * - intrinsic failures as described in ./intrinsics.
 */
import type { ContextObject, Json } from "./context";
import { evaluatePath, setOwn } from "./json-path";
import { evaluateIntrinsic, invalidTemplateValueCause, looksLikeIntrinsic, type IntrinsicOptions } from "./intrinsics";
import { StatesError, StatesErrors } from "./states-error";

type ObjectJson = { [key: string]: Json };

/** Resolves the value of one `.$` key. */
export function resolveDynamicValue(
  key: string,
  expression: Json,
  input: Json,
  context: ContextObject | Json | undefined,
  options: IntrinsicOptions = {},
): Json {
  if (typeof expression === "string") {
    if (expression.startsWith("$")) return evaluatePath(expression, input, context, key);
    if (looksLikeIntrinsic(expression)) return evaluateIntrinsic(expression, input, context, { ...options, field: key });
  }
  throw new StatesError(StatesErrors.Runtime, invalidTemplateValueCause(key));
}

/**
 * Resolves a payload template against `input` and `context`. `fieldName` is the
 * state field being resolved ("Parameters", "ResultSelector", "ItemSelector");
 * AWS's causes name the `.$` key instead, so it only labels definition errors.
 */
export function resolvePayload(
  template: Json,
  input: Json,
  context: ContextObject | Json | undefined,
  fieldName: string,
  options: IntrinsicOptions = {},
): Json {
  if (Array.isArray(template)) return template.map((item) => resolvePayload(item, input, context, fieldName, options));
  if (template === null || typeof template !== "object") return template;
  const out: ObjectJson = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$") && key.length > 2) {
      if (typeof value !== "string") {
        throw new StatesError(StatesErrors.Runtime, `${invalidTemplateValueCause(key)} (in ${fieldName})`);
      }
      setOwn(out, key.slice(0, -2), resolveDynamicValue(key, value, input, context, options));
    } else {
      setOwn(out, key, resolvePayload(value, input, context, fieldName, options));
    }
  }
  return out;
}
