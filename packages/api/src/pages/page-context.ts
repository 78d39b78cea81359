import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { InvalidCursor, type Actor, type RefusalKind } from "@naungan/platform";
import type { AppEnv } from "../env";

/** The session's form token: every form post of a signed-in user carries it (auth/csrf.ts). */
export const csrfToken = (c: Context<AppEnv>): string | undefined => {
  const session = c.get("session");
  return session ? c.get("deps").platform.sessions.csrfToken(session) : undefined;
};

/** The local outbox exists only in the local runtime, with mail kept in the table. */
export const hasOutbox = (c: Context<AppEnv>): boolean => c.get("deps").local === true && c.get("deps").platform.outbox !== undefined;

/** What the layout needs from the request: who is signed in, the form token, the navigation. */
export const chrome = (c: Context<AppEnv>) => ({
  user: c.get("user"),
  csrfToken: csrfToken(c),
  local: hasOutbox(c),
  path: c.req.path,
});
export type Chrome = ReturnType<typeof chrome>;

/** Who acts, for the audit log. */
export const actorOf = (c: Context<AppEnv>): Actor => ({ actor: c.get("user")!.email, requestId: c.get("requestId") });

/** The HTTP status a page answers a refusal with (the same as API.md's JSON errors). */
export const refusalStatus: Record<RefusalKind, ContentfulStatusCode> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
};

/** A form value as one trimmed string (files and repeated fields are not strings). */
export const formText = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

/** Thousands grouped the Indonesian way: 19600 → "19.600". */
export const formatCount = (n: number): string => String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

/** A bad or stale cursor (`?cursor=`) starts the list again rather than failing the page. */
export async function firstPageOnBadCursor<T>(cursor: string | undefined, read: (cursor: string | undefined) => Promise<T>): Promise<T & { paged: boolean }> {
  try {
    return { ...(await read(cursor)), paged: cursor !== undefined };
  } catch (err) {
    if (!(err instanceof InvalidCursor) || cursor === undefined) throw err;
    return { ...(await read(undefined)), paged: false };
  }
}
