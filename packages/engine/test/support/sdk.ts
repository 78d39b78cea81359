import type { SFNServiceException } from "@aws-sdk/client-sfn";
import { expect } from "vitest";

/** Expects `call` to fail with the SDK exception class, as HTTP 400, and (when given) the message. */
export async function sdkFailure<E extends SFNServiceException>(
  call: Promise<unknown>,
  type: abstract new (...args: any[]) => E,
  message?: string | RegExp,
): Promise<E> {
  const err = await call.then(
    () => {
      throw new Error(`expected ${type.name}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  const e = err as E;
  expect(e.name).toBe(type.name);
  expect(e.$metadata.httpStatusCode).toBe(400);
  if (typeof message === "string") expect(e.message).toBe(message);
  else if (message) expect(e.message).toMatch(message);
  return e;
}
