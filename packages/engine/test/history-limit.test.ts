import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../src";
import { HISTORY_EVENT_LIMIT } from "../src/runtime/interpreter";
import { ROLE_ARN, startTestEngine } from "./support/engine";

/** Pass → Choice → Pass … forever: nothing ever waits. */
const ENDLESS_LOOP = {
  StartAt: "Count",
  States: {
    Count: { Type: "Pass", Next: "Again" },
    Again: { Type: "Choice", Choices: [{ Variable: "$.stop", BooleanEquals: true, Next: "Done" }], Default: "Count" },
    Done: { Type: "Succeed" },
  },
};

async function runEndless(sfn: SFNClient, engine: Engine, name: string) {
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(ENDLESS_LOOP), roleArn: ROLE_ARN }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ stop: false }) }));
  await engine.executor.waitForEnd(executionArn!);
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  const events = [];
  for (let nextToken: string | undefined; ; ) {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...page.events!);
    if (!(nextToken = page.nextToken)) break;
  }
  return { described, events };
}

describe("the history limit", () => {
  let engine: Engine;
  let sfn: SFNClient;
  beforeAll(async () => ({ engine, sfn } = await startTestEngine({ historyLimit: 40 })));
  afterAll(async () => {
    sfn?.destroy();
    await engine?.close();
  });

  it("is AWS's 25,000 events by default", () => {
    expect(HISTORY_EVENT_LIMIT).toBe(25_000);
  });

  it("fails an execution that reaches it, with States.Runtime, and stores every event once", async () => {
    const { described, events } = await runEndless(sfn, engine, "endless-small");
    expect(described.status).toBe("FAILED");
    expect(described.error).toBe("States.Runtime");
    expect(described.cause).toBe("The execution reached the limit of 40 events in its history.");
    expect(events.length).toBe(40);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(events.at(-1)!.type).toBe("ExecutionFailed");
    expect(events.at(-1)!.executionFailedEventDetails).toEqual({ error: "States.Runtime", cause: described.cause });
  });
});

describe("the history limit at its AWS value", () => {
  it("stops a loop that never waits after 25,000 events instead of spinning forever", async () => {
    const { engine, sfn } = await startTestEngine();
    try {
      const { described, events } = await runEndless(sfn, engine, "endless-default");
      expect(described.status).toBe("FAILED");
      expect(described.error).toBe("States.Runtime");
      expect(events.length).toBe(HISTORY_EVENT_LIMIT);
      expect(events.at(-1)!.type).toBe("ExecutionFailed");
    } finally {
      sfn.destroy();
      await engine.close();
    }
  }, 120_000);
});
