/**
 * Errors of the Step Functions control API, as AWS words them.
 *
 * A `SfnApiError` becomes an HTTP 400 (or `status`) with body
 * `{"__type": "<namespace>#<type>", "message": "…"}`. The SDK takes the part
 * after `#` as the error code and raises the matching modelled exception
 * class (`InvalidArn`, `StateMachineDoesNotExist`, …) with that message.
 *
 * Messages marked "recorded" are exactly what AWS returned in
 * /work/shared/conformance/asl/test_sfn_api.snapshot.json; the others follow
 * the same pattern ("<Words Of The Type>: '<subject>'").
 */

export const SFN_NAMESPACE = "com.amazonaws.sfn";
/** Where AWS's request layer (not the service model) puts its errors. */
export const CORAL_NAMESPACE = "com.amazon.coral.service";

export interface SfnApiErrorOptions {
  namespace?: string;
  /** HTTP status; 400 unless given. */
  status?: number;
  /** Extra members of the error shape (e.g. `reason` of ValidationException). */
  fields?: Record<string, unknown>;
}

export class SfnApiError extends Error {
  readonly namespace: string;
  readonly status: number;
  readonly fields: Record<string, unknown>;

  constructor(
    readonly type: string,
    message: string,
    options: SfnApiErrorOptions = {},
  ) {
    super(message);
    this.name = type;
    this.namespace = options.namespace ?? SFN_NAMESPACE;
    this.status = options.status ?? 400;
    this.fields = options.fields ?? {};
  }

  /** The `__type` AWS puts in the body. */
  get qualifiedType(): string {
    return `${this.namespace}#${this.type}`;
  }

  toBody(): Record<string, unknown> {
    return { __type: this.qualifiedType, message: this.message, ...this.fields };
  }
}

const quoted = (kind: string, subject: string) => `${kind}: '${subject}'`;

/** One violated member constraint, worded as AWS's request validation does. */
export interface ConstraintViolation {
  /** The offending value; `null` when missing. */
  value: unknown;
  /** The member path, e.g. `maxResults` or `loggingConfiguration.level`. */
  path: string;
  constraint: string;
}

export function describeViolation(v: ConstraintViolation): string {
  const value = v.value === null || v.value === undefined ? "null" : `'${typeof v.value === "string" ? v.value : JSON.stringify(v.value)}'`;
  return `Value ${value} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
}

export const SfnErrors = {
  // ---- ARNs and names -----------------------------------------------------
  /** Recorded: `Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'`. */
  invalidArnPrefix: (arn: string) => new SfnApiError("InvalidArn", quoted("Invalid Arn", `Invalid ARN prefix: ${arn}`)),
  /** An ARN of the wrong resource, e.g. an activity ARN given as a state machine's. */
  invalidArnResourceType: (resourceType: string) =>
    new SfnApiError("InvalidArn", quoted("Invalid Arn", `Resource type not valid in this context: ${resourceType}`)),
  /** Any other malformed ARN. */
  invalidArn: (arn: string) => new SfnApiError("InvalidArn", quoted("Invalid Arn", arn)),
  invalidName: (name: string) => new SfnApiError("InvalidName", quoted("Invalid Name", name)),

  // ---- request validation ---------------------------------------------------
  /** `N validation error(s) detected: Value … at '…' failed to satisfy constraint: …; …` (recorded wording). */
  validation: (violations: ConstraintViolation[]) =>
    new SfnApiError(
      "ValidationException",
      `${violations.length} validation error${violations.length === 1 ? "" : "s"} detected: ${violations.map(describeViolation).join("; ")}`,
    ),
  /** A ValidationException with a free-text message (and optional `reason`). */
  validationMessage: (message: string, reason?: string) =>
    new SfnApiError("ValidationException", message, reason ? { fields: { reason } } : {}),
  /** Recorded (UpdateStateMachine without anything to update). */
  missingRequiredParameter: (message = "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified") =>
    new SfnApiError("MissingRequiredParameter", message),
  /** A body member of the wrong JSON type (AWS answers these from its deserializer). */
  serialization: (message: string) => new SfnApiError("SerializationException", message, { namespace: CORAL_NAMESPACE }),
  unknownOperation: (message?: string) =>
    new SfnApiError("UnknownOperationException", message ?? "", { namespace: CORAL_NAMESPACE }),
  internalFailure: () => new SfnApiError("InternalFailure", "An internal error occurred", { namespace: CORAL_NAMESPACE, status: 500 }),

  // ---- definitions and configuration -----------------------------------------
  /** Recorded shape: `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'`. */
  invalidDefinition: (detail: string) => new SfnApiError("InvalidDefinition", quoted("Invalid State Machine Definition", detail)),
  invalidLoggingConfiguration: (detail: string) => new SfnApiError("InvalidLoggingConfiguration", `Invalid Logging Configuration: ${detail}`),
  invalidTracingConfiguration: (detail: string) => new SfnApiError("InvalidTracingConfiguration", `Invalid Tracing Configuration: ${detail}`),

  // ---- state machines ---------------------------------------------------------
  /** Recorded: `State Machine Does Not Exist: '<arn>'`. */
  stateMachineDoesNotExist: (arn: string) => new SfnApiError("StateMachineDoesNotExist", quoted("State Machine Does Not Exist", arn)),
  /** Recorded: `State Machine Already Exists: '<arn>'`. */
  stateMachineAlreadyExists: (arn: string) => new SfnApiError("StateMachineAlreadyExists", quoted("State Machine Already Exists", arn)),
  stateMachineDeleting: (arn: string) => new SfnApiError("StateMachineDeleting", quoted("State Machine Is Being Deleted", arn)),
  /** Recorded (StartSyncExecution on a STANDARD machine). */
  stateMachineTypeNotSupported: () => new SfnApiError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine"),

  // ---- executions ---------------------------------------------------------------
  /** Recorded: `Execution Does Not Exist: '<arn>'`. */
  executionDoesNotExist: (arn: string) => new SfnApiError("ExecutionDoesNotExist", quoted("Execution Does Not Exist", arn)),
  /** Recorded: `Execution Already Exists: '<arn>'`. */
  executionAlreadyExists: (arn: string) => new SfnApiError("ExecutionAlreadyExists", quoted("Execution Already Exists", arn)),
  /** Recorded: `Invalid State Machine Execution Input: '<detail>'` (detail for "" is `Invalid execution input.`). */
  invalidExecutionInput: (detail: string) => new SfnApiError("InvalidExecutionInput", quoted("Invalid State Machine Execution Input", detail)),
  executionLimitExceeded: (detail: string) => new SfnApiError("ExecutionLimitExceeded", detail),
  executionNotRedrivable: (detail: string) => new SfnApiError("ExecutionNotRedrivable", detail),
  resourceNotFound: (arn: string) => new SfnApiError("ResourceNotFound", quoted("Resource not found", arn)),

  // ---- activities and task tokens -------------------------------------------------
  activityDoesNotExist: (arn: string) => new SfnApiError("ActivityDoesNotExist", quoted("Activity Does Not Exist", arn)),
  activityAlreadyExists: (arn: string) => new SfnApiError("ActivityAlreadyExists", quoted("Activity Already Exists", arn)),
  activityWorkerLimitExceeded: (detail: string) => new SfnApiError("ActivityWorkerLimitExceeded", detail),
  invalidToken: (detail = "Invalid token") => new SfnApiError("InvalidToken", quoted("Invalid Token", detail)),
  taskDoesNotExist: (detail = "Provided task does not exist") => new SfnApiError("TaskDoesNotExist", quoted("Task Does Not Exist", detail)),
  taskTimedOut: (detail = "Provided task does not exist anymore") => new SfnApiError("TaskTimedOut", quoted("Task Timed Out", detail)),
  invalidOutput: (detail: string) => new SfnApiError("InvalidOutput", quoted("Invalid State Machine Output", detail)),
} as const;
