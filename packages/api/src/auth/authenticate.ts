import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { readSessionCookie } from "./cookies";

/**
 * Resolves who is calling, from `Authorization: Bearer` or else the session
 * cookie. A bearer token that does not resolve is refused outright rather than
 * falling back to the cookie. Routes decide with `allow()` what they need.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  const { platform } = c.get("deps");
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const session = match?.[1] ? await platform.sessions.resolve(match[1]) : undefined;
    const user = session && (await platform.users.get(session.email));
    if (!session || !user?.active) throw new ApiError(401, "not_authenticated", "The bearer token is not valid (expired or signed out?)");
    c.set("session", session);
    c.set("user", user);
    c.set("authVia", "bearer");
    return next();
  }
  const token = readSessionCookie(c);
  if (token) {
    const session = await platform.sessions.resolve(token);
    const user = session && (await platform.users.get(session.email));
    if (session && user?.active) {
      c.set("session", session);
      c.set("user", user);
      c.set("authVia", "cookie");
    }
  }
  return next();
};
