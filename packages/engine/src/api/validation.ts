/**
 * Reading and validating request members the way the Step Functions API
 * does: wrong JSON types are SerializationExceptions, violated member
 * constraints are ONE ValidationException listing every violation, bad ARNs
 * are InvalidArn, bad names InvalidName.
 */
import { SfnErrors, type ConstraintViolation } from "./errors";

export type Input = Record<string, unknown>;

/** Constraints of the API model (Smithy) that requests are checked against. */
export const Limits = {
  arn: 256,
  longArn: 2000,
  name: 80,
  /** ListStateMachines / ListActivities nextToken (recorded). */
  pageToken: 1024,
  /** ListExecutions / GetExecutionHistory nextToken (recorded). */
  listExecutionsPageToken: 3096,
  maxResults: 1000,
  defaultPageSize: 100,
  definition: 1_048_576,
  workerName: 80,
  taskToken: 1024,
} as const;

/**
 * Collects violations of member constraints, then throws them together as
 * AWS does ("2 validation errors detected: …; …").
 */
export class RequestReader {
  private readonly violations: ConstraintViolation[] = [];

  constructor(readonly input: Input) {}

  /** A string member; `required` adds "Member must not be null" when missing. */
  string(field: string, opts: { required: true; min?: number; max?: number }): string;
  string(field: string, opts?: { required?: false; min?: number; max?: number }): string | undefined;
  string(field: string, opts: { required?: boolean; min?: number; max?: number } = {}): string | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) {
      if (opts.required) this.violate(null, field, "Member must not be null");
      return undefined;
    }
    if (typeof value !== "string") throw wrongType(field, "string", value);
    this.length(field, value, opts.min ?? (opts.required ? 1 : undefined), opts.max);
    return value;
  }

  integer(field: string, opts: { min?: number; max?: number } = {}): number | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value)) throw wrongType(field, "integer", value);
    if (opts.min !== undefined && value < opts.min) this.violate(String(value), field, `Member must have value greater than or equal to ${opts.min}`);
    if (opts.max !== undefined && value > opts.max) this.violate(String(value), field, `Member must have value less than or equal to ${opts.max}`);
    return value;
  }

  boolean(field: string): boolean | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") throw wrongType(field, "boolean", value);
    return value;
  }

  object(field: string): Input | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) throw wrongType(field, "structure", value);
    return value as Input;
  }

  array(field: string): unknown[] | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw wrongType(field, "list", value);
    return value;
  }

  enumOf<T extends string>(field: string, allowed: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) {
      if (opts.required) this.violate(null, field, "Member must not be null");
      return undefined;
    }
    if (typeof value !== "string") throw wrongType(field, "string", value);
    if (!(allowed as readonly string[]).includes(value)) {
      this.violate(value, field, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
      return undefined;
    }
    return value as T;
  }

  /** maxResults of a List operation: 0..1000, 0 (or absent) meaning the default of 100. */
  pageSize(field = "maxResults"): number {
    const value = this.integer(field, { min: 0, max: Limits.maxResults });
    return !value ? Limits.defaultPageSize : value;
  }

  /** nextToken of a List operation (1..max characters). */
  pageToken(field = "nextToken", max: number = Limits.pageToken): string | undefined {
    return this.string(field, { min: 1, max });
  }

  violate(value: unknown, path: string, constraint: string): void {
    this.violations.push({ value, path, constraint });
  }

  /** Throws the collected violations, if any. Call after reading every member. */
  done(): void {
    if (this.violations.length > 0) throw SfnErrors.validation(this.violations);
  }

  private length(field: string, value: string, min?: number, max?: number) {
    if (min !== undefined && value.length < min) this.violate(value, field, `Member must have length greater than or equal to ${min}`);
    if (max !== undefined && value.length > max) this.violate(value, field, `Member must have length less than or equal to ${max}`);
  }
}

function wrongType(field: string, expected: string, value: unknown) {
  const actual = Array.isArray(value) ? "list" : value === null ? "null" : typeof value;
  return SfnErrors.serialization(`Unexpected ${actual} for member '${field}': expected a ${expected}`);
}

// ---- names ---------------------------------------------------------------------

/**
 * AWS's rule for state machine, activity and execution names: no white
 * space, brackets `< > { } [ ]`, wildcards `? *`, special characters
 * `" # % \ ^ | ~ \` $ & , ; : /`, control characters (U+0000-001F,
 * U+007F-009F). Length (1..80) is a ValidationException, checked by the reader.
 */
const FORBIDDEN_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export function isValidName(name: string): boolean {
  return !FORBIDDEN_NAME_CHARS.test(name);
}

/**
 * Reads a required resource name. Its length is a member constraint
 * (reported with the others by `done()`); call {@link checkName} after
 * `done()` for the characters (InvalidName).
 */
export function readName(reader: RequestReader, field = "name"): string {
  return reader.string(field, { required: true, min: 1, max: Limits.name });
}

/** InvalidName (`Invalid Name: '<name>'`) for a name with a forbidden character. */
export function checkName(name: string): void {
  if (!isValidName(name)) throw SfnErrors.invalidName(name);
}

// ---- ARNs -------------------------------------------------------------------------

export type StatesResourceType = "stateMachine" | "activity" | "execution" | "express" | "mapRun";

export interface StatesArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  resourceType: StatesResourceType;
  /** The parts after the resource type: [name] or [stateMachineName, executionName, …]. */
  resource: string[];
}

const ARN_PARTS = /^arn:(aws[a-zA-Z-]*):states:([a-z0-9-]+):(\d{12}):([A-Za-z]+):(.+)$/;

/**
 * Parses a Step Functions ARN of one of the `expected` resource types.
 * `Invalid Arn: 'Invalid ARN prefix: …'` (recorded) when it does not start
 * with `arn:`; `Resource type not valid in this context: <type>` for an ARN
 * of another resource; `Invalid Arn: '<arn>'` otherwise. An ARN of another
 * region or account parses fine: looking it up finds nothing.
 */
export function parseStatesArn(value: string, expected: StatesResourceType | readonly StatesResourceType[]): StatesArn {
  const allowed: readonly StatesResourceType[] = typeof expected === "string" ? [expected] : expected;
  if (!value.startsWith("arn:")) throw SfnErrors.invalidArnPrefix(value);
  const m = ARN_PARTS.exec(value);
  if (!m) {
    const parts = value.split(":");
    if (parts.length >= 6 && parts[2] === "states" && parts[5] && !allowed.includes(parts[5] as StatesResourceType)) {
      throw SfnErrors.invalidArnResourceType(parts[5].toLowerCase());
    }
    throw SfnErrors.invalidArn(value);
  }
  const [, partition, region, accountId, resourceType, rest] = m as unknown as [string, string, string, string, string, string];
  if (!allowed.includes(resourceType as StatesResourceType)) throw SfnErrors.invalidArnResourceType(resourceType.toLowerCase());
  const resource = rest.split(":");
  const shape: Record<StatesResourceType, (r: string[]) => boolean> = {
    stateMachine: (r) => r.length === 1 || r.length === 2, // name, or name:version|alias
    activity: (r) => r.length === 1,
    execution: (r) => r.length === 2 || r.length === 3,
    express: (r) => r.length === 3,
    mapRun: (r) => r.length === 2 || r.length === 3,
  };
  if (resource.some((p) => p.length === 0) || !shape[resourceType as StatesResourceType](resource)) throw SfnErrors.invalidArn(value);
  return { arn: value, partition, region, accountId, resourceType: resourceType as StatesResourceType, resource };
}

/** Reads a required ARN member: length as ValidationException, then parsed as {@link parseStatesArn}. */
export function readArn(
  reader: RequestReader,
  field: string,
  expected: StatesResourceType | readonly StatesResourceType[],
  max: number = Limits.arn,
): StatesArn {
  const value = reader.string(field, { required: true, min: 1, max });
  reader.done();
  return parseStatesArn(value, expected);
}

const ROLE_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/[\w+=,.@\-/]+$/;

/** An IAM role ARN (`arn:aws:iam::<account>:role/<path/name>`). */
export function validateRoleArn(value: string): void {
  if (!value.startsWith("arn:")) throw SfnErrors.invalidArnPrefix(value);
  if (!ROLE_ARN.test(value)) throw SfnErrors.invalidArn(value);
}
