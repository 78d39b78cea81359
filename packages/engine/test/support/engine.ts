import { randomBytes } from "node:crypto";
import { SFNClient } from "@aws-sdk/client-sfn";
import { inject } from "vitest";
import { startEngine, type Engine, type EngineOptions } from "../../src";

/** Defined with the recorded cases; still exported here for the tests that import it from this file. */
export { sharedFile } from "./recorded";

export const ROLE_ARN = "arn:aws:iam::000000000000:role/naungan-local";

/** An engine on a free port with its own table in the run's DynamoDB Local, and an SDK client for it. */
export async function startTestEngine(options: Partial<EngineOptions> = {}): Promise<{ engine: Engine; sfn: SFNClient; tableName: string }> {
  const tableName = options.tableName ?? `test-engine-${randomBytes(4).toString("hex")}`;
  const engine = await startEngine({ dynamoEndpoint: inject("dynamoEndpoint"), port: 0, tableName, ...options });
  const sfn = new SFNClient({ endpoint: engine.endpoint, region: "ap-southeast-3", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  return { engine, sfn, tableName };
}
