import { randomBytes } from "node:crypto";
import type { Json } from "../asl/context";
import type { EngineIdentity } from "../config";
import { arns } from "../config";
import type { ExecutionRecord, ExecutionStore, TokenRecord } from "../store/executions";
import { Interpreter, type Effect, type ExecutionInfo } from "./interpreter";
import type { LambdaRegistry } from "./lambdas";
import type { RunState } from "./run-state";

export interface ActivityQueue {
  enqueue(activityArn: string, task: { taskToken: string; input: string }): Promise<void>;
  /** Takes back a task no worker has claimed yet (its task timed out or its execution stopped). */
  withdraw?(activityArn: string, taskToken: string): Promise<boolean>;
}

export interface ExecutorOptions {
  store: ExecutionStore;
  lambdas: LambdaRegistry;
  identity: EngineIdentity;
  activities?: ActivityQueue;
  /** Told when an execution ends, so that a state machine being deleted goes once its last execution has. */
  stateMachines?: { finishDeletionIfIdle(stateMachineArn: string): Promise<boolean> };
  /** One line per state transition (debug level). */
  log?: (line: string) => void;
  now?: () => Date;
  /** Events an execution's history may hold (AWS: 25,000); smaller in tests. */
  historyLimit?: number;
}

export interface StateMachineRef {
  stateMachineArn: string;
  name: string;
  definition: string;
  roleArn: string;
  /** ACTIVE, or DELETING (no new executions). */
  status?: string;
}

/** Running executions whose last committed record the executor keeps in memory. */
const RECORD_CACHE_SIZE = 1000;

export type TokenProblem = "TaskDoesNotExist" | "TaskTimedOut" | "InvalidToken";

/**
 * Runs executions: feeds triggers to the interpreter one at a time per
 * execution, stores each batch of events with the run state before carrying
 * out its effects, and resumes every running execution after a restart.
 *
 * At-least-once: a Lambda call in flight when the engine dies is made again
 * on resume (its TaskStarted is stored, its answer is not), as Lambda retries
 * in AWS; the project's task handlers are idempotent. Everything else
 * (timers, tokens, activities) is rebuilt from the stored run state.
 */
export class Executor {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Executions with a re-arm scheduled after a failed background trigger. */
  private readonly recovering = new Set<string>();
  private readonly timers = new Map<string, Set<NodeJS.Timeout>>();
  private readonly endWaiters = new Map<string, Set<(record: ExecutionRecord) => void>>();
  /** Tokens of tasks waiting in this process. */
  private readonly liveTokens = new Map<string, { executionArn: string; frameId: string }>();
  /**
   * The record as this process last committed it, per running execution
   * (most recent last, at most RECORD_CACHE_SIZE): the next trigger starts
   * from it instead of reading it back. Safe because every commit is
   * conditional on the event counter it starts from: a stale record can only
   * make a commit fail (and be dropped), never overwrite another writer's.
   */
  private readonly committed = new Map<string, ExecutionRecord>();
  private closed = false;

  constructor(private readonly options: ExecutorOptions) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /** Starts an execution; `created` is false when one of that name already exists (nothing is started). */
  async start(machine: StateMachineRef, name: string, input: string): Promise<{ record: ExecutionRecord; created: boolean }> {
    const executionArn = arns.execution(this.options.identity, machine.name, name);
    const startDate = this.now().toISOString();
    const info = this.info(machine, executionArn, name, input, startDate);
    const it = Interpreter.start(JSON.parse(machine.definition), info, this.clock());
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      name,
      status: "RUNNING",
      input,
      startDate,
      roleArn: machine.roleArn,
      definition: machine.definition,
      nextEventId: it.state.nextEventId,
      runState: JSON.stringify(it.state),
      ...this.endFields(it),
    };
    const created = await this.options.store.create(record, it.emitted);
    if (!created) return { record: (await this.options.store.get(executionArn))!, created: false };
    this.remember(record);
    this.logEvents(record, it);
    await this.afterCommit(record, it);
    return { record, created: true };
  }

  lambdaReturned(executionArn: string, frameId: string, result: Parameters<Interpreter["lambdaReturned"]>[1], invocation?: number) {
    return this.dispatch(executionArn, (it) => it.lambdaReturned(frameId, result, invocation));
  }

  /**
   * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat by token. As AWS
   * answers: not one of ours in form → InvalidToken; never issued →
   * TaskDoesNotExist; issued but its task is closed (answered, timed out, its
   * execution stopped or ended) → TaskTimedOut.
   */
  async completeTask(token: string, outcome: { ok: true; output: Json } | { ok: false; error?: string; cause?: string } | { heartbeat: true }): Promise<TokenProblem | undefined> {
    if (!/^[\w-]{40,}$/.test(token)) return "InvalidToken";
    const record = await this.options.store.getToken(token);
    if (!record) return "TaskDoesNotExist";
    if (record.status !== "waiting") return "TaskTimedOut";
    let applied = false;
    await this.dispatch(record.executionArn, (it) => {
      // Checked in the execution's queue: a concurrent answer may have closed the task.
      if (it.state.frames.find((f) => f.id === record.frameId)?.token !== token) return;
      applied = true;
      if ("heartbeat" in outcome) it.heartbeat(record.frameId);
      else if (outcome.ok) it.tokenSucceeded(record.frameId, outcome.output);
      else it.tokenFailed(record.frameId, outcome.error, outcome.cause);
    });
    return applied ? undefined : "TaskTimedOut";
  }

  /**
   * A worker took an activity task. Queued at once (from the in-memory token
   * map) so that ActivityStarted is recorded before any SendTask* the worker
   * sends right after.
   */
  activityStarted(token: string, workerName: string) {
    // Only while the frame still waits on this token: a task claimed just as it timed out must not start a retry's task.
    const started = (frameId: string) => (it: Interpreter) => {
      if (it.state.frames.find((f) => f.id === frameId)?.token === token) it.activityStarted(frameId, workerName);
    };
    const known = this.liveTokens.get(token);
    if (known) return this.dispatch(known.executionArn, started(known.frameId));
    return this.options.store.getToken(token).then((record) => record && this.dispatch(record.executionArn, started(record.frameId)));
  }

  stop(executionArn: string, error?: string, cause?: string) {
    return this.dispatch(executionArn, (it) => it.stop(error, cause));
  }

  /** Resolves when the execution has ended (for tests and synchronous callers). */
  async waitForEnd(executionArn: string): Promise<ExecutionRecord> {
    const current = await this.options.store.get(executionArn);
    if (current && current.status !== "RUNNING") return current;
    return new Promise((resolve) => {
      const set = this.endWaiters.get(executionArn) ?? new Set();
      set.add(resolve);
      this.endWaiters.set(executionArn, set);
    });
  }

  /** After a restart: drop half-written batches and re-arm every running execution. */
  async resume(): Promise<number> {
    const running = await this.options.store.running();
    for (const record of running) await this.rearm(record);
    return running.length;
  }

  /** Re-arms one running execution from its stored state: timers, tokens, and the Lambda calls that were in flight. */
  private async rearm(record: ExecutionRecord) {
    await this.options.store.dropUncommitted(record);
    const state = JSON.parse(record.runState) as RunState;
    const effects: Effect[] = [];
    if (state.executionDueAt !== undefined) effects.push({ kind: "timer", frameId: "0", at: state.executionDueAt });
    for (const frame of state.frames) {
      for (const at of [frame.dueAt, frame.heartbeatDueAt]) if (at !== undefined) effects.push({ kind: "timer", frameId: frame.id, at });
      if (frame.token) effects.push({ kind: "registerToken", frameId: frame.id, token: frame.token });
      if (frame.phase === "invoking") effects.push(...this.reinvoke(record, frame.id, frame.taskInput ?? null));
    }
    await this.perform(record, effects);
  }

  /**
   * A trigger nobody waits for (a Lambda's answer, a timer) that failed —
   * the store did not answer (DynamoDB restarting): its outcome or the
   * effects after its commit may be lost. Rather than crash the process
   * (an unhandled rejection) or leave the execution stuck until a restart,
   * the execution is re-armed from its stored state, as on resume, retrying
   * with backoff until the store answers (a Lambda in flight is called
   * again: at-least-once, as on resume).
   */
  private inBackground(executionArn: string, work: Promise<unknown>) {
    work.catch((err: unknown) => {
      this.options.log?.(`[sfn] ${executionArn}: ${err instanceof Error ? err.message : String(err)}; re-arming from the stored state`);
      this.recoverLater(executionArn, 500);
    });
  }

  private recoverLater(executionArn: string, delayMs: number) {
    if (this.closed || this.recovering.has(executionArn)) return; // one re-arm at a time per execution
    this.recovering.add(executionArn);
    const timer = setTimeout(() => {
      this.recovering.delete(executionArn);
      if (this.closed) return;
      const previous = this.queues.get(executionArn) ?? Promise.resolve();
      const next = previous
        .catch(() => undefined)
        .then(async () => {
          if (this.closed) return;
          const record = await this.options.store.get(executionArn);
          if (record?.status === "RUNNING") await this.rearm(record);
        });
      this.queues.set(executionArn, next);
      next
        .catch(() => this.recoverLater(executionArn, Math.min(delayMs * 2, 10_000)))
        .finally(() => {
          if (this.queues.get(executionArn) === next) this.queues.delete(executionArn);
        });
    }, delayMs);
    timer.unref?.();
  }

  close() {
    this.closed = true;
    this.committed.clear();
    for (const set of this.timers.values()) for (const t of set) clearTimeout(t);
    this.timers.clear();
  }

  // ---- internals ---------------------------------------------------------------

  /** Runs one trigger against an execution, strictly one at a time per execution. */
  private dispatch(executionArn: string, trigger: (it: Interpreter) => void): Promise<void> {
    const previous = this.queues.get(executionArn) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      if (this.closed) return;
      const record = this.committed.get(executionArn) ?? (await this.options.store.get(executionArn));
      if (!record || record.status !== "RUNNING") return;
      const machine = { stateMachineArn: record.stateMachineArn, name: record.stateMachineName, definition: record.definition, roleArn: record.roleArn };
      const info = this.info(machine, record.executionArn, record.name, record.input, record.startDate);
      const it = new Interpreter(JSON.parse(record.definition), info, JSON.parse(record.runState) as RunState, this.clock());
      trigger(it);
      if (it.emitted.length === 0 && it.effects.length === 0) return;
      const updated: ExecutionRecord = { ...record, nextEventId: it.state.nextEventId, runState: JSON.stringify(it.state), ...this.endFields(it) };
      try {
        await this.options.store.commit(updated, record.nextEventId, it.emitted, this.endFields(it));
      } catch (err) {
        this.committed.delete(executionArn);
        throw err;
      }
      this.remember(updated);
      this.logEvents(updated, it);
      try {
        await this.afterCommit(updated, it);
      } catch (err) {
        // Committed, but its effects (a token, a timer, a Lambda call) may not all have happened.
        this.recoverLater(executionArn, 500);
        throw err;
      }
    });
    this.queues.set(executionArn, next);
    return next.finally(() => {
      if (this.queues.get(executionArn) === next) this.queues.delete(executionArn);
    });
  }

  private remember(record: ExecutionRecord) {
    this.committed.delete(record.executionArn);
    if (record.status !== "RUNNING") return;
    this.committed.set(record.executionArn, record);
    if (this.committed.size > RECORD_CACHE_SIZE) this.committed.delete(this.committed.keys().next().value!);
  }

  private async afterCommit(record: ExecutionRecord, it: Interpreter) {
    await this.perform(record, it.effects);
    if (it.end) {
      for (const t of this.timers.get(record.executionArn) ?? []) clearTimeout(t);
      this.timers.delete(record.executionArn);
      for (const resolve of this.endWaiters.get(record.executionArn) ?? []) resolve(record);
      this.endWaiters.delete(record.executionArn);
      await this.options.stateMachines
        ?.finishDeletionIfIdle(record.stateMachineArn)
        .catch((err: unknown) => this.options.log?.(`[sfn] could not finish deleting ${record.stateMachineArn}: ${String(err)}`));
    }
  }

  private async perform(record: ExecutionRecord, effects: Effect[]) {
    const arn = record.executionArn;
    for (const effect of effects) {
      switch (effect.kind) {
        case "registerToken":
          this.liveTokens.set(effect.token, { executionArn: arn, frameId: effect.frameId });
          await this.options.store.putToken({ token: effect.token, executionArn: arn, frameId: effect.frameId, status: "waiting" } satisfies TokenRecord);
          break;
        case "releaseToken":
          this.liveTokens.delete(effect.token);
          await this.options.store.setTokenStatus(effect.token, effect.reason);
          if (effect.activityArn && effect.reason !== "done") await this.options.activities?.withdraw?.(effect.activityArn, effect.token);
          break;
        case "scheduleActivity":
          if (!this.options.activities) throw new Error("activities are not configured");
          await this.options.activities.enqueue(effect.activityArn, { taskToken: effect.token, input: JSON.stringify(effect.input) });
          break;
        case "timer": {
          const set = this.timers.get(arn) ?? new Set();
          const timer = setTimeout(() => {
            set.delete(timer);
            this.inBackground(arn, this.dispatch(arn, (it) => it.timerFired(effect.frameId)));
          }, Math.max(0, effect.at - this.now().getTime()));
          set.add(timer);
          this.timers.set(arn, set);
          break;
        }
        case "invokeLambda":
          this.inBackground(arn, this.options.lambdas.invoke(effect.functionName, effect.payload).then((result) => this.lambdaReturned(arn, effect.frameId, result, effect.invocation)));
          break;
      }
    }
  }

  /** The invoke effect of a frame whose Lambda call was in flight when the engine stopped. */
  private reinvoke(record: ExecutionRecord, frameId: string, taskInput: Json): Effect[] {
    const state = JSON.parse(record.runState) as RunState;
    const frame = state.frames.find((f) => f.id === frameId);
    if (!frame) return [];
    let node: any = JSON.parse(record.definition);
    for (const key of frame.statesPath) node = node[key];
    const resource: string = node.States[frame.state].Resource;
    const params = (taskInput ?? {}) as Record<string, Json>;
    if (resource.startsWith("arn:aws:states:::lambda:invoke")) {
      const fn = typeof params.FunctionName === "string" ? params.FunctionName.split(":").at(-1)! : "";
      return [{ kind: "invokeLambda", frameId, invocation: frame.invocation, functionName: fn, payload: params.Payload ?? null, mode: resource.endsWith("waitForTaskToken") ? "waitForTaskToken" : "invoke" }];
    }
    return [{ kind: "invokeLambda", frameId, invocation: frame.invocation, functionName: resource.split(":")[6]!, payload: taskInput, mode: "bare" }];
  }

  private info(machine: StateMachineRef, executionArn: string, name: string, input: string, startTime: string): ExecutionInfo {
    return {
      executionArn,
      name,
      input: JSON.parse(input) as Json,
      startTime,
      roleArn: machine.roleArn,
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      region: this.options.identity.region,
    };
  }

  private clock() {
    return { now: () => this.now(), newToken: () => randomBytes(48).toString("base64url"), historyLimit: this.options.historyLimit };
  }

  private endFields(it: Interpreter): Partial<ExecutionRecord> {
    if (!it.end) return {};
    const stopDate = this.now().toISOString();
    if (it.end.status === "SUCCEEDED") return { status: "SUCCEEDED", output: JSON.stringify(it.end.output), stopDate };
    return { status: it.end.status, stopDate, ...(it.end.error !== undefined ? { error: it.end.error } : {}), ...(it.end.cause !== undefined ? { cause: it.end.cause } : {}) };
  }

  private logEvents(record: ExecutionRecord, it: Interpreter) {
    if (!this.options.log) return;
    for (const e of it.emitted) this.options.log(`[sfn] ${record.stateMachineName}/${record.name} #${e.id} ${e.event.type}${(e.event.details as { name?: string } | undefined)?.name ? ` ${(e.event.details as { name: string }).name}` : ""}`);
  }
}
