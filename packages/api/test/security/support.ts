import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { roles, type Role } from "@naungan/core";
import { id as i18n } from "@naungan/core/i18n";
import { expect } from "vitest";
import { ORIGIN, demoEmail, signIn, type TestApp } from "../support/test-app";

/*
 * Helpers shared by the security suite: what the table holds (to prove a
 * refused request persisted nothing), who a route admits (asked of the router
 * itself, so a new route is covered without editing a list), and the error
 * shape of API.md.
 */

export type Who = Role | "anonymous";
export const everyone: Who[] = ["anonymous", ...roles];

/** Every item key of the test table (`pk|sk`). */
export async function tableKeys(t: TestApp): Promise<Set<string>> {
  const keys = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.doc.send(new ScanCommand({ TableName: t.tableName, ProjectionExpression: "pk, sk", ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) keys.add(`${item.pk}|${item.sk}`);
    start = page.LastEvaluatedKey;
  } while (start);
  return keys;
}

/** Every item of the test table as JSON text by key: a change to any attribute shows. */
export async function tableSnapshot(t: TestApp): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.doc.send(new ScanCommand({ TableName: t.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) items.set(`${item.pk}|${item.sk}`, JSON.stringify(item, Object.keys(item).sort()));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The keys added, removed or changed between two snapshots. */
export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [key, value] of after) if (before.get(key) !== value) changed.push(key);
  for (const key of before.keys()) if (!after.has(key)) changed.push(`-${key}`);
  return changed.sort();
}

/** API.md's error shape: `{ error: { code, message, fields? } }`. */
export function expectErrorShape(body: unknown, context: string) {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  expect(error, `${context}: ${JSON.stringify(body).slice(0, 300)}`).toBeTypeOf("object");
  expect(typeof error!.code, context).toBe("string");
  expect(typeof error!.message, context).toBe("string");
  if (error!.fields !== undefined) {
    expect(Array.isArray(error!.fields), context).toBe(true);
    for (const field of error!.fields as unknown[]) {
      expect(field, context).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
  }
}

/** The 403 page the CSRF middleware answers a form with (not the "forbidden" page of the wrong role). */
export const CSRF_PAGE_TEXT = i18n.errors.csrf;

/** A concrete request path for a route pattern (Hono `:param` or OpenAPI `{param}` style). */
export const concrete = (route: string) =>
  route
    .replace(/[:{]name}?/, "app.css")
    .replace(/[:{]id}?/, "unknown_01")
    .replace(/[:{]token}?/, "unknown-token")
    .replace(/[:{]email}?/, "nobody@unknown.demo")
    .replace(/[:{]code}?/, "UNKNOWN")
    .replace(/[:{]nik}?/, "1506010501859999");

/** One signed-in session per role, with its form token. */
export class Sessions {
  private readonly cache = new Map<Role, { token: string; cookie: string; csrf: string }>();

  constructor(private readonly t: TestApp) {}

  async of(role: Role) {
    let found = this.cache.get(role);
    if (!found) found = await this.fresh(role);
    this.cache.set(role, found);
    return found;
  }

  /** A new session (sign-in is slow on purpose: scrypt). */
  async fresh(role: Role) {
    const { token, cookie } = await signIn(this.t.app, demoEmail[role]);
    const session = await this.t.platform.sessions.resolve(token);
    return { token, cookie, csrf: this.t.platform.sessions.csrfToken(session!) };
  }
}

/** The role-based refusal of `allow()`: 401 for nobody, 403 "The role … may not do this" (JSON) or the 403/login redirect (pages). */
export async function refusedForRole(res: Response): Promise<boolean> {
  if (res.status === 302 || res.status === 303) return res.headers.get("location")?.startsWith("/login?next=") ?? false;
  if (res.status !== 401 && res.status !== 403) return false;
  const text = await res.clone().text();
  return text.includes('"not_authenticated"') || /may not do this/.test(text) || text.includes(i18n.errors.forbidden);
}

export { ORIGIN };
