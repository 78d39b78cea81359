import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterEach, describe, expect, inject, it } from "vitest";
import { findFreePort } from "../src/ports";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const ROLE = "arn:aws:iam::000000000000:role/naungan-local";

/** `npm run engine` as its own process, on the test run's DynamoDB Local. */
async function startEngineProcess(port: number, table: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/engine-main.ts"], {
    cwd: repoRoot,
    env: { ...process.env, SFN_PORT: String(port), SFN_TABLE: table, DYNAMODB_ENDPOINT: inject("dynamoEndpoint") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`engine exited (${code}): ${output}`)));
  });
  return child;
}

const killHard = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

let running: ChildProcess | undefined;
afterEach(async () => {
  if (running && running.exitCode === null) await killHard(running);
});

async function waitForStatus(sfn: SFNClient, executionArn: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING" || Date.now() > until) return d;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function historyTypes(sfn: SFNClient, executionArn: string) {
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  expect(events!.map((e) => e.id)).toEqual(events!.map((_, i) => i + 1)); // nothing lost, nothing twice
  return events!.map((e) => e.type);
}

describe("the engine survives kill -9", () => {
  it("resumes a token wait, a Wait state and a retry backoff after SIGKILL", async () => {
    const port = await findFreePort();
    const table = `test-restart-${randomBytes(4).toString("hex")}`;
    running = await startEngineProcess(port, table);
    const sfn = new SFNClient({ endpoint: `http://127.0.0.1:${port}`, region: "ap-southeast-3", credentials: { accessKeyId: "l", secretAccessKey: "l" } });

    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: "approval" }));
    const machine = async (name: string, definition: object) =>
      (await sfn.send(new CreateStateMachineCommand({ name, roleArn: ROLE, definition: JSON.stringify(definition) }))).stateMachineArn!;
    const tokenMachine = await machine("token", {
      StartAt: "Approve",
      States: { Approve: { Type: "Task", Resource: activityArn, TimeoutSeconds: 600, End: true } },
    });
    const waitMachine = await machine("wait", { StartAt: "Pause", States: { Pause: { Type: "Wait", Seconds: 4, Next: "Done" }, Done: { Type: "Succeed" } } });
    const retryMachine = await machine("retry", {
      StartAt: "Flaky",
      States: { Flaky: { Type: "Task", Resource: activityArn, Retry: [{ ErrorEquals: ["Flaky"], IntervalSeconds: 4, MaxAttempts: 1 }], End: true } },
    });

    const start = async (stateMachineArn: string, input: object) => (await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }))).executionArn!;
    const tokenRun = await start(tokenMachine, { case: "token" });
    const takeTask = async () => {
      const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "tester" }));
      expect(task.taskToken).toBeTruthy();
      return task;
    };
    const tokenTask = await takeTask();
    const retryRun = await start(retryMachine, { case: "retry" });
    const retryTask = await takeTask();
    await sfn.send(new SendTaskFailureCommand({ taskToken: retryTask.taskToken, error: "Flaky", cause: "first try fails" }));
    const waitRun = await start(waitMachine, { case: "wait" });

    await killHard(running); // mid-wait, mid-backoff, token outstanding
    running = await startEngineProcess(port, table);

    await sfn.send(new SendTaskSuccessCommand({ taskToken: tokenTask.taskToken, output: JSON.stringify({ approved: true }) }));
    const retried = await takeTask(); // scheduled again once the backoff ends, after the restart
    expect(JSON.parse(retried.input!)).toEqual({ case: "retry" });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: retried.taskToken, output: JSON.stringify({ ok: 2 }) }));

    const token = await waitForStatus(sfn, tokenRun);
    expect(token).toMatchObject({ status: "SUCCEEDED", output: JSON.stringify({ approved: true }) });
    expect(await historyTypes(sfn, tokenRun)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "ActivityScheduled",
      "ActivityStarted",
      "ActivitySucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);

    expect(await waitForStatus(sfn, waitRun)).toMatchObject({ status: "SUCCEEDED" });
    expect(await historyTypes(sfn, waitRun)).toEqual(["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]);

    expect(await waitForStatus(sfn, retryRun)).toMatchObject({ status: "SUCCEEDED", output: JSON.stringify({ ok: 2 }) });
    expect(await historyTypes(sfn, retryRun)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "ActivityScheduled",
      "ActivityStarted",
      "ActivityFailed",
      "ActivityScheduled",
      "ActivityStarted",
      "ActivitySucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
  }, 120_000);
});
