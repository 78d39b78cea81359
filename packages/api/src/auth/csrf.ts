import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// The content types an HTML form (or a no-preflight cross-site fetch) can send.
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;
/** `POST /approve/:token`: the decision form of an approval link (pages/approval-routes.tsx). */
const APPROVAL_LINK = /^\/approve\/[^/]+$/;

/**
 * Cross-site request forgery defence for everything a browser can send with
 * our cookie:
 * - form-like posts must come from our own origin (Origin, else
 *   Sec-Fetch-Site) and, when signed in, carry the session's `_csrf` token;
 * - JSON posts with the cookie must not come from another origin (browsers
 *   cannot send them cross-site without a CORS preflight, which we never allow).
 * Bearer-token calls carry no ambient credential and are not checked.
 */
export const csrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || c.get("authVia") === "bearer") return next();

  const origin = c.req.header("origin");
  const fetchSite = c.req.header("sec-fetch-site");
  const ownOrigin = new URL(c.req.url).origin;
  const sameOrigin = origin ? origin === ownOrigin : fetchSite === "same-origin" || fetchSite === "none";
  const contentType = c.req.header("content-type") ?? "text/plain";

  if (APPROVAL_LINK.test(c.req.path)) {
    // An approval link is opened from an email, often in a browser with no
    // session, so there is no session token to ask for. The unguessable
    // 256-bit token in the URL is the credential: a forged post needs it, and
    // whoever holds it may decide anyway. So a same-origin or absent Origin
    // passes; a post that says it comes from another site is still refused.
    if ((origin && origin !== ownOrigin) || (!origin && fetchSite === "cross-site")) {
      throw new ApiError(403, "csrf_failed", "The form was not sent from this site (Origin check failed)");
    }
    return next();
  }

  if (FORM_TYPES.test(contentType)) {
    if (!sameOrigin) throw new ApiError(403, "csrf_failed", "The form was not sent from this site (Origin check failed)");
    const session = c.get("session");
    if (session && c.get("authVia") === "cookie") {
      const form = await c.req.parseBody();
      const token = typeof form._csrf === "string" ? form._csrf : c.req.header("x-csrf-token");
      if (!c.get("deps").platform.sessions.checkCsrfToken(session, token)) {
        throw new ApiError(403, "csrf_failed", "The form's security token is missing or stale: reload the page and try again");
      }
    }
  } else if (c.get("authVia") === "cookie" && origin && origin !== ownOrigin) {
    throw new ApiError(403, "csrf_failed", "Cross-site requests are not allowed");
  }
  return next();
};
