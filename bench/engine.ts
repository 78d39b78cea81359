import { CreateStateMachineCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { startEngine } from "@naungan/engine";
import { startDynamoDbLocal } from "@naungan/local";
import { findFreePort } from "../packages/local/src/ports";
import type { Figure } from "./figures";

/** A 10-state machine: eight Pass states with paths and templates, a Choice, a Succeed. */
const tenStates = {
  StartAt: "S1",
  States: {
    ...Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [
        `S${i + 1}`,
        { Type: "Pass", Parameters: { "step.$": "States.MathAdd($.step, 1)", "caseId.$": "$.caseId" }, Next: i < 7 ? `S${i + 2}` : "Decide" },
      ]),
    ),
    Decide: { Type: "Choice", Choices: [{ Variable: "$.step", NumericGreaterThanEquals: 8, Next: "Done" }], Default: "S1" },
    Done: { Type: "Succeed" },
  },
};

/**
 * 1,000 executions of the 10-state machine on the durable engine (every
 * batch of events committed to DynamoDB Local before it goes on), started
 * through the real SDK with 20 in flight.
 */
export async function benchEngine(executions = 1000, concurrency = 20): Promise<Figure[]> {
  const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  const engine = await startEngine({ dynamoEndpoint: dynamo.endpoint, port: 0, tableName: "bench-engine" });
  try {
    const sfn = new SFNClient({ endpoint: engine.endpoint, region: "ap-southeast-3", credentials: { accessKeyId: "b", secretAccessKey: "b" } });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: "bench", roleArn: "arn:aws:iam::000000000000:role/bench", definition: JSON.stringify(tenStates) }),
    );
    const run = async (i: number) => {
      const started = performance.now();
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `run-${i}`, input: JSON.stringify({ step: 0, caseId: `C${i}` }) }));
      const record = await engine.executor.waitForEnd(executionArn!);
      if (record.status !== "SUCCEEDED") throw new Error(`run ${i} ended ${record.status}`);
      return performance.now() - started;
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => run(-1 - i))); // warm-up
    const latencies: number[] = [];
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < executions) latencies.push(await run(next++));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
    return [
      { figure: "engine.executions_per_second", value: executions / seconds, unit: "exec/s", note: `${executions} executions × 10 states, ${concurrency} in flight, durable` },
      { figure: "engine.transitions_per_second", value: (executions * 10) / seconds, unit: "transitions/s", note: "state transitions (StateEntered events)" },
      { figure: "engine.execution_latency_p50", value: pct(50), unit: "ms", note: "StartExecution to ExecutionSucceeded" },
      { figure: "engine.execution_latency_p99", value: pct(99), unit: "ms", note: "StartExecution to ExecutionSucceeded" },
    ];
  } finally {
    await engine.close();
    await dynamo.stop();
  }
}
