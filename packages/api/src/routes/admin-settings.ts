import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { defaultSettings, settingsPatchSchema, settingsSchema, type SettingKey } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { errorBodySchema, validationHook } from "../http/errors";
import { actorOf } from "../pages/page-context";
import { errorResponses, json } from "./schemas";

/*
 * The administrator's settings (the [U] points of DOMAIN.md, the workflow's
 * timings, the coverage baseline): read them, change some of them.
 */

const settingKeys = Object.keys(defaultSettings) as [SettingKey, ...SettingKey[]];

const settingsViewSchema = z
  .object({
    version: z.number().int().openapi({ description: "Send it back with a change; bumped by every change" }),
    /** The values in force (stored over defaults, environment over both). */
    effective: settingsSchema,
    /** The stored values over the defaults, without the environment's. */
    stored: settingsSchema,
    overridden: z.array(z.enum(settingKeys)).openapi({ description: "Keys the environment overrides: a change to them is stored but not in force while it does" }),
  })
  .openapi("Settings");

const getSettings = createRoute({
  method: "get",
  path: "/settings",
  summary: "The settings in force, the stored ones, and which the environment overrides",
  middleware: [allow(["admin"])] as const,
  responses: { 200: json(settingsViewSchema, "The settings"), ...errorResponses },
});

const patchSettings = createRoute({
  method: "patch",
  path: "/settings",
  summary: "Change some settings; each change is audited (settings.updated, before and after of the changed keys)",
  description: "Keys left out keep their values; a value equal to the stored one is no change (no write, no audit event). Reminder and link times are in seconds, the target a fraction (0.55).",
  middleware: [allow(["admin"])] as const,
  request: { body: { required: true, content: { "application/json": { schema: settingsPatchSchema } } } },
  responses: {
    200: json(settingsViewSchema, "The settings after the change"),
    ...errorResponses,
    409: json(errorBodySchema, "Another change was saved since `version` was read; read again"),
  },
});

export function adminSettingsRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(getSettings, async (c) => c.json(await c.get("deps").platform.settings.view(), 200));
  app.openapi(patchSettings, async (c) => c.json(await c.get("deps").platform.settings.update(c.req.valid("json"), actorOf(c)), 200));
  return app;
}
