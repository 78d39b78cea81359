/**
 * Checks a state machine definition as CreateStateMachine/UpdateStateMachine
 * receive it (a string of JSON) and words the problems as AWS does:
 * `Invalid State Machine Definition: '<CODE>: <detail> at <path>, …'`.
 *
 * The raw API gets the final definition: `definitionSubstitutions` are a
 * CloudFormation/CDK feature applied before the call. A `${…}` left in the
 * definition is therefore refused with a message saying so, instead of a
 * confusing schema error later (or a Task calling `${MyFunctionArn}`).
 */
import { createRequire } from "node:module";
import { SfnErrors } from "./errors";

interface AslError {
  "Error code": string;
  Message: string;
  schemaError?: { instancePath: string; schemaPath: string };
}
type AslValidator = (definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }) => { isValid: boolean; errors: AslError[] };

// asl-validator is CommonJS without types, and it mutates its input.
const aslValidator = createRequire(import.meta.url)("asl-validator") as AslValidator;

/** Parses and validates a definition; throws InvalidDefinition. Returns the parsed document. */
export function validateDefinition(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw SfnErrors.invalidDefinition(`INVALID_JSON_DESCRIPTION: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw SfnErrors.invalidDefinition("INVALID_JSON_DESCRIPTION: The definition must be a JSON object");
  }
  const placeholders = findPlaceholders(parsed);
  if (placeholders.length > 0) {
    const where = placeholders
      .slice(0, 5)
      .map((p) => `${p.placeholder} at ${p.path}`)
      .join(", ");
    throw SfnErrors.invalidDefinition(
      `UNRESOLVED_SUBSTITUTION: The definition still contains ${placeholders.length === 1 ? "a placeholder" : `${placeholders.length} placeholders`}: ${where}. ` +
        "definitionSubstitutions are applied by CloudFormation/CDK, not by the Step Functions API: substitute them before calling CreateStateMachine/UpdateStateMachine",
    );
  }
  const result = aslValidator(structuredClone(parsed));
  if (!result.isValid) {
    const problems = describeAslErrors(result.errors, parsed);
    throw SfnErrors.invalidDefinition(problems.length > 0 ? problems.join(", ") : "SCHEMA_VALIDATION_FAILED: The definition is not valid");
  }
  return parsed as Record<string, unknown>;
}

export interface Placeholder {
  placeholder: string;
  /** JSON pointer of the value (or key) holding it. */
  path: string;
}

const PLACEHOLDER = /\$\{[^}]*\}/g;

/** Every `${…}` in the document's strings and keys. */
export function findPlaceholders(value: unknown, path = ""): Placeholder[] {
  if (typeof value === "string") return [...value.matchAll(PLACEHOLDER)].map((m) => ({ placeholder: m[0], path: path || "/" }));
  if (Array.isArray(value)) return value.flatMap((v, i) => findPlaceholders(v, `${path}/${i}`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => {
      const here = `${path}/${escapePointer(k)}`;
      return [...[...k.matchAll(PLACEHOLDER)].map((m) => ({ placeholder: m[0], path: here })), ...findPlaceholders(v, here)];
    });
  }
  return [];
}

function escapePointer(key: string) {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function lookup(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

const STATE_TYPES = ["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];
const REQUIRED_BY_TYPE: Record<string, string[]> = { Task: ["Resource"], Choice: ["Choices"], Parallel: ["Branches"] };

/** asl-validator's findings in AWS's words, deduplicated. */
function describeAslErrors(errors: AslError[], original: unknown): string[] {
  const required = new Map<string, string[]>();
  const out: string[] = [];
  const paths: string[] = [];
  const generic: { path: string; message: string }[] = [];
  for (const e of errors) {
    const code = e["Error code"];
    if (!e.schemaError) {
      out.push(`${code}: ${e.Message}`);
      continue;
    }
    const path = e.schemaError.instancePath;
    // asl-validator fills in QueryLanguage on every state: never blame the user for it.
    if (path.endsWith("/QueryLanguage") && lookup(original, path) === undefined) continue;
    const detail = e.Message.replace(/^.*? is invalid\. /, "");
    const missing = /^must have required property '(.+)'$/.exec(detail);
    if (missing) {
      const list = required.get(path) ?? [];
      list.push(missing[1]!);
      required.set(path, list);
      continue;
    }
    const at = path || "/";
    if (!path.endsWith("/Type")) paths.push(path);
    // With oneOf over the state types, a state of a valid Type that is wrong
    // in another way is reported as "Type must be one of the allowed values".
    if (path.endsWith("/Type") && STATE_TYPES.includes(lookup(original, path) as string)) {
      const statePath = path.slice(0, -"/Type".length);
      const state = lookup(original, statePath) as Record<string, unknown>;
      const missingFields = (REQUIRED_BY_TYPE[state.Type as string] ?? []).filter((f) => state[f] === undefined);
      if (missingFields.length > 0) required.set(statePath, [...(required.get(statePath) ?? []), ...missingFields]);
      else generic.push({ path: statePath, message: `${code}: The fields of this ${String(state.Type)} state are not valid at ${statePath}` });
      continue;
    }
    if (detail === "must NOT have additional properties") out.push(`${code}: Object has fields that are not supported at ${at}`);
    else if (detail === "must match exactly one schema in oneOf") out.push(`${code}: The value is not valid here at ${at}`);
    else out.push(`${code}: The value ${detail} at ${at}`);
  }
  const requiredMessages = [...required].map(([path, fields]) => `SCHEMA_VALIDATION_FAILED: These fields are required: [${[...new Set(fields)].join(", ")}] at ${path || "/"}`);
  // Said only when nothing more precise was found inside that state.
  for (const g of generic) if (!paths.some((p) => p.startsWith(`${g.path}/`)) && !required.has(g.path)) out.push(g.message);
  return [...new Set([...requiredMessages, ...out])];
}
