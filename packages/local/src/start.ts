import { messages } from "@naungan/api";
import { DEMO_PASSWORD, demoUsers } from "./demo-data";
import { LocalRuntimeError } from "./errors";
import { dataDir } from "./paths";
import { startLocalRuntime } from "./runtime";

// Node 20 runs locally (Lambda runs 22): the SDK's upgrade notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new LocalRuntimeError(`${name} must be a port number (1–65535), not "${process.env[name]}".`);
  }
  return value;
};

async function main() {
  const started = Date.now();
  const runtime = await startLocalRuntime({ dataDir, httpPort: port("PORT", 3000), dynamoPort: port("DYNAMODB_PORT", 8000) });
  const { seeded } = runtime;
  const seededNow = seeded.opds + seeded.budgetLines + seeded.users + seeded.rateTables;
  console.log(`
Naungan is running (${((Date.now() - started) / 1000).toFixed(1)} s)
  App            ${runtime.url}
  API docs       ${runtime.url}/docs   (OpenAPI: ${runtime.url}/openapi.json)
  Health         ${runtime.url}/healthz
  DynamoDB Local ${runtime.dynamoEndpoint}   data in ${dataDir}
  Demo data      ${seededNow ? `seeded now: ${seeded.opds} OPDs, ${seeded.budgetLines} budget lines, ${seeded.users} users, ${seeded.rateTables} rate tables` : "kept from the last run"}

Demo logins (password ${DEMO_PASSWORD}):
${demoUsers.map((u) => `  ${u.email.padEnd(28)} ${messages.roles[u.role]}${u.opdCode ? ` · ${u.opdCode}` : ""}`).join("\n")}

Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the app and DynamoDB Local…`);
    await runtime.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  if (err instanceof LocalRuntimeError) {
    console.error(`\nNaungan could not start: ${err.message}`);
  } else {
    console.error("\nNaungan could not start because of an unexpected error:", err);
  }
  process.exit(1);
});
