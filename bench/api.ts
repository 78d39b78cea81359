import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import autocannon from "autocannon";
import { createApp } from "@naungan/api";
import { startEngine } from "@naungan/engine";
import { createLocalPlatform, seedDemoData, startDynamoDbLocal } from "@naungan/local";
import { ensureTable, mainTable, type Platform } from "@naungan/platform";
import { findFreePort } from "../packages/local/src/ports";
import type { Figure } from "./figures";

/*
 * Figure 3 of issue 9: the Hono app served by @hono/node-server on loopback,
 * over a real platform (DynamoDB Local, the local engine with the real ASL and
 * task functions), loaded by autocannon: GET /api/cases/:id and
 * POST /api/cases/:id/decisions on fresh cases, at a fixed 100 req/s and at
 * saturation.
 */

const PASSWORD = "naungan-demo";
const OPERATOR = "operator@disnaker.demo";
const HEAD = "kepala@disnaker.demo";
const BUDGET_LINE = "2026-DISNAKER-5.1.02.02.02.0006+0007";

export interface ApiBenchOptions {
  /** Runs of each load, after a warm-up; the figures are medians. */
  runs?: number;
  /** Seconds of each GET load. */
  getSeconds?: number;
  /** Runs of each POST load (every run needs its own fresh cases, which are slow to make). */
  postRuns?: number;
  /** Seconds of each fixed-rate POST load (one fresh case per request: rate × seconds cases). */
  postSeconds?: number;
  /** Fresh cases per saturation POST run (the run ends when they are decided). */
  saturationCases?: number;
  rate?: number;
  connections?: number;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function listen(app: ReturnType<typeof createApp>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
    server.once("error", reject);
  });
}

async function login(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A honorary worker with a valid Tanjung Jabung Barat NIK (born 05-01-1985), unique per serial 1–9999. */
const worker = (serial: number) => ({
  nik: `150601050185${String(serial).padStart(4, "0")}`,
  name: `Pekerja ${serial}`,
  birthDate: "1985-01-05",
  category: "honorer",
  monthlyWage: 2_500_000,
});

let nextSerial = 1;

/** `n` one-worker DISNAKER cases, each waiting at the OPD head (the workflow has opened the step). */
async function freshCases(url: string, platform: Platform, operatorToken: string, n: number): Promise<string[]> {
  if (nextSerial + n > 10_000) throw new Error("out of NIK serials: fewer fresh cases, please");
  const serials = Array.from({ length: n }, () => nextSerial++);
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < serials.length) {
        const serial = serials[next++]!;
        const res = await fetch(`${url}/api/enrolments`, {
          method: "POST",
          headers: { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" },
          body: JSON.stringify({ opdCode: "DISNAKER", budgetLineId: BUDGET_LINE, periodStart: "2026-01", months: 12, workers: [worker(serial)] }),
        });
        if (res.status !== 202) throw new Error(`POST /api/enrolments: ${res.status} ${await res.text()}`);
        ids.push(((await res.json()) as { caseId: string }).caseId);
      }
    }),
  );
  const deadline = Date.now() + 60_000 + n * 500;
  for (const id of ids) {
    for (;;) {
      const c = await platform.cases.get(id);
      if (c?.status === "awaiting_opd_head") break;
      if (c && c.status !== "validating") throw new Error(`case ${id} went ${c.status}`);
      if (Date.now() > deadline) throw new Error(`case ${id} never reached awaiting_opd_head`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return ids;
}

async function load(options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ ...options, timeout: 30 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Medians of several loads' figures; the counts are summed. */
function summary(loads: Load[]): Load {
  return {
    rps: median(loads.map((l) => l.rps)),
    p50: median(loads.map((l) => l.p50)),
    p99: median(loads.map((l) => l.p99)),
    requests: loads.reduce((s, l) => s + l.requests, 0),
    non2xx: loads.reduce((s, l) => s + l.non2xx, 0),
    errors: loads.reduce((s, l) => s + l.errors, 0),
  };
}

/** One POST per fresh case: autocannon's setupRequest hands every request the next case id. */
function decisions(url: string, token: string, ids: string[]): autocannon.Options {
  let next = 0;
  return {
    url,
    amount: ids.length,
    requests: [
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ decision: "approve" }),
        setupRequest: (req) => ({ ...req, path: `/api/cases/${ids[next++ % ids.length]}/decisions` }),
      },
    ],
  };
}

export async function benchApi(options: ApiBenchOptions = {}): Promise<Figure[]> {
  const { runs = 3, postRuns = 1, getSeconds = 10, postSeconds = 2, saturationCases = 100, rate = 100, connections = 10 } = options;
  const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  const engine = await startEngine({ dynamoEndpoint: dynamo.endpoint, port: 0, tableName: "bench-api-engine", resume: false });
  let server: ServerType | undefined;
  try {
    const tableName = "bench-api";
    const platform = await createLocalPlatform(engine, { dynamo: { endpoint: dynamo.endpoint }, tableName, sessionSecret: "bench-secret-0123456789-0123456789" });
    await ensureTable(platform.db.clients.client, mainTable, tableName);
    await seedDemoData(platform, "bench-seed");
    const app = createApp({ platform, secureCookies: false, local: true });
    const listening = await listen(app);
    server = listening.server;
    const { url } = listening;
    const operator = await login(url, OPERATOR);
    const head = await login(url, HEAD);

    // GET: an existing DISNAKER case (waiting at the OPD head, as most are), read by its OPD head.
    const [caseId] = await freshCases(url, platform, operator, 1);
    const get: autocannon.Options = { url: `${url}/api/cases/${caseId}`, headers: { authorization: `Bearer ${head}` } };
    await load({ ...get, connections, duration: 3 }); // warm-up
    const getFixed: Load[] = [];
    const getSaturated: Load[] = [];
    for (let run = 0; run < runs; run++) {
      getFixed.push(await load({ ...get, connections, overallRate: rate, duration: getSeconds }));
      getSaturated.push(await load({ ...get, connections, duration: getSeconds }));
    }

    // POST decisions: every request on a case of its own, created beforehand and waiting at the OPD head.
    await load({ ...decisions(url, head, await freshCases(url, platform, operator, 30)), connections }); // warm-up
    const postFixed: Load[] = [];
    const postSaturated: Load[] = [];
    for (let run = 0; run < postRuns; run++) {
      const fixedIds = await freshCases(url, platform, operator, rate * postSeconds);
      postFixed.push(await load({ ...decisions(url, head, fixedIds), connections, overallRate: rate }));
      const saturationIds = await freshCases(url, platform, operator, saturationCases);
      postSaturated.push(await load({ ...decisions(url, head, saturationIds), connections }));
    }

    const figures: Figure[] = [];
    const add = (name: string, l: Load, what: string, n = runs) => {
      const counts = `${l.requests} requests, ${l.non2xx} non-2xx, ${l.errors} errors/timeouts`;
      figures.push(
        { figure: `${name}.req_per_second`, value: l.rps, unit: "req/s", note: `${what}; ${n === 1 ? "one run" : `median of ${n} runs`} after a warm-up; ${counts}` },
        { figure: `${name}.latency_p50`, value: l.p50, unit: "ms", note: counts },
        { figure: `${name}.latency_p99`, value: l.p99, unit: "ms", note: counts },
      );
    };
    add("api.get_case.fixed_100", summary(getFixed), `GET /api/cases/:id at ${rate} req/s, ${connections} connections, ${getSeconds} s`);
    add("api.get_case.saturation", summary(getSaturated), `GET /api/cases/:id, ${connections} connections, ${getSeconds} s`);
    add("api.decide.fixed_100", summary(postFixed), `POST /api/cases/:id/decisions approve at ${rate} req/s on ${rate * postSeconds} fresh cases per run (${postSeconds} s)`, postRuns);
    add("api.decide.saturation", summary(postSaturated), `POST /api/cases/:id/decisions approve, ${connections} connections, until ${saturationCases} fresh cases per run are decided`, postRuns);
    return figures;
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await engine.close();
    await dynamo.stop();
  }
}

// `tsx bench/api.ts [runs] [getSeconds] [postSeconds] [saturationCases]`: this figure alone, small sizes while developing.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const [runs, getSeconds, postSeconds, saturationCases] = process.argv.slice(2).map(Number);
  const figures = await benchApi({ runs: runs ?? 1, postRuns: 1, getSeconds: getSeconds ?? 2, postSeconds: postSeconds ?? 1, saturationCases: saturationCases ?? 20 });
  console.table(figures.map((f) => ({ ...f, value: Number(f.value.toFixed(1)) })));
  process.exit(0);
}
