import type { Context } from "hono";

/**
 * The caller's address as the platform saw it: API Gateway's source IP in
 * AWS, the socket's peer locally. X-Forwarded-For is not trusted (a client
 * could rotate it to dodge the per-client sign-in limit).
 */
export function clientAddress(c: Context): string {
  const env = c.env as
    | { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}
