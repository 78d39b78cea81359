import { join } from "node:path";
import { startEngine } from "@naungan/engine";
import { startDynamoDbLocal } from "./dynamodb-local";
import { onShutdown, portFromEnv, quietSdkNodeWarning, runMain } from "./env";
import { dataDir } from "./paths";
import { checkPortFree } from "./ports";

quietSdkNodeWarning();

/**
 * `npm run engine`: the local Step Functions engine alone, on the same
 * `.data/` store as `npm start` (or on DYNAMODB_ENDPOINT when one runs already).
 */
runMain("The Step Functions engine", async () => {
  const sfnPort = portFromEnv("SFN_PORT", 8083);
  if (sfnPort !== 0) await checkPortFree(sfnPort, "SFN_PORT", "another engine or npm start?");
  const external = process.env.DYNAMODB_ENDPOINT;
  const dynamo = external ? undefined : await startDynamoDbLocal({ port: portFromEnv("DYNAMODB_PORT", 8000), dataDir: join(dataDir, "dynamodb") });
  const engine = await startEngine({
    dynamoEndpoint: external ?? dynamo!.endpoint,
    tableName: process.env.SFN_TABLE,
    port: sfnPort,
    log: process.env.NAUNGAN_DEBUG ? console.log : undefined,
  });
  console.log(`Step Functions engine listening on ${engine.endpoint} (DynamoDB ${external ?? dynamo!.endpoint}; ${engine.resumed} running executions resumed)`);
  onShutdown("the engine", async () => {
    await engine.close();
    await dynamo?.stop();
  });
});
