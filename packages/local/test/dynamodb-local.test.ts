import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, copyFile, mkdir, mkdtemp, open, rm, truncate, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  DATA_FILE_NAME,
  findFreePort,
  startDynamoDbLocal,
  type DynamoDbLocal,
  type StartDynamoDbLocalOptions,
} from "../src/dynamodb-local.js";
import { LocalRuntimeError } from "../src/errors.js";

// Starting Java is slow on a busy machine; these tests start it up to three times.
const JAVA_TEST_TIMEOUT = 120_000;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "naungan-ddb-local-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function start(options: StartDynamoDbLocalOptions) {
  const db = await startDynamoDbLocal(options);
  cleanups.push(() => db.stop());
  return db;
}

function clientFor(endpoint: string) {
  const client = new DynamoDBClient({
    endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  cleanups.push(async () => client.destroy());
  return client;
}

/** Resolves once something can listen on the port again, i.e. our Java let go of it. */
async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function expectLocalRuntimeError(promise: Promise<DynamoDbLocal>): Promise<LocalRuntimeError> {
  const err = await promise.then(
    async (db) => {
      await db.stop(); // started after all: don't leave Java behind
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LocalRuntimeError);
  return err as LocalRuntimeError;
}

const SOURCE = fileURLToPath(new URL("../src/dynamodb-local.ts", import.meta.url));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function pollUntil<T>(check: () => T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Gave up after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function fakeJava(name: string, script: string): Promise<string> {
  const file = join(root, name);
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return file;
}

describe("startDynamoDbLocal with a data directory", () => {
  // One real database, written by a first DynamoDB Local run, shared by the tests below.
  let seedDir: string;
  beforeAll(async () => {
    seedDir = join(root, "seed", ".data"); // does not exist yet: start creates it
    const db = await startDynamoDbLocal({ port: await findFreePort(), dataDir: seedDir });
    try {
      const client = clientFor(db.endpoint);
      await client.send(
        new CreateTableCommand({
          TableName: "persisted",
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        }),
      );
      await client.send(new PutItemCommand({ TableName: "persisted", Item: { pk: { S: "case#1" }, title: { S: "Pengadaan laptop" } } }));
    } finally {
      await db.stop();
    }
  }, JAVA_TEST_TIMEOUT);

  it("keeps tables and items across a restart, and stop() is idempotent and frees the port", async () => {
    const port = await findFreePort();
    const db = await start({ port, dataDir: seedDir });
    const client = clientFor(db.endpoint);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(["persisted"]);
    const { Item } = await client.send(new GetItemCommand({ TableName: "persisted", Key: { pk: { S: "case#1" } } }));
    expect(Item?.title?.S).toBe("Pengadaan laptop");

    await Promise.all([db.stop(), db.stop()]);
    await db.stop();
    expect(db.process.exitCode !== null || db.process.signalCode !== null).toBe(true);
    expect(await portIsFree(port)).toBe(true);
  }, JAVA_TEST_TIMEOUT);

  it("refuses a data file that is not a database at all, before starting Java", async () => {
    const dir = join(root, "garbage", ".data");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, DATA_FILE_NAME), "this is not a database, just some text\n".repeat(100));
    const err = await expectLocalRuntimeError(startDynamoDbLocal({ port: await findFreePort(), dataDir: dir }));
    expect(err.message).toBe(
      `The local data in ${dir} cannot be read (corrupt?): move it aside (mv ${dir} ${dir}.broken) and run npm start again.`,
    );
  });

  it("refuses a damaged SQLite file (truncated) once DynamoDB Local reports it, and stops Java", async () => {
    const dir = join(root, "truncated", ".data");
    await mkdir(dir, { recursive: true });
    const file = join(dir, DATA_FILE_NAME);
    await copyFile(join(seedDir, DATA_FILE_NAME), file);
    await truncate(file, 5_000); // keeps the SQLite header, loses the pages after it
    const port = await findFreePort();
    const err = await expectLocalRuntimeError(startDynamoDbLocal({ port, dataDir: dir }));
    expect(err.message).toMatch(/^The local data in .* cannot be read \(corrupt\?\): move it aside \(mv .* \S+\.broken\) and run npm start again\.$/);
    expect(await portIsFree(port)).toBe(true);
  }, JAVA_TEST_TIMEOUT);

  it("refuses a file whose catalogue is fine but whose table pages are damaged", async () => {
    // ListTables still works on this one; the DescribeTable probe (which
    // counts the table's items) is what finds the damage.
    const dir = join(root, "damaged-table", ".data");
    await mkdir(dir, { recursive: true });
    const file = join(dir, DATA_FILE_NAME);
    await copyFile(join(seedDir, DATA_FILE_NAME), file);
    const handle = await open(file, "r+");
    try {
      const header = Buffer.alloc(100);
      await handle.read(header, 0, 100, 0);
      const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
      const { size } = await handle.stat();
      await handle.write(Buffer.alloc(pageSize, 0xa5), 0, pageSize, size - pageSize); // the last page
    } finally {
      await handle.close();
    }
    const err = await expectLocalRuntimeError(startDynamoDbLocal({ port: await findFreePort(), dataDir: dir }));
    expect(err.message).toMatch(/^The local data in .* cannot be read \(corrupt\?\): move it aside/);
  }, JAVA_TEST_TIMEOUT);
});

describe("the Java process does not outlive Node", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("when Node dies of %s without calling stop()", async (signal) => {
    // Node with no signal handlers of its own, like a vitest worker being ended.
    const script = `
      const { startDynamoDbLocal, findFreePort } = await import(process.argv[1]);
      const db = await startDynamoDbLocal({ port: await findFreePort() });
      console.log("JAVA " + db.process.pid);
      setInterval(() => {}, 1000);`;
    const node = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, SOURCE], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    cleanups.push(async () => void node.kill("SIGKILL"));
    let stdout = "";
    node.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const javaPid = await pollUntil(() => Number(/JAVA (\d+)/.exec(stdout)?.[1]) || undefined, 90_000);
    cleanups.push(async () => void (isRunning(javaPid) && process.kill(javaPid, "SIGKILL")));

    node.kill(signal);
    await once(node, "exit");
    expect(await pollUntil(() => !isRunning(javaPid) || undefined, 15_000)).toBe(true);
  }, JAVA_TEST_TIMEOUT);
});

describe("startDynamoDbLocal refuses to start", () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  it("on a busy port, naming the port", async () => {
    const port = await findFreePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(port, "127.0.0.1", resolve));
    const err = await expectLocalRuntimeError(startDynamoDbLocal({ port }));
    expect(err.message).toBe(
      `Port ${port} is already in use (another DynamoDB Local or npm start?): stop that program or set DYNAMODB_PORT to a free port.`,
    );
  });

  it("without Java", async () => {
    const err = await expectLocalRuntimeError(
      startDynamoDbLocal({ port: await findFreePort(), javaCommand: join(root, "no-such-dir", "java") }),
    );
    expect(err.message).toBe(
      "Java 17 or newer is needed for DynamoDB Local and was not found: install it (Debian: apt-get install -y openjdk-17-jre-headless) and run npm start again.",
    );
  });

  it("with Java older than 17", async () => {
    const java11 = await fakeJava("java11", `echo 'openjdk version "11.0.22" 2024-01-16' >&2`);
    const err = await expectLocalRuntimeError(startDynamoDbLocal({ port: await findFreePort(), javaCommand: java11 }));
    expect(err.message).toMatch(/^Java 17 or newer is needed for DynamoDB Local but ".*java11" is Java 11: install Java 17 \(Debian: apt-get install -y openjdk-17-jre-headless\)/);
  });

  it("when Java exits before DynamoDB Local is ready, quoting its last words", async () => {
    const dying = await fakeJava(
      "dying-java",
      `if [ "$1" = "-version" ]; then echo 'openjdk version "17.0.15" 2025-04-15' >&2; exit 0; fi\necho 'Error: Unable to access jarfile DynamoDBLocal.jar' >&2\nexit 1`,
    );
    const err = await expectLocalRuntimeError(startDynamoDbLocal({ port: await findFreePort(), javaCommand: dying }));
    expect(err.message).toBe(
      `DynamoDB Local stopped (code 1) before it was ready, last saying "Error: Unable to access jarfile DynamoDBLocal.jar": fix what it reports and run npm start again.`,
    );
  });
});
