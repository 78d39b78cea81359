import { CreateStateMachineCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { Db, createDynamoClients, ensureTable } from "@naungan/platform";
import { defaultIdentity, engineTable, startEngine, type LambdaHandler } from "@naungan/engine";
import { startDynamoDbLocal } from "@naungan/local";
import { definitionString, enrolmentWorkflow, localSubstitutions } from "@naungan/workflows";
import { ExecutionStore, type ExecutionRecord } from "../packages/engine/src/store/executions";
import { findFreePort } from "../packages/local/src/ports";
import type { Figure } from "./figures";

/*
 * Figure 2 of issue 9: the real enrolment ASL on the local engine (durable:
 * every batch of events committed to DynamoDB Local before its effects) against
 * aws-local-stepfunctions running the same ASL in memory.
 *
 * The peer cannot do task tokens, so for both engines every
 * `lambda:invoke.waitForTaskToken` Task becomes a plain `lambda:invoke` Task
 * whose function answers the scripted decision (approve) at once. Every other
 * Lambda task answers a canned output that takes the happy path. No platform
 * work: the comparison is of the engines.
 */

const TOKEN_TASK = "arn:aws:states:::lambda:invoke.waitForTaskToken";
const PLAIN_TASK = "arn:aws:states:::lambda:invoke";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type StateDef = { Type: string; Resource?: string; Parameters?: { FunctionName?: string; Payload?: Record<string, Json> }; ResultSelector?: Record<string, string>; [key: string]: unknown };
type Asl = { StartAt: string; States: Record<string, StateDef> };

/** The canned answer of each task function, shaped by the Choice states that follow it. */
const CANNED: Record<string, (payload: any) => Json> = {
  ValidateAndPrice: () => ({ ok: true }),
  ReserveBudget: () => ({ ok: true }),
  ActivateCoverage: () => ({ ok: true }),
  /** The former token tasks: the scripted decision. */
  OpenStep: () => ({ decision: "approve" }),
  StepTimedOut: () => ({ decision: null }),
  CloseCase: () => ({ closed: true }),
};

/** The enrolment ASL with local Lambda ARNs, its token tasks turned into plain tasks answering the decision. */
export function comparisonAsl(): Asl {
  const { region, accountId } = defaultIdentity;
  const asl = JSON.parse(definitionString(enrolmentWorkflow, localSubstitutions(region, accountId))) as Asl;
  for (const state of Object.values(asl.States)) {
    if (state.Type !== "Task" || state.Resource !== TOKEN_TASK) continue;
    state.Resource = PLAIN_TASK;
    const payload = { ...state.Parameters!.Payload };
    delete payload["taskToken.$"];
    state.Parameters = { ...state.Parameters, Payload: payload };
    // A token task's result is the decision itself; a plain task's is the Invoke response with the decision as its Payload.
    state.ResultSelector = { "decision.$": "$.Payload" };
    // aws-local-stepfunctions reads TimeoutSecondsPath from the task's Parameters output, not its input (AWS reads the
    // input): the same value as a constant, for both engines.
    delete state.TimeoutSecondsPath;
    state.TimeoutSeconds = REMINDER_SECONDS;
  }
  return asl;
}

/** State names of the happy path: ValidateAndPrice … ActivateCoverage, Completed. */
const HAPPY_PATH = ["ValidateAndPrice", "Validated", "OpdHead", "OpdHeadDecided", "ReserveBudget", "BudgetReserved", "Finance", "FinanceDecided", "Disbursement", "DisbursementDecided", "ActivateCoverage", "Completed"];
export const TRANSITIONS = HAPPY_PATH.length;
/** Durable commits per execution: StartExecution, then one per task answer (6 tasks on the happy path). */
const COMMITS = 7;

const REMINDER_SECONDS = 3600;
const input = (i: number) => ({ caseId: `case_bench_${i}`, attempt: 1, timing: { reminderSeconds: REMINDER_SECONDS, remindersBeforeEscalation: 2 } });

const functionOf = (state: StateDef) => String(state.Parameters?.FunctionName ?? "").split(":").at(-1)!;

/** What the Lambda Invoke API answers (as our engine wraps a function's result for `lambda:invoke`). */
const invokeResponse = (payload: Json) => ({
  ExecutedVersion: "$LATEST",
  Payload: payload,
  SdkHttpMetadata: { HttpHeaders: {}, HttpStatusCode: 200 },
  SdkResponseMetadata: { RequestId: "bench" },
  StatusCode: 200,
});

interface Engine {
  /** Runs one execution to its end; rejects unless it succeeded. */
  run(i: number): Promise<void>;
  /** The engine's storage alone on DynamoDB Local: commits/s of executions' worth of commits (no interpreter, no API). */
  commitRate?(concurrency: number): Promise<number>;
  close(): Promise<void>;
}

async function ours(asl: Asl): Promise<Engine> {
  const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  const engine = await startEngine({ dynamoEndpoint: dynamo.endpoint, port: 0, tableName: "bench-engine-vs-peer" });
  for (const [name, answer] of Object.entries(CANNED)) engine.lambdas.register(name, ((event) => answer(event)) satisfies LambdaHandler);
  const sfn = new SFNClient({ endpoint: engine.endpoint, region: defaultIdentity.region, credentials: { accessKeyId: "b", secretAccessKey: "b" } });
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: "enrolment-bench", roleArn: "arn:aws:iam::000000000000:role/bench", definition: JSON.stringify(asl) }),
  );
  let checked = false;
  return {
    async commitRate(concurrency) {
      // The engine's own storage code on a table of its own: StartExecution's commit, then one per task answer.
      const clients = createDynamoClients({ endpoint: dynamo.endpoint });
      const db = new Db(clients, "bench-commit-floor");
      await ensureTable(clients.client, engineTable, db.tableName);
      const store = new ExecutionStore(db);
      const definition = JSON.stringify(asl);
      const events = (from: number) =>
        Array.from({ length: 5 }, (_, j) => ({ id: from + j, previousEventId: from + j - 1, at: new Date(), event: { type: "TaskSucceeded", details: { output: JSON.stringify(input(from + j)) } } }));
      const execution = async (i: number) => {
        let record: ExecutionRecord = { executionArn: `arn:bench:${i}`, stateMachineArn: "arn:bench", stateMachineName: "bench", name: `${i}`, status: "RUNNING", input: JSON.stringify(input(i)), startDate: new Date().toISOString(), roleArn: "arn:bench:role", definition, nextEventId: 6, runState: JSON.stringify(input(i)) };
        await store.create(record, events(1));
        for (let c = 1; c < COMMITS; c++) {
          const next = { ...record, nextEventId: record.nextEventId + 5 };
          await store.commit(next, record.nextEventId, events(record.nextEventId));
          record = next;
        }
      };
      const n = 300;
      for (let i = 0; i < 20; i++) await execution(-1 - i);
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => { while (next < n) await execution(next++); }));
      clients.doc.destroy();
      return (n * COMMITS) / ((performance.now() - t0) / 1000);
    },
    async run(i) {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `run-${i}`, input: JSON.stringify(input(i)) }));
      const record = await engine.executor.waitForEnd(executionArn!);
      if (record.status !== "SUCCEEDED") throw new Error(`ours: run ${i} ended ${record.status}: ${record.error} ${record.cause}`);
      if (!checked) {
        checked = true;
        const entered = await stateNames(sfn, executionArn!);
        if (entered.join() !== HAPPY_PATH.join()) throw new Error(`ours: took ${entered.join(" → ")}`);
      }
    },
    async close() {
      sfn.destroy();
      await engine.close();
      await dynamo.stop();
    },
  };
}

async function stateNames(sfn: SFNClient, executionArn: string): Promise<string[]> {
  const { GetExecutionHistoryCommand } = await import("@aws-sdk/client-sfn");
  const out = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return (out.events ?? []).filter((e) => e.type?.endsWith("StateEntered")).map((e) => e.stateEnteredEventDetails!.name!);
}

/** aws-local-stepfunctions needs `Promise.withResolvers` (Node 22); Node 20 lacks it. */
function polyfillWithResolvers() {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };
}

async function peer(asl: Asl): Promise<Engine> {
  polyfillWithResolvers();
  const { StateMachine } = await import("aws-local-stepfunctions");
  const machine = new StateMachine(asl as never, { validationOptions: { checkArn: true, checkPaths: true } });
  // Overrides are keyed by state: each Task state answers as its function would, through the Invoke response.
  const taskResourceLocalHandlers = Object.fromEntries(
    Object.entries(asl.States)
      .filter(([, s]) => s.Type === "Task")
      .map(([name, s]) => {
        const answer = CANNED[functionOf(s)]!;
        return [name, async (params: unknown) => invokeResponse(answer((params as { Payload?: Json } | null)?.Payload ?? null))];
      }),
  );
  let checked = false;
  return {
    async run(i) {
      const execution = machine.run(input(i), { overrides: { taskResourceLocalHandlers } });
      if (!checked) {
        checked = true;
        const entered: string[] = [];
        for await (const event of execution.eventLogs) if (event.type === "StateEntered") entered.push(event.state.name);
        if (entered.join() !== HAPPY_PATH.join()) throw new Error(`peer: took ${entered.join(" → ")}`);
      }
      const output = (await execution.result) as { activation?: unknown };
      if (!output?.activation) throw new Error(`peer: run ${i} ended without activation`);
    },
    async close() {},
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

interface RunFigures {
  seconds: number;
  /** Execution latency ÷ transitions, per execution, sorted. */
  perTransition: number[];
}

async function measure(engine: Engine, executions: number, concurrency: number, first: number): Promise<RunFigures> {
  const perTransition: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < executions) {
        const i = first + next++;
        const started = performance.now();
        await engine.run(i);
        perTransition.push((performance.now() - started) / TRANSITIONS);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, perTransition: perTransition.sort((a, b) => a - b) };
}

export interface EngineVsPeerOptions {
  executions?: number;
  concurrency?: number;
  runs?: number;
  warmup?: number;
  /** Only one side (e.g. for a `--cpu-prof` of ours). */
  only?: "ours" | "peer";
}

/**
 * N executions of the enrolment ASL (token tasks made plain), C in flight, on
 * each engine: medians of `runs` runs after a warm-up. Per-transition latency
 * is each execution's latency (StartExecution → end) ÷ its 12 state transitions.
 */
export async function benchEngineVsPeer(options: EngineVsPeerOptions = {}): Promise<Figure[]> {
  const { executions = 1000, concurrency = 20, runs = 3, warmup = 100 } = options;
  const asl = comparisonAsl();
  const results: Partial<Record<"ours" | "peer", { rate: number; p50: number; p99: number }>> = {};
  let commitRate: number | undefined;
  for (const side of ["peer", "ours"] as const) {
    if (options.only && options.only !== side) continue;
    const engine = side === "ours" ? await ours(asl) : await peer(asl);
    try {
      await measure(engine, warmup, concurrency, 1_000_000);
      const each: RunFigures[] = [];
      for (let run = 0; run < runs; run++) each.push(await measure(engine, executions, concurrency, run * executions));
      results[side] = {
        rate: median(each.map((r) => executions / r.seconds)),
        p50: median(each.map((r) => percentile(r.perTransition, 50))),
        p99: median(each.map((r) => percentile(r.perTransition, 99))),
      };
      commitRate = await engine.commitRate?.(concurrency);
      console.error(`[engine-vs-peer] ${side}: ${each.map((r) => (executions / r.seconds).toFixed(1)).join(", ")} exec/s`);
    } finally {
      await engine.close();
    }
  }
  const o = results.ours;
  const p = results.peer;
  const base = `${executions} enrolment executions (real ASL, token tasks made plain, canned answers), ${concurrency} in flight, median of ${runs} runs after ${warmup} warm-up`;
  const figures: Figure[] = [];
  const vs = (value: number, baseline: number | undefined, higherIsBetter: boolean) =>
    baseline === undefined ? {} : { baseline, ratio: higherIsBetter ? baseline / value : value / baseline };
  if (o) {
    figures.push(
      { figure: "engine.executions_per_second", value: o.rate, unit: "exec/s", ...vs(o.rate, p?.rate, true), note: `${base}; durable; baseline: aws-local-stepfunctions in memory; ratio = ours/peer time (target ≤ 3)` },
      { figure: "engine.transitions_per_second", value: o.rate * TRANSITIONS, unit: "transitions/s", ...vs(o.rate * TRANSITIONS, p && p.rate * TRANSITIONS, true), note: `${TRANSITIONS} state transitions per execution (StateEntered)` },
      { figure: "engine.transition_latency_p50", value: o.p50, unit: "ms", ...vs(o.p50, p?.p50, false), note: `execution latency ÷ ${TRANSITIONS} transitions` },
      { figure: "engine.transition_latency_p99", value: o.p99, unit: "ms", ...vs(o.p99, p?.p99, false), note: `execution latency ÷ ${TRANSITIONS} transitions` },
    );
    if (commitRate !== undefined) {
      figures.push({
        figure: "engine.dynamodb_local_commits_per_second",
        value: commitRate,
        unit: "commits/s",
        note: `the engine's storage alone on DynamoDB Local (ExecutionStore: each commit a chunk of 5 events + the execution item, grouped as the engine groups them), ${concurrency} executions in flight; an execution needs ${COMMITS} commits, so the engine cannot pass ${(commitRate / COMMITS).toFixed(1)} exec/s here`,
      });
    }
  } else if (p) {
    figures.push({ figure: "engine.peer_executions_per_second", value: p.rate, unit: "exec/s", note: `${base}; aws-local-stepfunctions only` });
  }
  return figures;
}

// `tsx bench/engine-vs-peer.ts [executions] [concurrency] [runs] [ours|peer]`: this figure alone, small sizes while developing.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const [n, c, r, only] = process.argv.slice(2);
  const figures = await benchEngineVsPeer({
    executions: Number(n ?? 20),
    concurrency: Number(c ?? 20),
    runs: Number(r ?? 1),
    warmup: Math.min(100, Number(n ?? 20)),
    only: only as "ours" | "peer" | undefined,
  });
  console.table(figures);
}
