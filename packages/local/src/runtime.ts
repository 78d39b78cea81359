import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "@naungan/api";
import { startEngine } from "@naungan/engine";
import { ensureTable, mainTable, type Platform, type Settings } from "@naungan/platform";
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
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        await engine?.close();
        await dynamo.stop();
      },
    };
  } catch (err) {
    await stopAnchoring?.();
    server?.close();
    await engine?.close();
    await dynamo.stop();
    throw err;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** As the daily Cron does in AWS: anchors the audit log once at start, then every day (the timer never keeps the process alive). */
function scheduleAuditAnchors(platform: Platform, log?: (line: string) => void): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const anchor = () => {
    running = platform.auditAnchors.anchor("system:audit-anchor").then(
      (a) => log?.(`audit anchor: ${a.chainCount} chains, ${a.events} events, digest ${a.digest.slice(0, 12)}…`),
      (err: unknown) => log?.(`audit anchor failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  anchor();
  const timer = setInterval(anchor, DAY_MS);
  timer.unref();
  // Stopping waits for a running anchor, so it never meets a stopped DynamoDB.
  return async () => {
    clearInterval(timer);
    await running;
  };
}

function listen(fetch: Parameters<typeof serve>[0]["fetch"], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once("error", reject);
  });
}
