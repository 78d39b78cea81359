import type { Json } from "../asl/context";

/**
 * Where one thread of an execution stands: the whole execution, a Parallel
 * branch or a Map iteration. The run state (all frames) is stored with every
 * batch of history events, so a restarted engine resumes exactly here.
 */
export interface Frame {
  id: string;
  parentId?: string;
  /** For branches and iterations: the position in the parent's results. */
  index?: number;
  /** Path in the definition to the `{ StartAt, States }` object this frame runs. */
  statesPath: (string | number)[];
  state: string;
  phase: Phase;
  /** The raw input of the current state. */
  input: Json;
  /** The id of this thread's last event (AWS's previousEventId for the next one). */
  lastEventId: number;
  enteredAt: string;
  /** The id of the current state's StateEntered event (AWS names it in runtime error causes). */
  enteredEventId?: number;
  /** Attempts so far per retrier, per state name (kept across re-entries until the state is left). */
  retries: Record<string, number[]>;
  /** Task: the payload sent to the resource. */
  taskInput?: Json;
  token?: string;
  /** Task: the id of the event that started the Lambda call in flight (a late answer of an earlier call is not this one's). */
  invocation?: number;
  /** Epoch ms: a Wait's end, a retry's end, a task's timeout. */
  dueAt?: number;
  heartbeatDueAt?: number;
  /** Parallel/Map: how the children are doing. */
  children?: Children;
  /** What ends the frame when it has nothing left to run. */
  outcome?: { ok: true; output: Json } | { ok: false; error?: string; cause?: string };
}

export type Phase =
  | "enter" // emit <Type>StateEntered
  | "run" // do the state's work
  | "taskStart" // emit TaskStarted, then invoke
  | "invoking" // a Lambda call is in flight (effect)
  | "awaitingToken" // waiting for SendTask* (or an activity worker)
  | "waiting" // Wait state / retry backoff timer
  | "children" // Parallel branches / Map iterations running
  | "ended"; // frame finished, `outcome` says how

export interface Children {
  kind: "parallel" | "map";
  items: Json[];
  results: (Json | undefined)[];
  started: number;
  finished: number;
  failed: number;
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  firstError?: { error?: string; cause?: string };
}

export interface RunState {
  nextEventId: number;
  frames: Frame[];
  /** Epoch ms when the whole execution times out (state machine TimeoutSeconds). */
  executionDueAt?: number;
}
