import { expect } from "vitest";
import { bearer, signIn, type TestApp } from "./test-app";

/*
 * A small JSON client of the enrolment API for tests: signed-in callers by
 * demo email, valid workers, and waiting for the workflow to move a case on.
 */

/** A honorary worker at wage 2,500,000 (C1) with a valid Tanjung Jabung Barat NIK (born 05-01-1985), one per serial 1–999. */
export const worker = (serial: number, overrides: Record<string, unknown> = {}) => ({
  nik: `1506010501850${String(serial).padStart(3, "0")}`,
  name: `Pekerja ${serial}`,
  birthDate: "1985-01-05",
  category: "honorer",
  monthlyWage: 2_500_000,
  ...overrides,
});

export type Json = Record<string, any>;

/** The field paths of an error answer (`workers.3.nik`). */
export const fieldsOf = async (res: Response) => ((await res.json()) as Json).error.fields.map((f: Json) => f.path) as string[];

/** Asks `probe` every 50 ms until it answers something. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class EnrolmentClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly t: TestApp) {}

  async token(email: string): Promise<string> {
    let token = this.tokens.get(email);
    if (!token) {
      token = (await signIn(this.t.app, email)).token;
      this.tokens.set(email, token);
    }
    return token;
  }

  async get(email: string | undefined, path: string): Promise<Response> {
    return this.t.app.request(path, { headers: email ? bearer(await this.token(email)) : {} });
  }

  async post(email: string, path: string, body: unknown): Promise<Response> {
    return this.t.app.request(path, { method: "POST", headers: { ...bearer(await this.token(email)), "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  async upload(email: string, form: FormData): Promise<Response> {
    return this.t.app.request("/api/enrolments/import", { method: "POST", headers: bearer(await this.token(email)), body: form });
  }

  /** GET that must answer 200; the body. */
  async read(email: string, path: string): Promise<Json> {
    const res = await this.get(email, path);
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as Json;
  }

  /** The OPD's budget line for 2026. */
  async budgetLineId(opdCode: string): Promise<string> {
    const lines = (await this.read("admin@naungan.demo", `/api/budget-lines?opd=${opdCode}&year=2026`)) as unknown as { id: string }[];
    return lines[0]!.id;
  }

  async submission(opdCode: string, workers: unknown[], extra: Json = {}): Promise<Json> {
    return { opdCode, budgetLineId: await this.budgetLineId(opdCode), periodStart: "2026-01", months: 12, workers, ...extra };
  }

  /** Polls the case as `email` until `done` holds (the workflow moves on asynchronously). */
  async until(email: string, caseId: string, done: (c: Json) => boolean, what: string, timeoutMs = 20_000): Promise<Json> {
    return poll(`case ${caseId} ${what}`, async () => {
      const c = await this.read(email, `/api/cases/${caseId}`);
      return done(c) ? c : undefined;
    }, timeoutMs);
  }

  untilStatus(email: string, caseId: string, status: string, timeoutMs?: number): Promise<Json> {
    return this.until(email, caseId, (c) => c.status === status, status, timeoutMs);
  }
}
