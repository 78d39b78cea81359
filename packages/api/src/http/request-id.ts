import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

/** Every request gets an id (API Gateway's when it has one) that logs and audit events carry. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const fromGateway = (c.env as { requestContext?: { requestId?: string } } | undefined)?.requestContext?.requestId;
  const id = fromGateway ?? randomUUID();
  c.set("requestId", id);
  c.header("X-Request-Id", id);
  await next();
};
