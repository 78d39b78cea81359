/**
 * A problem with the local runtime that the developer can fix themselves.
 * The message is one sentence saying what went wrong and what to do; callers
 * (npm start, the test setup) print it as it is, without a stack trace.
 */
export class LocalRuntimeError extends Error {
  override name = "LocalRuntimeError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
