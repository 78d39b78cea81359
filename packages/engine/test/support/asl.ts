import type { ContextObject } from "../../src/asl/context";
import { StatesError } from "../../src/asl/states-error";

/** The StatesError `fn` throws; any other error is rethrown, and returning normally fails with `message`. */
export function thrown(fn: () => unknown, message = "expected a StatesError"): StatesError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error(message);
}

/** The error and cause of the StatesError `fn` throws, as a plain object to compare whole. */
export function failure(fn: () => unknown, message?: string): { error: string; cause?: string } {
  const { error, cause } = thrown(fn, message);
  return { error, cause };
}

/** Parts of a context object to change: each given field replaces that one field of the default. */
export type ContextOverrides = {
  Execution?: Partial<ContextObject["Execution"]>;
  State?: Partial<ContextObject["State"]>;
  StateMachine?: Partial<ContextObject["StateMachine"]>;
  Task?: ContextObject["Task"];
  Map?: ContextObject["Map"];
};

/**
 * A fixed context object (`$$`) for tests: execution `exec` of state machine
 * `sm` in us-east-1, started and entered at 2024-01-01T00:00:00Z, in state `S`.
 * Overridden fields keep their place, so the object prints in the same order.
 */
export function testContext(overrides: ContextOverrides = {}): ContextObject {
  const { Execution, State, StateMachine, ...rest } = overrides;
  return {
    Execution: {
      Id: "arn:aws:states:us-east-1:123456789012:execution:sm:exec",
      Input: {},
      Name: "exec",
      RoleArn: "arn:aws:iam::123456789012:role/r",
      StartTime: "2024-01-01T00:00:00.000Z",
      ...Execution,
    },
    State: { EnteredTime: "2024-01-01T00:00:00.000Z", Name: "S", RetryCount: 0, ...State },
    StateMachine: { Id: "arn:aws:states:us-east-1:123456789012:stateMachine:sm", Name: "sm", ...StateMachine },
    ...rest,
  };
}
