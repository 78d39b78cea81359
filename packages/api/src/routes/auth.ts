import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { User } from "@naungan/platform";
import { allow } from "../auth/allow";
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from "../auth/cookies";
import type { AppEnv } from "../env";
import { clientAddress } from "../http/client-address";
import { ApiError, errorBodySchema, validationHook } from "../http/errors";
import { errorResponses, json, userSchema } from "./schemas";

export const loginBodySchema = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email({ message: "must be an email address" })),
    password: z.string().min(1, "is required").max(200),
  })
  .openapi("LoginRequest");

const login = createRoute({
  method: "post",
  path: "/auth/login",
  summary: "Sign in; returns a bearer token and sets the session cookie",
  middleware: [allow("public")] as const,
  request: { body: { required: true, content: { "application/json": { schema: loginBodySchema } } } },
  responses: {
    200: json(z.object({ token: z.string(), user: userSchema }), "Signed in"),
    400: errorResponses[400],
    401: json(errorBodySchema, "Wrong email or password"),
    429: json(errorBodySchema, "Too many failed attempts; see Retry-After"),
  },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  summary: "End the current session (bearer token or cookie)",
  middleware: [allow("signed_in")] as const,
  responses: { 200: json(z.object({ ok: z.boolean() }), "Signed out"), 401: errorResponses[401] },
});

const me = createRoute({
  method: "get",
  path: "/me",
  summary: "The signed-in user",
  middleware: [allow("signed_in")] as const,
  responses: { 200: json(userSchema, "The user"), 401: errorResponses[401] },
});

export const publicUser = (user: User) => ({ email: user.email, name: user.name, role: user.role, opdCode: user.opdCode ?? null });

export function authRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    const result = await c.get("deps").platform.signIn.attempt({ email, password, client: clientAddress(c), requestId: c.get("requestId") });
    if (!result.ok) {
      if (result.reason === "locked") {
        throw new ApiError(429, "too_many_attempts", `Too many failed sign-ins; try again in ${result.retryAfter} seconds`, undefined, {
          "Retry-After": String(result.retryAfter),
        });
      }
      throw new ApiError(401, "invalid_credentials", "Wrong email or password");
    }
    writeSessionCookie(c, result.token);
    return c.json({ token: result.token, user: publicUser(result.user) }, 200);
  });

  app.openapi(logout, async (c) => {
    const session = c.get("session")!;
    await c.get("deps").platform.signIn.signOut(session, c.get("requestId"), c.get("user")?.opdCode);
    if (readSessionCookie(c)) clearSessionCookie(c);
    return c.json({ ok: true }, 200);
  });

  app.openapi(me, (c) => c.json(publicUser(c.get("user")!), 200));

  return app;
}
