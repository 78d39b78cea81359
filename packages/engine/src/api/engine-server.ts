/**
 * Starts the engine's Step Functions API: ensures the engine table, builds
 * the repositories and serves the control-plane operations (state machines,
 * activities) plus any others handed in (the execution and task-token
 * operations), on 127.0.0.1:<port>.
 *
 *   const api = await startEngineApi({ db, port: 8083, operations: (parts) => executionOperations(parts) });
 *   new SFNClient({ endpoint: api.endpoint, ... });
 */
import { ensureTable, type Db } from "@naungan/platform";
import { defaultIdentity, type EngineIdentity } from "../config";
import { Activities } from "../store/activities";
import { ActivityTasks } from "../store/activity-tasks";
import { StateMachines } from "../store/state-machines";
import { engineTable } from "../store/table";
import { activityOperations } from "./activities";
import { createSfnServer, type RunningSfnServer, type SfnOperation, type SfnServerOptions } from "./protocol";
import { stateMachineOperations } from "./state-machines";

/** What the control plane is built from; handed to `operations` factories. */
export interface EngineApiParts {
  db: Db;
  identity: EngineIdentity;
  stateMachines: StateMachines;
  activities: Activities;
  /** The one queue of this process: the runtime must enqueue on this instance for pollers to wake at once. */
  activityTasks: ActivityTasks;
  now: () => Date;
}

export interface EngineApiOptions {
  db: Db;
  identity?: EngineIdentity;
  /** Default 8083; 0 picks a free port. */
  port?: number;
  host?: string;
  /** More operations (e.g. StartExecution…), or a factory given the parts. */
  operations?: SfnOperation[] | ((parts: EngineApiParts) => SfnOperation[]);
  /** Reuse an existing queue (e.g. the one the executor enqueues on). */
  activityTasks?: ActivityTasks;
  /** GetActivityTask's wait; 60 s as in AWS unless given. */
  activityPollTimeoutMs?: number;
  activityPollRecheckMs?: number;
  now?: () => Date;
  /** Default true: create the engine table (with TTL) when it is missing. */
  ensureTable?: boolean;
  onInternalError?: SfnServerOptions["onInternalError"];
}

export interface EngineApi extends RunningSfnServer {
  parts: EngineApiParts;
}

/** The repositories of the control plane over one Db (no I/O). */
export function createEngineParts(db: Db, options: { identity?: EngineIdentity; activityTasks?: ActivityTasks; now?: () => Date } = {}): EngineApiParts {
  const now = options.now ?? (() => new Date());
  return {
    db,
    identity: options.identity ?? defaultIdentity,
    stateMachines: new StateMachines(db),
    activities: new Activities(db),
    activityTasks: options.activityTasks ?? new ActivityTasks(db, { now }),
    now,
  };
}

/** The state machine and activity operations. */
export function controlPlaneOperations(parts: EngineApiParts, options: { activityPollTimeoutMs?: number; activityPollRecheckMs?: number } = {}): SfnOperation[] {
  return [
    ...stateMachineOperations({ stateMachines: parts.stateMachines, now: parts.now }),
    ...activityOperations({
      activities: parts.activities,
      activityTasks: parts.activityTasks,
      now: parts.now,
      pollTimeoutMs: options.activityPollTimeoutMs,
      pollRecheckMs: options.activityPollRecheckMs,
    }),
  ];
}

export async function startEngineApi(options: EngineApiOptions): Promise<EngineApi> {
  const { db } = options;
  if (options.ensureTable !== false) await ensureTable(db.clients.client, engineTable, db.tableName);
  const parts = createEngineParts(db, options);
  const extra = typeof options.operations === "function" ? options.operations(parts) : (options.operations ?? []);
  const server = createSfnServer({
    identity: parts.identity,
    port: options.port,
    host: options.host,
    onInternalError: options.onInternalError,
    operations: [...controlPlaneOperations(parts, options), ...extra],
  });
  const running = await server.start();
  return { ...running, parts };
}
