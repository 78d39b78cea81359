import { LocalRuntimeError } from "./errors";

/** A port from the environment (or the default), refused in one sentence when it is not one. */
export function portFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new LocalRuntimeError(`${name} must be a port number (1–65535), not "${process.env[name]}".`);
  }
  return value;
}

/** Node 20 runs locally (Lambda runs 22): the SDK's upgrade notice is noise here. */
export function quietSdkNodeWarning() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}

/** Runs `main`, printing a LocalRuntimeError as the one sentence it is. */
export function runMain(what: string, main: () => Promise<void>) {
  main().catch((err) => {
    if (err instanceof LocalRuntimeError) console.error(`\n${what} could not start: ${err.message}`);
    else console.error(`\n${what} could not start because of an unexpected error:`, err);
    process.exit(1);
  });
}

/** Calls `stop` once on Ctrl-C or SIGTERM, then exits. */
export function onShutdown(what: string, stop: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ${what}…`);
    void stop().then(() => process.exit(0));
  };
  process.on("SIGINT", () => handler("SIGINT"));
  process.on("SIGTERM", () => handler("SIGTERM"));
}

/** Seconds a human step waits before each reminder, when NAUNGAN_REMINDER_SECONDS sets it (a demo); else the stored setting. */
export const reminderSecondsFromEnv = () => secondsFromEnv("NAUNGAN_REMINDER_SECONDS");

/** How often stored cases without a workflow get it started, when NAUNGAN_WORKFLOW_STARTS_SECONDS sets it (tests); else the AWS Cron's grace. */
export const workflowStartsSecondsFromEnv = () => secondsFromEnv("NAUNGAN_WORKFLOW_STARTS_SECONDS");

function secondsFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new LocalRuntimeError(`${name} must be a whole number of seconds (1 or more), not "${raw}".`);
  return value;
}
