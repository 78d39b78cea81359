/**
 * DynamoDB Local dies (kill -9 of its JVM) under the running app while
 * submissions are in flight, and comes back on the same data without the app
 * being restarted. During the gap every request answers at once with a 503
 * in API.md's error shape; the app process survives; afterwards it answers
 * again, nothing is half-written (every case has all its workers and a
 * running workflow; every reservation has its case; a submission stored
 * though its answer was lost gets its workflow from the sweep), the budget
 * line balances and the audit log verifies.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startDynamoDbLocal, type DynamoDbLocal } from "../../src/dynamodb-local";
import { findFreePort } from "../../src/ports";
import { ApiClient, RuntimeProcess, scanItems, worker, type Json, type RuntimePorts } from "./support";

const dataDir = mkdtempSync(join(tmpdir(), "naungan-dbrestart-"));
let runtime: RuntimeProcess | undefined;
let db: DynamoDbLocal | undefined;

afterAll(async () => {
  if (process.env.FAULT_DEBUG && runtime) console.log(runtime.lines.filter((l) => !/^\s/.test(l)).join("\n"));
  if (runtime) await runtime.kill9();
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const ADMIN = "admin@naungan.demo";
const AUDITOR = "auditor@inspektorat.demo";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A call with how long it took. */
async function timed<T>(call: Promise<T>): Promise<T & { ms: number }> {
  const start = Date.now();
  const result = await call;
  return { ...result, ms: Date.now() - start };
}

describe("DynamoDB Local restarted under the running app", () => {
  it("fails requests cleanly with 503 during the gap and recovers without an app restart, nothing half-written", async () => {
    const ports: RuntimePorts = { httpPort: await findFreePort(), dynamoPort: await findFreePort(), sfnPort: await findFreePort() };
    // The sweep that starts the workflows of stored cases without one, every 2 s instead of the Cron's minutes.
    runtime = await RuntimeProcess.start(dataDir, ports, { NAUNGAN_WORKFLOW_STARTS_SECONDS: "2" });
    const api = new ApiClient(`http://localhost:${ports.httpPort}`);
    const [line] = (await api.ok("GET", ADMIN, "/api/budget-lines?opd=DISNAKER&year=2026")) as unknown as Json[];
    for (const email of [OPERATOR, HEAD, AUDITOR]) await api.token(email);
    const submission = (serials: number[]) => ({ opdCode: "DISNAKER", budgetLineId: line!.id, periodStart: "2026-01", months: 12, workers: serials.map(worker) });

    const { caseId: waiting } = await api.ok("POST", OPERATOR, "/api/enrolments", submission([1, 2]), 202);
    await api.untilStatus(waiting, "awaiting_opd_head");

    const jvms = runtime.dynamoDbPids();
    expect(jvms, "the runtime's DynamoDB Local JVM").toHaveLength(1);

    // Submissions (5 to 20 workers each) sent 100 ms apart; the JVM dies as the first is accepted, the others in flight.
    const inFlight = Array.from({ length: 6 }, (_, i) =>
      sleep(100 * i).then(() => timed(api.call("POST", OPERATOR, "/api/enrolments", submission(Array.from({ length: 5 + 3 * i }, (_, k) => 100 + i * 25 + k))))),
    );
    await Promise.race([...inFlight, sleep(5_000)]);
    process.kill(jvms[0]!, "SIGKILL");
    while (runtime.groupPids().includes(jvms[0]!)) await sleep(20);
    const gapStarted = Date.now();

    // During the gap: reads, a submission, a decision, the health check.
    const during = await Promise.all([
      timed(api.call("GET", ADMIN, `/api/cases/${waiting}`)),
      timed(api.call("GET", ADMIN, "/api/budget-lines?opd=DISNAKER&year=2026")),
      timed(api.call("POST", OPERATOR, "/api/enrolments", submission([50, 51]))),
      timed(api.call("POST", HEAD, `/api/cases/${waiting}/decisions`, { decision: "approve" })),
      timed(api.call("GET", AUDITOR, "/api/audit/verify")),
    ]);
    for (const res of during) {
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      expect(res.body.error).toMatchObject({ code: "service_unavailable", message: expect.stringMatching(/try again/) });
      expect(res.ms, "answered, not hung").toBeLessThan(15_000);
    }
    const health = await timed(fetch(`${api.url}/healthz`).then(async (r) => ({ status: r.status, body: await r.text() })));
    expect(health.status).toBeGreaterThanOrEqual(500);
    expect(health.ms).toBeLessThan(15_000);

    const flown = await Promise.all(inFlight);
    for (const res of flown) {
      expect([202, 503], JSON.stringify(res.body)).toContain(res.status);
      if (res.status === 503) expect(res.body.error.code).toBe("service_unavailable");
    }
    expect(runtime.exited, "the app process survived the gap").toBe(false);

    // DynamoDB Local back on the same data, the app untouched.
    await sleep(Math.max(0, 2_000 - (Date.now() - gapStarted)));
    db = await startDynamoDbLocal({ port: ports.dynamoPort, dataDir: join(dataDir, "dynamodb") });
    const until = Date.now() + 30_000;
    while ((await fetch(`${api.url}/healthz`)).status !== 200) {
      if (Date.now() > until) throw new Error("the app did not answer again");
      await sleep(200);
    }
    expect(runtime.exited).toBe(false);

    // Accepted submissions run; the decision refused during the gap can be made now.
    const accepted = flown.filter((r) => r.status === 202).map((r) => r.body.caseId as string);
    for (const id of accepted) await api.untilStatus(id, "awaiting_opd_head");
    expect((await api.call("POST", HEAD, `/api/cases/${waiting}/decisions`, { decision: "approve" })).status).toBeLessThan(300);
    await api.untilStatus(waiting, "awaiting_finance");

    // A submission answered 503 may still have been stored: DynamoDB Local committed it and died before
    // answering, or died before the workflow started. Such a case is whole, and the sweep starts its workflow.
    const endpoint = `http://127.0.0.1:${ports.dynamoPort}`;
    const answered = [waiting, ...accepted];
    const stored = (await scanItems(endpoint, "CASE#")).filter((i) => i.sk === "CASE").map((c) => c.id as string);
    expect(stored).toEqual(expect.arrayContaining(answered));
    const unanswered = stored.filter((id) => !answered.includes(id));
    expect(unanswered.length).toBeLessThanOrEqual(flown.filter((r) => r.status === 503).length);
    for (const id of unanswered) await api.untilStatus(id, "awaiting_opd_head");

    // Nothing half-written: every case item has all its workers and a workflow; every reservation its case.
    const caseItems = (await scanItems(endpoint, "CASE#")).filter((i) => i.sk === "CASE");
    const workerItems = (await scanItems(endpoint, "CASE#")).filter((i) => String(i.sk).startsWith("WORKER#"));
    expect(caseItems.map((c) => c.id).sort()).toEqual(stored.sort());
    for (const c of caseItems) {
      expect(workerItems.filter((w) => w.pk === `CASE#${c.id}`).length, c.id).toBe(c.details.workersCount ?? c.details.workers?.length);
      expect(c.executionArn, `${c.id} has its workflow`).toBeTruthy();
    }
    const reservations = await scanItems(endpoint, "RESERVATION#");
    expect(reservations.map((r) => r.caseId)).toEqual([waiting]);

    const [after] = (await api.ok("GET", ADMIN, "/api/budget-lines?opd=DISNAKER&year=2026")) as unknown as Json[];
    expect(after!.available + after!.reserved + after!.spent).toBe(after!.pagu);
    expect(after!.reserved).toBe(reservations[0]!.amount);
    expect(await api.ok("GET", AUDITOR, "/api/audit/verify")).toMatchObject({ ok: true });
    console.log(`DynamoDB Local restart: 1 fault (JVM SIGKILLed under the app), ${during.length + 1} requests during the gap all 503/5xx (slowest ${Math.max(...during.map((d) => d.ms))} ms), in-flight submissions ${flown.map((f) => f.status).join("/")}, ${caseItems.length} cases intact (${unanswered.length} stored though answered 503, started by the sweep)`);
  }, 300_000);
});
