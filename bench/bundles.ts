import { spawn } from "node:child_process";
import { cpSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Token } from "aws-cdk-lib";
import esbuild, { type BuildOptions, type Metafile } from "esbuild";
import { arns, defaultIdentity, startEngine } from "@naungan/engine";
import { createLocalPlatform, seedDemoData, startDynamoDbLocal } from "@naungan/local";
import { ensureTable, mainTable } from "@naungan/platform";
import { findFreePort } from "../packages/local/src/ports";
import type { Figure } from "./figures";

/*
 * Figure 4: every Lambda function the stacks declare, bundled the way SST v2
 * bundles it for `sst deploy`, its size, and its cold init measured locally
 * (a fresh `node` process importing the bundle and answering a first event).
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = path.join(tmpdir(), `naungan-bench-bundles-${process.pid}`);
const RUNS = 5;
export const BUNDLE_TARGET_BYTES = 1024 * 1024;
export const COLD_INIT_TARGET_MS = 300;

/** What a function of the synthesized app says about itself (SST merges the app defaults into `props`). */
export interface DeclaredFunction {
  /** The construct's id: ValidateAndPrice, ImportRunner, Lambda_default (the API), Job_AuditAnchor. */
  id: string;
  stack: string;
  handler: string;
  memorySize: number;
  nodejs: { format?: "esm" | "cjs"; minify?: boolean; sourcemap?: boolean; banner?: string; install?: string[]; loader?: Record<string, string>; splitting?: boolean; esbuild?: BuildOptions };
  copyFiles: { from: string; to?: string }[];
  /** Environment names with their value where it is a plain string (not a CDK token). */
  environment: Record<string, string | undefined>;
}

/**
 * The functions of the SST app as `sst deploy` would synthesize it (stage
 * "bench"), read from the constructs before SST's deferred build runs, so
 * nothing is bundled or written by SST itself. Same offline synthesis as the
 * infra-tests (infra-tests/support/synth.ts).
 */
export async function declaredFunctions(): Promise<DeclaredFunction[]> {
  const { App, Function: SSTFunction } = await import("sst/constructs");
  const { initProject, useProject } = await import("sst/project.js");
  const { default: config } = await import("../sst.config");
  const cwd = process.cwd();
  process.chdir(ROOT); // SST resolves handler paths against the working directory
  try {
    await initProject({ stage: "bench", root: ROOT });
    const { name, region } = useProject().config;
    const app = new App({ mode: "deploy", stage: "bench", name, region });
    await config.stacks(app);
    return app.node
      .findAll()
      .filter((c): c is InstanceType<typeof SSTFunction> => c instanceof SSTFunction)
      .map((fn) => {
        // SST keeps the merged props and CDK the environment (addEnvironment included) on private fields.
        const { props, environment: env = {} } = fn as unknown as { props: import("sst/constructs").FunctionProps; environment?: Record<string, { value: string }> };
        return {
          id: fn.node.id,
          stack: fn.node.scope!.node.path,
          handler: props.handler!,
          memorySize: props.memorySize as number,
          nodejs: (props.nodejs ?? {}) as DeclaredFunction["nodejs"],
          copyFiles: (props.copyFiles ?? []) as DeclaredFunction["copyFiles"],
          environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, Token.isUnresolved(v.value) ? undefined : v.value])),
        };
      });
  } finally {
    process.chdir(cwd);
  }
}

/** A short name: the task functions' own, "Api" for the HTTP API's `$default`, "AuditAnchor" for the Cron's job. */
export const shortName = (fn: DeclaredFunction) => fn.id.replace(/^Lambda_default$/, "Api").replace(/^Job_/, "");

export interface Bundle {
  name: string;
  file: string;
  dir: string;
  bytes: number;
  mapBytes: number;
  minifiedBytes: number;
  awsSdkInside: boolean;
  /** The biggest packages (or source folders) in the bundle, by bytes in the output. */
  biggest: { input: string; bytes: number }[];
}

/**
 * Mirrors SST v2's Node build for deploy (node_modules/sst/runtime/handlers/node.js):
 * esm → target esnext, platform node, mainFields module/main, the
 * createRequire/__dirname banner, keepNames, external only sharp and pg-native
 * plus `nodejs.install`/`nodejs.esbuild.external` (for esm SST does not treat
 * @aws-sdk as provided: it is bundled), sourcemap unless `false`, minify only
 * when `nodejs.minify` says so, then `nodejs.esbuild` overrides.
 */
export function sstBuildOptions(fn: DeclaredFunction, outfile: string, minify?: boolean): BuildOptions {
  const nodejs = fn.nodejs;
  const { external, ...override } = nodejs.esbuild ?? {};
  const isESM = (nodejs.format ?? "esm") === "esm";
  return {
    entryPoints: [entryOf(fn)],
    platform: "node",
    external: ["sharp", "pg-native", ...(nodejs.install ?? []), ...(external ?? [])],
    loader: nodejs.loader as BuildOptions["loader"],
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    metafile: true,
    absWorkingDir: ROOT,
    ...(isESM
      ? {
          format: "esm",
          target: "esnext",
          mainFields: ["module", "main"],
          banner: {
            js: [
              `import { createRequire as topLevelCreateRequire } from 'module';`,
              `const require = topLevelCreateRequire(import.meta.url);`,
              `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
              `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
              nodejs.banner ?? "",
            ].join("\n"),
          },
        }
      : { format: "cjs", target: "node14", banner: nodejs.banner ? { js: nodejs.banner } : undefined }),
    outfile,
    sourcemap: nodejs.sourcemap === false ? false : true,
    minify: minify ?? nodejs.minify,
    ...override,
  };
}

/** The handler's source file, found as SST finds it. */
function entryOf(fn: DeclaredFunction): string {
  const parsed = path.parse(fn.handler);
  const entry = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"].map((ext) => path.join(ROOT, parsed.dir, parsed.name + ext)).find((f) => exists(f));
  if (!entry) throw new Error(`no file for handler ${fn.handler}`);
  return entry;
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** node_modules/@aws-sdk/client-dynamodb/dist-es/… → @aws-sdk/client-dynamodb; packages/platform/src/… → packages/platform. */
function owner(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.slice(Math.max(0, input.lastIndexOf("node_modules/"))));
  if (m) return m[1]!;
  return input.split("/").slice(0, 2).join("/");
}

function biggestInputs(meta: Metafile, outfile: string): { input: string; bytes: number }[] {
  const out = Object.entries(meta.outputs).find(([k]) => k.endsWith(outfile))?.[1];
  const sums = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(out?.inputs ?? {})) sums.set(owner(input), (sums.get(owner(input)) ?? 0) + bytesInOutput);
  return [...sums].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * Builds every function as deployed and once more minified (for the size
 * only). Functions whose options differ only in their entry go through one
 * esbuild run with several entry points: each output is still a whole bundle
 * of its own (no splitting), laid out as SST lays it out
 * (`<handler dir>/<name>.mjs` under the bundle's root), with the copyFiles.
 */
export async function bundleAll(functions: DeclaredFunction[]): Promise<Bundle[]> {
  const groups = new Map<string, DeclaredFunction[]>();
  for (const fn of functions) {
    const { entryPoints: _entry, outfile: _out, ...options } = sstBuildOptions(fn, "");
    const key = JSON.stringify(options);
    groups.set(key, [...(groups.get(key) ?? []), fn]);
  }
  const bundles = new Map<DeclaredFunction, Bundle>();
  let g = 0;
  for (const group of groups.values()) {
    const root = path.join(OUT, `group-${g++}`);
    const ext = (group[0]!.nodejs.format ?? "esm") === "esm" ? ".mjs" : ".cjs";
    const build = async (minify: boolean) => {
      const dir = path.join(root, minify ? "minified" : "deployed");
      const { entryPoints: _entry, outfile: _out, ...options } = sstBuildOptions(group[0]!, "", minify ? true : undefined);
      const result = await esbuild.build({ ...options, ...(minify ? { sourcemap: false } : {}), entryPoints: group.map(entryOf), outdir: dir, outbase: ROOT, outExtension: { ".js": ext } });
      return { dir, metafile: result.metafile! };
    };
    const deployed = await build(false);
    const minified = await build(true);
    for (const fn of group) {
      const rel = path.join(path.relative(ROOT, path.dirname(entryOf(fn))), path.parse(fn.handler).name + ext);
      const file = path.join(deployed.dir, rel);
      for (const entry of fn.copyFiles) cpSync(path.join(ROOT, entry.from), path.join(deployed.dir, entry.to ?? entry.from), { recursive: true });
      const biggest = biggestInputs(deployed.metafile, rel);
      bundles.set(fn, {
        name: shortName(fn),
        file,
        dir: deployed.dir,
        bytes: statSync(file).size,
        mapBytes: exists(file + ".map") ? statSync(file + ".map").size : 0,
        minifiedBytes: statSync(path.join(minified.dir, rel)).size,
        awsSdkInside: biggest.some((b) => b.input.startsWith("@aws-sdk/") || b.input.startsWith("@smithy/")),
        biggest: biggest.slice(0, 6),
      });
    }
  }
  return functions.map((fn) => bundles.get(fn)!);
}

/** The harness a fresh process runs: import the bundle, answer one event, print the in-process timings. */
const HARNESS = `
const t0 = performance.now();
const [file, exportName, eventJson, mode, functionName, memory] = process.argv.slice(2);
let mod;
try {
  mod = await import(new URL("file://" + file).href);
} catch (err) {
  // An init error is an answer too (Lambda reports Runtime.ImportModuleError / the error): record it, do not hang.
  process.stdout.write("@@bench " + JSON.stringify({ importMs: performance.now() - t0, sinceStartMs: performance.now(), answer: "init error: " + String(err && err.message).slice(0, 80) }) + "\\n");
  process.exit(0);
}
const imported = performance.now();
if (mode === "import") {
  process.stdout.write("@@bench " + JSON.stringify({ importMs: imported - t0, sinceStartMs: imported }) + "\\n");
  process.exit(0);
}
const context = {
  callbackWaitsForEmptyEventLoop: true, functionName, functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:ap-southeast-3:000000000000:function:" + functionName,
  memoryLimitInMB: memory, awsRequestId: "bench-" + process.pid, logGroupName: "/aws/lambda/" + functionName,
  logStreamName: "bench", getRemainingTimeInMillis: () => 300000, done() {}, fail() {}, succeed() {},
};
let answer;
try {
  const result = await mod[exportName](JSON.parse(eventJson), context);
  answer = result && typeof result === "object" && "statusCode" in result ? "HTTP " + result.statusCode : "ok";
} catch (err) {
  answer = "error " + (err && err.name) + ": " + String(err && err.message).slice(0, 80);
}
const answered = performance.now();
process.stdout.write("@@bench " + JSON.stringify({ importMs: imported - t0, invokeMs: answered - imported, sinceStartMs: answered, answer }) + "\\n");
process.exit(0);
`;

interface Run {
  wallMs: number;
  importMs: number;
  invokeMs?: number;
  answer?: string;
}

/** Spawns `node harness.mjs …` with only the function's environment; wall time from spawn to the answer's line. */
function runOnce(harness: string, b: Bundle, exportName: string, event: unknown, mode: "import" | "invoke", env: Record<string, string>, memory: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [harness, b.file, exportName, JSON.stringify(event), mode, b.name, String(memory)], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let done = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      // The handler may log JSON to stdout too (the audit anchor does): the harness's own line is marked.
      const line = out.split("\n").find((l, i, all) => l.startsWith("@@bench ") && i < all.length - 1);
      if (line && !done) {
        done = true;
        const wallMs = performance.now() - started;
        const parsed = JSON.parse(line.slice("@@bench ".length)) as Omit<Run, "wallMs">;
        resolve({ wallMs, ...parsed });
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    child.on("exit", (code) => {
      if (!done) reject(new Error(`${b.name} harness exited ${code} without answering: ${err.slice(0, 500)}`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The first event each function gets: what API Gateway, the Cron, the API (for the import runner) or the state machine sends. */
function firstEvent(name: string): unknown {
  const ref = { caseId: "case_bench_cold_init", attempt: 1 };
  const now = new Date();
  switch (name) {
    case "Api":
      return {
        version: "2.0",
        routeKey: "$default",
        rawPath: "/healthz",
        rawQueryString: "",
        headers: { accept: "application/json", host: "abc123.execute-api.ap-southeast-3.amazonaws.com", "user-agent": "naungan-bench", "x-forwarded-for": "127.0.0.1", "x-forwarded-port": "443", "x-forwarded-proto": "https" },
        requestContext: {
          accountId: "000000000000",
          apiId: "abc123",
          domainName: "abc123.execute-api.ap-southeast-3.amazonaws.com",
          domainPrefix: "abc123",
          http: { method: "GET", path: "/healthz", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "naungan-bench" },
          requestId: "bench",
          routeKey: "$default",
          stage: "$default",
          time: now.toUTCString(),
          timeEpoch: now.getTime(),
        },
        isBase64Encoded: false,
      };
    case "ImportRunner":
      return { importId: "import_bench_cold_init" };
    case "AuditAnchor":
    case "WorkflowStarts":
      return { version: "0", id: "bench", "detail-type": "Scheduled Event", source: "aws.events", account: "000000000000", time: now.toISOString(), region: "ap-southeast-3", resources: [], detail: {} };
    case "OpenStep":
      return { ...ref, step: "opd_head", taskToken: "bench-token" };
    case "StepTimedOut":
      return { ...ref, step: "opd_head", reason: "timeout" };
    case "CloseCase":
      return { ...ref, outcome: "rejected", reason: "bench" };
    default:
      return ref;
  }
}

export interface ColdInit {
  name: string;
  memorySize: number;
  coldInitMs: number;
  importOnlyMs: number;
  inProcessImportMs: number;
  answer: string;
}

/**
 * Bundles every declared function, then, against a DynamoDB Local with the
 * demo data and the local engine, times `RUNS` fresh processes per function
 * (after one warm-up) importing the bundle and answering its first event, and
 * as many that only import it.
 */
export async function measureBundles(runs = RUNS): Promise<{ bundles: Bundle[]; inits: ColdInit[]; functions: DeclaredFunction[] }> {
  const functions = await declaredFunctions();
  mkdirSync(OUT, { recursive: true });
  const harness = path.join(OUT, "harness.mjs");
  writeFileSync(harness, HARNESS);
  const bundles = await bundleAll(functions);

  const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  const engine = await startEngine({ dynamoEndpoint: dynamo.endpoint, port: 0, tableName: "bench-bundles-engine", resume: false });
  const inits: ColdInit[] = [];
  try {
    const tableName = "bench-bundles";
    const platform = await createLocalPlatform(engine, { dynamo: { endpoint: dynamo.endpoint }, tableName, sessionSecret: "bench-secret-0123456789-0123456789" });
    await ensureTable(platform.db.clients.client, mainTable, tableName);
    await seedDemoData(platform, "bench-seed");
    const local: Record<string, string> = {
      TABLE_NAME: tableName,
      PUBLIC_URL: "http://localhost:3000",
      STATE_MACHINE_ENROLMENT_ARN: arns.stateMachine(defaultIdentity, "enrolment"),
      STATE_MACHINE_DEATH_BENEFIT_ARN: arns.stateMachine(defaultIdentity, "death-benefit"),
      IMPORT_RUNNER_FUNCTION: "ImportRunner",
      // Deployed, it is "__FETCH_FROM_SSM__" (one SSM GetParameters at init, not measured here).
      SST_Secret_value_SESSION_SECRET: "bench-secret-0123456789-0123456789",
    };
    for (const [fn, b] of functions.map((f, i) => [f, bundles[i]!] as const)) {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        AWS_REGION: "ap-southeast-3",
        AWS_DEFAULT_REGION: "ap-southeast-3",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_LAMBDA_FUNCTION_NAME: b.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_SFN: engine.endpoint,
        // Nothing may leave the machine: SES and Lambda go to a closed port.
        AWS_ENDPOINT_URL_SESV2: "http://127.0.0.1:9",
        AWS_ENDPOINT_URL_SES: "http://127.0.0.1:9",
        AWS_ENDPOINT_URL_LAMBDA: "http://127.0.0.1:9",
      };
      for (const [key, value] of Object.entries(fn.environment)) {
        if (key === "AUDIT_ANCHOR_BUCKET") continue; // no S3 here: the anchor is written to the table only
        if (key === "NAUNGAN_STATIC_DIR") env[key] = path.join(b.dir, "static");
        else if (local[key] !== undefined) env[key] = local[key]!;
        else if (value !== undefined) env[key] = value;
      }
      const [, exportName] = /\.([^.]+)$/.exec(fn.handler) ?? [];
      const event = firstEvent(b.name);
      await runOnce(harness, b, exportName!, event, "invoke", env, fn.memorySize); // warm-up (disk cache)
      const invoke: Run[] = [];
      const importOnly: Run[] = [];
      for (let i = 0; i < runs; i++) {
        invoke.push(await runOnce(harness, b, exportName!, event, "invoke", env, fn.memorySize));
        importOnly.push(await runOnce(harness, b, exportName!, event, "import", env, fn.memorySize));
      }
      inits.push({
        name: b.name,
        memorySize: fn.memorySize,
        coldInitMs: median(invoke.map((r) => r.wallMs)),
        importOnlyMs: median(importOnly.map((r) => r.wallMs)),
        inProcessImportMs: median(importOnly.map((r) => r.importMs)),
        answer: invoke[0]!.answer ?? "",
      });
      console.log(`bundles: ${b.name} ${Math.round(b.bytes / 1024)} KiB, cold init ${Math.round(inits.at(-1)!.coldInitMs)} ms`);
    }
  } finally {
    await engine.close();
    await dynamo.stop();
    rmSync(OUT, { recursive: true, force: true });
  }
  return { bundles, inits, functions };
}

const kib = (bytes: number) => bytes / 1024;

/** Figure 4 for bench/run.ts: per function, bundle size (target ≤ 1 MB) and cold init (target ≤ 300 ms). */
export async function benchBundles(): Promise<Figure[]> {
  const { bundles, inits } = await measureBundles();
  console.table(
    bundles.map((b, i) => ({
      function: b.name,
      "KiB (deployed)": Math.round(kib(b.bytes)),
      "KiB minified": Math.round(kib(b.minifiedBytes)),
      "map KiB": Math.round(kib(b.mapBytes)),
      "@aws-sdk inside": b.awsSdkInside,
      "cold init ms": Math.round(inits[i]!.coldInitMs),
      "import-only ms": Math.round(inits[i]!.importOnlyMs),
      answer: inits[i]!.answer,
      biggest: b.biggest.slice(0, 3).map((x) => `${x.input} ${Math.round(kib(x.bytes))}K`).join(", "),
    })),
  );
  return bundles.flatMap((b, i) => {
    const init = inits[i]!;
    return [
      {
        figure: `bundle.${b.name}.size`,
        value: kib(b.bytes),
        unit: "KiB",
        note: `as SST deploys it (minified: ${Math.round(kib(b.minifiedBytes))} KiB; .map ${Math.round(kib(b.mapBytes))} KiB beside it); @aws-sdk ${b.awsSdkInside ? "inside" : "external"}; target ≤ 1024`,
      },
      {
        figure: `bundle.${b.name}.cold_init`,
        value: init.coldInitMs,
        unit: "ms",
        note: `fresh node: spawn → first answer (${init.answer}); import only ${Math.round(init.importOnlyMs)} ms; median of ${RUNS}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs; target ≤ 300`,
      },
    ];
  });
}
