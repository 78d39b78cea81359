import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { generatePassword, newUserRequestSchema, userChangeSchema, type User } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { validationHook } from "../http/errors";
import { actorOf } from "../pages/page-context";
import { ADMIN, adminUserSchema, adminWriteErrors } from "./admin-schemas";
import { errorResponses, json } from "./schemas";

const emailParam = z.object({ email: z.string().min(3).max(254).openapi({ description: "The user's email (lowercase)" }) });
const newUserBody = newUserRequestSchema;
const withPassword = z.object({ user: adminUserSchema, password: z.string().openapi({ description: "Generated; shown only in this response" }) });

const list = createRoute({
  method: "get",
  path: "/users",
  summary: "Every user with role, OPD and whether active (admin)",
  middleware: [allow(ADMIN)] as const,
  responses: { 200: json(z.array(adminUserSchema), "Users by email"), ...errorResponses },
});

const create = createRoute({
  method: "post",
  path: "/users",
  summary: "Create a user (admin); the password is generated and returned once",
  middleware: [allow(ADMIN)] as const,
  request: { body: { required: true, content: { "application/json": { schema: newUserBody } } } },
  responses: { 201: json(withPassword, "Created"), ...adminWriteErrors },
});

const update = createRoute({
  method: "patch",
  path: "/users/{email}",
  summary: "Change a user's name, role, OPD or active flag (admin; never one's own role, OPD or status); users are deactivated, never deleted",
  middleware: [allow(ADMIN)] as const,
  request: { params: emailParam, body: { required: true, content: { "application/json": { schema: userChangeSchema } } } },
  responses: { 200: json(adminUserSchema, "The user after the change"), ...adminWriteErrors },
});

const resetPassword = createRoute({
  method: "post",
  path: "/users/{email}/password-reset",
  summary: "Give a user a new generated password, returned once (admin)",
  middleware: [allow(ADMIN)] as const,
  request: { params: emailParam },
  responses: { 200: json(withPassword, "The new password"), ...adminWriteErrors },
});

export const userView = (u: User) => ({ ...u, opdCode: u.opdCode ?? null });

export function adminUserRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const users = (c: { get(key: "deps"): AppEnv["Variables"]["deps"] }) => c.get("deps").platform.users;

  app.openapi(list, async (c) => c.json((await users(c).list()).map(userView), 200));
  app.openapi(create, async (c) => {
    const password = generatePassword();
    const user = await users(c).create({ ...c.req.valid("json"), password }, actorOf(c));
    return c.json({ user: userView(user), password }, 201);
  });
  app.openapi(update, async (c) => {
    const { user } = await users(c).update(c.req.valid("param").email.toLowerCase(), c.req.valid("json"), actorOf(c));
    return c.json(userView(user), 200);
  });
  app.openapi(resetPassword, async (c) => {
    const email = c.req.valid("param").email.toLowerCase();
    const password = await users(c).resetPassword(email, actorOf(c));
    return c.json({ user: userView((await users(c).get(email))!), password }, 200);
  });
  return app;
}
