/**
 * kill -9 of the whole local runtime (`npm start`: Node with the app, the
 * engine and the task functions, plus its DynamoDB Local JVM) while cases
 * wait at every human step of both workflows and while a task handler runs
 * (ReserveBudget, ActivateCoverage, the death claim's CompleteClaim, the
 * Disbursement step's OpenStep). Each time the runtime is started again on
 * the same data directory; then every remaining step is decided. Every case
 * must complete, with one reservation and one spend per enrolment, one
 * payout per case, one activation of its workers, a balanced budget line and
 * an audit log that verifies.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claim, payoutBody, today } from "../../../api/test/support/death-claims";
import { findFreePort } from "../../src/ports";
import { ApiClient, RuntimeProcess, scanItems, worker, type Json, type RuntimePorts } from "./support";

const dataDir = mkdtempSync(join(tmpdir(), "naungan-kill9-"));
let runtime: RuntimeProcess | undefined;

afterAll(async () => {
  if (process.env.FAULT_DEBUG && runtime) console.log(runtime.lines.join("\n"));
  if (runtime) await runtime.kill9();
  if (process.env.FAULT_DEBUG) console.log(`data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
});

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
const AUDITOR = "auditor@inspektorat.demo";

describe("kill -9 of the local runtime", () => {
  it("loses no case and moves no money twice across three SIGKILLs (waiting steps and running task handlers)", async () => {
    const started = Date.now();
    const ports: RuntimePorts = { httpPort: await findFreePort(), dynamoPort: await findFreePort(), sfnPort: await findFreePort() };
    runtime = await RuntimeProcess.start(dataDir, ports);
    const api = new ApiClient(`http://localhost:${ports.httpPort}`);
    const [line] = (await api.ok("GET", "admin@naungan.demo", "/api/budget-lines?opd=DISNAKER&year=2026")) as unknown as Json[];
    const coverageBefore = (await api.ok("GET", "admin@naungan.demo", "/api/coverage")).enrolled as number;

    const kinds = new Map<string, "enrolment" | "death_benefit">();
    const workersOf = new Map<string, number>();
    const enrol = async (serials: number[]) => {
      const body = { opdCode: "DISNAKER", budgetLineId: line!.id, periodStart: "2026-01", months: 12, workers: serials.map(worker) };
      const { caseId } = await api.ok("POST", OPERATOR, "/api/enrolments", body, 202);
      kinds.set(caseId, "enrolment");
      workersOf.set(caseId, serials.length);
      await api.untilStatus(caseId, "awaiting_opd_head");
      return caseId as string;
    };
    const fileClaim = async (serial: number) => {
      const { caseId } = await api.ok("POST", OPERATOR, "/api/death-claims", claim(worker(serial).nik), 202);
      kinds.set(caseId, "death_benefit");
      await api.untilStatus(caseId, "awaiting_opd_head");
      return caseId as string;
    };
    const decide = (email: string, id: string) => api.call("POST", email, `/api/cases/${id}/decisions`, { decision: "approve", note: "ok" });
    const pay = async (id: string) => {
      const c = await api.ok("GET", TREASURER, `/api/cases/${id}`); // NIKs unmasked for the treasurer
      const body = kinds.get(id) === "enrolment" ? { sp2dNumber: `SP2D-${id}`, transferReference: `TRF-${id}`, paidAt: today(), amount: c.amount } : payoutBody(c);
      return api.call("POST", TREASURER, `/api/cases/${id}/disbursement`, body);
    };
    /** Decides the open step of a case (whatever it is) and waits for the workflow to move on. */
    const advance = async (id: string, to: string) => {
      const c = await api.caseOf(id);
      const res = c.status === "awaiting_opd_head" ? await decide(HEAD, id) : c.status === "awaiting_finance" ? await decide(FINANCE, id) : await pay(id);
      expect(res.status, `${id} at ${c.status}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return api.untilStatus(id, to);
    };
    const toFinance = async (id: string) => advance(id, "awaiting_finance");
    const toDisbursement = async (id: string) => advance(await toFinance(id).then(() => id), "awaiting_disbursement");

    // A completed enrolment first: its four workers are the participants the death claims are for.
    const e0 = await enrol([1, 2, 3, 4]);
    await toDisbursement(e0);
    await advance(e0, "completed");

    const d1 = await fileClaim(1); // waits for the OPD head
    const d2 = await fileClaim(2);
    await toFinance(d2); // waits for finance
    const d3 = await fileClaim(3);
    await toDisbursement(d3); // waits for the treasurer
    const d4 = await fileClaim(4);
    await toDisbursement(d4);
    const e1 = await enrol([5, 6]); // waits for the OPD head
    const e2 = await enrol([7, 8]);
    await toFinance(e2); // waits for finance (reserved)
    const e3 = await enrol([9]);
    await toDisbursement(e3); // waits for the treasurer
    const e4 = await enrol([10, 11]);
    const e5 = await enrol([12]);
    await toDisbursement(e5);
    const e6 = await enrol([13]);
    await toFinance(e6);

    const all = [e0, d1, d2, d3, d4, e1, e2, e3, e4, e5, e6];
    const recovered = new Set<string>();
    /** The cases not completed when the next kill comes (read while the runtime still answers). */
    let openSnapshot: string[] = [];
    const faults: string[] = [];
    const openCases = async () => {
      const open: string[] = [];
      for (const id of all) if ((await api.caseOf(id)).status !== "completed") open.push(id);
      return open;
    };

    /** Fires `act`, SIGKILLs the runtime as soon as `id`'s execution has started the task `state`, restarts it on the same data. */
    const killDuring = async (what: string, id: string, state: string, act: () => Promise<unknown>) => {
      const from = runtime!.lines.length;
      const acted = act();
      const pending = acted.catch(() => undefined); // its answer may be cut off by the kill
      // A refused action would never reach the task: fail at once, saying why.
      const refused = acted.then((answers) => {
        const bad = ([answers].flat() as { status: number; body: Json }[]).find((a) => a && a.status >= 300);
        return bad ? Promise.reject(new Error(`${what}: the action was refused: ${bad.status} ${JSON.stringify(bad.body)}`)) : new Promise<never>(() => {});
      }, () => new Promise<never>(() => {}));
      const started = async () => {
        await runtime!.waitFor(new RegExp(`${id}-1 #\\d+ TaskStateEntered ${state}\\b`), from, 120_000);
        await runtime!.waitFor(new RegExp(`${id}-1 #\\d+ TaskStarted`), from);
      };
      await Promise.race([started(), refused]);
      const open = [...openSnapshot];
      await runtime!.kill9();
      await pending;
      faults.push(what);
      for (const c of open) recovered.add(c);
      runtime = await RuntimeProcess.start(dataDir, ports);
      return runtime.resumed;
    };

    // Fault 1: cases wait at every human step of both workflows; the OPD head approves e4 and the
    // runtime dies while ReserveBudget runs.
    openSnapshot = await openCases();
    expect(openSnapshot).toHaveLength(10);
    const resumed1 = await killDuring("kill -9 while ReserveBudget runs, 10 cases at every human step", e4, "ReserveBudget", () => decide(HEAD, e4));
    expect(resumed1).toBe(10); // every running execution came back
    if (process.env.FAULT_DEBUG) console.log(`e4 = ${e4}`);
    await api.untilStatus(e4, "awaiting_finance"); // the reservation was made (once: checked below)

    // Fault 2: the treasurer records e5's transfer and the runtime dies while ActivateCoverage runs;
    // finance approves e6 at the same moment (its Disbursement step opening).
    openSnapshot = await openCases();
    const resumed2 = await killDuring("kill -9 while ActivateCoverage runs (and the Disbursement step opens)", e5, "ActivateCoverage", () => Promise.all([pay(e5), decide(FINANCE, e6)]));
    expect(resumed2).toBeGreaterThanOrEqual(9);
    await api.untilStatus(e5, "completed");

    // Fault 3: d4's payout is recorded and the runtime dies while CompleteClaim runs; the OPD head approves d1.
    openSnapshot = await openCases();
    const resumed3 = await killDuring("kill -9 while CompleteClaim runs (and the Finance step opens)", d4, "CompleteClaim", () => Promise.all([pay(d4), decide(HEAD, d1)]));
    expect(resumed3).toBeGreaterThanOrEqual(7);
    await api.untilStatus(d4, "completed");

    // Decide every remaining step.
    for (const id of all) {
      for (let guard = 0; guard < 4; guard++) {
        const c = await api.caseOf(id);
        if (c.status === "completed") break;
        expect(["awaiting_opd_head", "awaiting_finance", "awaiting_disbursement"], `${id}: ${c.status}`).toContain(c.status);
        const next = { awaiting_opd_head: "awaiting_finance", awaiting_finance: "awaiting_disbursement", awaiting_disbursement: "completed" }[c.status as string]!;
        await advance(id, next);
      }
    }

    const cases = await Promise.all(all.map((id) => api.caseOf(id)));
    expect(cases.map((c) => c.status)).toEqual(all.map(() => "completed"));

    // Money: one reservation per enrolment, spent once; nothing reserved for a death claim.
    const reservations = await scanItems(`http://127.0.0.1:${ports.dynamoPort}`, "RESERVATION#");
    const enrolments = cases.filter((c) => c.type === "enrolment");
    expect(reservations.map((r) => r.caseId).sort()).toEqual(enrolments.map((c) => c.id).sort());
    for (const c of enrolments) expect(reservations.find((r) => r.caseId === c.id)).toMatchObject({ status: "spent", amount: c.amount, transferReference: `TRF-${c.id}` });

    // The audit log: each move once per case, and the whole chain verifies.
    for (const c of cases) {
      const events = await api.auditOf(c.id);
      const count = (action: string, step?: string) => events.filter((e) => e.action === action && (step === undefined || e.data?.step === step)).length;
      const enrolment = c.type === "enrolment";
      expect(
        { reserved: count("budget.reserved"), spent: count("budget.spent"), released: count("budget.released"), paid: count("step.approve", "disbursement"), activated: count("coverage.activated"), completed: count("case.completed") },
        `${c.type} ${c.id}`,
      ).toEqual({ reserved: enrolment ? 1 : 0, spent: enrolment ? 1 : 0, released: 0, paid: 1, activated: enrolment ? 1 : 0, completed: 1 });
    }
    expect(await api.ok("GET", AUDITOR, "/api/audit/verify")).toMatchObject({ ok: true });

    // The budget line balances and holds exactly the enrolments' amounts.
    const [after] = (await api.ok("GET", "admin@naungan.demo", "/api/budget-lines?opd=DISNAKER&year=2026")) as unknown as Json[];
    const total = enrolments.reduce((sum, c) => sum + (c.amount as number), 0);
    expect(after).toMatchObject({ pagu: line!.pagu, reserved: 0, spent: total, available: line!.pagu - total });
    expect(after!.available + after!.reserved + after!.spent).toBe(after!.pagu);

    // Each worker counted in the coverage once.
    const workers = [...workersOf.values()].reduce((a, b) => a + b, 0);
    expect((await api.ok("GET", "admin@naungan.demo", "/api/coverage")).enrolled).toBe(coverageBefore + workers);

    const summary = `kill -9 faults injected: ${faults.length} (${faults.join("; ")}); cases recovered: ${recovered.size} of ${all.length} (all completed); ${((Date.now() - started) / 1000).toFixed(0)} s`;
    console.log(summary);
    expect(faults).toHaveLength(3);
    expect(recovered.size).toBe(10);
  }, 420_000);
});
