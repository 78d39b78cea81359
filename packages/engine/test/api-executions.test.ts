/**
 * The execution operations (StartExecution, DescribeExecution,
 * ListExecutions, StopExecution, GetExecutionHistory) and the task-token
 * operations through the real SDK against a real engine, with AWS's recorded
 * responses and messages (test_sfn_api.snapshot.json).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDeleting,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  ValidationException,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkFailure } from "./support/sdk";
import { defaultIdentity, type Engine } from "../src";
import { ROLE_ARN, sharedFile, startTestEngine } from "./support/engine";

// ---- AWS's recordings ----------------------------------------------------------

const snapshot = JSON.parse(readFileSync(sharedFile("conformance/asl/test_sfn_api.snapshot.json"), "utf8")) as Record<string, { "recorded-content": Record<string, any> }>;

function recorded(test: string, key: string): any {
  const entry = Object.entries(snapshot).find(([id]) => id.endsWith(`::${test}`));
  const value = entry?.[1]["recorded-content"][key];
  if (value === undefined) throw new Error(`no ${key} in the recording of ${test}`);
  return value;
}

const identity = defaultIdentity;
const ARN_PREFIX = `arn:aws:states:${identity.region}:${identity.accountId}:`;

/** A recorded error message with its placeholders filled in. */
function recordedMessage(test: string, key: string, fill: Record<string, string> = {}): string {
  const value = recorded(test, key);
  let message: string = typeof value === "string" ? value : (value.Error?.Message ?? value.message ?? String(value.exception_value));
  message = message.replace(/^An error occurred \(\w+\) when calling the \w+ operation: /, "");
  for (const [from, to] of Object.entries({ "<partition>": "aws", "<region>": identity.region, "111111111111": identity.accountId, ...fill })) message = message.split(from).join(to);
  return message;
}

const recordedKeys = (value: object) =>
  Object.keys(value)
    .filter((k) => k !== "ResponseMetadata" && k !== "$metadata")
    .sort();

/**
 * A history as the recordings show it: JSON texts of inputs and outputs
 * parsed, timestamps as "timestamp", the role as "snf_role_arn".
 */
function asRecorded(events: object[]): unknown[] {
  return events.map((event) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(event)) {
      if (k === "timestamp") out[k] = "timestamp";
      else if (k.endsWith("EventDetails")) {
        const details: Record<string, unknown> = { ...(v as Record<string, unknown>) };
        for (const field of ["input", "output"]) if (typeof details[field] === "string") details[field] = JSON.parse(details[field] as string);
        if (details.roleArn === ROLE_ARN) details.roleArn = "snf_role_arn";
        out[k] = details;
      } else out[k] = v;
    }
    return out;
  });
}

// ---- setup ------------------------------------------------------------------------

const BASE_PASS_RESULT = { Comment: "BASE_PASS_RESULT", StartAt: "State_1", States: { State_1: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } } };
const BASE_WAIT_1_MIN = { Comment: "BASE_WAIT_1_MIN", StartAt: "State_1", States: { State_1: { Type: "Wait", Seconds: 60, End: true } } };
const CALLBACK = {
  StartAt: "Callback",
  States: {
    Callback: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", Parameters: { FunctionName: "callback", Payload: { "TaskToken.$": "$$.Task.Token", "ExecutionArn.$": "$$.Execution.Id" } }, End: true },
  },
};

let engine: Engine;
let sfn: SFNClient;
const uid = () => randomBytes(4).toString("hex");
const tokens = new Map<string, string>();

beforeAll(async () => {
  ({ engine, sfn } = await startTestEngine({ activityPollTimeoutMs: 500 }));
  engine.lambdas.register("callback", (event: { ExecutionArn: string; TaskToken: string }) => {
    tokens.set(event.ExecutionArn, event.TaskToken);
    return {};
  });
});

afterAll(async () => {
  await engine?.close();
});

async function createSm(definition: object, name = `statemachine_${uid()}`) {
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE_ARN }));
  return { name, stateMachineArn: stateMachineArn! };
}

async function startAndFinish(stateMachineArn: string, input?: string) {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
  await engine.executor.waitForEnd(executionArn!);
  return executionArn!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tokenOf(executionArn: string): Promise<string> {
  for (let i = 0; i < 200 && !tokens.has(executionArn); i++) await sleep(25);
  const token = tokens.get(executionArn);
  if (!token) throw new Error(`no token for ${executionArn}`);
  // The Lambda's answer is in the history (TaskSubmitted) before the test answers the token.
  for (let i = 0; i < 200; i++) {
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    if (events!.some((e) => e.type === "TaskSubmitted")) return token;
    await sleep(25);
  }
  throw new Error("no TaskSubmitted");
}

// ---- StartExecution --------------------------------------------------------------------

describe("StartExecution", () => {
  it("answers executionArn and startDate; the execution is listed and its history is AWS's (test_start_execution)", async () => {
    const { stateMachineArn, name } = await createSm(BASE_PASS_RESULT);
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    expect(recordedKeys(started)).toEqual(recordedKeys(recorded("test_start_execution", "exec_resp")));
    expect(started.executionArn).toMatch(new RegExp(`^${ARN_PREFIX}execution:${name}:[0-9a-f-]{36}$`));
    expect(started.startDate).toBeInstanceOf(Date);
    await engine.executor.waitForEnd(started.executionArn!);

    const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(list.executions).toHaveLength(1);
    expect(recordedKeys(list.executions![0]!)).toEqual(recordedKeys(recorded("test_start_execution", "exec_list_resp").executions[0]));
    expect(list.executions![0]).toMatchObject({ executionArn: started.executionArn, stateMachineArn, status: "SUCCEEDED", redriveCount: 0 });
    expect(list.nextToken).toBeUndefined();

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    expect(asRecorded(history.events!)).toEqual(recorded("test_start_execution", "exec_hist_resp").events);
  });

  it("refuses a state machine that does not exist (test_invalid_start_execution_arn)", async () => {
    const { stateMachineArn, name } = await createSm(BASE_PASS_RESULT);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    const invalid = stateMachineArn.replace(name, `statemachine_invalid_${name}`);
    await sdkFailure(
      sfn.send(new StartExecutionCommand({ stateMachineArn: invalid })),
      StateMachineDoesNotExist,
      recordedMessage("test_invalid_start_execution_arn", "start_exec_of_deleted", { "<ArnPart_0idx>": name }),
    );
    await sdkFailure(sfn.send(new StartExecutionCommand({ stateMachineArn })), StateMachineDoesNotExist, `State Machine Does Not Exist: '${stateMachineArn}'`);
  });

  it("refuses malformed ARNs, names and members as AWS does", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    await sdkFailure(sfn.send(new StartExecutionCommand({ stateMachineArn: "invalid_state_machine_arn" })), InvalidArn, "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'");
    await sdkFailure(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${ARN_PREFIX}activity:some` })),
      InvalidArn,
      "Invalid Arn: 'Resource type not valid in this context: activity'",
    );
    await sdkFailure(sfn.send(new StartExecutionCommand({ stateMachineArn, name: "has space" })), InvalidName, "Invalid Name: 'has space'");
    await sdkFailure(
      sfn.send(new StartExecutionCommand({ stateMachineArn, name: "x".repeat(81) })),
      ValidationException,
      `1 validation error detected: Value '${"x".repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    );
  });

  it("InvalidExecutionInput with AWS's messages; a number, a string and null are inputs (test_invalid_start_execution_input)", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    const cases: [string, string][] = [
      ["not some json", "start_exec_str_inp"],
      ["{'not': 'json'", "start_exec_not_json_inp"],
      ["", "start_res_empty"],
    ];
    for (const [input, key] of cases) {
      await sdkFailure(sfn.send(new StartExecutionCommand({ stateMachineArn, input })), InvalidExecutionInput, recordedMessage("test_invalid_start_execution_input", key));
    }
    for (const input of ["2", '"some text"', "null"]) {
      const executionArn = await startAndFinish(stateMachineArn, input);
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(described).toMatchObject({ status: "SUCCEEDED", input });
    }
  });

  it("is idempotent exactly as AWS: same name and input while running; refused with other input or once closed (test_start_execution_idempotent)", async () => {
    const { stateMachineArn, name } = await createSm(BASE_WAIT_1_MIN);
    const executionName = `execution_name_${uid()}`;
    const input = JSON.stringify({ Message: "test_message_txt" });
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn, input, name: executionName }));
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn, input, name: executionName }));
    expect(recordedKeys(again)).toEqual(recordedKeys(recorded("test_start_execution_idempotent", "exec_resp_idempotent")));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate!.getTime()).toBe(first.startDate!.getTime());

    const alreadyExists = recordedMessage("test_start_execution_idempotent", "start_exec_already_exists", { "<resource:1>": name, "<resource:2>": executionName });
    expect(alreadyExists).toBe(`Execution Already Exists: '${first.executionArn}'`);
    await sdkFailure(sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"body" : "different-data"}', name: executionName })), ExecutionAlreadyExists, alreadyExists);

    const stopped = await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    expect(recordedKeys(stopped)).toEqual(recordedKeys(recorded("test_start_execution_idempotent", "stop_res")));
    await sdkFailure(sfn.send(new StartExecutionCommand({ stateMachineArn, input, name: executionName })), ExecutionAlreadyExists, alreadyExists);
    const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(list.executions).toHaveLength(1);
  });

  it("refuses a state machine being deleted, which goes once its last execution has ended", async () => {
    const { stateMachineArn } = await createSm(BASE_WAIT_1_MIN);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).status).toBe("DELETING");
    await sdkFailure(sfn.send(new StartExecutionCommand({ stateMachineArn })), StateMachineDeleting, `State Machine Is Being Deleted: '${stateMachineArn}'`);

    await sfn.send(new StopExecutionCommand({ executionArn }));
    await sdkFailure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn })), StateMachineDoesNotExist);
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines!.map((s) => s.stateMachineArn)).not.toContain(stateMachineArn);
    // The execution stays readable.
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("ABORTED");
  });
});

// ---- DescribeExecution -----------------------------------------------------------------

describe("DescribeExecution", () => {
  it("has AWS's fields (test_describe_execution)", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    const executionArn = await startAndFinish(stateMachineArn);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const expected = recorded("test_describe_execution", "describe_execution");
    expect(recordedKeys(described)).toEqual(recordedKeys(expected));
    expect(described).toMatchObject({
      executionArn,
      stateMachineArn,
      status: "SUCCEEDED",
      input: "{}",
      inputDetails: { included: true },
      output: JSON.stringify(expected.output),
      outputDetails: { included: true },
      redriveCount: 0,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: expected.redriveStatusReason,
    });
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());
  });

  it("a running execution: no stopDate, no output", async () => {
    const { stateMachineArn } = await createSm(BASE_WAIT_1_MIN);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"a":1}' }));
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: "RUNNING", input: '{"a":1}', redriveStatus: "NOT_REDRIVABLE" });
    expect(described.stopDate).toBeUndefined();
    expect(described.output).toBeUndefined();
    await sfn.send(new StopExecutionCommand({ executionArn }));
  });

  it("names with punctuation (test_describe_execution_arn_containing_punctuation)", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT, `state.machine_${uid()}`);
    const name = `state.machine.execution_${uid()}`;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name }));
    expect(executionArn).toBe(`${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`);
    await engine.executor.waitForEnd(executionArn!);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).name).toBe(name);
  });

  it("ExecutionDoesNotExist and InvalidArn with the recorded messages", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    const executionArn = await startAndFinish(stateMachineArn);
    const missing = `${executionArn.slice(0, -4)}0000`;
    await sdkFailure(
      sfn.send(new DescribeExecutionCommand({ executionArn: missing })),
      ExecutionDoesNotExist,
      recordedMessage("test_describe_execution_no_such_state_machine", "exception", { invalid_execution_arn: missing }),
    );
    await sdkFailure(
      sfn.send(new DescribeExecutionCommand({ executionArn: "invalid_state_machine_arn" })),
      InvalidArn,
      recordedMessage("test_describe_execution_invalid_arn", "exception"),
    );
  });
});

// ---- ListExecutions ---------------------------------------------------------------------

describe("ListExecutions", () => {
  it("filters by status (test_state_machine_status_filter)", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions).toEqual(recorded("test_state_machine_status_filter", "list_before_execution").executions);
    const executionArn = await startAndFinish(stateMachineArn);
    const succeeded = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "SUCCEEDED" }));
    expect(succeeded.executions!.map((e) => e.executionArn)).toEqual([executionArn]);
    expect(recordedKeys(succeeded.executions![0]!)).toEqual(recordedKeys(recorded("test_state_machine_status_filter", "list_succeeded_when_complete").executions[0]));
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "RUNNING" }))).executions).toEqual([]);
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "PENDING_REDRIVE" }))).executions).toEqual([]);
    await sdkFailure(
      sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "succeeded" as "SUCCEEDED" })),
      ValidationException,
      recordedMessage("test_state_machine_status_filter", "list_executions_filter_exc"),
    );
  });

  it("lists running and stopped executions under their status", async () => {
    const { stateMachineArn } = await createSm(BASE_WAIT_1_MIN);
    const { executionArn: a } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const { executionArn: b } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await sfn.send(new StopExecutionCommand({ executionArn: a }));
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "RUNNING" }))).executions!.map((e) => e.executionArn)).toEqual([b]);
    const aborted = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "ABORTED" }));
    expect(aborted.executions!.map((e) => e.executionArn)).toEqual([a]);
    expect(aborted.executions![0]!.stopDate).toBeInstanceOf(Date);
    await sfn.send(new StopExecutionCommand({ executionArn: b }));
  });

  it("pages newest first with maxResults and nextToken; refuses bad paging members as recorded (test_list_executions_pagination)", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    const started: string[] = [];
    for (let i = 0; i < 13; i++) started.push(await startAndFinish(stateMachineArn, "{}"));
    const newestFirst = [...started].reverse();

    const page1 = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 10 }));
    expect(page1.executions!.map((e) => e.executionArn)).toEqual(newestFirst.slice(0, 10));
    expect(page1.nextToken).toBeDefined();
    expect(recordedKeys(page1.executions![0]!)).toEqual(recordedKeys(recorded("test_list_executions_pagination", "list-executions-page-1").executions[0]));
    const page2 = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 3, nextToken: page1.nextToken }));
    expect(page2.executions!.map((e) => e.executionArn)).toEqual(newestFirst.slice(10));
    expect(page2.nextToken).toBeUndefined();

    await sdkFailure(
      sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1001 })),
      ValidationException,
      recordedMessage("test_list_executions_pagination", "list-executions-invalid-param-too-large"),
    );
    const long = "x".repeat(3097);
    await sdkFailure(
      sfn.send(new ListExecutionsCommand({ stateMachineArn, nextToken: long })),
      ValidationException,
      recordedMessage("test_list_executions_pagination", "list-executions-invalid-param-long-nextToken", { "<invalid_token_3097_chars>": long }),
    );
    await sdkFailure(sfn.send(new ListExecutionsCommand({ stateMachineArn, nextToken: "not-a-token" })), InvalidToken, "Invalid Token: 'Invalid token'");
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 0 }));
    expect(all.executions).toHaveLength(13);
    expect(all.nextToken).toBeUndefined();
  });

  it("StateMachineDoesNotExist and InvalidArn with the recorded messages", async () => {
    const { stateMachineArn, name } = await createSm(BASE_PASS_RESULT);
    const missing = stateMachineArn.replace(name, `statemachine_${uid()}`);
    await sdkFailure(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: missing })),
      StateMachineDoesNotExist,
      recordedMessage("test_list_execution_no_such_state_machine", "exception", { ssm_nonexistent_arn: missing }),
    );
    await sdkFailure(sfn.send(new ListExecutionsCommand({ stateMachineArn: "invalid_state_machine_arn" })), InvalidArn, recordedMessage("test_list_execution_invalid_arn", "exception"));
  });
});

// ---- GetExecutionHistory ------------------------------------------------------------------

describe("GetExecutionHistory", () => {
  it("in order and reversed, as recorded (test_get_execution_history_reversed)", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    const executionArn = await startAndFinish(stateMachineArn);
    const forward = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(asRecorded(forward.events!)).toEqual(recorded("test_get_execution_history_reversed", "get_execution_history_reverseOrder[False]").events);
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    expect(asRecorded(reversed.events!)).toEqual(recorded("test_get_execution_history_reversed", "get_execution_history_reverseOrder[True]").events);
    expect(forward.nextToken).toBeUndefined();
  });

  it("pages with maxResults and nextToken (no empty last page), in both orders", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    const executionArn = await startAndFinish(stateMachineArn);
    for (const reverseOrder of [false, true]) {
      const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2, reverseOrder }));
      expect(first.events!.map((e) => e.id)).toEqual(reverseOrder ? [4, 3] : [1, 2]);
      const second = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2, reverseOrder, nextToken: first.nextToken }));
      expect(second.events!.map((e) => e.id)).toEqual(reverseOrder ? [2, 1] : [3, 4]);
      expect(second.nextToken).toBeUndefined();
    }
  });

  it("includeExecutionData: false leaves out inputs and outputs", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    const executionArn = await startAndFinish(stateMachineArn, '{"secret":1}');
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    expect(events!.map((e) => e.type)).toEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
    expect(JSON.stringify(events)).not.toContain("secret");
    expect(JSON.stringify(events)).not.toContain("argument1");
    expect(events![0]!.executionStartedEventDetails!.roleArn).toBe(ROLE_ARN);
    expect(events![1]!.stateEnteredEventDetails!.name).toBe("State_1");
  });

  it("ExecutionDoesNotExist and InvalidArn with the recorded messages", async () => {
    const { stateMachineArn } = await createSm(BASE_PASS_RESULT);
    const executionArn = await startAndFinish(stateMachineArn);
    const missing = `${executionArn.slice(0, -4)}0000`;
    await sdkFailure(
      sfn.send(new GetExecutionHistoryCommand({ executionArn: missing })),
      ExecutionDoesNotExist,
      recordedMessage("test_get_execution_history_no_such_execution", "exception", { invalid_execution_arn: missing }),
    );
    await sdkFailure(
      sfn.send(new GetExecutionHistoryCommand({ executionArn: "invalid_state_machine_arn" })),
      InvalidArn,
      recordedMessage("test_get_execution_history_invalid_arn", "exception"),
    );
  });
});

// ---- StopExecution ------------------------------------------------------------------------

describe("StopExecution", () => {
  it("of a Wait state: ExecutionAborted, nothing else (test_stop_execution)", async () => {
    const { stateMachineArn } = await createSm(BASE_WAIT_1_MIN);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn }));
    expect(recordedKeys(stopped)).toEqual(recordedKeys(recorded("test_stop_execution", "stop_res")));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(asRecorded(events!)).toEqual(recorded("test_stop_execution", "exec_hist_resp").events);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe("ABORTED");
    expect(described.stopDate!.getTime()).toBe(stopped.stopDate!.getTime());
  });

  it("of an execution waiting on a token: ExecutionAborted with error and cause; the token is then closed (TaskTimedOut)", async () => {
    const { stateMachineArn } = await createSm(CALLBACK);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const token = await tokenOf(executionArn!);
    await sfn.send(new StopExecutionCommand({ executionArn, error: "Operator.Cancelled", cause: "no longer needed" }));
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: "ABORTED", error: "Operator.Cancelled", cause: "no longer needed" });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "ExecutionAborted"]);
    expect(events!.at(-1)!.executionAbortedEventDetails).toEqual({ error: "Operator.Cancelled", cause: "no longer needed" });
    for (const send of [
      () => sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })),
      () => sfn.send(new SendTaskFailureCommand({ taskToken: token })),
      () => sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })),
    ]) {
      await sdkFailure(send(), TaskTimedOut, "Task Timed Out: 'Provided task does not exist anymore'");
    }
  });

  it("takes back an activity task no worker has taken yet", async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: `stop-activity-${uid()}` }));
    const { stateMachineArn } = await createSm({ StartAt: "Work", States: { Work: { Type: "Task", Resource: activityArn, End: true } } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    for (let i = 0; i < 100; i++) {
      const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      if (events!.some((e) => e.type === "ActivityScheduled")) break;
      await sleep(20);
    }
    await sfn.send(new StopExecutionCommand({ executionArn }));
    const polled = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "late-worker" }));
    expect(polled.taskToken).toBeUndefined();
  });

  it("refuses unknown and malformed execution ARNs", async () => {
    await sdkFailure(sfn.send(new StopExecutionCommand({ executionArn: "invalid_execution_arn" })), InvalidArn, "Invalid Arn: 'Invalid ARN prefix: invalid_execution_arn'");
    const missing = `${ARN_PREFIX}execution:nope:${uid()}`;
    await sdkFailure(sfn.send(new StopExecutionCommand({ executionArn: missing })), ExecutionDoesNotExist, `Execution Does Not Exist: '${missing}'`);
  });
});

// ---- task tokens ----------------------------------------------------------------------------

describe("task tokens", () => {
  it("invalid, unknown, answered and over-long tokens", async () => {
    for (const taskToken of ["invalid", "a b c"]) {
      await sdkFailure(sfn.send(new SendTaskSuccessCommand({ taskToken, output: "{}" })), InvalidToken, "Invalid Token: 'Invalid token'");
      await sdkFailure(sfn.send(new SendTaskHeartbeatCommand({ taskToken })), InvalidToken, "Invalid Token: 'Invalid token'");
    }
    const unknown = randomBytes(48).toString("base64url");
    await sdkFailure(sfn.send(new SendTaskSuccessCommand({ taskToken: unknown, output: "{}" })), TaskDoesNotExist);
    await sdkFailure(sfn.send(new SendTaskFailureCommand({ taskToken: unknown, error: "E" })), TaskDoesNotExist);

    const { stateMachineArn } = await createSm(CALLBACK);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const token = await tokenOf(executionArn!);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"done":true}' }));
    await sdkFailure(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })), TaskTimedOut, "Task Timed Out: 'Provided task does not exist anymore'");
    await sdkFailure(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })), TaskTimedOut);
    await engine.executor.waitForEnd(executionArn!);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output).toBe('{"done":true}');

    await sdkFailure(
      sfn.send(new SendTaskHeartbeatCommand({ taskToken: "x".repeat(1025) })),
      ValidationException,
      /^1 validation error detected: Value '.+' at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 1024$/,
    );
  });

  it("SendTaskSuccess with output that is not JSON: InvalidOutput, and the task still waits", async () => {
    const { stateMachineArn } = await createSm(CALLBACK);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const token = await tokenOf(executionArn!);
    await sdkFailure(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{'not': 'json'}" })),
      InvalidOutput,
      "Invalid State Machine Output: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'",
    );
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "[1,2]" }));
    await engine.executor.waitForEnd(executionArn!);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output).toBe("[1,2]");
  });

  it("SendTaskFailure checks the lengths of error and cause", async () => {
    const taskToken = randomBytes(48).toString("base64url");
    await sdkFailure(
      sfn.send(new SendTaskFailureCommand({ taskToken, error: "e".repeat(257) })),
      ValidationException,
      `1 validation error detected: Value '${"e".repeat(257)}' at 'error' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });
});
