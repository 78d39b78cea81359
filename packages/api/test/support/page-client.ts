import { ORIGIN, signIn, type TestApp } from "./test-app";

/*
 * A browser-like client of the pages for tests: a session cookie and the
 * session's form token per demo user, form posts from our origin.
 */

export type FormFields = Record<string, string> | [string, string][];

export class PageClient {
  private readonly sessions = new Map<string, { cookie: string; csrf: string }>();

  constructor(readonly t: TestApp) {}

  async session(email: string): Promise<{ cookie: string; csrf: string }> {
    let found = this.sessions.get(email);
    if (!found) {
      const { token, cookie } = await signIn(this.t.app, email);
      const session = await this.t.platform.sessions.resolve(token);
      found = { cookie, csrf: this.t.platform.sessions.csrfToken(session!) };
      this.sessions.set(email, found);
    }
    return found;
  }

  /** GET as `email` (anonymous without). */
  async get(email: string | undefined, path: string): Promise<Response> {
    return this.t.app.request(path, { headers: email ? { cookie: (await this.session(email)).cookie } : {} });
  }

  /** GET that must answer 200; the page's HTML. */
  async html(email: string | undefined, path: string): Promise<string> {
    const res = await this.get(email, path);
    if (res.status !== 200) throw new Error(`GET ${path} as ${email}: ${res.status} ${await res.text()}`);
    return res.text();
  }

  /** A form post as `email` with the session's token (anonymous without: no cookie, no token); `method` for a form sent by script. */
  async post(email: string | undefined, path: string, fields: FormFields, headers: Record<string, string> = { origin: ORIGIN }, method = "POST"): Promise<Response> {
    const body = new URLSearchParams(fields);
    if (email) body.set("_csrf", (await this.session(email)).csrf);
    return this.t.app.request(path, {
      method,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers, ...(email ? { cookie: (await this.session(email)).cookie } : {}) },
      body,
    });
  }

  /** A multipart post (file upload) as `email`. */
  async upload(email: string, path: string, form: FormData): Promise<Response> {
    const { cookie, csrf } = await this.session(email);
    form.set("_csrf", csrf);
    return this.t.app.request(path, { method: "POST", headers: { origin: ORIGIN, cookie }, body: form });
  }
}

/** The enrolment form's fields for one period and some workers (`workers.<i>.<field>`). */
export function enrolmentForm(action: string, workers: Record<string, string>[], period: Record<string, string> = {}): [string, string][] {
  return [
    ["budgetLineId", "2026-DISNAKER-5.1.02.02.02.0006+0007"],
    ["periodStart", "2026-01"],
    ["months", "12"],
    ...Object.entries(period),
    ...workers.flatMap((w, i) => Object.entries(w).map(([field, value]) => [`workers.${i}.${field}`, value] as [string, string])),
    ["action", action],
  ];
}

/** A honorary worker at wage Rp2.500.000 (C1) as typed in the form; NIKs of Tungkal Ilir, one per serial. */
export const formWorker = (serial: number, overrides: Record<string, string> = {}) => ({
  nik: `1506020501850${String(serial).padStart(3, "0")}`,
  name: `Pekerja ${serial}`,
  birthDate: "1985-01-05",
  category: "honorer",
  monthlyWage: "2.500.000",
  ...overrides,
});

/** Polls until `check` passes (the workflow and imports move on asynchronously). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  throw new Error(`condition not met in ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 500)}`);
}
