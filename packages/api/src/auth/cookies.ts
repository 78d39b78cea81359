import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_TTL_SECONDS } from "@naungan/platform";
import type { AppEnv } from "../env";

// `__Host-` binds the cookie to this exact origin; browsers accept it only with Secure.
const cookieName = (c: Context<AppEnv>) => (c.get("deps").secureCookies ? "__Host-naungan_session" : "naungan_session");

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, cookieName(c));
}

export function writeSessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("deps").secureCookies,
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, cookieName(c), { path: "/", secure: c.get("deps").secureCookies });
}
