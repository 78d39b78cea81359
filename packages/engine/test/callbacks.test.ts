/**
 * Task tokens, activities and Lambda tasks against a real engine with the
 * real SDK, compared with AWS's recorded histories
 * (/work/shared/conformance/asl/test_callback.snapshot.json).
 *
 * The recordings call SQS (`sendMessage.waitForTaskToken`); here the same
 * state machines call a Lambda (`lambda:invoke.waitForTaskToken`, whose
 * history has the same Task* events) or an activity (whose events AWS names
 * Activity*: ActivityScheduled, ActivityStarted, ActivitySucceeded, …, and
 * which has no TaskSubmitted). Timeouts and heartbeats are 1–2 s instead of
 * the recordings' 5–600 s.
 */
import { readFileSync } from "node:fs";
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../src";
import { ROLE_ARN, sharedFile, startTestEngine } from "./support/engine";

type Mode = "lambda" | "activity";
type StateDef = Record<string, unknown>;
type Event = { id: number; previousEventId: number; type: string; timestamp?: unknown } & Record<string, unknown>;

const REGION = "ap-southeast-3";
const FUNCTION_PREFIX = `arn:aws:lambda:${REGION}:000000000000:function:`;
const WORKER = "worker-1";

const recordings = JSON.parse(readFileSync(sharedFile("conformance/asl/test_callback.snapshot.json"), "utf8")) as Record<
  string,
  { "recorded-content": Record<string, { events: Event[] }> }
>;

/** The recorded history of a test of test_callback.py. */
function recorded(test: string): Event[] {
  const key = Object.keys(recordings).find((k) => k.endsWith(`::${test}`));
  if (!key) throw new Error(`no recording of ${test}`);
  return recordings[key]!["recorded-content"].get_execution_history!.events;
}

const detailsOf = (e: object): Record<string, unknown> | undefined =>
  Object.entries(e).find(([k]) => k.endsWith("EventDetails"))?.[1] as Record<string, unknown> | undefined;

/** What AWS calls the recorded Task* events of an activity (it has no TaskSubmitted). */
const ACTIVITY_NAMES: Record<string, string | null> = {
  TaskScheduled: "ActivityScheduled",
  TaskStarted: "ActivityStarted",
  TaskSubmitted: null,
  TaskSucceeded: "ActivitySucceeded",
  TaskFailed: "ActivityFailed",
  TaskTimedOut: "ActivityTimedOut",
};

let engine: Engine;
let sfn: SFNClient;
let counter = 0;
/** Task tokens the `callback` Lambda received, by execution. */
const received = new Map<string, { TaskToken: string; Message?: unknown }[]>();

beforeAll(async () => {
  ({ engine, sfn } = await startTestEngine({ activityPollTimeoutMs: 1000 }));
  engine.lambdas.register("callback", (event: { ExecutionArn: string; TaskToken: string; Message?: unknown }) => {
    const list = received.get(event.ExecutionArn) ?? [];
    list.push(event);
    received.set(event.ExecutionArn, list);
    return { MessageId: `message-${list.length}` };
  });
});

afterAll(async () => {
  await engine?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function history(executionArn: string): Promise<Event[]> {
  const out = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return out.events as unknown as Event[];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Run {
  mode: Mode;
  executionArn: string;
  activityArn?: string;
  /** Tasks handed out so far (tokens received by the Lambda or taken by the worker). */
  taken: number;
}

/** Creates the state machine `build(task)` describes (task: the callback Task state of the mode) and starts it. */
async function start(mode: Mode, build: (task: (extra?: StateDef) => StateDef) => StateDef, input: unknown): Promise<Run> {
  const n = ++counter;
  let activityArn: string | undefined;
  if (mode === "activity") ({ activityArn } = await sfn.send(new CreateActivityCommand({ name: `callback-activity-${n}` })));
  const task = (extra: StateDef = {}): StateDef =>
    mode === "lambda"
      ? {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
          Parameters: { FunctionName: "callback", Payload: { "Message.$": "$.Message", "TaskToken.$": "$$.Task.Token", "ExecutionArn.$": "$$.Execution.Id" } },
          ...extra,
        }
      : { Type: "Task", Resource: activityArn, ...extra };
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: `callback-${mode}-${n}`, definition: JSON.stringify(build(task)), roleArn: ROLE_ARN }),
  );
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  return { mode, executionArn: executionArn!, activityArn, taken: 0 };
}

/**
 * The next task of the run: the token the Lambda received once its answer is
 * in the history (TaskSubmitted, as AWS's client would see the SQS message
 * after the send), or the task a worker polls with GetActivityTask.
 */
async function takeTask(run: Run): Promise<{ token: string; input?: string }> {
  const index = run.taken++;
  if (run.mode === "lambda") {
    await until("TaskSubmitted", async () => ((await history(run.executionArn)).filter((e) => e.type === "TaskSubmitted").length > index ? true : undefined));
    return { token: received.get(run.executionArn)![index]!.TaskToken };
  }
  return until("an activity task", async () => {
    const out = await sfn.send(new GetActivityTaskCommand({ activityArn: run.activityArn, workerName: WORKER }));
    return out.taskToken ? { token: out.taskToken, input: out.input } : undefined;
  });
}

async function finish(run: Run): Promise<{ described: DescribeExecutionCommandOutput; events: Event[] }> {
  await engine.executor.waitForEnd(run.executionArn);
  return { described: await sfn.send(new DescribeExecutionCommand({ executionArn: run.executionArn })), events: await history(run.executionArn) };
}

/**
 * The history matches the recording: for Lambda callbacks event for event
 * (id, previousEventId, type, the fields of the details); for activities the
 * types with AWS's activity names, and the fields of every non-task event.
 */
function expectRecorded(events: Event[], recording: Event[], mode: Mode) {
  if (mode === "lambda") {
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual(recording.map((e) => [e.id, e.previousEventId, e.type]));
    events.forEach((e, i) => expect([e.type, Object.keys(detailsOf(e) ?? {}).sort()]).toEqual([e.type, Object.keys(detailsOf(recording[i]!) ?? {}).sort()]));
    return;
  }
  const mapped = recording.map((e) => ({ ...e, type: e.type in ACTIVITY_NAMES ? ACTIVITY_NAMES[e.type] : e.type })).filter((e) => e.type !== null);
  expect(events.map((e) => e.type)).toEqual(mapped.map((e) => e.type));
  events.forEach((e, i) => {
    if (!e.type.startsWith("Activity")) expect([e.type, Object.keys(detailsOf(e) ?? {}).sort()]).toEqual([e.type, Object.keys(detailsOf(mapped[i]!) ?? {}).sort()]);
  });
}

const one = (events: Event[], type: string) => {
  const found = events.filter((e) => e.type === type);
  expect(found, type).toHaveLength(1);
  return detailsOf(found[0]!) ?? {};
};

/** The resource fields of a Task* event of a Lambda callback. */
const LAMBDA_TASK = { resourceType: "lambda", resource: "invoke.waitForTaskToken" };

const single = (task: (extra?: StateDef) => StateDef, extra: StateDef = {}): StateDef => ({
  StartAt: "SendMessageWithWait",
  States: { SendMessageWithWait: task({ End: true, ...extra }) },
});

const withCatch = (state: StateDef): StateDef => ({
  ...state,
  Catch: [
    { ErrorEquals: ["States.Runtime"], ResultPath: "$.states_runtime_error", Next: "CaughtRuntimeError" },
    { ErrorEquals: ["States.ALL"], ResultPath: "$.states_all_error", Next: "CaughtStatesALL" },
  ],
});

for (const mode of ["lambda", "activity"] as const) {
  const names = (type: string) => (mode === "activity" ? ACTIVITY_NAMES[type]! : type);

  describe(`callbacks (${mode === "lambda" ? "lambda:invoke.waitForTaskToken" : "activity"}) as AWS recorded them`, () => {
    it("SendTaskSuccess: the output becomes the task's result (test_sqs_wait_for_task_token)", async () => {
      const run = await start(mode, (task) => single(task), { Message: "test_message_txt" });
      const { token, input } = await takeTask(run);
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify("test_message_txt") }));
      const { described, events } = await finish(run);

      expect(described.status).toBe("SUCCEEDED");
      expect(described.output).toBe('"test_message_txt"');
      expectRecorded(events, recorded("test_sqs_wait_for_task_token"), mode);
      expect(one(events, names("TaskSucceeded"))).toMatchObject({ output: '"test_message_txt"', outputDetails: { truncated: false } });
      if (mode === "lambda") {
        const scheduled = one(events, "TaskScheduled");
        expect(scheduled).toMatchObject({ ...LAMBDA_TASK, region: REGION });
        expect(JSON.parse(scheduled.parameters as string)).toEqual({
          FunctionName: "callback",
          Payload: { Message: "test_message_txt", TaskToken: token, ExecutionArn: run.executionArn },
        });
        expect(one(events, "TaskStarted")).toEqual(LAMBDA_TASK);
        const submitted = one(events, "TaskSubmitted");
        expect(submitted).toMatchObject(LAMBDA_TASK);
        expect(JSON.parse(submitted.output as string)).toMatchObject({ Payload: { MessageId: "message-1" }, StatusCode: 200, ExecutedVersion: "$LATEST" });
      } else {
        expect(input).toBe('{"Message":"test_message_txt"}');
        expect(one(events, "ActivityScheduled")).toEqual({ resource: run.activityArn, input: '{"Message":"test_message_txt"}', inputDetails: { truncated: false } });
        expect(one(events, "ActivityStarted")).toEqual({ workerName: WORKER });
      }
    });

    it("SendTaskFailure: the error and cause fail the state (test_sqs_failure_in_wait_for_task_token)", async () => {
      const run = await start(mode, (task) => single(task), { Message: "test_message_txt" });
      const { token } = await takeTask(run);
      await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: "Failure error", cause: "Failure cause" }));
      const { described, events } = await finish(run);

      expect(described).toMatchObject({ status: "FAILED", error: "Failure error", cause: "Failure cause" });
      expectRecorded(events, recorded("test_sqs_failure_in_wait_for_task_token"), mode);
      expect(one(events, names("TaskFailed"))).toEqual({ ...(mode === "lambda" ? LAMBDA_TASK : {}), error: "Failure error", cause: "Failure cause" });
      expect(one(events, "ExecutionFailed")).toEqual({ error: "Failure error", cause: "Failure cause" });
    });

    it("SendTaskHeartbeat keeps a task alive past HeartbeatSeconds, and leaves no event (test_sqs_wait_for_task_tok_with_heartbeat)", async () => {
      const run = await start(mode, (task) => single(task, { TimeoutSeconds: 10, HeartbeatSeconds: 2 }), { Message: "test_message_txt" });
      const { token } = await takeTask(run);
      for (let i = 0; i < 4; i++) {
        await sleep(800);
        await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      }
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify("test_message_txt") }));
      const { described, events } = await finish(run);

      expect(described.status).toBe("SUCCEEDED");
      expectRecorded(events, recorded("test_sqs_wait_for_task_tok_with_heartbeat"), mode);
      expect(one(events, names("TaskScheduled"))).toMatchObject({ timeoutInSeconds: 10, heartbeatInSeconds: 2 });
    });

    it("many heartbeats with HeartbeatSecondsPath (test_multiple_heartbeat_notifications)", async () => {
      const run = await start(mode, (task) => single(task, { TimeoutSeconds: 10, HeartbeatSecondsPath: "$.HeartbeatSecondsPath" }), {
        Message: "txt",
        HeartbeatSecondsPath: 1,
      });
      const { token } = await takeTask(run);
      for (let i = 0; i < 6; i++) {
        await sleep(350);
        await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      }
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ Message: "txt", TaskToken: token }) }));
      const { described, events } = await finish(run);

      expect(described.status).toBe("SUCCEEDED");
      expect(JSON.parse(described.output!)).toEqual({ Message: "txt", TaskToken: token });
      expectRecorded(events, recorded("test_multiple_heartbeat_notifications"), mode);
      expect(one(events, names("TaskScheduled"))).toMatchObject({ timeoutInSeconds: 10, heartbeatInSeconds: 1 });
    });

    it("TimeoutSeconds: States.Timeout, no cause; the token then answers TaskTimedOut (test_sqs_wait_for_task_token_timeout)", async () => {
      const run = await start(mode, (task) => single(task, { TimeoutSeconds: 1 }), { Message: "test_message_txt" });
      const { token } = await takeTask(run); // taken, never answered
      const { described, events } = await finish(run);

      expect(described.status).toBe("FAILED");
      expect(described.error).toBe("States.Timeout");
      expect(described.cause).toBeUndefined();
      expectRecorded(events, recorded("test_sqs_wait_for_task_token_timeout"), mode);
      expect(one(events, names("TaskScheduled"))).toMatchObject({ timeoutInSeconds: 1 });
      expect(one(events, names("TaskTimedOut"))).toEqual({ ...(mode === "lambda" ? LAMBDA_TASK : {}), error: "States.Timeout" });
      expect(one(events, "ExecutionFailed")).toEqual({ error: "States.Timeout" });
      await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" }))).rejects.toMatchObject({
        name: "TaskTimedOut",
        message: "Task Timed Out: 'Provided task does not exist anymore'",
      });
    });

    it("HeartbeatSeconds without heartbeats: States.HeartbeatTimeout (the timeout recording's events)", async () => {
      const run = await start(mode, (task) => single(task, { TimeoutSeconds: 10, HeartbeatSeconds: 1 }), { Message: "test_message_txt" });
      await takeTask(run);
      const { described, events } = await finish(run);

      expect(described).toMatchObject({ status: "FAILED", error: "States.HeartbeatTimeout" });
      // The timeout recording, with the heartbeatInSeconds a TaskScheduled of a state with HeartbeatSeconds has.
      const recording = recorded("test_sqs_wait_for_task_token_timeout").map((e) =>
        e.type === "TaskScheduled" ? { ...e, taskScheduledEventDetails: { ...detailsOf(e), heartbeatInSeconds: 1 } } : e,
      );
      expectRecorded(events, recording, mode);
      expect(one(events, names("TaskScheduled"))).toMatchObject({ timeoutInSeconds: 10, heartbeatInSeconds: 1 });
      expect(one(events, names("TaskTimedOut"))).toEqual({ ...(mode === "lambda" ? LAMBDA_TASK : {}), error: "States.HeartbeatTimeout" });
    });

    it("SendTaskFailure without error or cause, caught by States.ALL: Error and Cause null ([SQS_WAIT_FOR_TASK_TOKEN_CATCH])", async () => {
      const run = await start(
        mode,
        (task) => ({
          StartAt: "SendMessageWithWait",
          States: {
            SendMessageWithWait: withCatch(task({ End: true })),
            CaughtRuntimeError: { Type: "Pass", End: true },
            CaughtStatesALL: { Type: "Pass", End: true },
          },
        }),
        { Message: "test_message_txt" },
      );
      const { token } = await takeTask(run);
      await sfn.send(new SendTaskFailureCommand({ taskToken: token }));
      const { described, events } = await finish(run);

      expect(described.status).toBe("SUCCEEDED");
      expect(JSON.parse(described.output!)).toEqual({ Message: "test_message_txt", states_all_error: { Error: null, Cause: null } });
      expectRecorded(events, recorded("test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_WAIT_FOR_TASK_TOKEN_CATCH]"), mode);
      expect(one(events, names("TaskFailed"))).toEqual(mode === "lambda" ? LAMBDA_TASK : {});
    });

    it("a failed task in a Parallel branch is aborted, then the Parallel fails and is caught ([SQS_PARALLEL_WAIT_FOR_TASK_TOKEN])", async () => {
      const run = await start(
        mode,
        (task) => ({
          StartAt: "ParallelJob",
          States: {
            ParallelJob: withCatch({ Type: "Parallel", Branches: [{ StartAt: "SendMessageWithWait", States: { SendMessageWithWait: task({ End: true }) } }], End: true }),
            CaughtRuntimeError: { Type: "Pass", End: true },
            CaughtStatesALL: { Type: "Pass", End: true },
          },
        }),
        { Message: "test_message_txt" },
      );
      const { token } = await takeTask(run);
      await sfn.send(new SendTaskFailureCommand({ taskToken: token }));
      const { described, events } = await finish(run);

      expect(described.status).toBe("SUCCEEDED");
      expect(JSON.parse(described.output!)).toEqual({ Message: "test_message_txt", states_all_error: { Error: null, Cause: null } });
      expectRecorded(events, recorded("test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_PARALLEL_WAIT_FOR_TASK_TOKEN]"), mode);
    });

    it("two waiting tasks in a row, each with its own token (test_sqs_wait_for_task_token_call_chain)", async () => {
      const run = await start(
        mode,
        (task) => ({
          StartAt: "State1",
          States: { State1: task({ ResultPath: "$.State1Output", Next: "State2" }), State2: task({ ResultPath: "$.State2Output", End: true }) },
        }),
        { Message: "HelloWorld" },
      );
      const first = await takeTask(run);
      await sfn.send(new SendTaskSuccessCommand({ taskToken: first.token, output: '"HelloWorld"' }));
      const second = await takeTask(run);
      expect(second.token).not.toBe(first.token);
      await sfn.send(new SendTaskSuccessCommand({ taskToken: second.token, output: '"HelloWorld"' }));
      const { described, events } = await finish(run);

      expect(JSON.parse(described.output!)).toEqual({ Message: "HelloWorld", State1Output: "HelloWorld", State2Output: "HelloWorld" });
      expectRecorded(events, recorded("test_sqs_wait_for_task_token_call_chain"), mode);
    });
  });
}

describe("Parallel", () => {
  it("a failing branch aborts the others: TaskStateAborted, WaitStateAborted; their tokens are closed", async () => {
    const run = await start(
      "lambda",
      (task) => ({
        StartAt: "Fork",
        States: {
          Fork: {
            Type: "Parallel",
            End: true,
            Branches: [
              { StartAt: "Hold", States: { Hold: task({ End: true }) } },
              { StartAt: "Sleep", States: { Sleep: { Type: "Wait", Seconds: 60, End: true } } },
              { StartAt: "Later", States: { Later: { Type: "Wait", Seconds: 1, Next: "Boom" }, Boom: { Type: "Fail", Error: "Branch.Failed", Cause: "on purpose" } } },
            ],
          },
        },
      }),
      { Message: "m" },
    );
    const { token } = await takeTask(run);
    const { described, events } = await finish(run);
    expect(described).toMatchObject({ status: "FAILED", error: "Branch.Failed", cause: "on purpose" });
    const types = events.map((e) => e.type);
    expect(types.slice(-5)).toEqual(["FailStateEntered", "TaskStateAborted", "WaitStateAborted", "ParallelStateFailed", "ExecutionFailed"]);
    const byId = new Map(events.map((e) => [e.id, e]));
    const aborted = events.find((e) => e.type === "TaskStateAborted")!;
    expect(byId.get(aborted.previousEventId)!.type).toBe("TaskSubmitted");
    expect(byId.get(events.find((e) => e.type === "ParallelStateFailed")!.previousEventId)!.type).toBe("FailStateEntered");
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" }))).rejects.toMatchObject({ name: "TaskTimedOut" });
  });
});

describe("activities", () => {
  it("a task no worker took is withdrawn from the queue when it times out", async () => {
    const run = await start("activity", (task) => single(task, { TimeoutSeconds: 1 }), { Message: "late" });
    const { events } = await finish(run);
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityTimedOut", "ExecutionFailed"]);
    const out = await sfn.send(new GetActivityTaskCommand({ activityArn: run.activityArn, workerName: WORKER }));
    expect(out.taskToken).toBeUndefined();
  });

  it("a worker loop serves several executions, each task once", async () => {
    const runs = await Promise.all([1, 2, 3].map(() => start("activity", (task) => single(task), { Message: "x" })));
    // One activity per run here; a worker loop per activity answering what it gets.
    await Promise.all(
      runs.map(async (run, i) => {
        const { token, input } = await takeTask(run);
        await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ worker: i, input: JSON.parse(input!) }) }));
      }),
    );
    for (const [i, run] of runs.entries()) {
      const { described } = await finish(run);
      expect(JSON.parse(described.output!)).toEqual({ worker: i, input: { Message: "x" } });
    }
  });
});

describe("Lambda tasks", () => {
  const invoked: unknown[] = [];
  let flakyCalls = 0;

  beforeAll(() => {
    engine.lambdas
      .register("echo", (event: unknown) => {
        invoked.push(event);
        return { echo: event };
      })
      .register("declines", () => {
        throw Object.assign(new Error("card declined"), { name: "PaymentDeclined" });
      })
      .register("flaky", () => {
        flakyCalls++;
        if (flakyCalls <= 2) throw Object.assign(new Error(`attempt ${flakyCalls} failed`), { name: "Transient" });
        return { attempts: flakyCalls };
      });
  });

  async function runMachine(definition: StateDef, input: unknown = {}) {
    const n = ++counter;
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: `lambda-${n}`, definition: JSON.stringify(definition), roleArn: ROLE_ARN }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
    return finish({ mode: "lambda", executionArn: executionArn!, taken: 0 });
  }

  const taskMachine = (state: StateDef): StateDef => ({ StartAt: "Call", States: { Call: { Type: "Task", End: true, ...state } } });

  it("lambda:invoke answers the Invoke API's response: Payload, StatusCode, ExecutedVersion", async () => {
    const { described, events } = await runMachine(
      taskMachine({ Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: `${FUNCTION_PREFIX}echo:$LATEST`, "Payload.$": "$" } }),
      { order: 7 },
    );
    expect(described.status).toBe("SUCCEEDED");
    const output = JSON.parse(described.output!);
    expect(output).toMatchObject({ ExecutedVersion: "$LATEST", Payload: { echo: { order: 7 } }, StatusCode: 200, SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect(Object.keys(output).sort()).toEqual(["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]);
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]);
    const scheduled = one(events, "TaskScheduled");
    expect(scheduled).toMatchObject({ resourceType: "lambda", resource: "invoke", region: REGION });
    expect(JSON.parse(scheduled.parameters as string)).toEqual({ FunctionName: `${FUNCTION_PREFIX}echo:$LATEST`, Payload: { order: 7 } });
    expect(one(events, "TaskSucceeded")).toMatchObject({ resourceType: "lambda", resource: "invoke", outputDetails: { truncated: false } });
  });

  it("a bare function ARN: LambdaFunctionScheduled/Started/Succeeded, the result as the output", async () => {
    const { described, events } = await runMachine(taskMachine({ Resource: `${FUNCTION_PREFIX}echo`, TimeoutSeconds: 5 }), { order: 8 });
    expect(JSON.parse(described.output!)).toEqual({ echo: { order: 8 } });
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "TaskStateEntered"],
      [3, 2, "LambdaFunctionScheduled"],
      [4, 3, "LambdaFunctionStarted"],
      [5, 4, "LambdaFunctionSucceeded"],
      [6, 5, "TaskStateExited"],
      [7, 6, "ExecutionSucceeded"],
    ]);
    expect(one(events, "LambdaFunctionScheduled")).toEqual({ resource: `${FUNCTION_PREFIX}echo`, input: '{"order":8}', inputDetails: { truncated: false }, timeoutInSeconds: 5 });
    expect(events.find((e) => e.type === "LambdaFunctionStarted")).not.toHaveProperty("lambdaFunctionStartedEventDetails");
    expect(one(events, "LambdaFunctionSucceeded")).toEqual({ output: '{"echo":{"order":8}}', outputDetails: { truncated: false } });
  });

  it("a handler that throws: its errorType as the error, Lambda's error object as the cause", async () => {
    const invoke = await runMachine(taskMachine({ Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "declines", Payload: {} } }));
    expect(invoke.described).toMatchObject({ status: "FAILED", error: "PaymentDeclined" });
    const cause = JSON.parse(invoke.described.cause!);
    expect(cause).toMatchObject({ errorType: "PaymentDeclined", errorMessage: "card declined" });
    expect(Array.isArray(cause.trace)).toBe(true);
    expect(one(invoke.events, "TaskFailed")).toEqual({ resourceType: "lambda", resource: "invoke", error: "PaymentDeclined", cause: invoke.described.cause });

    const bare = await runMachine(taskMachine({ Resource: `${FUNCTION_PREFIX}declines` }));
    expect(bare.events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed"]);
    expect(one(bare.events, "LambdaFunctionFailed")).toMatchObject({ error: "PaymentDeclined" });

    const caught = await runMachine(
      {
        StartAt: "Call",
        States: {
          Call: { Type: "Task", Resource: `${FUNCTION_PREFIX}declines`, Catch: [{ ErrorEquals: ["PaymentDeclined"], ResultPath: "$.failure", Next: "Done" }], End: true },
          Done: { Type: "Pass", End: true },
        },
      },
      { order: 9 },
    );
    const output = JSON.parse(caught.described.output!);
    expect(output.order).toBe(9);
    expect(output.failure.Error).toBe("PaymentDeclined");
    expect(JSON.parse(output.failure.Cause)).toMatchObject({ errorType: "PaymentDeclined", errorMessage: "card declined" });
  });

  it("an unknown function: Lambda.ResourceNotFoundException", async () => {
    const { described, events } = await runMachine(taskMachine({ Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "nope", Payload: {} } }));
    expect(described).toMatchObject({ status: "FAILED", error: "Lambda.ResourceNotFoundException" });
    expect(described.cause).toMatch(new RegExp(`^Function not found: ${FUNCTION_PREFIX}nope \\(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException`));
    expect(one(events, "TaskFailed")).toMatchObject({ error: "Lambda.ResourceNotFoundException" });
  });

  it("a handler that throws under waitForTaskToken fails the task without TaskSubmitted", async () => {
    const { described, events } = await runMachine(
      taskMachine({ Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", Parameters: { FunctionName: "declines", Payload: { "TaskToken.$": "$$.Task.Token" } } }),
    );
    expect(described).toMatchObject({ status: "FAILED", error: "PaymentDeclined" });
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed"]);
  });

  it("Retry with backoff: a failing Lambda is called again after IntervalSeconds × BackoffRate, then succeeds", async () => {
    flakyCalls = 0;
    const { described, events } = await runMachine(
      taskMachine({
        Resource: "arn:aws:states:::lambda:invoke",
        Parameters: { FunctionName: "flaky", Payload: {} },
        ResultSelector: { "attempts.$": "$.Payload.attempts" },
        Retry: [{ ErrorEquals: ["Transient"], IntervalSeconds: 1, BackoffRate: 1.5, MaxAttempts: 3 }],
      }),
    );
    expect(JSON.parse(described.output!)).toEqual({ attempts: 3 });
    expect(events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      ...["TaskScheduled", "TaskStarted", "TaskFailed"],
      ...["TaskScheduled", "TaskStarted", "TaskFailed"],
      ...["TaskScheduled", "TaskStarted", "TaskSucceeded"],
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    const at = (e: Event) => (e.timestamp instanceof Date ? e.timestamp.getTime() : Number(e.timestamp));
    const failed = events.filter((e) => e.type === "TaskFailed");
    const scheduled = events.filter((e) => e.type === "TaskScheduled");
    expect(at(scheduled[1]!) - at(failed[0]!)).toBeGreaterThanOrEqual(990);
    expect(at(scheduled[2]!) - at(failed[1]!)).toBeGreaterThanOrEqual(1490);
    expect(one(events, "TaskSucceeded")).toMatchObject({ resourceType: "lambda", resource: "invoke" });
  });

  it("the execution's TimeoutSeconds ends a task waiting on a token: ExecutionTimedOut", async () => {
    const n = ++counter;
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: `lambda-${n}`,
        roleArn: ROLE_ARN,
        definition: JSON.stringify({ TimeoutSeconds: 1, ...single((extra) => ({ Type: "Task", Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", Parameters: { FunctionName: "callback", Payload: { "TaskToken.$": "$$.Task.Token", "ExecutionArn.$": "$$.Execution.Id" } }, ...extra })) }),
      }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const { described, events } = await finish({ mode: "lambda", executionArn: executionArn!, taken: 0 });
    expect(described.status).toBe("TIMED_OUT");
    expect(events.at(-1)!.type).toBe("ExecutionTimedOut");
    const token = received.get(executionArn!)![0]!.TaskToken;
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" }))).rejects.toMatchObject({ name: "TaskTimedOut" });
  });
});
