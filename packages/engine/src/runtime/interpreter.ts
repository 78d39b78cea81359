import type { ContextObject, Json } from "../asl/context";
import { applyInputPath, applyOutputPath, applyResultPath } from "../asl/json-path";
import { resolvePayload } from "../asl/payload";
import { chooseNext } from "../asl/choice";
import { errorOutput, matchCatcher, nextRetry } from "../asl/retry";
import { waitDueAt } from "../asl/wait";
import { resolveFailureTolerance, resolveMaxConcurrency, toleratedFailureExceeded } from "../asl/map-config";
import { StatesError, StatesErrors } from "../asl/states-error";
import { failure, payload, stateEntered, stateExited, type NewEvent } from "./events";
import { functionNameOf, parseResource } from "./resources";
import type { Frame, RunState } from "./run-state";

type StateDef = Record<string, any>;

export interface ExecutionInfo {
  executionArn: string;
  name: string;
  input: Json;
  startTime: string;
  roleArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  region: string;
}

/** Something the interpreter needs done outside itself, after its events are stored. */
export type Effect =
  /** `invocation`: the frame's `invocation` when the call was made; its answer is for that call only. */
  | { kind: "invokeLambda"; frameId: string; invocation?: number; functionName: string; payload: Json; mode: "invoke" | "waitForTaskToken" | "bare" }
  | { kind: "scheduleActivity"; frameId: string; activityArn: string; token: string; input: Json }
  | { kind: "registerToken"; frameId: string; token: string }
  /** `activityArn` when the token is an activity task's (a task no worker took yet is withdrawn from its queue). */
  | { kind: "releaseToken"; token: string; reason: "done" | "timedOut" | "aborted"; activityArn?: string }
  | { kind: "timer"; frameId: string; at: number };

export type ExecutionEnd =
  | { status: "SUCCEEDED"; output: Json }
  | { status: "FAILED"; error?: string; cause?: string }
  | { status: "ABORTED"; error?: string; cause?: string }
  | { status: "TIMED_OUT"; error?: string; cause?: string };

/** AWS fails an execution whose history would grow past this many events. */
export const HISTORY_EVENT_LIMIT = 25_000;

/** What the interpreter reads from outside: the time, new task tokens, and the history limit. */
export interface InterpreterEnv {
  now(): Date;
  newToken(): string;
  historyLimit?: number;
}

export interface Emitted {
  event: NewEvent;
  id: number;
  previousEventId: number;
  at: Date;
}

/**
 * The ASL interpreter for one execution. Decisions only: it turns the run
 * state plus one trigger (start, a Lambda's answer, a token, a timer) into
 * history events, a new run state and the effects to carry out. The executor
 * stores the events and run state first, then performs the effects, so a
 * crash never loses a decision and never repeats one without its record.
 */
export class Interpreter {
  readonly emitted: Emitted[] = [];
  readonly effects: Effect[] = [];
  end?: ExecutionEnd;

  constructor(
    private readonly definition: StateDef,
    private readonly execution: ExecutionInfo,
    readonly state: RunState,
    private readonly clock: InterpreterEnv,
  ) {}

  static start(definition: StateDef, execution: ExecutionInfo, clock: InterpreterEnv): Interpreter {
    const state: RunState = { nextEventId: 1, frames: [] };
    const it = new Interpreter(definition, execution, state, clock);
    it.emit(null, {
      type: "ExecutionStarted",
      details: { ...payload("input", execution.input), roleArn: execution.roleArn },
    });
    const timeout = definition.TimeoutSeconds;
    if (typeof timeout === "number") {
      state.executionDueAt = clock.now().getTime() + timeout * 1000;
      it.effects.push({ kind: "timer", frameId: "0", at: state.executionDueAt });
    }
    state.frames.push(it.newFrame({ id: "0", statesPath: [], state: definition.StartAt, input: execution.input, lastEventId: 0 }));
    it.run();
    return it;
  }

  // ---- triggers -----------------------------------------------------------

  lambdaReturned(frameId: string, result: { ok: true; payload: Json } | { ok: false; error: string; cause?: string }, invocation?: number) {
    const frame = this.frame(frameId);
    // A call whose task was closed meanwhile (its token answered, timed out) answers late: the frame may be invoking the next task.
    if (!frame || frame.phase !== "invoking" || frame.invocation !== invocation) return;
    const def = this.stateDef(frame);
    const resource = parseResource(def.Resource)!;
    if (resource.kind === "lambda") {
      if (result.ok) {
        this.emit(frame, { type: "LambdaFunctionSucceeded", details: payload("output", result.payload) });
        this.finishTask(frame, result.payload);
      } else {
        this.emit(frame, { type: "LambdaFunctionFailed", details: failure(result.error, result.cause) });
        this.fail(frame, result.error, result.cause);
      }
    } else {
      const meta = { resourceType: "lambda", resource: resource.kind === "lambda:invoke" ? "invoke" : "invoke.waitForTaskToken" };
      if (!result.ok) {
        this.emit(frame, { type: "TaskFailed", details: { ...meta, ...failure(result.error, result.cause) } });
        this.releaseToken(frame);
        this.fail(frame, result.error, result.cause);
      } else if (resource.kind === "lambda:invoke") {
        const output = lambdaInvokeOutput(result.payload);
        this.emit(frame, { type: "TaskSucceeded", details: { ...meta, ...payload("output", output) } });
        this.finishTask(frame, output);
      } else {
        this.emit(frame, { type: "TaskSubmitted", details: { ...meta, ...payload("output", lambdaInvokeOutput(result.payload)) } });
        frame.phase = "awaitingToken";
      }
    }
    this.run();
  }

  tokenSucceeded(frameId: string, output: Json) {
    const frame = this.frame(frameId);
    if (!frame || frame.phase !== "awaitingToken" && frame.phase !== "invoking") return;
    const resource = parseResource(this.stateDef(frame).Resource)!;
    if (resource.kind === "activity") {
      this.emit(frame, { type: "ActivitySucceeded", details: payload("output", output) });
    } else {
      this.emit(frame, { type: "TaskSucceeded", details: { resourceType: "lambda", resource: "invoke.waitForTaskToken", ...payload("output", output) } });
    }
    this.releaseToken(frame);
    this.finishTask(frame, output);
    this.run();
  }

  tokenFailed(frameId: string, error?: string, cause?: string) {
    const frame = this.frame(frameId);
    if (!frame || frame.phase !== "awaitingToken" && frame.phase !== "invoking") return;
    const resource = parseResource(this.stateDef(frame).Resource)!;
    if (resource.kind === "activity") this.emit(frame, { type: "ActivityFailed", details: failure(error, cause) });
    else this.emit(frame, { type: "TaskFailed", details: { resourceType: "lambda", resource: "invoke.waitForTaskToken", ...failure(error, cause) } });
    this.releaseToken(frame);
    this.fail(frame, error, cause);
    this.run();
  }

  heartbeat(frameId: string) {
    const frame = this.frame(frameId);
    const seconds = frame && this.heartbeatSeconds(frame);
    if (!frame || !seconds) return;
    frame.heartbeatDueAt = this.clock.now().getTime() + seconds * 1000;
    this.effects.push({ kind: "timer", frameId, at: frame.heartbeatDueAt });
  }

  activityStarted(frameId: string, workerName: string) {
    const frame = this.frame(frameId);
    if (!frame || frame.phase !== "awaitingToken") return;
    this.emit(frame, { type: "ActivityStarted", details: workerName ? { workerName } : {} });
  }

  /** A timer fired; whatever it was for is read from the frame's deadlines. */
  timerFired(frameId: string) {
    const now = this.clock.now().getTime();
    if (this.state.executionDueAt !== undefined && now >= this.state.executionDueAt) {
      this.terminate("TIMED_OUT", "ExecutionTimedOut", StatesErrors.Timeout, "The execution timed out");
      return;
    }
    const frame = this.frame(frameId);
    if (!frame) return;
    if (frame.phase === "waiting" && frame.dueAt !== undefined && now >= frame.dueAt) {
      frame.dueAt = undefined;
      const def = this.stateDef(frame);
      if (def.Type === "Wait") {
        this.exitState(frame, applyOutputPath(frame.input, def.OutputPath, this.context(frame)));
      } else {
        frame.phase = "run"; // a retry
      }
    } else if ((frame.phase === "awaitingToken" || frame.phase === "invoking") && this.timedOut(frame, now)) {
      const heartbeat = frame.heartbeatDueAt !== undefined && now >= frame.heartbeatDueAt && !(frame.dueAt !== undefined && now >= frame.dueAt);
      const error = heartbeat ? StatesErrors.HeartbeatTimeout : StatesErrors.Timeout;
      const resource = parseResource(this.stateDef(frame).Resource)!;
      const type = resource.kind === "activity" ? "ActivityTimedOut" : resource.kind === "lambda" ? "LambdaFunctionTimedOut" : "TaskTimedOut";
      const meta = resource.kind === "activity" || resource.kind === "lambda" ? {} : { resourceType: resource.resourceType, resource: resource.resource };
      this.emit(frame, { type, details: { ...meta, error } });
      this.releaseToken(frame, "timedOut");
      this.fail(frame, error, undefined);
    }
    this.run();
  }

  stop(error?: string, cause?: string) {
    this.terminate("ABORTED", "ExecutionAborted", error, cause);
  }

  // ---- the loop -------------------------------------------------------------

  /** Advances every runnable frame one event per round until all wait (AWS interleaves branches so). */
  private run() {
    for (let rounds = 0; !this.end; rounds++) {
      const runnable = this.state.frames.filter((f) => f.phase === "enter" || f.phase === "run" || f.phase === "taskStart" || f.phase === "ended");
      if (runnable.length === 0) break;
      for (const frame of runnable) {
        if (this.historyFull()) return;
        if (this.end) break;
        if (!this.state.frames.includes(frame)) continue; // aborted by a sibling this round
        try {
          this.step(frame);
        } catch (err) {
          if (!(err instanceof StatesError)) throw err;
          this.fail(frame, err.error, this.runtimeCause(frame, err.cause));
        }
      }
    }
  }

  /**
   * A history at the limit ends the execution (leaving room for its last
   * event); this also stops a loop with no Wait or Task from spinning forever.
   */
  private historyFull(): boolean {
    const limit = this.clock.historyLimit ?? HISTORY_EVENT_LIMIT;
    if (this.end || this.state.nextEventId < limit) return false;
    this.terminate(
      "FAILED",
      "ExecutionFailed",
      StatesErrors.Runtime,
      `The execution reached the limit of ${limit} events in its history.`,
    );
    return true;
  }

  private step(frame: Frame) {
    if (frame.phase === "ended") return this.frameEnded(frame);
    const def = this.stateDef(frame);
    if (frame.phase === "enter") {
      frame.enteredEventId = this.emit(frame, stateEntered(def.Type, frame.state, frame.input));
      frame.enteredAt = this.clock.now().toISOString();
      if (def.Type === "Fail") return this.failState(frame, def);
      frame.phase = "run";
      return;
    }
    if (frame.phase === "taskStart") return this.startTask(frame, def);
    switch (def.Type) {
      case "Pass": {
        const effective = applyInputPath(frame.input, def.InputPath, this.context(frame));
        const result = def.Parameters !== undefined ? resolvePayload(def.Parameters, effective, this.context(frame), "Parameters") : def.Result !== undefined ? def.Result : effective;
        return this.exitState(frame, this.output(frame, def, result));
      }
      case "Succeed":
        return this.exitState(frame, applyOutputPath(applyInputPath(frame.input, def.InputPath, this.context(frame)), def.OutputPath, this.context(frame)));
      case "Choice": {
        const effective = applyInputPath(frame.input, def.InputPath, this.context(frame));
        const next = chooseNext(def, effective, this.context(frame));
        return this.exitState(frame, applyOutputPath(effective, def.OutputPath, this.context(frame)), next);
      }
      case "Wait": {
        const effective = applyInputPath(frame.input, def.InputPath, this.context(frame));
        frame.input = effective;
        frame.dueAt = waitDueAt(def, effective, this.clock.now(), this.context(frame));
        frame.phase = "waiting";
        this.effects.push({ kind: "timer", frameId: frame.id, at: frame.dueAt });
        return;
      }
      case "Task":
        return this.scheduleTask(frame, def);
      case "Parallel":
        return this.startParallel(frame, def);
      case "Map":
        return this.startMap(frame, def);
      default:
        throw new StatesError(StatesErrors.Runtime, `Unsupported state type ${def.Type}`);
    }
  }

  // ---- tasks ---------------------------------------------------------------

  private scheduleTask(frame: Frame, def: StateDef) {
    const resource = parseResource(def.Resource);
    if (!resource) throw new StatesError(StatesErrors.Runtime, `The resource '${def.Resource}' is not supported by the local engine`);
    const needsToken = resource.kind === "lambda:invoke.waitForTaskToken" || resource.kind === "activity";
    if (needsToken) frame.token = this.clock.newToken();
    const effective = applyInputPath(frame.input, def.InputPath, this.context(frame));
    const taskInput = def.Parameters !== undefined ? resolvePayload(def.Parameters, effective, this.context(frame), "Parameters") : effective;
    frame.taskInput = taskInput;
    const timeout = this.timeoutSeconds(frame, def);
    const heartbeat = this.heartbeatSeconds(frame);
    const limits = { ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}), ...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}) };
    if (resource.kind === "lambda") {
      this.emit(frame, { type: "LambdaFunctionScheduled", details: { resource: resource.functionArn, ...payload("input", taskInput), ...limits } });
    } else if (resource.kind === "activity") {
      this.emit(frame, { type: "ActivityScheduled", details: { resource: resource.activityArn, ...payload("input", taskInput), ...limits } });
    } else {
      this.emit(frame, {
        type: "TaskScheduled",
        details: { resourceType: resource.resourceType, resource: resource.resource, region: this.execution.region, parameters: JSON.stringify(taskInput), ...limits },
      });
    }
    frame.phase = "taskStart";
  }

  private startTask(frame: Frame, def: StateDef) {
    const resource = parseResource(def.Resource)!;
    const now = this.clock.now().getTime();
    const timeout = this.timeoutSeconds(frame, def);
    const heartbeat = this.heartbeatSeconds(frame);
    frame.dueAt = timeout !== undefined ? now + timeout * 1000 : undefined;
    frame.heartbeatDueAt = heartbeat !== undefined ? now + heartbeat * 1000 : undefined;
    for (const at of [frame.dueAt, frame.heartbeatDueAt]) if (at !== undefined) this.effects.push({ kind: "timer", frameId: frame.id, at });
    if (frame.token) this.effects.push({ kind: "registerToken", frameId: frame.id, token: frame.token });

    if (resource.kind === "activity") {
      frame.phase = "awaitingToken";
      this.effects.push({ kind: "scheduleActivity", frameId: frame.id, activityArn: resource.activityArn, token: frame.token!, input: frame.taskInput ?? null });
      return;
    }
    if (resource.kind === "lambda") {
      frame.invocation = this.emit(frame, { type: "LambdaFunctionStarted" });
      frame.phase = "invoking";
      this.effects.push({ kind: "invokeLambda", frameId: frame.id, invocation: frame.invocation, functionName: functionNameOf(resource.functionArn)!, payload: frame.taskInput ?? null, mode: "bare" });
      return;
    }
    frame.invocation = this.emit(frame, { type: "TaskStarted", details: { resourceType: resource.resourceType, resource: resource.resource } });
    const params = (frame.taskInput ?? {}) as Record<string, Json>;
    const functionName = functionNameOf(params.FunctionName);
    frame.phase = "invoking";
    if (!functionName) {
      this.lambdaReturnedLater(frame, "States.Runtime", "The field 'FunctionName' is required by the lambda:invoke integration");
      return;
    }
    this.effects.push({
      kind: "invokeLambda",
      frameId: frame.id,
      invocation: frame.invocation,
      functionName,
      payload: params.Payload ?? null,
      mode: resource.kind === "lambda:invoke" ? "invoke" : "waitForTaskToken",
    });
  }

  private lambdaReturnedLater(frame: Frame, error: string, cause: string) {
    const resource = parseResource(this.stateDef(frame).Resource)!;
    const meta = resource.kind === "lambda:invoke" || resource.kind === "lambda:invoke.waitForTaskToken" ? { resourceType: "lambda", resource: resource.resource } : {};
    this.emit(frame, { type: "TaskFailed", details: { ...meta, error, cause } });
    this.fail(frame, error, cause);
  }

  /** AWS prefixes the cause of an error raised while a state runs with where it happened. */
  private runtimeCause(frame: Frame, cause: string | undefined): string | undefined {
    if (frame.enteredEventId === undefined) return cause;
    return `An error occurred while executing the state '${frame.state}' (entered at the event id #${frame.enteredEventId}). ${cause ?? ""}`;
  }

  private finishTask(frame: Frame, result: Json) {
    const def = this.stateDef(frame);
    frame.dueAt = undefined;
    frame.heartbeatDueAt = undefined;
    frame.token = undefined;
    frame.taskInput = undefined;
    try {
      this.exitState(frame, this.output(frame, def, result));
    } catch (err) {
      if (!(err instanceof StatesError)) throw err;
      this.fail(frame, err.error, this.runtimeCause(frame, err.cause));
    }
  }

  private releaseToken(frame: Frame, reason: "done" | "timedOut" | "aborted" = "done") {
    if (frame.token) {
      const resource = parseResource(this.stateDef(frame).Resource);
      const activityArn = resource?.kind === "activity" ? resource.activityArn : undefined;
      this.effects.push({ kind: "releaseToken", token: frame.token, reason, ...(activityArn ? { activityArn } : {}) });
    }
    frame.token = undefined;
  }

  private timedOut(frame: Frame, now: number) {
    return (frame.dueAt !== undefined && now >= frame.dueAt) || (frame.heartbeatDueAt !== undefined && now >= frame.heartbeatDueAt);
  }

  private timeoutSeconds(frame: Frame, def: StateDef): number | undefined {
    if (typeof def.TimeoutSeconds === "number") return def.TimeoutSeconds;
    if (typeof def.TimeoutSecondsPath === "string") return positiveInteger(applyInputPath(frame.input, def.TimeoutSecondsPath, this.context(frame), "TimeoutSecondsPath"), "TimeoutSecondsPath");
    return undefined;
  }

  private heartbeatSeconds(frame: Frame): number | undefined {
    const def = this.stateDef(frame);
    if (typeof def.HeartbeatSeconds === "number") return def.HeartbeatSeconds;
    if (typeof def.HeartbeatSecondsPath === "string") return positiveInteger(applyInputPath(frame.input, def.HeartbeatSecondsPath, this.context(frame), "HeartbeatSecondsPath"), "HeartbeatSecondsPath");
    return undefined;
  }

  // ---- Parallel and Map ------------------------------------------------------

  private startParallel(frame: Frame, def: StateDef) {
    const effective = applyInputPath(frame.input, def.InputPath, this.context(frame));
    const branchInput = def.Parameters !== undefined ? resolvePayload(def.Parameters, effective, this.context(frame), "Parameters") : effective;
    const started = this.emit(frame, { type: "ParallelStateStarted" });
    const branches = def.Branches as unknown[];
    frame.children = { kind: "parallel", items: [], results: branches.map(() => undefined), started: branches.length, finished: 0, failed: 0, maxConcurrency: 0 };
    frame.phase = "children";
    branches.forEach((branch, index) => {
      const statesPath = [...this.frameStatesPath(frame), "States", frame.state, "Branches", index];
      this.state.frames.push(this.newFrame({ id: `${frame.id}.${index}`, parentId: frame.id, index, statesPath, state: (branch as StateDef).StartAt, input: branchInput, lastEventId: started }));
    });
  }

  private startMap(frame: Frame, def: StateDef) {
    const ctx = this.context(frame);
    const effective = applyInputPath(frame.input, def.InputPath, ctx);
    if (def.ItemReader) return this.itemReader(frame, def, effective, ctx);
    const items = applyInputPath(effective, def.ItemsPath ?? "$", ctx, "ItemsPath");
    if (!Array.isArray(items)) {
      throw new StatesError(StatesErrors.Runtime, `Map state input must be an array but was: ${jsonTypeName(items)}`);
    }
    // AWS checks MaxConcurrency before MapStateStarted and the tolerated failures after it.
    const maxConcurrency = resolveMaxConcurrency(def, effective, ctx);
    const selector = def.ItemSelector ?? def.Parameters;
    const inputs = items.map((value, index) =>
      selector !== undefined ? resolvePayload(selector, effective, { ...ctx, Map: { Item: { Index: index, Value: value } } }, def.ItemSelector ? "ItemSelector" : "Parameters") : value,
    );
    this.emit(frame, { type: "MapStateStarted", details: { length: items.length } });
    const tolerance = resolveFailureTolerance(def, effective, ctx);
    frame.children = {
      kind: "map",
      items: inputs,
      results: inputs.map(() => undefined),
      started: 0,
      finished: 0,
      failed: 0,
      maxConcurrency,
      toleratedFailureCount: tolerance.count,
      toleratedFailurePercentage: tolerance.percentage,
    };
    frame.phase = "children";
    this.launchIterations(frame);
  }

  /** Distributed Map reads its items from S3, which the local engine has not: its config is still checked as AWS does. */
  private itemReader(frame: Frame, def: StateDef, effective: Json, ctx: ContextObject) {
    this.emit(frame, { type: "MapStateStarted", details: { length: 0 } });
    const maxItemsPath = def.ItemReader?.ReaderConfig?.MaxItemsPath;
    if (typeof maxItemsPath === "string") {
      const value = applyInputPath(effective, maxItemsPath, ctx, "MaxItemsPath");
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new StatesError(StatesErrors.Runtime, `The MaxItemsPath field refers to value "${typeof value === "string" ? value : JSON.stringify(value)}" which is not a valid integer: ${maxItemsPath}`);
      }
    }
    throw new StatesError(StatesErrors.Runtime, `ItemReader (${def.ItemReader.Resource}) is not supported by the local engine`);
  }

  private launchIterations(frame: Frame) {
    const children = frame.children!;
    const running = children.started - children.finished;
    const limit = children.maxConcurrency > 0 ? children.maxConcurrency : Number.POSITIVE_INFINITY;
    const def = this.stateDef(frame);
    const processor = def.ItemProcessor ? "ItemProcessor" : "Iterator";
    for (let slots = limit - running; slots > 0 && children.started < children.items.length; slots--) {
      const index = children.started++;
      const started = this.emit(frame, { type: "MapIterationStarted", details: { name: frame.state, index } });
      const statesPath = [...this.frameStatesPath(frame), "States", frame.state, processor];
      const startAt = (def[processor] as StateDef).StartAt;
      this.state.frames.push(this.newFrame({ id: `${frame.id}.${index}`, parentId: frame.id, index, statesPath, state: startAt, input: children.items[index]!, lastEventId: started }));
    }
    if (children.items.length === 0) this.mapDone(frame);
  }

  /** A branch or iteration ended: record it in its parent, or end the execution. */
  private frameEnded(frame: Frame) {
    this.removeFrame(frame);
    const outcome = frame.outcome!;
    if (!frame.parentId) {
      if (outcome.ok) {
        this.emit(frame, { type: "ExecutionSucceeded", details: payload("output", outcome.output) });
        this.end = { status: "SUCCEEDED", output: outcome.output };
      } else {
        this.emit(frame, { type: "ExecutionFailed", details: failure(outcome.error, outcome.cause) });
        this.end = { status: "FAILED", error: outcome.error, cause: outcome.cause };
      }
      return;
    }
    const parent = this.frame(frame.parentId)!;
    const children = parent.children!;
    children.finished++;
    if (children.kind === "parallel") {
      if (!outcome.ok) {
        // AWS (recorded): a branch whose Task failed is aborted with the other branches
        // (TaskFailed, TaskStateAborted, ParallelStateFailed), and ParallelStateFailed
        // follows the event that failed the branch.
        const failedAt = frame.lastEventId;
        if (this.stateDef(frame).Type === "Task") this.emitAborted(frame);
        this.abortChildren(parent);
        parent.lastEventId = failedAt;
        return this.fail(parent, outcome.error, outcome.cause);
      }
      children.results[frame.index!] = outcome.output;
      if (children.finished === children.started) this.exitState(parent, this.output(parent, this.stateDef(parent), children.results as Json[]));
      return;
    }
    const iteration = { name: parent.state, index: frame.index! };
    if (outcome.ok) {
      children.results[frame.index!] = outcome.output;
      this.emit(parent, { type: "MapIterationSucceeded", details: iteration });
    } else {
      this.emit(parent, { type: "MapIterationFailed", details: iteration });
      children.failed++;
      children.firstError ??= { error: outcome.error, cause: outcome.cause };
      if (!this.failureTolerated(children)) {
        this.abortChildren(parent);
        return this.fail(parent, outcome.error, outcome.cause);
      }
    }
    if (children.finished === children.items.length) return this.mapDone(parent);
    this.launchIterations(parent);
  }

  private mapDone(frame: Frame) {
    const children = frame.children!;
    if (children.failed > 0 && !this.failureTolerated(children)) return;
    this.emit(frame, { type: "MapStateSucceeded" });
    this.exitState(frame, this.output(frame, this.stateDef(frame), children.results.map((r) => r ?? null)));
  }

  private failureTolerated(children: NonNullable<Frame["children"]>): boolean {
    const tolerance = { count: children.toleratedFailureCount, percentage: children.toleratedFailurePercentage };
    return !toleratedFailureExceeded(tolerance, children.failed, children.items.length);
  }

  private abortChildren(parent: Frame) {
    for (const child of this.state.frames.filter((f) => f.id.startsWith(`${parent.id}.`))) {
      if (child.parentId === parent.id && parent.children?.kind === "map") {
        this.emit(parent, { type: "MapIterationAborted", details: { name: parent.state, index: child.index } });
      }
      if (parent.children?.kind === "parallel" && child.phase !== "enter" && child.phase !== "ended") this.emitAborted(child);
      this.releaseToken(child, "aborted");
      this.removeFrame(child);
    }
  }

  /** `<Type>StateAborted` for a thread stopped inside a state that has such an event (Task, Wait, Map, Parallel). */
  private emitAborted(frame: Frame) {
    const type = this.stateDef(frame).Type as string;
    if (type === "Task" || type === "Wait" || type === "Map" || type === "Parallel") this.emit(frame, { type: `${type}StateAborted` });
  }

  // ---- leaving states -------------------------------------------------------

  /** ResultSelector → ResultPath → OutputPath, as AWS applies them to a state's result. */
  private output(frame: Frame, def: StateDef, result: Json): Json {
    const ctx = this.context(frame);
    const selected = def.ResultSelector !== undefined ? resolvePayload(def.ResultSelector, result, ctx, "ResultSelector") : result;
    return applyOutputPath(applyResultPath(frame.input, selected, def.ResultPath), def.OutputPath, ctx);
  }

  private exitState(frame: Frame, output: Json, next?: string) {
    const def = this.stateDef(frame);
    this.emit(frame, stateExited(def.Type, frame.state, output));
    delete frame.retries[frame.state];
    frame.children = undefined;
    const target = next ?? def.Next;
    if (def.Type === "Succeed" || (!target && def.End)) {
      frame.outcome = { ok: true, output };
      frame.phase = "ended";
      return;
    }
    frame.state = target;
    frame.input = output;
    frame.phase = "enter";
  }

  private failState(frame: Frame, def: StateDef) {
    const ctx = this.context(frame);
    const error = def.ErrorPath !== undefined ? stringAt(frame.input, def.ErrorPath, ctx, "ErrorPath") : def.Error;
    const cause = def.CausePath !== undefined ? stringAt(frame.input, def.CausePath, ctx, "CausePath") : def.Cause;
    frame.outcome = { ok: false, error, cause };
    frame.phase = "ended";
  }

  /** A state failed: retry it, hand the error to a catcher, or end the frame with it. */
  private fail(frame: Frame, error: string | undefined, cause: string | undefined) {
    const def = this.stateDef(frame);
    const name = error ?? StatesErrors.TaskFailed;
    const retriable = def.Type === "Task" || def.Type === "Parallel" || def.Type === "Map";
    if (retriable && Array.isArray(def.Retry)) {
      const attempts = (frame.retries[frame.state] ??= def.Retry.map(() => 0));
      const retry = nextRetry(def.Retry, { error: name, cause }, attempts);
      if (retry) {
        attempts[retry.retrierIndex] = (attempts[retry.retrierIndex] ?? 0) + 1;
        frame.children = undefined;
        if (retry.delayMs <= 0) {
          frame.phase = "run";
        } else {
          frame.phase = "waiting";
          frame.dueAt = this.clock.now().getTime() + retry.delayMs;
          this.effects.push({ kind: "timer", frameId: frame.id, at: frame.dueAt });
        }
        return;
      }
    }
    // A Parallel or Map that is not retried records its failure before a catcher takes it.
    if (frame.children?.kind === "parallel") this.emit(frame, { type: "ParallelStateFailed" });
    if (frame.children?.kind === "map") this.emit(frame, { type: "MapStateFailed" });
    const catcher = retriable && Array.isArray(def.Catch) ? matchCatcher(def.Catch, { error: name, cause }) : undefined;
    if (catcher) {
      const output = applyResultPath(frame.input, errorOutput({ error: error ?? "", cause }) as unknown as Json, catcher.resultPath);
      frame.children = undefined;
      this.exitState(frame, output, catcher.next);
      return;
    }
    frame.outcome = { ok: false, error, cause };
    frame.phase = "ended";
  }

  private terminate(status: "ABORTED" | "TIMED_OUT" | "FAILED", type: string, error?: string, cause?: string) {
    if (this.end) return;
    for (const frame of [...this.state.frames]) {
      this.releaseToken(frame, "aborted");
      this.removeFrame(frame);
    }
    this.emit(null, { type, details: failure(error, cause) });
    this.end = { status, error, cause };
  }

  // ---- helpers ---------------------------------------------------------------

  private emit(frame: Frame | null, event: NewEvent): number {
    const id = this.state.nextEventId++;
    const previousEventId = frame ? frame.lastEventId : this.emitted.at(-1)?.id ?? 0;
    this.emitted.push({ event, id, previousEventId, at: this.clock.now() });
    if (frame) frame.lastEventId = id;
    return id;
  }

  private newFrame(init: Pick<Frame, "id" | "statesPath" | "state" | "input" | "lastEventId"> & Partial<Frame>): Frame {
    return { phase: "enter", enteredAt: this.clock.now().toISOString(), retries: {}, ...init };
  }

  private frame(id: string) {
    return this.state.frames.find((f) => f.id === id);
  }

  private removeFrame(frame: Frame) {
    const i = this.state.frames.indexOf(frame);
    if (i >= 0) this.state.frames.splice(i, 1);
  }

  private frameStatesPath(frame: Frame) {
    return frame.statesPath;
  }

  private stateDef(frame: Frame): StateDef {
    let node: any = this.definition;
    for (const key of frame.statesPath) node = node[key];
    const def = node.States?.[frame.state];
    if (!def) throw new StatesError(StatesErrors.Runtime, `State '${frame.state}' does not exist`);
    return def;
  }

  private context(frame: Frame): ContextObject {
    const e = this.execution;
    return {
      Execution: { Id: e.executionArn, Input: e.input, Name: e.name, RoleArn: e.roleArn, StartTime: e.startTime },
      State: { EnteredTime: frame.enteredAt, Name: frame.state, RetryCount: Math.max(0, ...(frame.retries[frame.state] ?? [0])) },
      StateMachine: { Id: e.stateMachineArn, Name: e.stateMachineName },
      ...(frame.token ? { Task: { Token: frame.token } } : {}),
    };
  }
}

/** What `arn:aws:states:::lambda:invoke` returns: the function's answer wrapped as the Invoke API does. */
function lambdaInvokeOutput(result: Json): Json {
  return {
    ExecutedVersion: "$LATEST",
    Payload: result,
    SdkHttpMetadata: {
      AllHttpHeaders: { "Content-Type": ["application/json"], "X-Amz-Executed-Version": ["$LATEST"] },
      HttpHeaders: { "Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST" },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: "local" },
    StatusCode: 200,
  };
}

function positiveInteger(value: Json, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new StatesError(StatesErrors.Runtime, `The value of the field '${field}' must be a positive integer, but was: ${JSON.stringify(value)}`);
  }
  return value;
}

function stringAt(input: Json, path: string, ctx: ContextObject, field: string): string {
  const value = applyInputPath(input, path, ctx, field);
  if (typeof value !== "string") throw new StatesError(StatesErrors.Runtime, `The value of ${field} must be a string, but was: ${JSON.stringify(value)}`);
  return value;
}

function jsonTypeName(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
