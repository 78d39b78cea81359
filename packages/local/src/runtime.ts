import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "@naungan/api";
import { startEngine } from "@naungan/engine";
import { DEFAULT_START_GRACE_SECONDS, ensureTable, mainTable, type Platform, type Settings } from "@naungan/platform";
import { demoUsers, seedDemoData, type SeedSummary } from "./demo-data";
import { startDynamoDbLocal } from "./dynamodb-local";
import { createLocalPlatform, redeliverRecordedDecisions } from "./local-workflows";
import { checkPortFree } from "./ports";
import { localSessionSecret } from "./session-secret";

export interface LocalRuntimeOptions {
  dataDir: string;
  httpPort: number;
  dynamoPort: number;
  /** The local Step Functions engine (8083 by default in `npm start`). */
  sfnPort: number;
  host?: string;
  /** Settings that win over the stored ones (e.g. short reminder times for a demo). */
  settings?: Partial<Settings>;
  log?: (line: string) => void;
  /** How often, and after how long, stored cases without a workflow get it started (the AWS Cron's grace by default). */
  workflowStartsSeconds?: number;
}

export interface LocalRuntime {
  url: string;
  dynamoEndpoint: string;
  sfnEndpoint: string;
  resumedExecutions: number;
  platform: Platform;
  seeded: SeedSummary;
  stop(): Promise<void>;
}

/** The table name locally, shaped like SST's `<stage>-<app>-<id>`. */
export const localTableName = `local-naungan-${mainTable.id}`;

/**
 * DynamoDB Local on `.data/`, the tables from the shared definitions, the
 * demo data, and the same Hono app the Lambda serves — on one machine.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const host = options.host ?? "127.0.0.1";
  await checkPortFree(options.httpPort, "PORT", "another npm start?");
  if (options.sfnPort !== 0) await checkPortFree(options.sfnPort, "SFN_PORT", "another engine or npm start?");
  const dynamo = await startDynamoDbLocal({ port: options.dynamoPort, dataDir: join(options.dataDir, "dynamodb") });
  let server: ServerType | undefined;
  let stopAnchoring: (() => Promise<void>) | undefined;
  let stopStarting: (() => Promise<void>) | undefined;
  let engine: Awaited<ReturnType<typeof startEngine>> | undefined;
  try {
    engine = await startEngine({ dynamoEndpoint: dynamo.endpoint, port: options.sfnPort, log: options.log, resume: false });
    const url = `http://localhost:${options.httpPort}`;
    const platform = await createLocalPlatform(engine, {
      dynamo: { endpoint: dynamo.endpoint },
      tableName: localTableName,
      sessionSecret: localSessionSecret(options.dataDir),
      publicUrl: url,
      settings: options.settings,
    });
    await ensureTable(platform.db.clients.client, mainTable, localTableName);
    const redelivered = await redeliverRecordedDecisions(platform);
    if (redelivered > 0) options.log?.(`redelivered ${redelivered} recorded decision(s) the engine had not received`);
    const seeded = await seedDemoData(platform);
    stopAnchoring = scheduleAuditAnchors(platform, options.log);
    // No grace before the app listens: no submission of this process can be under way, so a case
    // without its workflow was left by the last one (a kill -9, a DynamoDB Local that died).
    await startUnstartedWorkflows(platform, 0, options.log);
    const startsEvery = options.workflowStartsSeconds ?? DEFAULT_START_GRACE_SECONDS;
    stopStarting = every(startsEvery * 1000, () => startUnstartedWorkflows(platform, startsEvery, options.log), false);
    const app = createApp({
      platform,
      secureCookies: false,
      local: true,
      demoLogins: demoUsers.map((u) => ({ email: u.email, role: u.role, opdCode: u.opdCode })),
    });
    server = await listen(app.fetch, options.httpPort, host);
    return {
      url,
      dynamoEndpoint: dynamo.endpoint,
      sfnEndpoint: engine.endpoint,
      resumedExecutions: engine.resumed,
      platform,
      seeded,
      async stop() {
        await stopAnchoring?.();
        await stopStarting?.();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        await engine?.close();
        await dynamo.stop();
      },
    };
  } catch (err) {
    await stopAnchoring?.();
    await stopStarting?.();
    server?.close();
    await engine?.close();
    await dynamo.stop();
    throw err;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A job run now (unless not `runNow`) and then every `ms` (the timer never keeps the process alive); stopping waits for a run in progress. */
function every(ms: number, job: () => Promise<void>, runNow = true): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(job);
  };
  if (runNow) run();
  const timer = setInterval(run, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** As the daily Cron does in AWS: anchors the audit log once at start, then every day. */
function scheduleAuditAnchors(platform: Platform, log?: (line: string) => void): () => Promise<void> {
  return every(DAY_MS, () =>
    platform.auditAnchors.anchor("system:audit-anchor").then(
      (a) => log?.(`audit anchor: ${a.chainCount} chains, ${a.events} events, digest ${a.digest.slice(0, 12)}…`),
      (err: unknown) => log?.(`audit anchor failed: ${err instanceof Error ? err.message : String(err)}`),
    ),
  );
}

/**
 * As the WorkflowStarts Cron does in AWS (stacks/Api.ts): starts the
 * workflows of cases a submission stored but never started, after `grace`.
 */
async function startUnstartedWorkflows(platform: Platform, grace: number, log?: (line: string) => void): Promise<void> {
  try {
    const { started, failed } = await platform.unstartedWorkflows.resume({ actor: "system:workflow-starts", requestId: `local-${Date.now()}` }, grace);
    if (started.length) log?.(`workflow starts: started ${started.join(", ")}`);
    if (failed.length) log?.(`workflow starts failed: ${failed.map((f) => `${f.caseId} (${f.error})`).join(", ")}`);
  } catch (err) {
    log?.(`workflow starts failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function listen(fetch: Parameters<typeof serve>[0]["fetch"], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once("error", reject);
  });
}
