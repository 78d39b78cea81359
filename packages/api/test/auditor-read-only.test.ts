import { id as t } from "@naungan/core/i18n";
import { caseSubject } from "@naungan/platform";
import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentClient, worker, type Json } from "./support/enrolment-client";
import { PageClient } from "./support/page-client";
import { bearer, createTestApp, ORIGIN } from "./support/test-app";

/*
 * The auditor is read-only everywhere (UU PDP 27/2022 issue): every write
 * route the app serves, API and pages alike, read from the router as the
 * access matrix does, refuses the auditor — so a route added later is walked
 * too. The exceptions are named here, each with its reason.
 */

const AUDITOR = "auditor@inspektorat.demo";
const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";

/** The write routes the auditor may call, and why each is no write to the records it audits. */
const EXCEPTIONS: Record<string, string> = {
  "POST /login": "signing in (public): creates only the auditor's own session",
  "POST /api/auth/login": "signing in (public): creates only the auditor's own session",
  "POST /logout": "signing out ends only the auditor's own session",
  "POST /api/auth/logout": "signing out ends only the auditor's own session",
  "POST /api/cases/:id/reveal": "the auditor's reveal of one masked value: writes only its own audit event",
  "POST /cases/:id/reveal": "the auditor's reveal of one masked value: writes only its own audit event",
  "POST /approve/:token": "authorised by the link's token, never by the session: the auditor is sent no link, and without one nothing is decided",
};

let api: EnrolmentClient;
let pages: PageClient;
let caseId: string;
/** Every non-GET route of the router (`METHOD /path`), as the access matrix lists them. */
let writeRoutes: string[];

beforeAll(async () => {
  const app = await createTestApp({ workflows: true });
  api = new EnrolmentClient(app);
  pages = new PageClient(app);
  writeRoutes = [...new Set(app.app.routes.filter((r) => r.method !== "ALL" && r.method !== "GET").map((r) => `${r.method} ${r.path}`))].sort();
  // A real case at the OPD head, so that `:id` names one the auditor can read.
  const res = await api.post(OPERATOR, "/api/enrolments", await api.submission("DISNAKER", [worker(1)]));
  expect(res.status, await res.clone().text()).toBe(202);
  caseId = ((await res.json()) as Json).caseId;
  await api.untilStatus(HEAD, caseId, "awaiting_opd_head");
}, 60_000);

const concrete = (route: string) => route.replace(":id", caseId).replace(":token", "unknown-token").replace(":name", "app.css");

/** The case as it stands and its audit chain's length: nothing the auditor posts may change either. */
async function snapshot() {
  const record = await api.t.platform.cases.get(caseId);
  const events = (await api.t.platform.audit.events(caseSubject(caseId), { limit: 500 })).items.length;
  return { record, events };
}

/** Refused for the role: 401/403 with the "forbidden" reason (not a CSRF or validation refusal). */
async function expectRoleRefusal(res: Response, what: string) {
  expect([401, 403], what).toContain(res.status);
  const body = await res.text();
  if (res.headers.get("content-type")?.includes("json")) expect(JSON.parse(body), what).toMatchObject({ error: { code: "forbidden" } });
  else expect(body, what).toContain(t.errors.forbidden);
}

describe("the auditor is read-only", () => {
  it("has write routes to walk, and every exception names one of them", () => {
    expect(writeRoutes.length).toBeGreaterThan(10);
    for (const route of Object.keys(EXCEPTIONS)) expect(writeRoutes, route).toContain(route);
  });

  it("is refused by every other write route, as a page form (cookie and form token) and as an API call (bearer, JSON)", async () => {
    const before = await snapshot();
    const walked: string[] = [];
    for (const route of writeRoutes.filter((r) => !Object.hasOwn(EXCEPTIONS, r))) {
      const [method, path] = concrete(route).split(" ") as [string, string];
      const form = await pages.post(AUDITOR, path, { decision: "approve", note: "auditor", field: "deceased.nik" }, { origin: ORIGIN }, method);
      await expectRoleRefusal(form, `${route} (form)`);
      const json = await api.t.app.request(path, {
        method,
        headers: { ...bearer(await api.token(AUDITOR)), "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ decision: "approve" }),
      });
      await expectRoleRefusal(json, `${route} (JSON)`);
      walked.push(route);
    }
    // The routes every write of the case goes through are among those walked.
    expect(walked).toEqual(expect.arrayContaining(["POST /api/cases/:id/decisions", "POST /cases/:id/decisions", "POST /api/cases/:id/disbursement", "POST /api/enrolments", "POST /api/death-claims"]));
    expect(await snapshot()).toEqual(before);
  });

  it("decides nothing through an approval link it does not hold", async () => {
    const before = await snapshot();
    const res = await pages.post(AUDITOR, "/approve/unknown-token", { decision: "approve" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await snapshot()).toEqual(before);
  });

  it("writes only its own audit event when it reveals a value", async () => {
    const before = await snapshot();
    const res = await api.post(AUDITOR, `/api/cases/${caseId}/reveal`, { field: "workers.0.nik" });
    expect(res.status).toBe(200);
    const after = await snapshot();
    expect(after.record).toEqual(before.record);
    expect(after.events).toBe(before.events + 1);
  });
});
