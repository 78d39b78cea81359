import { createApp, type AppDeps } from "@naungan/api";
import type { Role } from "@naungan/core";
import { randomBytes } from "node:crypto";
import { startEngine, type Engine } from "@naungan/engine";
import { createLocalPlatform, seedDemoData } from "@naungan/local";
import { afterAll, inject } from "vitest";
import { createPlatform, type Platform, type PlatformConfig, type Settings } from "@naungan/platform";
import { createTestTable } from "../../../platform/test/support/test-table";

export const DEMO_PASSWORD = "naungan-demo";

/** One demo user of each role (the demo data has them). */
export const demoEmail: Record<Role, string> = {
  opd_operator: "operator@disnaker.demo",
  opd_head: "kepala@disnaker.demo",
  finance_approver: "verifikator@bkad.demo",
  treasurer: "bud@bkad.demo",
  auditor: "auditor@inspektorat.demo",
  admin: "admin@naungan.demo",
};
export const ORIGIN = "http://localhost";

export interface TestAppOptions extends Partial<Omit<AppDeps, "platform">> {
  now?: () => Date;
  /** Run the workflows: a local engine (its own table) with the real ASL and task functions. */
  workflows?: boolean;
  /** Settings that win over the stored ones (e.g. `reminderSeconds: 1`). */
  settings?: Partial<Settings>;
  /** The app's own address, for the links in mails (e.g. a test server's `http://localhost:<port>`). */
  publicUrl?: string;
}

/** A fresh table with the demo data and the app on it, as `npm start` builds it. */
export async function createTestApp(options: TestAppOptions = {}) {
  const { doc, tableName } = await createTestTable("api");
  const config: Omit<PlatformConfig, "stepFunctions" | "workflows"> = {
    dynamo: { endpoint: inject("dynamoEndpoint") },
    tableName,
    sessionSecret: "test-secret-0123456789-0123456789-0123456789",
    now: options.now,
    settings: options.settings,
    publicUrl: options.publicUrl,
  };
  let engine: Engine | undefined;
  let platform: Platform;
  if (options.workflows) {
    engine = await startEngine({ dynamoEndpoint: inject("dynamoEndpoint"), port: 0, tableName: `test-engine-${randomBytes(4).toString("hex")}`, resume: false });
    const started = engine;
    afterAll(() => started.close());
    platform = await createLocalPlatform(engine, config);
  } else {
    platform = createPlatform(config);
  }
  await seedDemoData(platform, "test-seed");
  const app = createApp({ platform, secureCookies: options.secureCookies ?? false, local: options.local ?? true, demoLogins: options.demoLogins });
  return { app, platform, doc, tableName, engine };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Signs in through the JSON API; returns the bearer token and the session cookie. */
export async function signIn(app: TestApp["app"], email: string, password = DEMO_PASSWORD) {
  const res = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string };
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  return { token: body.token, cookie };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
