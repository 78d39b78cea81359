import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { benchApi } from "./api";
import { benchBundles } from "./bundles";
import { benchCostModel } from "./cost-model";
import { benchEngineVsPeer } from "./engine-vs-peer";
import { benchImport } from "./import";
import type { Figure } from "./figures";

// `npm run bench`: prints the figures and writes bench/results.json. Never a pass/fail.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// BENCH_ENGINE_EXECUTIONS: fewer executions per engine run than the 1,000 (e.g. on a loaded machine).
const engineExecutions = Number(process.env.BENCH_ENGINE_EXECUTIONS ?? 1000);
const figures: Figure[] = [
  // First, while the process is fresh: its peak RSS is then the import's, not what earlier figures left on the heap.
  ...(await benchImport()),
  ...(await benchEngineVsPeer({ executions: engineExecutions, warmup: Math.min(100, engineExecutions / 4) })),
  ...(await benchApi()),
  ...(await benchBundles()),
  ...(await benchCostModel()),
];

console.table(
  figures.map((f) => ({
    figure: f.figure,
    value: Number(f.value.toFixed(1)),
    unit: f.unit,
    baseline: f.baseline === undefined ? "" : Number(f.baseline.toFixed(1)),
    ratio: f.ratio === undefined ? "" : Number(f.ratio.toFixed(2)),
    note: f.note ?? "",
  })),
);
const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), at: new Date().toISOString() };
mkdirSync(new URL(".", import.meta.url), { recursive: true });
writeFileSync(new URL("./results.json", import.meta.url), JSON.stringify({ machine, figures }, null, 2) + "\n");
console.log("wrote bench/results.json");
process.exit(0);
