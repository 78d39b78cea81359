import { DescribeExecutionCommand, ExecutionDoesNotExist, GetExecutionHistoryCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { beforeAll, describe, expect, it } from "vitest";
import { caseExecution, caseHistory, withExecutionName } from "../src/cases/execution-history";
import { EnrolmentClient, worker, type Json } from "./support/enrolment-client";
import { PageClient } from "./support/page-client";
import { createTestApp, type TestApp } from "./support/test-app";

/* GET /api/cases/:id/history and the case page's diagram, on the local engine running the real enrolment ASL. */

const OPERATOR = "operator@disnaker.demo";
let t: TestApp;
let api: EnrolmentClient;
let pages: PageClient;

beforeAll(async () => {
  t = await createTestApp({ workflows: true });
  api = new EnrolmentClient(t);
  pages = new PageClient(t);
});

/** The `<g class="node …">` start tag of a state in the page's SVG. */
const nodeTag = (html: string, state: string) => html.match(new RegExp(`<g class="node[^"]*" data-state="${state}"[^>]*>`))?.[0];

describe("an enrolment waiting for the OPD head", () => {
  let caseId: string;

  beforeAll(async () => {
    const res = await api.post(OPERATOR, "/api/enrolments", await api.submission("DISNAKER", [worker(1)]));
    expect(res.status, await res.clone().text()).toBe(202);
    caseId = ((await res.json()) as Json).caseId;
    await api.untilStatus(OPERATOR, caseId, "awaiting_opd_head");
  });

  it("has one execution whose history has entered OpdHead, dates as ISO strings", async () => {
    const body = await api.read(OPERATOR, `/api/cases/${caseId}/history`);
    expect(body.executions).toHaveLength(1);
    const [execution] = body.executions as Json[];
    expect(execution).toMatchObject({
      attempt: 1,
      executionArn: expect.stringMatching(new RegExp(`^arn:aws:states:[^:]+:\\d+:execution:[^:]+:${caseId}-1$`)),
      status: "RUNNING",
      startDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(execution!.stopDate).toBeUndefined();
    expect((await api.read(OPERATOR, `/api/cases/${caseId}`)).executionArn).toBe(execution!.executionArn);
    const events = execution!.events as Json[];
    expect(events[0]).toMatchObject({ id: 1, type: "ExecutionStarted", timestamp: expect.stringMatching(/Z$/) });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events).toContainEqual(expect.objectContaining({ type: "TaskStateEntered", stateEnteredEventDetails: expect.objectContaining({ name: "ValidateAndPrice" }) }));
    expect(events).toContainEqual(expect.objectContaining({ type: "TaskStateExited", stateExitedEventDetails: expect.objectContaining({ name: "ValidateAndPrice" }) }));
    expect(events).toContainEqual(expect.objectContaining({ type: "TaskStateEntered", stateEnteredEventDetails: expect.objectContaining({ name: "OpdHead" }) }));
    expect(events.some((e) => e.type === "TaskStateExited" && e.stateExitedEventDetails.name === "OpdHead")).toBe(false);
  });

  it("is open to every role that may see the case, refused to another OPD and to the anonymous", async () => {
    for (const email of ["kepala@disnaker.demo", "verifikator@bkad.demo", "bud@bkad.demo", "auditor@inspektorat.demo", "admin@naungan.demo"]) {
      expect((await api.get(email, `/api/cases/${caseId}/history`)).status, email).toBe(200);
    }
    // Another OPD's case: loadCase's answer, as for GET /api/cases/:id (403 forbidden).
    const other = await api.get("operator@perikanan.demo", `/api/cases/${caseId}/history`);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { code: "forbidden" } });
    const anonymous = await api.get(undefined, `/api/cases/${caseId}/history`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "not_authenticated" } });
    expect((await api.get(OPERATOR, "/api/cases/case_01JDXQ4H5Z8K3V9M2N7P6R5T4W/history")).status).toBe(404);
  });

  it("draws the workflow on the case page with OpdHead current and ValidateAndPrice visited", async () => {
    const html = await pages.html(OPERATOR, `/cases/${caseId}`);
    expect(html).toContain('<section aria-labelledby="alur-kerja" data-testid="workflow">');
    expect(html).toMatch(/<div class="overflow-auto" role="region" aria-label="Bagan alur kerja" tabindex="0" data-testid="workflow-diagram"><svg /);
    expect(nodeTag(html, "OpdHead")).toMatch(/class="node node-task visited current" .*data-visited="true" data-current="true" data-failed="false"/);
    expect(nodeTag(html, "ValidateAndPrice")).toMatch(/data-visited="true" data-current="false" data-failed="false"/);
    expect(nodeTag(html, "Validated")).toMatch(/data-visited="true" data-current="false"/);
    expect(nodeTag(html, "Finance")).toMatch(/data-visited="false" data-current="false"/);
    expect(html).toContain("Tanda pada bagan menurut jalannya alur kerja percobaan ke-1.");
    expect(html).toContain('data-testid="workflow-legend"');
  });

  it("merges the audit events and the execution events in the timeline, each naming its source", async () => {
    const html = await pages.html(OPERATOR, `/cases/${caseId}`);
    const table = html.slice(html.indexOf('<table data-testid="timeline">'));
    const rows = [...table.slice(0, table.indexOf("</table>")).matchAll(/<tr data-source="(audit|workflow)"><td>([^<]+)<\/td><td>([^<]+)<\/td><td>[^<]*<\/td><td>([^<]+)/g)].map(
      ([, source, at, label, action]) => ({ source, at, label, action }),
    );
    expect(rows.length).toBeGreaterThan(4);
    expect(rows.filter((r) => r.source === "audit").every((r) => r.label === "Audit")).toBe(true);
    expect(rows.filter((r) => r.source === "workflow").every((r) => r.label === "Alur kerja")).toBe(true);
    const actions = rows.map((r) => r.action);
    // The audit timeline's content is all there, with the execution in between.
    expect(actions).toContain("Berkas diajukan");
    expect(actions).toContain("Eksekusi alur kerja dimulai");
    expect(actions.indexOf("Masuk langkah ValidateAndPrice")).toBeLessThan(actions.indexOf("Masuk langkah OpdHead"));
    expect(actions.indexOf("Berkas diajukan")).toBeLessThan(actions.indexOf("Eksekusi alur kerja dimulai"));
    for (const r of rows) expect(r.at).toMatch(/^\d{1,2} \p{L}+ \d{4} \d{2}\.\d{2} WIB$/u);
  });

  it("lists an attempt whose execution does not exist as UNKNOWN, without events", async () => {
    const record = (await t.platform.cases.get(caseId))!;
    // Attempt 2 never ran: its execution `<caseId>-2` does not exist.
    const history = await caseHistory(t.platform, { ...record, attempt: 2 });
    expect(history.executions.map((e) => [e.attempt, e.status, e.events.length > 0])).toEqual([
      [1, "RUNNING", true],
      [2, "UNKNOWN", false],
    ]);
    expect(history.executions[1]).toEqual({ attempt: 2, executionArn: withExecutionName(record.executionArn!, `${caseId}-2`), status: "UNKNOWN", startDate: null, events: [] });
  });
});

describe("reading an execution through the SDK", () => {
  const arn = "arn:aws:states:ap-southeast-3:123456789012:execution:naungan-enrolment:case_x-1";

  it("reads every page of the history", async () => {
    const sent: Json[] = [];
    const sfn = {
      async send(command: unknown) {
        if (command instanceof DescribeExecutionCommand) return { status: "SUCCEEDED", startDate: new Date("2026-01-01T00:00:00Z"), stopDate: new Date("2026-01-01T00:05:00Z") };
        const input = (command as GetExecutionHistoryCommand).input;
        sent.push(input);
        const page = input.nextToken ? Number(input.nextToken) : 0;
        return {
          events: [{ id: page + 1, previousEventId: page, type: page === 2 ? "ExecutionSucceeded" : "PassStateEntered", timestamp: new Date(Date.UTC(2026, 0, 1, 0, page)) }],
          ...(page < 2 ? { nextToken: String(page + 1) } : {}),
        };
      },
    } as unknown as SFNClient;
    const execution = await caseExecution(sfn, 1, arn);
    expect(sent.map((s) => s.nextToken)).toEqual([undefined, "1", "2"]);
    expect(execution).toEqual({
      attempt: 1,
      executionArn: arn,
      status: "SUCCEEDED",
      startDate: "2026-01-01T00:00:00.000Z",
      stopDate: "2026-01-01T00:05:00.000Z",
      events: [
        { id: 1, previousEventId: 0, type: "PassStateEntered", timestamp: "2026-01-01T00:00:00.000Z" },
        { id: 2, previousEventId: 1, type: "PassStateEntered", timestamp: "2026-01-01T00:01:00.000Z" },
        { id: 3, previousEventId: 2, type: "ExecutionSucceeded", timestamp: "2026-01-01T00:02:00.000Z" },
      ],
    });
  });

  it("answers UNKNOWN for an execution AWS no longer has, and lets other errors through", async () => {
    const missing = { send: async () => Promise.reject(new ExecutionDoesNotExist({ message: "Execution Does Not Exist", $metadata: {} })) } as unknown as SFNClient;
    expect(await caseExecution(missing, 3, arn)).toEqual({ attempt: 3, executionArn: arn, status: "UNKNOWN", startDate: null, events: [] });
    const down = { send: async () => Promise.reject(new Error("connect ECONNREFUSED")) } as unknown as SFNClient;
    await expect(caseExecution(down, 1, arn)).rejects.toThrow("ECONNREFUSED");
    expect(await caseExecution(undefined, 1, undefined)).toEqual({ attempt: 1, executionArn: null, status: "UNKNOWN", startDate: null, events: [] });
  });
});
