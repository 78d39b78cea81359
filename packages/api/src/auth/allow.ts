import type { MiddlewareHandler } from "hono";
import type { Role } from "@naungan/core";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";

/** Who may call a route: anyone, any signed-in user, or the listed roles. */
export type Access = "public" | "signed_in" | readonly Role[];

/**
 * Every route states its access with this middleware. JSON routes answer
 * 401/403 with the error shape; pages (`html: true`) send anonymous users to
 * the login page and show a 403 page to the wrong role.
 */
export function allow(access: Access, options: { html?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === "public") return next();
    const user = c.get("user");
    if (!user) {
      if (options.html) {
        const next_ = encodeURIComponent(new URL(c.req.url).pathname);
        return c.redirect(`/login?next=${next_}`, 302);
      }
      throw new ApiError(401, "not_authenticated", "Sign in first (POST /api/auth/login)");
    }
    if (access !== "signed_in" && !access.includes(user.role)) {
      throw new ApiError(403, "forbidden", `The role ${user.role} may not do this`);
    }
    return next();
  };
}
