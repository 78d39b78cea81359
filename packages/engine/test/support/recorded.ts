import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Json } from "../../src/asl/context";

/** The AWS-recorded conformance data beside the repository (shared/), or where NAUNGAN_SHARED_DIR says. */
export function sharedFile(relative: string): string {
  const dir = process.env.NAUNGAN_SHARED_DIR;
  return dir ? `${dir.replace(/\/$/, "")}/${relative}` : fileURLToPath(new URL(`../../../../../shared/${relative}`, import.meta.url));
}

/**
 * One case of shared/conformance/asl/localstack-cases.json: LocalStack's
 * snapshot suite as AWS ran it. `State` is how a test reads the states of the
 * definition (plain objects unless it says more).
 */
export interface RecordedCase<State = Record<string, unknown>> {
  id: string;
  definition: { QueryLanguage?: string; StartAt: string; States: Record<string, State> };
  input: Json;
  expected: { status: string; output?: Json; error?: string; cause?: string };
  /** The types of the execution's history events, in the order AWS recorded them. */
  eventTypes: string[];
  compare?: "loose" | "skip";
  note?: string;
}

export const RECORDED_CASES_FILE = "conformance/asl/localstack-cases.json";

let loaded: RecordedCase<unknown>[] | undefined;

/** All the recorded cases, read once per test file. A missing file fails the test file (it never skips). */
export function recordedCases<State = Record<string, unknown>>(): RecordedCase<State>[] {
  if (!loaded) {
    const file = sharedFile(RECORDED_CASES_FILE);
    if (!existsSync(file)) {
      throw new Error(`no AWS-recorded cases at ${file}: put shared/ beside the repository or set NAUNGAN_SHARED_DIR`);
    }
    loaded = JSON.parse(readFileSync(file, "utf8")) as RecordedCase<unknown>[];
  }
  return loaded as RecordedCase<State>[];
}

/** The recorded cases whose id contains `fragment`; at least one, or it throws. */
export function casesNamed<State = Record<string, unknown>>(fragment: string): RecordedCase<State>[] {
  const found = recordedCases<State>().filter((c) => c.id.includes(fragment));
  if (found.length === 0) throw new Error(`no recorded case ${fragment}`);
  return found;
}

/**
 * AWS's location prefix of a state's runtime error, which the runtime prepends
 * to our causes: the state (by default the start state) and the id of the event
 * that entered it in the recording.
 */
export function located(recorded: RecordedCase, detail: string, stateName: string = recorded.definition.StartAt): string {
  const type = recorded.definition.States[stateName]?.Type as string;
  const eventId = recorded.eventTypes.indexOf(`${type}StateEntered`) + 1;
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${eventId}). ${detail}`;
}
