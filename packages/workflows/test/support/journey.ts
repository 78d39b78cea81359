import { randomBytes } from "node:crypto";
import { startEngine, type Engine } from "@naungan/engine";
import { createLocalPlatform, seedDemoData } from "@naungan/local";
import type { CaseRecord, CaseStatus, Platform, Settings, User } from "@naungan/platform";
import { inject } from "vitest";
import { createTestTable } from "../../../platform/test/support/test-table";

/** The platform with the real enrolment ASL and task functions on a local engine, and the demo data. */
export async function startJourneyPlatform(settings: Partial<Settings> = {}): Promise<{ platform: Platform; engine: Engine }> {
  const endpoint = inject("dynamoEndpoint");
  const { tableName } = await createTestTable("journey");
  const engine = await startEngine({ dynamoEndpoint: endpoint, port: 0, tableName: `test-engine-${randomBytes(4).toString("hex")}` });
  const platform = await createLocalPlatform(engine, {
    dynamo: { endpoint },
    tableName,
    sessionSecret: "test-secret-0123456789-0123456789-0123456789",
    settings,
  });
  await seedDemoData(platform, "test-seed");
  return { platform, engine };
}

export async function user(platform: Platform, email: string): Promise<User> {
  const u = await platform.users.get(email);
  if (!u) throw new Error(`no user ${email}`);
  return u;
}

export const by = (actor: string) => ({ actor, requestId: `test-${randomBytes(3).toString("hex")}` });

/** Waits until the case reaches `status` (the workflow moves asynchronously). */
export async function untilStatus(platform: Platform, caseId: string, status: CaseStatus, timeoutMs = 15_000): Promise<CaseRecord> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseRecord | undefined;
  while (Date.now() < deadline) {
    last = await platform.cases.get(caseId);
    if (last?.status === status) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`case ${caseId} did not reach ${status}; it is ${last?.status} (${JSON.stringify(last?.outcome ?? {})})`);
}

/** Valid NIKs of Tungkal Ilir (15.06.02), men born 05-01-1985, serial from `first`. */
export const niks = (count: number, first = 1) => Array.from({ length: count }, (_, i) => `1506020501850${String(first + i).padStart(3, "0")}`);

export const honorer = (nik: string, monthlyWage = 2_500_000) => ({ nik, name: `Pekerja ${nik.slice(-4)}`, birthDate: "1985-01-05", category: "honorer" as const, monthlyWage });

export const submission = (workers: ReturnType<typeof honorer>[], overrides: Record<string, unknown> = {}) => ({
  opdCode: "DISNAKER",
  budgetLineId: "2026-DISNAKER-5.1.02.02.02.0006+0007",
  periodStart: "2026-01",
  months: 12,
  workers,
  ...overrides,
});
