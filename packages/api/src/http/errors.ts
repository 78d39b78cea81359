import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HTTPException } from "hono/http-exception";
import { z } from "@hono/zod-openapi";
import { InvalidCursor, Refused, TransactionRefused, type RefusalKind } from "@naungan/platform";
import type { AppEnv } from "../env";

export type ErrorCode =
  | "validation_failed"
  | "invalid_credentials"
  | "not_authenticated"
  | "forbidden"
  | "csrf_failed"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unprocessable"
  | "gone"
  | "too_many_attempts"
  | "service_unavailable"
  | "internal_error";

export interface FieldError {
  path: string;
  message: string;
}

/** An error a handler throws to answer with API.md's error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi("Error");

export function errorBody(code: string, message: string, fields?: FieldError[], details?: Record<string, unknown>) {
  return { error: { code, message, ...(fields?.length ? { fields } : {}), ...(details ? { details } : {}) } };
}

const refusalStatus: Record<RefusalKind, [ContentfulStatusCode, ErrorCode]> = {
  invalid: [400, "validation_failed"],
  forbidden: [403, "forbidden"],
  not_found: [404, "not_found"],
  conflict: [409, "conflict"],
  gone: [410, "gone"],
  unprocessable: [422, "unprocessable"],
};

export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join(".") || "(body)",
    message: issue.message,
  }));
}

/** Hook for @hono/zod-openapi: a request that fails its schema gets 400 naming each field. */
export function validationHook(result: { success: boolean; error?: unknown; target?: string }, c: Context<AppEnv>) {
  if (!result.success && result.error instanceof z.ZodError) {
    const fields = fieldErrors(result.error);
    return c.json(errorBody("validation_failed", `Invalid ${result.target ?? "input"}: ${fields.map((f) => f.path).join(", ")}`, fields), 400);
  }
  return undefined;
}

/** Last line of defence: nothing a client sends may become a 500. */
export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.fields), err.status, err.headers);
  }
  if (err instanceof Refused) {
    const [status, code] = refusalStatus[err.kind];
    return c.json(errorBody(code, err.message, err.fields, err.details), status);
  }
  if (err instanceof z.ZodError) {
    const fields = fieldErrors(err);
    return c.json(errorBody("validation_failed", "Invalid input", fields), 400);
  }
  if (err instanceof InvalidCursor) {
    return c.json(errorBody("validation_failed", err.message, [{ path: "cursor", message: err.message }]), 400);
  }
  if (err instanceof HTTPException) {
    // Hono raises these for bodies it cannot parse (malformed JSON, bad multipart).
    const status = err.status as ContentfulStatusCode;
    const code: ErrorCode = status === 413 ? "payload_too_large" : status === 401 ? "not_authenticated" : "validation_failed";
    return c.json(errorBody(code, err.message || "The request body could not be read"), status < 500 ? status : 400);
  }
  if (err instanceof TransactionRefused) {
    return c.json(errorBody("conflict", "The data changed while the request ran; try again"), 409);
  }
  if (isBackendUnavailable(err)) {
    // DynamoDB or the workflow engine not answering (restarting, network): the client may try again.
    console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), message: `backend unavailable: ${err.message}` }));
    return c.json(errorBody("service_unavailable", `The data store or the workflow engine is not answering right now; try again in a moment (request ${c.get("requestId")})`), 503, { "retry-after": "5" });
  }
  console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), message: err.message, stack: err.stack }));
  return c.json(errorBody("internal_error", `Something went wrong on our side (request ${c.get("requestId")})`), 500);
}

const NETWORK_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND", "UND_ERR_SOCKET"]);

/**
 * An AWS SDK call that never got an answer (connection refused or dropped,
 * timed out) or got a server-side fault (5xx, throttling) from DynamoDB or
 * Step Functions: a 503, not a 500.
 */
export function isBackendUnavailable(err: unknown, depth = 0): boolean {
  const e = err as { code?: unknown; name?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: number }; cause?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (typeof e.code === "string" && NETWORK_ERROR_CODES.has(e.code)) return true;
  if (e.name === "TimeoutError" || e.name === "RequestTimeout" || e.name === "ThrottlingException" || e.name === "ProvisionedThroughputExceededException") return true;
  if (e.$metadata && (e.$fault === "server" || (e.$metadata.httpStatusCode ?? 0) >= 500)) return true;
  return depth < 5 && e.cause !== undefined && isBackendUnavailable(e.cause, depth + 1);
}
