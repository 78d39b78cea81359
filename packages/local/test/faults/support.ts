/**
 * Fault tests' support: `npm start` (packages/local/src/start.ts) as a child
 * process on its own data directory and ports, killed with SIGKILL; a small
 * JSON client of its HTTP API; and a direct look at its table.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { DEMO_PASSWORD } from "../../src/demo-data";
import { localTableName } from "../../src/runtime";

export const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));

export type Json = Record<string, any>;

export interface RuntimePorts {
  httpPort: number;
  dynamoPort: number;
  sfnPort: number;
}

/** `npm start` in a process group of its own (Node and its DynamoDB Local JVM), with NAUNGAN_DEBUG=1 so every transition is a line. */
export class RuntimeProcess {
  readonly lines: string[] = [];
  private waiters: { re: RegExp; from: number; resolve: (line: string) => void }[] = [];
  private partial = "";
  exited = false;
  resumed = -1;

  private constructor(readonly child: ChildProcess) {
    const onData = (chunk: Buffer) => {
      const parts = (this.partial + chunk.toString()).split("\n");
      this.partial = parts.pop() ?? "";
      for (const line of parts) {
        this.lines.push(line);
        const index = this.lines.length - 1;
        for (const w of [...this.waiters]) {
          if (index >= w.from && w.re.test(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", () => (this.exited = true));
  }

  static async start(dataDir: string, ports: RuntimePorts, env: Record<string, string> = {}): Promise<RuntimeProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/start.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NAUNGAN_DATA_DIR: dataDir,
        PORT: String(ports.httpPort),
        DYNAMODB_PORT: String(ports.dynamoPort),
        SFN_PORT: String(ports.sfnPort),
        NAUNGAN_DEBUG: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: kill -9 reaches the JVM too
    });
    const rt = new RuntimeProcess(child);
    const ready = rt.waitFor(/running executions resumed/, 0, 120_000);
    const died = new Promise<never>((_, reject) => child.once("exit", (code, signal) => reject(new Error(`npm start exited (${code ?? signal}): ${rt.lines.slice(-20).join("\n")}`))));
    const line = await Promise.race([ready, died]);
    rt.resumed = Number(/(\d+) running executions resumed/.exec(line)![1]);
    await rt.waitFor(/Press Ctrl-C to stop/, 0, 10_000);
    return rt;
  }

  /** The next line (from line index `from` on) matching `re`. */
  waitFor(re: RegExp, from = this.lines.length, timeoutMs = 60_000): Promise<string> {
    const seen = this.lines.slice(from).find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; last lines:\n${this.lines.slice(-15).join("\n")}`)), timeoutMs);
      this.waiters.push({ re, from, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  /** The PIDs of the process group (Node and the DynamoDB Local JVM). */
  groupPids(): number[] {
    return processGroups()[this.child.pid!] ?? [];
  }

  /** The group's DynamoDB Local JVMs, by command line (the group may hold a short-lived helper process too). */
  dynamoDbPids(): number[] {
    return this.groupPids().filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("DynamoDBLocal.jar");
      } catch {
        return false; // gone meanwhile
      }
    });
  }

  /** kill -9 of the whole runtime: Node and its JVM, as a crash or a power cut would end them. Resolves when no process of the group is left. */
  async kill9(): Promise<void> {
    const pgid = this.child.pid!;
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      /* already gone */
    }
    const until = Date.now() + 20_000;
    while ((processGroups()[pgid]?.length ?? 0) > 0) {
      if (Date.now() > until) throw new Error(`process group ${pgid} survived SIGKILL`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Live processes by process group, from /proc (Linux). Zombies count as gone. */
function processGroups(): Record<number, number[]> {
  const groups: Record<number, number[]> = {};
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (rest[0] === "Z" || rest[0] === "X") continue;
    const pgrp = Number(rest[2]);
    (groups[pgrp] ??= []).push(Number(entry));
  }
  return groups;
}

/** A JSON client of the runtime's API, signed in by demo email (sessions survive restarts: they live in the table). */
export class ApiClient {
  private readonly tokens = new Map<string, string>();
  constructor(readonly url: string) {}

  async token(email: string): Promise<string> {
    let token = this.tokens.get(email);
    if (!token) {
      const res = await fetch(`${this.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
      if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
      token = ((await res.json()) as { token: string }).token;
      this.tokens.set(email, token);
    }
    return token;
  }

  async call(method: "GET" | "POST", email: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.token(email)}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed };
  }

  /** A call that must answer `status` (200 by default). */
  async ok(method: "GET" | "POST", email: string, path: string, body?: unknown, status = 200): Promise<Json> {
    const res = await this.call(method, email, path, body);
    if (res.status !== status) throw new Error(`${method} ${path} as ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  caseOf(id: string): Promise<Json> {
    return this.ok("GET", "admin@naungan.demo", `/api/cases/${id}`);
  }

  async untilStatus(id: string, status: string, timeoutMs = 60_000): Promise<Json> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const c = await this.caseOf(id);
      if (c.status === status) return c;
      if (Date.now() > until) throw new Error(`case ${id} is ${c.status} (step ${c.currentStep}), not ${status}, after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every audit event of a case (oldest first). */
  async auditOf(caseId: string): Promise<Json[]> {
    const items: Json[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.ok("GET", "auditor@inspektorat.demo", `/api/audit/events?caseId=${caseId}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      items.push(...(page.items as Json[]));
      cursor = page.nextCursor as string | undefined;
    } while (cursor);
    return items.sort((a, b) => Number(a.seq) - Number(b.seq));
  }
}

/** A honorary worker (wage 2,500,000) with a valid Tanjung Jabung Barat NIK, one per serial 1–999. */
export const worker = (serial: number) => ({
  nik: `1506010501850${String(serial).padStart(3, "0")}`,
  name: `Pekerja ${serial}`,
  birthDate: "1985-01-05",
  category: "honorer",
  monthlyWage: 2_500_000,
});

/** Every item of the runtime's table whose pk starts with `prefix` (a test may scan). */
export async function scanItems(dynamoEndpoint: string, prefix: string): Promise<Json[]> {
  const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: "ap-southeast-3", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const items: Json[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: localTableName, FilterExpression: "begins_with(pk, :p)", ExpressionAttributeValues: { ":p": { S: prefix } }, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  } finally {
    client.destroy();
  }
}
