import { roles } from "@naungan/core";
import { beforeAll, describe, expect, it } from "vitest";
import { openApiInfo } from "../../src/app";
import { bearer, createTestApp, type TestApp } from "../support/test-app";
import { ORIGIN, Sessions, changedKeys, concrete, expectErrorShape, refusedForRole, tableSnapshot, type Who } from "./support";

/*
 * The body-size limit on every route that takes a body, read from the
 * router: every JSON endpoint of /openapi.json refuses a body over 1 MB with
 * 413 and the error shape (with a Content-Length, and streamed without one),
 * every form post refuses one with a 413 page, the two upload pages take more
 * than 1 MB and refuse more than 10 MB; nothing is persisted. (The two upload
 * APIs' 10 MB limit: enrolment-import.test.ts, admin-participant-import.test.ts.)
 */

const MB = 1024 * 1024;
const UPLOAD_PAGES = ["/enrolments/import", "/admin/peserta/impor"];

let t: TestApp;
let sessions: Sessions;

beforeAll(async () => {
  t = await createTestApp();
  sessions = new Sessions(t);
});

/** A JSON text of exactly `bytes` bytes. */
const jsonOf = (bytes: number) => `{"x":"${"a".repeat(bytes - 8)}"}`;
const streamOf = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
      controller.close();
    },
  });
};

async function callerOf(method: string, path: string): Promise<Who> {
  for (const who of ["anonymous", ...roles] as Who[]) {
    const headers = who === "anonymous" ? {} : bearer((await sessions.of(who)).token);
    const res = await t.app.request(path, { method, headers: { ...headers, "content-type": "application/json" }, body: "null" });
    if (!(await refusedForRole(res))) return who;
  }
  throw new Error(`no role is admitted to ${method} ${path}`);
}

describe("the body-size limit", () => {
  it("answers 413 with the error shape to a JSON body over 1 MB on every JSON endpoint, with or without Content-Length", { timeout: 120_000 }, async () => {
    const doc = t.app.getOpenAPI31Document(openApiInfo) as unknown as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };
    const checked: string[] = [];
    for (const role of roles) await sessions.of(role); // signed in before the snapshot
    const before = await tableSnapshot(t);
    for (const [pattern, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        // The multipart uploads take 10 MB (their own tests refuse more).
        if (!op.requestBody?.content["application/json"]) continue;
        const method = m.toUpperCase();
        const path = concrete(pattern);
        const who = await callerOf(method, path);
        const headers = { ...(who === "anonymous" ? {} : bearer((await sessions.of(who)).token)), "content-type": "application/json" };
        const body = jsonOf(MB + 1);
        for (const [how, init] of [
          ["with Content-Length", { method, headers: { ...headers, "content-length": String(body.length) }, body }],
          ["streamed", { method, headers, body: streamOf(body), duplex: "half" }],
        ] as [string, RequestInit][]) {
          const res = await t.app.request(path, init);
          const context = `${method} ${pattern} as ${who} ${how}`;
          expect(res.status, context).toBe(413);
          const json = await res.json();
          expectErrorShape(json, context);
          expect(json, context).toMatchObject({ error: { code: "payload_too_large" } });
        }
        checked.push(`${method} ${pattern}`);
      }
    }
    expect(changedKeys(before, await tableSnapshot(t))).toEqual([]);
    console.log(`[security] body size: ${checked.length} JSON endpoints × 2 (Content-Length, streamed) refused a 1 MB + 1 byte body with 413`);
    expect(checked.length).toBeGreaterThan(15);
  });

  it("answers a form over 1 MB with a 413 page on every form post, and the upload pages' forms over 10 MB", { timeout: 120_000 }, async () => {
    const forms = [...new Set(t.app.routes.filter((r) => r.method === "POST" && !r.path.startsWith("/api/")).map((r) => r.path))];
    const { cookie, csrf } = await sessions.of("admin");
    const before = await tableSnapshot(t);
    for (const pattern of forms) {
      const path = concrete(pattern);
      const size = UPLOAD_PAGES.includes(pattern) ? 10 * MB + 1 : MB + 1;
      const body = `_csrf=${csrf}&x=${"a".repeat(size)}`;
      const res = await t.app.request(path, { method: "POST", headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length) }, body });
      expect(res.status, pattern).toBe(413);
      expect(res.headers.get("content-type"), pattern).toContain("text/html");
    }
    expect(changedKeys(before, await tableSnapshot(t))).toEqual([]);
    console.log(`[security] body size: ${forms.length} form posts refused an oversized body with a 413 page`);
  });

  it("lets the upload pages take a file over 1 MB (up to 10 MB)", async () => {
    for (const [path, email] of [["/enrolments/import", "opd_operator"], ["/admin/peserta/impor", "admin"]] as const) {
      const { cookie, csrf } = await sessions.of(email);
      const form = new FormData();
      form.set("_csrf", csrf);
      for (const [k, v] of Object.entries({ budgetLineId: "2026-DISNAKER-5.1.02.02.02.0006+0007", periodStart: "2026-01", months: "12" })) form.set(k, v);
      form.set("file", new File([`nik;nama\r\n${"x".repeat(1_500_000)}\r\n`], "besar.csv", { type: "text/csv" }));
      const res = await t.app.request(path, { method: "POST", headers: { cookie, origin: ORIGIN }, body: form });
      expect(res.status, path).toBe(303);
    }
  });
});
