import type { Platform, Session, User } from "@naungan/platform";
import type { ImportDispatcher } from "./imports/start-import";
import type { DemoLogin } from "./pages/login";

/** What the app needs from outside; the Lambda entry and the local runtime each build one. */
export interface AppDeps {
  platform: Platform;
  /** Cookies get `Secure` (and the `__Host-` prefix) when served over HTTPS. */
  secureCookies: boolean;
  /** The local mail outbox and other dev-only routes exist only when true. */
  local?: boolean;
  /** Shown on the login page by the local runtime only. */
  demoLogins?: DemoLogin[];
  /** Starts processing an accepted CSV upload (createApp defaults to in-process). */
  dispatchImport: ImportDispatcher;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    user?: User;
    session?: Session;
    /** How the caller authenticated: a bearer token is never CSRF-checked, a cookie always is. */
    authVia?: "bearer" | "cookie";
  };
}
