/**
 * Intrinsic functions of the JSONPath query language (`"key.$": "States.Format('{}', $.x)"`).
 *
 * `evaluateIntrinsic` parses the call (see ./intrinsics/parser), resolves the
 * arguments — paths on the input (`$`) or the context object (`$$`), literals,
 * nested calls — and runs the function (see ./intrinsics/functions).
 *
 * Every failure is States.Runtime, as on AWS, with the whole expression as
 * written in the cause:
 * - an argument path that selects nothing:
 *   "The function 'States.Format('{}', $.nope)' had the following error:
 *    The JsonPath argument for the field '$.nope' could not be found in the input '{"other":1}'"
 * - bad argument types, counts or values:
 *   "The function '…' had the following error: Invalid arguments in States.MathAdd"
 * - a malformed call or unknown function (AWS rejects those when the state
 *   machine is created): "The value for the field 'x.$' must be a valid JSONPath
 *   or a valid intrinsic function call".
 */
import type { ContextObject, Json } from "./context";
import { lookupParsed, parsePath, toJsonText } from "./json-path";
import { StatesError, StatesErrors } from "./states-error";
import { INTRINSIC_FUNCTIONS, IntrinsicFailure, JsonTree, type IntrinsicOptions, type IntrinsicValue } from "./intrinsics/functions";
import { IntrinsicSyntaxError, parseIntrinsic, type IntrinsicArg, type IntrinsicCall } from "./intrinsics/parser";

export { INTRINSIC_FUNCTIONS, IntrinsicFailure, parseFormatTemplate, tokenize } from "./intrinsics/functions";
export type { IntrinsicOptions, IntrinsicValue } from "./intrinsics/functions";
export { IntrinsicSyntaxError, MAX_INTRINSIC_NESTING, looksLikeIntrinsic, parseIntrinsic } from "./intrinsics/parser";
export type { IntrinsicArg, IntrinsicCall } from "./intrinsics/parser";
export {
  JavaRandom,
  jacksonJson,
  javaDoubleToString,
  javaEquals,
  javaHashCode,
  javaHashSetOrder,
  javaNumberToString,
  javaRound,
  javaToString,
} from "./intrinsics/java";

export interface EvaluateIntrinsicOptions extends IntrinsicOptions {
  /** The payload key being resolved (`value.$`), named when the call itself is invalid. */
  field?: string;
}

/** AWS's validation message for a `.$` value that is neither a path nor a valid call. */
export function invalidTemplateValueCause(field: string): string {
  return `The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call`;
}

class ArgumentPathMissing extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

function evaluateArg(arg: IntrinsicArg, input: Json, context: Json, options: IntrinsicOptions): IntrinsicValue {
  switch (arg.kind) {
    case "string":
    case "number":
    case "boolean":
      return { value: arg.value };
    case "null":
      return { value: null };
    case "path": {
      const parsed = parsePath(arg.path);
      const scope = parsed.root === "$$" ? context : input;
      const found = lookupParsed(parsed, scope);
      if (!found.found) {
        throw new ArgumentPathMissing(
          `The JsonPath argument for the field '${arg.path}' could not be found in the input '${toJsonText(scope)}'`,
        );
      }
      return { value: found.value };
    }
    case "call":
      return evaluateCall(arg, input, context, options);
  }
}

function evaluateCall(call: IntrinsicCall, input: Json, context: Json, options: IntrinsicOptions): IntrinsicValue {
  const spec = INTRINSIC_FUNCTIONS[call.name];
  if (spec === undefined) throw new IntrinsicSyntaxError(call.text, `unknown function ${call.name}`);
  if (call.args.length < spec.minArgs || call.args.length > spec.maxArgs) {
    throw new IntrinsicFailure(`Invalid arguments in ${call.name}`);
  }
  const args = call.args.map((arg) => evaluateArg(arg, input, context, options));
  const result = spec.run(args, call.args, options);
  return result instanceof JsonTree ? { value: result.value, jsonTree: true } : { value: result };
}

/**
 * Evaluates an intrinsic call against the (effective) input and the context
 * object. `expression` may be pre-parsed; the cause then quotes `call.text`.
 */
export function evaluateIntrinsic(
  expression: string | IntrinsicCall,
  input: Json,
  context: ContextObject | Json | undefined,
  options: EvaluateIntrinsicOptions = {},
): Json {
  const text = typeof expression === "string" ? expression : expression.text;
  const field = options.field ?? text;
  try {
    const call = typeof expression === "string" ? parseIntrinsic(expression) : expression;
    return evaluateCall(call, input, (context ?? {}) as Json, options).value;
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) {
      throw new StatesError(StatesErrors.Runtime, invalidTemplateValueCause(field));
    }
    if (error instanceof IntrinsicFailure || error instanceof ArgumentPathMissing) {
      throw new StatesError(StatesErrors.Runtime, `The function '${text}' had the following error: ${error.detail}`);
    }
    throw error;
  }
}
