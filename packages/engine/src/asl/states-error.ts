/**
 * An error as Step Functions names it: `error` is what Retry/Catch match on
 * (`States.Runtime`, `States.TaskFailed`, a Lambda's error type, …) and
 * `cause` the human-readable detail AWS records in the history.
 */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause?: string,
  ) {
    super(cause ? `${error}: ${cause}` : error);
  }
}

/** The predefined error names of the Amazon States Language. */
export const StatesErrors = {
  ALL: "States.ALL",
  Runtime: "States.Runtime",
  TaskFailed: "States.TaskFailed",
  Timeout: "States.Timeout",
  HeartbeatTimeout: "States.HeartbeatTimeout",
  Permissions: "States.Permissions",
  ResultPathMatchFailure: "States.ResultPathMatchFailure",
  ParameterPathFailure: "States.ParameterPathFailure",
  QueryEvaluationError: "States.QueryEvaluationError",
  BranchFailed: "States.BranchFailed",
  NoChoiceMatched: "States.NoChoiceMatched",
  IntrinsicFailure: "States.IntrinsicFailure",
  ExceedToleratedFailureThreshold: "States.ExceedToleratedFailureThreshold",
  ItemReaderFailed: "States.ItemReaderFailed",
  DataLimitExceeded: "States.DataLimitExceeded",
} as const;
