import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app";
import { Sessions, concrete, everyone, refusedForRole, type Who } from "./support";

/*
 * The security headers on every GET route the router serves (pages, JSON,
 * CSV, scripts, styles), requested as a role the route admits, and on the
 * answers to a refused visitor (login redirect, 401, 403 page, 404): a
 * Content-Security-Policy that loads only our own scripts and forbids
 * framing, nosniff, a referrer policy and X-Frame-Options.
 */

let t: TestApp;
let sessions: Sessions;

beforeAll(async () => {
  t = await createTestApp();
  sessions = new Sessions(t);
});

const getRoutes = () => [...new Set(t.app.routes.filter((r) => r.method === "GET").map((r) => r.path))].sort();

async function request(who: Who, path: string): Promise<Response> {
  return t.app.request(path, { headers: who === "anonymous" ? {} : { cookie: (await sessions.of(who)).cookie } });
}

function expectSecurityHeaders(res: Response, context: string) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp, context).toContain("frame-ancestors 'none'");
  expect(csp, context).toContain("default-src 'self'");
  expect(csp, context).toContain("script-src 'self'");
  expect(csp, context).not.toContain("unsafe-inline");
  expect(csp, context).not.toContain("unsafe-eval");
  expect(csp, context).toContain("object-src 'none'");
  expect(csp, context).toContain("base-uri 'none'");
  expect(csp, context).toContain("form-action 'self'");
  expect(res.headers.get("x-content-type-options"), context).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), context).toBe("same-origin");
  expect(res.headers.get("x-frame-options"), context).toBe("DENY");
}

describe("security headers", () => {
  it("are on every GET route, pages and API, as a caller the route admits, and on the refusals of the callers tried before it", { timeout: 120_000 }, async () => {
    let admitted = 0;
    let refused = 0;
    let pages = 0;
    for (const pattern of getRoutes()) {
      const path = concrete(pattern);
      let served = false;
      // Callers in turn until one is admitted: the refusals before it are checked too.
      for (const who of everyone) {
        if (served) break;
        const res = await request(who, path);
        expect(res.status, `${pattern} as ${who}`).toBeLessThan(500);
        expectSecurityHeaders(res, `GET ${pattern} as ${who} (${res.status})`);
        const isRefusal = await refusedForRole(res);
        if (isRefusal) refused++;
        else {
          admitted++;
          served = true;
          if (res.headers.get("content-type")?.includes("text/html")) pages++;
        }
        await res.arrayBuffer();
      }
      expect(served, `nobody is admitted to GET ${pattern}`).toBe(true);
    }
    console.log(`[security] headers: ${getRoutes().length} GET routes checked as an admitted caller (${admitted} answers, ${pages} of them HTML pages) and ${refused} refusals of callers not admitted`);
    expect(getRoutes().length).toBeGreaterThan(40);
  });

  it("are on real pages with content, an unknown page and a JSON error", async () => {
    const caseId = "unknown_01";
    for (const [who, path] of [
      ["admin", "/admin/pengaturan"],
      ["opd_operator", "/enrolments/new"],
      ["auditor", "/audit"],
      ["anonymous", "/login"],
      ["anonymous", "/tidak-ada"],
      ["opd_head", `/cases/${caseId}`],
      ["anonymous", "/api/me"],
      ["anonymous", "/openapi.json"],
    ] as [Who, string][]) {
      expectSecurityHeaders(await request(who, path), `${path} as ${who}`);
    }
  });
});
