/**
 * The control plane (state machines, activities, GetActivityTask) through
 * the REAL @aws-sdk/client-sfn against the engine's HTTP server, on a fresh
 * engine table in the test run's DynamoDB Local. Shapes and messages are
 * compared with AWS's recordings in test_sfn_api.snapshot.json.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  ActivityDoesNotExist,
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DeleteStateMachineCommand,
  DescribeActivityCommand,
  DescribeStateMachineCommand,
  GetActivityTaskCommand,
  InvalidArn,
  InvalidDefinition,
  InvalidLoggingConfiguration,
  InvalidName,
  InvalidToken,
  ListActivitiesCommand,
  ListStateMachinesCommand,
  MissingRequiredParameter,
  paginateListStateMachines,
  SFNClient,
  StateMachineAlreadyExists,
  StateMachineDeleting,
  StateMachineDoesNotExist,
  UpdateStateMachineCommand,
  ValidationException,
} from "@aws-sdk/client-sfn";
import { createDynamoClients, Db } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sdkFailure } from "./support/sdk";
import { startEngineApi, type EngineApi } from "../src/api/engine-server";
import { ActivityTasks, type ClaimedActivityTask } from "../src/store/activity-tasks";
import { defaultIdentity } from "../src/config";

// Repeated from packages/local/test/global-setup.ts so this package type-checks on its own.
declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

// ---- AWS's recordings ----------------------------------------------------------

const snapshotPath = process.env.NAUNGAN_SHARED_DIR
  ? join(process.env.NAUNGAN_SHARED_DIR, "conformance/asl/test_sfn_api.snapshot.json")
  : fileURLToPath(new URL("../../../../shared/conformance/asl/test_sfn_api.snapshot.json", import.meta.url));
const snapshot = JSON.parse(readFileSync(snapshotPath, "utf8")) as Record<string, { "recorded-content": Record<string, any> }>;

/** One recorded response of a test of LocalStack's test_sfn_api.py (recorded on AWS). */
function recorded(test: string, key: string): any {
  const entry = Object.entries(snapshot).find(([id]) => id.endsWith(`::${test}`));
  if (!entry) throw new Error(`no recording for ${test}`);
  const value = entry[1]["recorded-content"][key];
  if (value === undefined) throw new Error(`no ${key} in the recording of ${test}`);
  return value;
}

/** A recorded error message with its placeholders filled in. */
function recordedMessage(test: string, key: string, fill: Record<string, string> = {}): string {
  const value = recorded(test, key);
  let message: string =
    typeof value === "string"
      ? value
      : value.Error?.Message ?? value.message ?? String(value.exception_value);
  // "An error occurred (X) when calling the Y operation: <message>" (boto3's wording around it).
  message = message.replace(/^An error occurred \(\w+\) when calling the \w+ operation: /, "");
  const vars: Record<string, string> = {
    "<partition>": "aws",
    "<region>": identity.region,
    "111111111111": identity.accountId,
    ...fill,
  };
  for (const [from, to] of Object.entries(vars)) message = message.split(from).join(to);
  return message;
}

/** Keys of a recorded response (without boto3's ResponseMetadata). */
const recordedKeys = (test: string, key: string) =>
  Object.keys(recorded(test, key))
    .filter((k) => k !== "ResponseMetadata")
    .sort();
const keysOf = (output: object) =>
  Object.keys(output)
    .filter((k) => k !== "$metadata")
    .sort();

// ---- setup ------------------------------------------------------------------------

const identity = defaultIdentity;
const ROLE = `arn:aws:iam::${identity.accountId}:role/sfn-role`;
const ROLE_2 = `arn:aws:iam::${identity.accountId}:role/sfn-role-2`;
const POLL_TIMEOUT_MS = 600;

const BASE_PASS_RESULT = {
  Comment: "BASE_PASS_RESULT",
  StartAt: "State_1",
  States: { State_1: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } },
};
const definitionWith = (arg: string) => JSON.stringify({ ...BASE_PASS_RESULT, States: { State_1: { ...BASE_PASS_RESULT.States.State_1, Result: { Arg1: arg } } } });
const DEFINITION = JSON.stringify(BASE_PASS_RESULT);

let api: EngineApi;
let sfn: SFNClient;
let db: Db;
const uid = () => randomBytes(4).toString("hex");
const smArn = (name: string) => `arn:aws:states:${identity.region}:${identity.accountId}:stateMachine:${name}`;

beforeAll(async () => {
  const clients = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
  db = new Db(clients, `test-engine-api-control-plane-${uid()}`);
  api = await startEngineApi({ db, identity, port: 0, activityPollTimeoutMs: POLL_TIMEOUT_MS, activityPollRecheckMs: 100 });
  sfn = new SFNClient({
    endpoint: api.endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sfn?.destroy();
  await api?.close();
});

const createSm = (name: string, definition = DEFINITION, roleArn = ROLE, extra: Record<string, unknown> = {}) =>
  sfn.send(new CreateStateMachineCommand({ name, definition, roleArn, ...extra }));

// ---- the protocol ---------------------------------------------------------------

describe("AWS JSON 1.0 protocol", () => {
  const raw = (target: string | undefined, body: string) =>
    fetch(api.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", ...(target ? { "x-amz-target": target } : {}) },
      body,
    });

  it("answers JSON with timestamps as epoch seconds (fractional milliseconds)", async () => {
    const before = Date.now();
    const res = await raw("AWSStepFunctions.CreateActivity", JSON.stringify({ name: `raw-${uid()}` }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { activityArn: string; creationDate: number };
    expect(typeof body.creationDate).toBe("number");
    expect(body.creationDate * 1000).toBeGreaterThanOrEqual(before - 5);
    expect(body.creationDate * 1000).toBeLessThanOrEqual(Date.now() + 5);
    // Seconds with the milliseconds as a fraction, e.g. 1718000000.123.
    expect(Math.abs(body.creationDate * 1000 - Math.round(body.creationDate * 1000))).toBeLessThan(1e-3);
  });

  it("unknown operations get AWS's UnknownOperationException", async () => {
    const res = await raw("AWSStepFunctions.NoSuchThing", "{}");
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.__type).toBe("com.amazon.coral.service#UnknownOperationException");
    const missing = await raw(undefined, "{}");
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Record<string, unknown>).__type).toBe("com.amazon.coral.service#UnknownOperationException");
  });

  it("malformed JSON and wrongly typed members are SerializationExceptions, not 500s", async () => {
    for (const body of ["{not json", "[1,2]", "42"]) {
      const res = await raw("AWSStepFunctions.ListStateMachines", body);
      expect(res.status).toBe(400);
      expect(res.headers.get("x-amzn-errortype")).toBe("SerializationException");
      expect(((await res.json()) as Record<string, unknown>).__type).toBe("com.amazon.coral.service#SerializationException");
    }
    const res = await raw("AWSStepFunctions.CreateActivity", JSON.stringify({ name: 42 }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as Record<string, unknown>).__type).toBe("com.amazon.coral.service#SerializationException");
  });

  it("errors carry __type and message, which the SDK turns into the modelled exception", async () => {
    const res = await raw("AWSStepFunctions.DescribeStateMachine", JSON.stringify({ stateMachineArn: "not_a_valid_arn" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("InvalidArn");
    expect(await res.json()).toEqual({ __type: "com.amazonaws.sfn#InvalidArn", message: "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'" });
  });

  it("a missing required member is a ValidationException in AWS's words", async () => {
    const res = await raw("AWSStepFunctions.CreateStateMachine", JSON.stringify({ definition: DEFINITION }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      __type: "com.amazonaws.sfn#ValidationException",
      message:
        "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    });
  });
});

// ---- state machines ------------------------------------------------------------------

describe("CreateStateMachine / DescribeStateMachine", () => {
  it("creates and describes with AWS's shapes", async () => {
    const name = `statemachine_${uid()}`;
    const created = await createSm(name);
    expect(keysOf(created)).toEqual(recordedKeys("test_create_delete_valid_sm", "creation_resp_1"));
    expect(created.stateMachineArn).toBe(smArn(name));
    expect(created.creationDate).toBeInstanceOf(Date);

    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    const expected = recorded("test_create_exact_duplicate_sm", "describe_resp_1");
    expect(keysOf(described)).toEqual(recordedKeys("test_create_exact_duplicate_sm", "describe_resp_1"));
    expect(described).toMatchObject({
      stateMachineArn: smArn(name),
      name,
      definition: DEFINITION,
      roleArn: ROLE,
      status: expected.status,
      type: expected.type,
      loggingConfiguration: expected.loggingConfiguration,
      tracingConfiguration: expected.tracingConfiguration,
    });
    expect(JSON.parse(described.definition!)).toEqual(expected.definition);
    expect(described.creationDate?.getTime()).toBe(created.creationDate?.getTime());
  });

  it("is idempotent: the same request returns the existing state machine", async () => {
    const name = `statemachine_${uid()}`;
    const first = await createSm(name);
    const second = await createSm(name);
    expect(second.stateMachineArn).toBe(first.stateMachineArn);
    expect(second.creationDate?.getTime()).toBe(first.creationDate?.getTime());
    // As in AWS, a different roleArn is ignored by the idempotency check (and not applied).
    const third = await createSm(name, DEFINITION, ROLE_2);
    expect(third.stateMachineArn).toBe(first.stateMachineArn);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }));
    expect(described.roleArn).toBe(ROLE);
  });

  it("refuses the same name with a differently formatted or different definition (recorded)", async () => {
    const name = `statemachine_${uid()}`;
    const { stateMachineArn } = await createSm(name);
    const message = recordedMessage("test_create_duplicate_definition_format_sm", "already_exists_1", { "<ArnPart_0idx>": name });
    expect(message).toBe(`State Machine Already Exists: '${stateMachineArn}'`);
    await sdkFailure(createSm(name, JSON.stringify(BASE_PASS_RESULT, null, 4)), StateMachineAlreadyExists, message);
    await sdkFailure(createSm(name, definitionWith("Argument2")), StateMachineAlreadyExists, recordedMessage("test_create_duplicate_sm_name", "already_exists_1", { "<ArnPart_0idx>": name }));
    await sdkFailure(createSm(name, DEFINITION, ROLE, { type: "EXPRESS" }), StateMachineAlreadyExists, message);
  });

  it("refuses invalid definitions with AWS's message", async () => {
    const name = `statemachine_${uid()}`;
    const noStates = JSON.stringify({ Comment: "BASE_INVALID_DER", StartAt: "State_1" });
    await sdkFailure(createSm(name, noStates), InvalidDefinition, recordedMessage("test_create_delete_invalid_sm", "invalid_definition_1"));
    await sdkFailure(createSm(name, "{not json"), InvalidDefinition, /^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: /);
    await sdkFailure(
      createSm(name, JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Missing" } } })),
      InvalidDefinition,
      /^Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: .*Missing/,
    );
    await sdkFailure(
      createSm(name, JSON.stringify({ StartAt: "A", States: { A: { Type: "Task", End: true } } })),
      InvalidDefinition,
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/A'",
    );
    // Nothing was created by the refused calls.
    await sdkFailure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn(name) })), StateMachineDoesNotExist);
  });

  it("refuses ${…} placeholders left for definitionSubstitutions, saying why", async () => {
    const definition = JSON.stringify({ StartAt: "A", States: { A: { Type: "Task", Resource: "${DoWorkFunctionArn}", End: true } } });
    const err = await sdkFailure(createSm(`statemachine_${uid()}`, definition), InvalidDefinition);
    expect(err.message).toContain("${DoWorkFunctionArn} at /States/A/Resource");
    expect(err.message).toContain("definitionSubstitutions are applied by CloudFormation/CDK");
  });

  it("checks names as AWS does: characters InvalidName, length ValidationException", async () => {
    for (const bad of ["with space", "a/b", "a:b", "star*", "dollar$", "tab\tname", "brace{"]) {
      await sdkFailure(createSm(bad), InvalidName, `Invalid Name: '${bad}'`);
    }
    const long = "x".repeat(81);
    await sdkFailure(
      createSm(long),
      ValidationException,
      `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    );
    const ok = `Ok-name_with.dots-${uid()}`;
    expect((await createSm(ok)).stateMachineArn).toBe(smArn(ok));
  });

  it("checks roleArn, type and logging configuration", async () => {
    await sdkFailure(createSm(`statemachine_${uid()}`, DEFINITION, "not-a-role"), InvalidArn, "Invalid Arn: 'Invalid ARN prefix: not-a-role'");
    await sdkFailure(createSm(`statemachine_${uid()}`, DEFINITION, "arn:aws:s3:::bucket"), InvalidArn, "Invalid Arn: 'arn:aws:s3:::bucket'");
    await sdkFailure(
      createSm(`statemachine_${uid()}`, DEFINITION, ROLE, { type: "SOMETIMES" }),
      ValidationException,
      "1 validation error detected: Value 'SOMETIMES' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]",
    );
    await sdkFailure(
      createSm(`statemachine_${uid()}`, DEFINITION, ROLE, { loggingConfiguration: { level: "ALL" } }),
      InvalidLoggingConfiguration,
      "Invalid Logging Configuration: Must specify exactly one Log Destination.",
    );

    const name = `statemachine_${uid()}`;
    const logging = {
      level: "ERROR" as const,
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:${identity.region}:${identity.accountId}:log-group:sfn:*` } }],
    };
    const { stateMachineArn } = await createSm(name, DEFINITION, ROLE, { type: "EXPRESS", loggingConfiguration: logging, tracingConfiguration: { enabled: true } });
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described.type).toBe("EXPRESS");
    expect(described.loggingConfiguration).toEqual(logging);
    expect(described.tracingConfiguration).toEqual({ enabled: true });
  });

  it("DescribeStateMachine: recorded messages for unknown and invalid ARNs", async () => {
    const missing = smArn(`statemachine_${uid()}`);
    await sdkFailure(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: missing })),
      StateMachineDoesNotExist,
      recordedMessage("test_describe_nonexistent_sm", "describe_nonexistent_sm", { sm_nonexistent_arn: missing }),
    );
    await sdkFailure(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: "not_a_valid_arn" })),
      InvalidArn,
      recordedMessage("test_describe_invalid_arn_sm", "exception"),
    );
    await sdkFailure(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `arn:aws:states:${identity.region}:${identity.accountId}:activity:x` })),
      InvalidArn,
      "Invalid Arn: 'Resource type not valid in this context: activity'",
    );
    // Another account's ARN is well formed: it just does not exist here.
    const other = `arn:aws:states:${identity.region}:123456789012:stateMachine:x`;
    await sdkFailure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: other })), StateMachineDoesNotExist, `State Machine Does Not Exist: '${other}'`);
  });
});

describe("UpdateStateMachine", () => {
  it("updates the definition with a new revisionId each time (recorded shapes)", async () => {
    const name = `statemachine_${uid()}`;
    const { stateMachineArn } = await createSm(name);
    const t0 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(t0.revisionId).toBeUndefined();

    const u1 = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: definitionWith("AfterUpdate1") }));
    expect(keysOf(u1)).toEqual(recordedKeys("test_create_update_state_machine_base_definition", "update_state_machine_res"));
    expect(u1.updateDate).toBeInstanceOf(Date);
    expect(u1.revisionId).toMatch(/^[0-9a-f-]{36}$/);
    const t1 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(keysOf(t1)).toEqual(recordedKeys("test_create_update_state_machine_base_definition", "describe_resp_t1"));
    expect(JSON.parse(t1.definition!)).toEqual(recorded("test_create_update_state_machine_base_definition", "describe_resp_t1").definition);
    expect(t1.revisionId).toBe(u1.revisionId);
    expect(t1.creationDate?.getTime()).toBe(t0.creationDate?.getTime());

    const u2 = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: definitionWith("AfterUpdate2") }));
    expect(u2.revisionId).not.toBe(u1.revisionId);
    const t2 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(JSON.parse(t2.definition!)).toEqual(recorded("test_create_update_state_machine_base_definition", "describe_resp_t2").definition);
    expect(t2.revisionId).toBe(u2.revisionId);
  });

  it("updates the role; an update that changes nothing keeps the revisionId (recorded)", async () => {
    const { stateMachineArn } = await createSm(`statemachine_${uid()}`);
    const u1 = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, roleArn: ROLE_2 }));
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).roleArn).toBe(ROLE_2);
    const u2 = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: DEFINITION, roleArn: ROLE_2 }));
    expect(u2.revisionId).toBe(u1.revisionId);
    expect(u2.updateDate?.getTime()).toBe(u1.updateDate?.getTime());
    const both = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: definitionWith("AfterUpdate1"), roleArn: ROLE }));
    expect(both.revisionId).not.toBe(u1.revisionId);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described).toMatchObject({ roleArn: ROLE, definition: definitionWith("AfterUpdate1"), revisionId: both.revisionId });
  });

  it("refuses an update without anything to update, an unknown machine, bad input", async () => {
    const { stateMachineArn } = await createSm(`statemachine_${uid()}`);
    await sdkFailure(
      sfn.send(new UpdateStateMachineCommand({ stateMachineArn })),
      MissingRequiredParameter,
      recordedMessage("test_create_update_state_machine_base_update_none", "missing_required_parameter"),
    );
    const missing = smArn(`statemachine_${uid()}`);
    await sdkFailure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: missing, definition: DEFINITION })), StateMachineDoesNotExist, `State Machine Does Not Exist: '${missing}'`);
    await sdkFailure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: "{}" })), InvalidDefinition, /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: \[StartAt/);
    await sdkFailure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn, roleArn: "nope" })), InvalidArn, "Invalid Arn: 'Invalid ARN prefix: nope'");
    await sdkFailure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: "nope", roleArn: ROLE })), InvalidArn, "Invalid Arn: 'Invalid ARN prefix: nope'");
    // The refused updates changed nothing.
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).revisionId).toBeUndefined();
  });
});

describe("DeleteStateMachine", () => {
  it("deletes; deleting what does not exist is no error (recorded)", async () => {
    const name = `statemachine_${uid()}`;
    const { stateMachineArn } = await createSm(name);
    const deleted = await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    expect(keysOf(deleted)).toEqual(recordedKeys("test_create_delete_valid_sm", "deletion_resp_1"));
    await sdkFailure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn })), StateMachineDoesNotExist);
    const again = await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    expect(again.$metadata.httpStatusCode).toBe(recorded("test_delete_nonexistent_sm", "deletion_resp_1").ResponseMetadata.HTTPStatusCode);
    await sdkFailure(sfn.send(new DeleteStateMachineCommand({ stateMachineArn: "not_a_valid_arn" })), InvalidArn, "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'");
    // The name is free again.
    expect((await createSm(name, definitionWith("v2"))).stateMachineArn).toBe(stateMachineArn);
  });

  it("marks a machine with running executions DELETING and removes it when they are done", async () => {
    const name = `statemachine_${uid()}`;
    const stateMachineArn = (await createSm(name)).stateMachineArn!;
    // A running execution as ExecutionStore indexes it (gsi2: SMEX#<smArn>#RUNNING).
    const running = { pk: `EX#${stateMachineArn}:exec`, sk: "EX", type: "execution", gsi2pk: `SMEX#${stateMachineArn}#RUNNING`, gsi2sk: `2024#exec` };
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: running }));

    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described.status).toBe("DELETING");
    expect(await listedNames()).not.toContain(name);
    await sdkFailure(createSm(name), StateMachineDeleting);
    await sdkFailure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn, roleArn: ROLE_2 })), StateMachineDeleting);
    expect(await api.parts.stateMachines.finishDeletionIfIdle(stateMachineArn)).toBe(false);

    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...running, gsi2pk: `SMEX#${stateMachineArn}#SUCCEEDED` } }));
    expect(await api.parts.stateMachines.finishDeletionIfIdle(stateMachineArn)).toBe(true);
    await sdkFailure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn })), StateMachineDoesNotExist);
  });
});

async function listedNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListStateMachines({ client: sfn, pageSize: 100 }, {})) names.push(...(page.stateMachines ?? []).map((s) => s.name!));
  return names;
}

describe("ListStateMachines", () => {
  it("pages in name order with AWS's shapes, as recorded", async () => {
    const tag = uid();
    const names = Array.from({ length: 13 }, (_, i) => `statemachine_${i}_${tag}`);
    const arns: string[] = [];
    for (const name of names) arns.push((await createSm(name)).stateMachineArn!);

    const listed: { name?: string; stateMachineArn?: string; type?: string; creationDate?: Date }[] = [];
    let pages = 0;
    for await (const page of paginateListStateMachines({ client: sfn, pageSize: 5 }, {})) {
      pages++;
      expect(page.stateMachines!.length).toBeGreaterThan(0);
      expect(page.stateMachines!.length).toBeLessThanOrEqual(5);
      listed.push(...page.stateMachines!.filter((s) => names.includes(s.name!)));
    }
    expect(pages).toBeGreaterThan(2);
    // AWS's order, from the recording: the index of each name in creation order.
    const recordedOrder = [...recorded("test_list_sms_pagination", "list-state-machines-page-1"), ...recorded("test_list_sms_pagination", "list-state-machines-page-2")].map(
      (s: { name: string }) => Number(/<ArnPart_(\d+)idx>/.exec(s.name)![1]),
    );
    expect(listed.map((s) => names.indexOf(s.name!))).toEqual(recordedOrder);
    expect(Object.keys(listed[0]!).sort()).toEqual(Object.keys(recorded("test_list_sms_pagination", "list-state-machines-page-1")[0]).sort());
    expect(listed[0]).toMatchObject({ stateMachineArn: smArn(names[0]!), type: "STANDARD" });
    expect(listed[0]!.creationDate).toBeInstanceOf(Date);

    // maxResults 0 means the default page size of 100.
    const all = await sfn.send(new ListStateMachinesCommand({ maxResults: 0 }));
    expect(all.stateMachines!.filter((s) => names.includes(s.name!))).toHaveLength(13);

    for (const stateMachineArn of arns) await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    expect((await listedNames()).filter((n) => names.includes(n))).toEqual([]);
  });

  it("an exact last page carries no nextToken", async () => {
    const first = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }));
    expect(first.nextToken).toBeDefined();
    const total = (await listedNames()).length;
    const exact = await sfn.send(new ListStateMachinesCommand({ maxResults: total }));
    expect(exact.stateMachines).toHaveLength(total);
    expect(exact.nextToken).toBeUndefined();
  });

  it("refuses bad maxResults and nextToken with the recorded messages", async () => {
    await sdkFailure(
      sfn.send(new ListStateMachinesCommand({ maxResults: 1001 })),
      ValidationException,
      recordedMessage("test_list_sms_pagination", "list-state-machines-invalid-param-too-large"),
    );
    const long = "x".repeat(1025);
    await sdkFailure(
      sfn.send(new ListStateMachinesCommand({ nextToken: long })),
      ValidationException,
      recordedMessage("test_list_sms_pagination", "list-state-machines-invalid-param-long-nextToken", { "<invalid_token_1025_chars>": long }),
    );
    // boto3 refuses "" before sending (ParamValidationError); the JS SDK sends it.
    await sdkFailure(
      sfn.send(new ListStateMachinesCommand({ nextToken: "" })),
      ValidationException,
      "1 validation error detected: Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await sdkFailure(sfn.send(new ListStateMachinesCommand({ nextToken: "not-a-token" })), InvalidToken, "Invalid Token: 'Invalid token'");
    await sdkFailure(
      sfn.send(new ListStateMachinesCommand({ maxResults: -1 })),
      ValidationException,
      "1 validation error detected: Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });
});

// ---- activities ------------------------------------------------------------------

const activityArnOf = (name: string) => `arn:aws:states:${identity.region}:${identity.accountId}:activity:${name}`;

describe("activities", () => {
  it("CreateActivity is idempotent by name; Describe, List, Delete", async () => {
    const name = `activity-${uid()}`;
    const created = await sfn.send(new CreateActivityCommand({ name }));
    expect(keysOf(created)).toEqual(["activityArn", "creationDate"]);
    expect(created.activityArn).toBe(activityArnOf(name));
    const again = await sfn.send(new CreateActivityCommand({ name, tags: [{ key: "k", value: "v" }] }));
    expect(again.activityArn).toBe(created.activityArn);
    expect(again.creationDate?.getTime()).toBe(created.creationDate?.getTime());

    const described = await sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn }));
    expect(keysOf(described)).toEqual(["activityArn", "creationDate", "name"]);
    expect(described).toMatchObject({ activityArn: created.activityArn, name });

    await sfn.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
    await sdkFailure(sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn })), ActivityDoesNotExist, `Activity Does Not Exist: '${created.activityArn}'`);
    await sfn.send(new DeleteActivityCommand({ activityArn: created.activityArn })); // no error
  });

  it("ListActivities pages with nextToken", async () => {
    const tag = uid();
    const names = Array.from({ length: 7 }, (_, i) => `act-${tag}-${i}`);
    for (const name of names) await sfn.send(new CreateActivityCommand({ name }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListActivitiesCommand({ maxResults: 3, nextToken }));
      expect(page.activities!.length).toBeGreaterThan(0);
      expect(page.activities!.length).toBeLessThanOrEqual(3);
      for (const a of page.activities!) {
        expect(keysOf(a)).toEqual(["activityArn", "creationDate", "name"]);
        seen.push(a.name!);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen.filter((n) => names.includes(n))).toEqual(names); // creation order
    expect(new Set(seen).size).toBe(seen.length);
    await sdkFailure(sfn.send(new ListActivitiesCommand({ maxResults: 1001 })), ValidationException, /Member must have value less than or equal to 1000/);
  });

  it("checks names and ARNs", async () => {
    await sdkFailure(sfn.send(new CreateActivityCommand({ name: "bad name" })), InvalidName, "Invalid Name: 'bad name'");
    await sdkFailure(sfn.send(new DescribeActivityCommand({ activityArn: "nope" })), InvalidArn, "Invalid Arn: 'Invalid ARN prefix: nope'");
    await sdkFailure(sfn.send(new DescribeActivityCommand({ activityArn: smArn("x") })), InvalidArn, "Invalid Arn: 'Resource type not valid in this context: statemachine'");
    await sdkFailure(sfn.send(new GetActivityTaskCommand({ activityArn: activityArnOf(`missing-${uid()}`) })), ActivityDoesNotExist, /^Activity Does Not Exist: 'arn:aws:states:/);
  });
});

const queueItems = async (activityArn: string) =>
  (await db.queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `ACTQ#${activityArn}` }, ConsistentRead: true })).map((i) => i.taskToken);

describe("GetActivityTask", () => {
  const newActivity = async () => (await sfn.send(new CreateActivityCommand({ name: `activity-${uid()}` }))).activityArn!;

  it("answers without a taskToken when nothing arrives within the poll timeout", async () => {
    const activityArn = await newActivity();
    const started = Date.now();
    const out = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "w" }));
    const elapsed = Date.now() - started;
    expect(out.taskToken).toBeUndefined();
    expect(out.input).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(POLL_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(POLL_TIMEOUT_MS + 2000);
  });

  it("hands out a queued task at once, and wakes a waiting poller when one is enqueued", async () => {
    const activityArn = await newActivity();
    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "token-queued", input: '{"a":1}' });
    expect(await sfn.send(new GetActivityTaskCommand({ activityArn }))).toMatchObject({ taskToken: "token-queued", input: '{"a":1}' });

    const claimed: ClaimedActivityTask[] = [];
    const unsubscribe = api.parts.activityTasks.onClaimed((t) => claimed.push(t));
    const started = Date.now();
    const poll = sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "worker-1" }));
    await new Promise((r) => setTimeout(r, 150));
    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "token-later", input: '"x"' });
    const out = await poll;
    unsubscribe();
    expect(out).toMatchObject({ taskToken: "token-later", input: '"x"' });
    expect(Date.now() - started).toBeLessThan(POLL_TIMEOUT_MS);
    expect(claimed).toMatchObject([{ activityArn, taskToken: "token-later", workerName: "worker-1" }]);
  });

  it("hands tasks out oldest first, each exactly once", async () => {
    const activityArn = await newActivity();
    for (const n of [1, 2, 3]) await api.parts.activityTasks.enqueue(activityArn, { taskToken: `t${n}`, input: "{}" });
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await sfn.send(new GetActivityTaskCommand({ activityArn }))).taskToken);
    expect(got).toEqual(["t1", "t2", "t3", undefined]);
  });

  it("two concurrent pollers never receive the same task", async () => {
    const activityArn = await newActivity();
    const single = [sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "a" })), sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "b" }))];
    await new Promise((r) => setTimeout(r, 100));
    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "only-one", input: "{}" });
    const tokens = (await Promise.all(single)).map((o) => o.taskToken);
    expect(tokens.filter((t) => t === "only-one")).toHaveLength(1);
    expect(tokens.filter((t) => t === undefined)).toHaveLength(1);

    // Many pollers, fewer tasks, queued before and during the polls.
    for (let i = 0; i < 4; i++) await api.parts.activityTasks.enqueue(activityArn, { taskToken: `pre-${i}`, input: "{}" });
    const polls = Array.from({ length: 12 }, (_, i) => sfn.send(new GetActivityTaskCommand({ activityArn, workerName: `w${i}` })));
    for (let i = 0; i < 4; i++) await api.parts.activityTasks.enqueue(activityArn, { taskToken: `during-${i}`, input: "{}" });
    const handedOut = (await Promise.all(polls)).map((o) => o.taskToken).filter((t): t is string => t !== undefined);
    expect(handedOut).toHaveLength(8);
    expect(new Set(handedOut).size).toBe(8);
  });

  it("claims are exclusive across processes (separate queues on the same table)", async () => {
    const activityArn = await newActivity();
    const tasks = Array.from({ length: 6 }, (_, i) => `p-${i}`);
    for (const taskToken of tasks) await api.parts.activityTasks.enqueue(activityArn, { taskToken, input: "{}" });
    const other = new ActivityTasks(db);
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : api.parts.activityTasks).claim(activityArn, `w${i}`)));
    const tokens = claims.filter((c) => c !== undefined).map((c) => c!.taskToken);
    expect(tokens.sort()).toEqual([...tasks].sort());
  });

  it("a poller that disconnects takes no task with it", async () => {
    const activityArn = await newActivity();
    const controller = new AbortController();
    const abandoned = sfn.send(new GetActivityTaskCommand({ activityArn }), { abortSignal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await expect(abandoned).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "survivor", input: "{}" });
    expect((await sfn.send(new GetActivityTaskCommand({ activityArn }))).taskToken).toBe("survivor");
  });

  it("withdraw takes back a task no worker has claimed; DeleteActivity drops the queue", async () => {
    const activityArn = await newActivity();
    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "w1", input: "{}" });
    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "w2", input: "{}" });
    expect(await api.parts.activityTasks.withdraw(activityArn, "w1")).toBe(true);
    expect(await api.parts.activityTasks.withdraw(activityArn, "w1")).toBe(false);
    expect((await sfn.send(new GetActivityTaskCommand({ activityArn }))).taskToken).toBe("w2");

    // A handed-out task leaves the queue once delivered.
    await new Promise((r) => setTimeout(r, 100));
    expect(await queueItems(activityArn)).toEqual([]);

    // A claim that never reached its worker goes back to the queue.
    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "lease", input: "{}" });
    const lease = await api.parts.activityTasks.claim(activityArn, "lost-worker");
    expect(lease?.taskToken).toBe("lease");
    expect(await api.parts.activityTasks.claim(activityArn)).toBeUndefined();
    await api.parts.activityTasks.release(lease!);
    expect((await sfn.send(new GetActivityTaskCommand({ activityArn }))).taskToken).toBe("lease");

    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "w3", input: "{}" });
    await sfn.send(new DeleteActivityCommand({ activityArn }));
    expect(await queueItems(activityArn)).toEqual([]);
    expect(await api.parts.activityTasks.claim(activityArn)).toBeUndefined();
  });

  it("closing the server ends long polls at once, and leaves their tasks queued", async () => {
    const activityArn = await newActivity();
    const second = await startEngineApi({ db, identity, port: 0, activityPollTimeoutMs: 30_000, ensureTable: false, activityTasks: api.parts.activityTasks });
    const client = new SFNClient({ endpoint: second.endpoint, region: identity.region, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
    const poll = client.send(new GetActivityTaskCommand({ activityArn }));
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    await second.close();
    await expect(poll).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    client.destroy();
    await api.parts.activityTasks.enqueue(activityArn, { taskToken: "after-close", input: "{}" });
    expect((await sfn.send(new GetActivityTaskCommand({ activityArn }))).taskToken).toBe("after-close");
  });

  it("validates workerName", async () => {
    const activityArn = await newActivity();
    await sdkFailure(
      sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "w".repeat(81) })),
      ValidationException,
      /^1 validation error detected: Value 'w+' at 'workerName' failed to satisfy constraint: Member must have length less than or equal to 80$/,
    );
  });
});
