import { messages } from "@naungan/api";
import { DEMO_PASSWORD, demoUsers } from "./demo-data";
import { onShutdown, portFromEnv, quietSdkNodeWarning, reminderSecondsFromEnv, runMain, workflowStartsSecondsFromEnv } from "./env";
import { dataDir } from "./paths";
import { startLocalRuntime } from "./runtime";

quietSdkNodeWarning();

runMain("Naungan", async () => {
  const started = Date.now();
  const reminderSeconds = reminderSecondsFromEnv();
  const workflowStartsSeconds = workflowStartsSecondsFromEnv();
  const runtime = await startLocalRuntime({
    dataDir,
    httpPort: portFromEnv("PORT", 3000),
    dynamoPort: portFromEnv("DYNAMODB_PORT", 8000),
    sfnPort: portFromEnv("SFN_PORT", 8083),
    log: process.env.NAUNGAN_DEBUG ? console.log : undefined,
    ...(reminderSeconds ? { settings: { reminderSeconds } } : {}),
    ...(workflowStartsSeconds ? { workflowStartsSeconds } : {}),
  });
  const { seeded } = runtime;
  const seededNow = seeded.opds + seeded.budgetLines + seeded.users + seeded.rateTables;
  console.log(`
Naungan is running (${((Date.now() - started) / 1000).toFixed(1)} s)
  App            ${runtime.url}
  API docs       ${runtime.url}/docs   (OpenAPI: ${runtime.url}/openapi.json)
  Health         ${runtime.url}/healthz
  Mail outbox    ${runtime.url}/dev/outbox
  Step Functions ${runtime.sfnEndpoint}   (local engine; ${runtime.resumedExecutions} running executions resumed)
  DynamoDB Local ${runtime.dynamoEndpoint}   data in ${dataDir}
  Demo data      ${seededNow ? `seeded now: ${seeded.opds} OPDs, ${seeded.budgetLines} budget lines, ${seeded.users} users, ${seeded.rateTables} rate tables` : "kept from the last run"}

Demo logins (password ${DEMO_PASSWORD}):
${demoUsers.map((u) => `  ${u.email.padEnd(28)} ${messages.roles[u.role]}${u.opdCode ? ` · ${u.opdCode}` : ""}`).join("\n")}

Press Ctrl-C to stop.`);
  onShutdown("the app, the Step Functions engine and DynamoDB Local", () => runtime.stop());
});
