import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { startEngine } from "@naungan/engine";
import { createLocalPlatform, seedDemoData, startDynamoDbLocal } from "@naungan/local";
import { ensureTable, enrolmentImportSteps, mainTable, type Platform } from "@naungan/platform";
import { findFreePort } from "../packages/local/src/ports";
import { generatedCsv, utf8 } from "../packages/platform/test/support/worker-csv-files";
import type { Figure } from "./figures";

const ROWS = 19_000;
const RUNS = 3;

/** Samples this process's resident memory; DynamoDB Local (its own JVM) is not counted. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Upload → parsed, validated, priced, persisted → the workflow has put the case at the OPD head. */
async function importOnce(platform: Platform, csv: Uint8Array, run: number): Promise<number> {
  const started = performance.now();
  const by = { actor: "operator@disnaker.demo", requestId: `bench-import-${run}` };
  const { importId } = await platform.imports.create(
    { opdCode: "DISNAKER", budgetLineId: "2026-DISNAKER-5.1.02.02.02.0006+0007", periodStart: "2026-01", months: 12, file: csv },
    by,
  );
  const outcome = await platform.imports.run(importId, enrolmentImportSteps(platform));
  if (!outcome.caseId) throw new Error(`import ${importId} ended ${outcome.status} with ${outcome.errorsTotal} errors`);
  for (;;) {
    const c = await platform.cases.get(outcome.caseId);
    if (c?.status === "awaiting_opd_head") break;
    if (c && c.status !== "validating") throw new Error(`case ${c.id} went ${c.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - started;
}

/** The baseline: the same number of items, of the same size as a case's worker items, with plain BatchWriteItem. */
async function plainBatchWrite(platform: Platform, tableName: string, run: number): Promise<number> {
  const sample = (await platform.cases.list({ type: "enrolment" }, { limit: 1 })).items[0]!;
  const worker = (await platform.cases.items(sample.id, "WORKER#001#", { limit: 1 })).items[0]!;
  const started = performance.now();
  for (let i = 0; i < ROWS; i += 25) {
    let pending = Array.from({ length: Math.min(25, ROWS - i) }, (_, j) => ({
      PutRequest: { Item: { ...worker, pk: `BENCH#${run}`, sk: `WORKER#${String(i + j).padStart(6, "0")}` } },
    }));
    while (pending.length > 0) {
      const out = await platform.db.doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
  return performance.now() - started;
}

/**
 * A 19,000-worker CSV (the regency's gap) through the import path, against a
 * plain BatchWriteItem of as many worker-sized items into the same DynamoDB
 * Local: medians of 3 runs after a warm-up.
 */
export async function benchImport(): Promise<Figure[]> {
  const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  const engine = await startEngine({ dynamoEndpoint: dynamo.endpoint, port: 0, tableName: "bench-import-engine", resume: false });
  try {
    const tableName = "bench-import";
    const platform = await createLocalPlatform(engine, { dynamo: { endpoint: dynamo.endpoint }, tableName, sessionSecret: "bench-secret-0123456789-0123456789" });
    await ensureTable(platform.db.clients.client, mainTable, tableName);
    await seedDemoData(platform, "bench-seed");
    const csv = utf8(generatedCsv(ROWS));
    await importOnce(platform, utf8(generatedCsv(500)), 0); // warm-up
    const times: number[] = [];
    const peaks: number[] = [];
    const baselines: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      global.gc?.();
      const rss = rssSampler();
      times.push(await importOnce(platform, csv, run));
      peaks.push(rss.stop());
      baselines.push(await plainBatchWrite(platform, tableName, run));
    }
    const time = median(times) / 1000;
    const baseline = median(baselines) / 1000;
    return [
      { figure: "import.19000_rows_seconds", value: time, unit: "s", baseline, ratio: time / baseline, note: `upload → awaiting_opd_head; baseline: plain BatchWriteItem of ${ROWS} worker-sized items (target ≤ 1.5×)` },
      { figure: "import.peak_rss", value: Math.max(...peaks) / 2 ** 20, unit: "MiB", note: "Node process during the import (DynamoDB Local's JVM not counted); target ≤ 400" },
      { figure: "import.rows_per_second", value: ROWS / time, unit: "rows/s" },
    ];
  } finally {
    await engine.close();
    await dynamo.stop();
  }
}
