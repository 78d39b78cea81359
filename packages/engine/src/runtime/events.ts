import type { Json } from "../asl/context";

/** A history event as GetExecutionHistory returns it (timestamps as Date until serialized). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}

/** An event before it has an id: the interpreter numbers events as it emits them. */
export interface NewEvent {
  type: string;
  details?: Record<string, unknown>;
}

/**
 * AWS names each event's details after its type (`TaskScheduled` →
 * `taskScheduledEventDetails`), except that every `…StateEntered` /
 * `…StateExited` shares `stateEnteredEventDetails` / `stateExitedEventDetails`,
 * and a few types carry none (ParallelStateStarted, MapStateSucceeded, …).
 */
export function detailsKey(type: string): string {
  if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
  if (type.endsWith("StateExited")) return "stateExitedEventDetails";
  return `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`;
}

/** `input`/`output` travel as JSON text, with AWS's truncation flag. */
export const payload = (field: "input" | "output", value: Json) => ({
  [field]: JSON.stringify(value),
  [`${field}Details`]: { truncated: false },
});

export const stateEntered = (type: string, name: string, input: Json): NewEvent => ({
  type: `${type}StateEntered`,
  details: { name, ...payload("input", input) },
});

export const stateExited = (type: string, name: string, output: Json): NewEvent => ({
  type: `${type}StateExited`,
  details: { name, ...payload("output", output) },
});

/** Error and cause, leaving out what is not there (AWS omits absent fields). */
export const failure = (error?: string, cause?: string) => ({
  ...(error !== undefined ? { error } : {}),
  ...(cause !== undefined ? { cause } : {}),
});
