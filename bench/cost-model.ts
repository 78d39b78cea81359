import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { SFNClient, type HistoryEvent } from "@aws-sdk/client-sfn";
import { createApp } from "@naungan/api";
import { wibDate } from "@naungan/core";
import { startEngine, type Engine } from "@naungan/engine";
import { deployLocalWorkflows, seedDemoData, startDynamoDbLocal } from "@naungan/local";
import { createPlatform, ensureTable, mainTable, type Platform } from "@naungan/platform";
import { tasks, type TaskName } from "@naungan/workflows";
import { claim, payoutBody } from "../packages/api/test/support/death-claims";
import { executionEvents } from "../packages/api/src/cases/execution-history";
import { findFreePort } from "../packages/local/src/ports";
import { declaredFunctions, shortName } from "./bundles";
import type { Figure } from "./figures";

/*
 * Figure 5: what a case costs on AWS in ap-southeast-3. One enrolment case
 * and one death claim are driven to completion through the JSON API on the
 * real ASL (local engine) and DynamoDB Local, counting what AWS bills:
 * state transitions, Lambda requests and GB-s, DynamoDB request units, HTTP
 * API requests, SES mails, log bytes; then priced with
 * bench/prices-ap-southeast-3.json.
 */

/** Workers per enrolment case: the regency's 19,600 workers arrive in batches of this size. */
export const WORKERS_PER_CASE = 50;
export const REGENCY_WORKERS = 19_600;
export const DEATH_CLAIMS_PER_YEAR = 200;
/** The workflow-starts Cron (stacks/Api.ts, every 5 minutes) over a year. */
export const SWEEPS_PER_YEAR = (365 * 24 * 60) / 5;

interface PriceEntry {
  usd: number;
  per: number;
  unit: string;
  source: string;
  verified: boolean;
  note?: string;
}
export interface PriceList {
  region: string;
  currency: "USD";
  asOf: string;
  prices: Record<"stepFunctionsStandardTransition" | "lambdaArmGbSecond" | "lambdaRequest" | "dynamoDbWriteRequestUnit" | "dynamoDbReadRequestUnit" | "httpApiRequest" | "sesMessage" | "cloudWatchLogsIngestionGb", PriceEntry>;
}

export const loadPrices = (): PriceList => JSON.parse(readFileSync(new URL("./prices-ap-southeast-3.json", import.meta.url), "utf8")) as PriceList;
const unitPrice = (p: PriceEntry) => p.usd / p.per;

/** What one case used. */
export interface Usage {
  transitions: number;
  taskInvocations: number;
  apiRequests: number;
  /** Σ over invocations of ceil(ms) × memory GB. */
  gbSeconds: number;
  rru: number;
  wru: number;
  /** Writes the local outbox made in place of SES: not counted in `wru` (in AWS the mail goes out through SES instead). */
  outboxWru: number;
  mails: number;
  /** Step Functions execution logs (LogLevel.ALL with data) plus Lambda log lines, estimated. */
  logBytes: number;
  perFunction: Record<string, { invocations: number; ms: number; gbSeconds: number }>;
  /** Request units by "<function> <command>", biggest first. */
  capacityProfile: [string, number][];
}

export interface Cost {
  usd: number;
  lines: Record<string, number>;
}

export function price(u: Usage, prices: PriceList): Cost {
  const p = prices.prices;
  const lines = {
    stepFunctions: u.transitions * unitPrice(p.stepFunctionsStandardTransition),
    lambdaRequests: (u.taskInvocations + u.apiRequests) * unitPrice(p.lambdaRequest),
    lambdaDuration: u.gbSeconds * unitPrice(p.lambdaArmGbSecond),
    dynamoDbWrites: u.wru * unitPrice(p.dynamoDbWriteRequestUnit),
    dynamoDbReads: u.rru * unitPrice(p.dynamoDbReadRequestUnit),
    httpApi: u.apiRequests * unitPrice(p.httpApiRequest),
    ses: u.mails * unitPrice(p.sesMessage),
    logs: (u.logBytes / 2 ** 30) * unitPrice(p.cloudWatchLogsIngestionGb),
  };
  return { usd: Object.values(lines).reduce((a, b) => a + b, 0), lines };
}

/** Counts consumed capacity on every DynamoDB call of one client (asking for it with ReturnConsumedCapacity TOTAL). */
const CAPACITY_COMMANDS = new Set(["GetItemCommand", "PutItemCommand", "UpdateItemCommand", "DeleteItemCommand", "QueryCommand", "ScanCommand", "BatchGetItemCommand", "BatchWriteItemCommand", "TransactGetItemsCommand", "TransactWriteItemsCommand"]);
const READS = new Set(["GetItemCommand", "QueryCommand", "ScanCommand", "BatchGetItemCommand", "TransactGetItemsCommand"]);

class Meter {
  rru = 0;
  wru = 0;
  outboxWru = 0;
  calls = 0;
  withoutCapacity = 0;
  mails = 0;
  readonly outbox = new AsyncLocalStorage<true>();
  /** The function (task or "Api") a DynamoDB call is made for. */
  readonly current = new AsyncLocalStorage<string>();
  /** Units by function and command: where the request units go. */
  readonly profile = new Map<string, number>();
  readonly functions = new Map<string, { invocations: number; ms: number }>();

  attach(platform: Platform) {
    platform.db.clients.client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? "";
        if (!CAPACITY_COMMANDS.has(command)) return next(args);
        (args.input as Record<string, unknown>).ReturnConsumedCapacity = "TOTAL";
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
        const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        this.calls++;
        if (consumed === undefined) this.withoutCapacity++;
        const key = `${this.current.getStore() ?? "?"} ${command.replace(/Command$/, "")}`;
        this.profile.set(key, (this.profile.get(key) ?? 0) + units);
        if (this.outbox.getStore()) this.outboxWru += units;
        else if (READS.has(command)) this.rru += units;
        else this.wru += units;
        return result;
      },
      { step: "serialize", priority: "high", name: "benchConsumedCapacity" },
    );
    const mailer = platform.mailer as { send: (m: unknown) => Promise<{ id: string }> };
    const send = mailer.send.bind(mailer);
    mailer.send = (m) => {
      this.mails++;
      return this.outbox.run(true, () => send(m));
    };
  }

  time<T>(fn: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    return this.current.run(fn, work).finally(() => {
      const f = this.functions.get(fn) ?? { invocations: 0, ms: 0 };
      f.invocations++;
      f.ms += Math.ceil(performance.now() - started); // Lambda bills each invocation rounded up to 1 ms
      this.functions.set(fn, f);
    });
  }

  reset() {
    this.rru = this.wru = this.outboxWru = this.calls = this.withoutCapacity = this.mails = 0;
    this.functions.clear();
    this.profile.clear();
  }
}

const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const FINANCE = "verifikator@bkad.demo";
const TREASURER = "bud@bkad.demo";
const PASSWORD = "naungan-demo";

/** A honorary worker at wage 2,500,000 with a valid Tanjung Jabung Barat NIK (as packages/api/test/support/enrolment-client.ts). */
const worker = (serial: number) => ({ nik: `1506010501850${String(serial).padStart(3, "0")}`, name: `Pekerja ${serial}`, birthDate: "1985-01-05", category: "honorer", monthlyWage: 2_500_000 });

type Json = Record<string, any>;

/** The people's side: every request goes through the API app in process, timed as one API Lambda invocation. */
class People {
  requests = 0;
  private readonly tokens = new Map<string, string>();
  constructor(
    private readonly app: ReturnType<typeof createApp>,
    private readonly meter: Meter,
  ) {}

  async send(path: string, init: RequestInit = {}): Promise<Response> {
    this.requests++;
    return this.meter.time("Api", () => this.app.request(path, init) as Promise<Response>);
  }

  async as(email: string): Promise<Record<string, string>> {
    let token = this.tokens.get(email);
    if (!token) {
      const res = await this.send("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
      if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status}`);
      token = ((await res.json()) as { token: string }).token;
      this.tokens.set(email, token);
    }
    return { authorization: `Bearer ${token}` };
  }

  async get(email: string, path: string): Promise<Json> {
    const res = await this.send(path, { headers: await this.as(email) });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Json;
  }

  async post(email: string, path: string, body: unknown, status = 200): Promise<Json> {
    const res = await this.send(path, { method: "POST", headers: { ...(await this.as(email)), "content-type": "application/json" }, body: JSON.stringify(body) });
    if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Json;
  }

  forgetSessions() {
    this.tokens.clear();
  }
}

/** Polls the case through a second, unmetered platform (the people do not poll; only their requests count). */
async function until(watcher: Platform, caseId: string, status: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const c = await watcher.cases.get(caseId);
    if (c?.status === status) return;
    if (c && ["rejected", "failed", "cancelled", "returned"].includes(c.status)) throw new Error(`case ${caseId} went ${c.status}`);
    if (Date.now() > deadline) throw new Error(`case ${caseId} never reached ${status} (is ${c?.status})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The enrolment of WORKERS_PER_CASE workers, from the operator's submission to completed coverage, as the four people do it. */
async function enrolmentCase(people: People, watcher: Platform): Promise<string> {
  const [line] = (await people.get(OPERATOR, "/api/budget-lines?opd=DISNAKER&year=2026")) as unknown as { id: string }[];
  const submission = { opdCode: "DISNAKER", budgetLineId: line!.id, periodStart: "2026-01", months: 12, workers: Array.from({ length: WORKERS_PER_CASE }, (_, i) => worker(i + 1)) };
  await people.post(OPERATOR, "/api/enrolments/preview", submission);
  const { caseId } = await people.post(OPERATOR, "/api/enrolments", submission, 202);
  return approvedAndPaid(people, watcher, caseId, (c) => ({ sp2dNumber: "SP2D-0001/BKAD/2026", transferReference: "TRF-2026-0001", paidAt: wibDate(new Date()), amount: c.amount }));
}

/** A filed case through the OPD head and finance (each looks, then approves) to the treasurer's payment, then looked at by the operator. */
async function approvedAndPaid(people: People, watcher: Platform, caseId: string, payment: (c: Json) => Json): Promise<string> {
  await until(watcher, caseId, "awaiting_opd_head");
  await people.get(HEAD, `/api/cases/${caseId}`);
  await people.post(HEAD, `/api/cases/${caseId}/decisions`, { decision: "approve" });
  await until(watcher, caseId, "awaiting_finance");
  await people.get(FINANCE, `/api/cases/${caseId}`);
  await people.post(FINANCE, `/api/cases/${caseId}/decisions`, { decision: "approve" });
  await until(watcher, caseId, "awaiting_disbursement");
  const c = await people.get(TREASURER, `/api/cases/${caseId}`);
  await people.post(TREASURER, `/api/cases/${caseId}/disbursement`, payment(c));
  await until(watcher, caseId, "completed");
  await people.get(OPERATOR, `/api/cases/${caseId}`);
  return caseId;
}

/** A death claim for the first worker of that enrolment, from filing to the treasurer's payout. */
async function deathClaim(people: People, watcher: Platform): Promise<string> {
  const body = claim(worker(1).nik);
  await people.post(OPERATOR, "/api/death-claims/preview", body);
  const { caseId } = await people.post(OPERATOR, "/api/death-claims", body, 202);
  return approvedAndPaid(people, watcher, caseId, payoutBody);
}

async function history(engine: Engine, executionArn: string): Promise<HistoryEvent[]> {
  const sfn = new SFNClient({ endpoint: engine.endpoint, region: "ap-southeast-3", credentials: { accessKeyId: "b", secretAccessKey: "b" } });
  try {
    return await executionEvents(sfn, executionArn);
  } finally {
    sfn.destroy();
  }
}

/** Lambda writes START, END and REPORT lines per invocation; the tasks' logger one JSON line more. Estimates, in bytes. */
const LAMBDA_PLATFORM_LOG_BYTES = 350;
const TASK_LOG_BYTES = 450;
/** Step Functions' log record around each history event (execution ARN, type, timestamps), beyond the event's own JSON. */
const SFN_LOG_ENVELOPE_BYTES = 250;

async function usageOf(meter: Meter, people: People, engine: Engine, watcher: Platform, caseId: string, memoryGb: (fn: string) => number): Promise<Usage> {
  const c = await watcher.cases.get(caseId);
  const events = await history(engine, c!.executionArn!);
  const perFunction: Usage["perFunction"] = {};
  let gbSeconds = 0;
  for (const [fn, f] of meter.functions) {
    const gbs = (f.ms / 1000) * memoryGb(fn);
    perFunction[fn] = { invocations: f.invocations, ms: f.ms, gbSeconds: gbs };
    gbSeconds += gbs;
  }
  const taskInvocations = events.filter((e) => e.type === "LambdaFunctionScheduled" || e.type === "TaskScheduled").length;
  const timedTasks = [...meter.functions].filter(([fn]) => fn !== "Api").reduce((n, [, f]) => n + f.invocations, 0);
  if (taskInvocations !== timedTasks) console.warn(`cost model: ${taskInvocations} task invocations in the history, ${timedTasks} timed`);
  return {
    transitions: events.filter((e) => e.type?.endsWith("StateEntered")).length,
    taskInvocations,
    apiRequests: people.requests,
    gbSeconds,
    rru: meter.rru,
    wru: meter.wru,
    outboxWru: meter.outboxWru,
    mails: meter.mails,
    logBytes:
      events.reduce((n, e) => n + JSON.stringify(e).length + SFN_LOG_ENVELOPE_BYTES, 0) +
      (taskInvocations + people.requests) * LAMBDA_PLATFORM_LOG_BYTES +
      taskInvocations * TASK_LOG_BYTES,
    perFunction,
    capacityProfile: [...meter.profile].sort((a, b) => b[1] - a[1]),
  };
}

export interface CostModel {
  prices: PriceList;
  enrolment: Usage;
  deathClaim: Usage;
  /** One daily audit anchor (the Cron), counted on its own. */
  anchor: Usage;
  enrolmentCost: Cost;
  deathClaimCost: Cost;
  anchorCost: Cost;
  /** One run of the workflow-starts sweep (a Cron every 5 minutes) with nothing to start. */
  sweep: Usage;
  sweepCost: Cost;
  enrolmentCases: number;
  year: Cost;
  /** DynamoDB calls and how many of them came back without ConsumedCapacity (DynamoDB Local returns it; 0 expected). */
  capacityCalls: { calls: number; withoutCapacity: number };
}

export async function measureCostModel(): Promise<CostModel> {
  const prices = loadPrices();
  const functions = await declaredFunctions();
  const memory = new Map(functions.map((f) => [shortName(f), f.memorySize / 1024]));
  const memoryGb = (fn: string) => {
    const gb = memory.get(fn);
    if (gb === undefined) throw new Error(`no function ${fn} in the stacks`);
    return gb;
  };

  const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  const engine = await startEngine({ dynamoEndpoint: dynamo.endpoint, port: 0, tableName: "bench-cost-engine", resume: false });
  try {
    const tableName = "bench-cost";
    const config = { dynamo: { endpoint: dynamo.endpoint }, tableName, sessionSecret: "bench-secret-0123456789-0123456789" };
    const workflows = await deployLocalWorkflows(engine);
    const platform = createPlatform({ ...config, stepFunctions: { endpoint: engine.endpoint }, workflows });
    const watcher = createPlatform(config);
    await ensureTable(platform.db.clients.client, mainTable, tableName);
    await seedDemoData(platform, "bench-seed");
    const meter = new Meter();
    meter.attach(platform);
    // The tasks as the state machines call them, each invocation timed as its own Lambda function.
    for (const name of Object.keys(tasks) as TaskName[]) {
      const task = tasks[name] as (ctx: { platform: Platform; requestId: string }, event: unknown) => Promise<unknown>;
      engine.lambdas.register(name, (event, context) => meter.time(name, () => task({ platform, requestId: context.awsRequestId }, event)) as Promise<never>);
    }
    await engine.resume();
    const app = createApp({ platform, secureCookies: true });

    // Warm-up: the first requests of a process pay for module and JIT warm-up that a warm Lambda has paid already.
    const warm = new People(app, meter);
    await warm.get(OPERATOR, "/api/cases");

    const run = async (drive: (people: People, watcher: Platform) => Promise<string>) => {
      meter.reset();
      const people = new People(app, meter);
      const caseId = await drive(people, watcher);
      await new Promise((r) => setTimeout(r, 200)); // the last CloseCase has returned
      return usageOf(meter, people, engine, watcher, caseId, memoryGb);
    };
    const enrolment = await run(enrolmentCase);
    const deathClaimUsage = await run(deathClaim);
    const capacityCalls = { calls: meter.calls, withoutCapacity: meter.withoutCapacity };

    /** One run of a scheduled function (a Cron), counted on its own. */
    const scheduledRun = async (name: string, job: () => Promise<unknown>): Promise<Usage> => {
      meter.reset();
      await meter.time(name, job);
      const f = meter.functions.get(name)!;
      const gbSeconds = (f.ms / 1000) * memoryGb(name);
      return {
        transitions: 0,
        taskInvocations: 1,
        apiRequests: 0,
        gbSeconds,
        rru: meter.rru,
        wru: meter.wru,
        outboxWru: 0,
        mails: 0,
        logBytes: LAMBDA_PLATFORM_LOG_BYTES + 300,
        perFunction: { [name]: { invocations: 1, ms: f.ms, gbSeconds } },
        capacityProfile: [...meter.profile],
      };
    };
    const anchor = await scheduledRun("AuditAnchor", () => platform.auditAnchors.anchor("system:audit-anchor"));
    // The sweep as it runs nearly always: every case's workflow started, nothing to do but look.
    const sweep = await scheduledRun("WorkflowStarts", () => platform.unstartedWorkflows.resume({ actor: "system:workflow-starts", requestId: "bench" }));

    const enrolmentCost = price(enrolment, prices);
    const deathClaimCost = price(deathClaimUsage, prices);
    const anchorCost = price(anchor, prices);
    const sweepCost = price(sweep, prices);
    const enrolmentCases = Math.ceil(REGENCY_WORKERS / WORKERS_PER_CASE);
    const yearLines: Record<string, number> = {};
    const yearOf: [Cost, number][] = [[enrolmentCost, enrolmentCases], [deathClaimCost, DEATH_CLAIMS_PER_YEAR], [anchorCost, 365], [sweepCost, SWEEPS_PER_YEAR]];
    for (const [cost, n] of yearOf) {
      for (const [k, v] of Object.entries(cost.lines)) yearLines[k] = (yearLines[k] ?? 0) + v * n;
    }
    const year = { usd: Object.values(yearLines).reduce((a, b) => a + b, 0), lines: yearLines };
    return { prices, enrolment, deathClaim: deathClaimUsage, anchor, sweep, enrolmentCost, deathClaimCost, anchorCost, sweepCost, enrolmentCases, year, capacityCalls };
  } finally {
    await engine.close();
    await dynamo.stop();
  }
}

/** Figure 5 for bench/run.ts: per case, per 1,000 cases and a year of the regency, in USD (target < $1 per 1,000 cases). */
export async function benchCostModel(): Promise<Figure[]> {
  const m = await measureCostModel();
  const row = (name: string, u: Usage, c: Cost) => ({
    case: name,
    transitions: u.transitions,
    "task invocations": u.taskInvocations,
    "API requests": u.apiRequests,
    "GB-s": Number(u.gbSeconds.toFixed(3)),
    RRU: Number(u.rru.toFixed(1)),
    WRU: Number(u.wru.toFixed(1)),
    mails: u.mails,
    "log KiB": Math.round(u.logBytes / 1024),
    "USD/case": Number(c.usd.toFixed(6)),
    "USD/1000": Number((c.usd * 1000).toFixed(3)),
  });
  console.table([row(`enrolment (${WORKERS_PER_CASE} workers)`, m.enrolment, m.enrolmentCost), row("death claim", m.deathClaim, m.deathClaimCost), row("audit anchor (daily)", m.anchor, m.anchorCost), row("workflow-starts sweep (5 min)", m.sweep, m.sweepCost)]);
  console.table(Object.fromEntries(Object.entries(m.year.lines).map(([k, v]) => [k, { "USD/year": Number(v.toFixed(4)), share: `${((v / m.year.usd) * 100).toFixed(1)}%` }])));
  for (const [name, u] of [["enrolment", m.enrolment], ["death claim", m.deathClaim]] as const) {
    console.log(`cost model: ${name} request units by function and command: ${u.capacityProfile.slice(0, 8).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    console.log(`cost model: ${name} Lambda ms by function: ${Object.entries(u.perFunction).map(([k, f]) => `${k} ${f.invocations}× ${f.ms} ms`).join(", ")}`);
  }
  if (m.capacityCalls.withoutCapacity > 0) console.warn(`cost model: ${m.capacityCalls.withoutCapacity} of ${m.capacityCalls.calls} DynamoDB calls returned no ConsumedCapacity`);
  const biggest = (c: Cost) =>
    Object.entries(c.lines)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k} ${((v / c.usd) * 100).toFixed(0)}%`)
      .join(", ");
  const describe = (u: Usage) => `${u.transitions} transitions, ${u.taskInvocations} tasks + ${u.apiRequests} API requests, ${u.gbSeconds.toFixed(2)} GB-s, ${u.rru.toFixed(0)} RRU / ${u.wru.toFixed(0)} WRU, ${u.mails} mails`;
  const perCase = (c: Cost) => `$${c.usd.toFixed(5)} a case`;
  return [
    { figure: "cost.enrolment_per_1000_cases", value: m.enrolmentCost.usd * 1000, unit: "USD", note: `${perCase(m.enrolmentCost)} of ${WORKERS_PER_CASE} workers: ${describe(m.enrolment)}; ${biggest(m.enrolmentCost)}; target < 1` },
    { figure: "cost.death_claim_per_1000_cases", value: m.deathClaimCost.usd * 1000, unit: "USD", note: `${perCase(m.deathClaimCost)}: ${describe(m.deathClaim)}; ${biggest(m.deathClaimCost)}; target < 1` },
    { figure: "cost.regency_year", value: m.year.usd, unit: "USD", note: `${REGENCY_WORKERS} workers in ${m.enrolmentCases} cases of ${WORKERS_PER_CASE} + ${DEATH_CLAIMS_PER_YEAR} death claims + 365 daily audit anchors + ${SWEEPS_PER_YEAR} workflow-starts sweeps; ${biggest(m.year)}; ${m.prices.region} prices as of ${m.prices.asOf}, no free tier` },
  ];
}
