import { createDynamoClients, Db, ensureTable } from "@naungan/platform";
import { executionOperations } from "./api/executions";
import { startEngineApi, type EngineApi } from "./api/engine-server";
import { defaultIdentity, type EngineIdentity } from "./config";
import { Executor } from "./runtime/executor";
import { LambdaRegistry } from "./runtime/lambdas";
import { ExecutionStore } from "./store/executions";
import { ENGINE_TABLE_NAME, engineTable } from "./store/table";

export interface EngineOptions {
  /** DynamoDB (Local) endpoint where executions are kept. */
  dynamoEndpoint: string;
  tableName?: string;
  /** Default 8083 (where Step Functions Local listened); 0 picks a free port. */
  port?: number;
  identity?: EngineIdentity;
  /** The Lambda functions tasks may call, by name. */
  lambdas?: LambdaRegistry;
  log?: (line: string) => void;
  activityPollTimeoutMs?: number;
  /** Events an execution's history may hold; AWS's 25,000 unless a test says less. */
  historyLimit?: number;
  /**
   * Resume the running executions at start (default). False when the caller
   * registers its Lambda functions after start: it calls `resume()` then, so
   * no overdue timer calls a function that is not there yet.
   */
  resume?: boolean;
}

export interface Engine {
  endpoint: string;
  api: EngineApi;
  executor: Executor;
  lambdas: LambdaRegistry;
  /** Executions found running at start and resumed. */
  resumed: number;
  /** Resumes the running executions (once; with `resume: false` at start). */
  resume(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The local Step Functions: the AWS JSON 1.0 API over the engine's table in
 * DynamoDB Local, with every running execution resumed from its stored state.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const identity = options.identity ?? defaultIdentity;
  const tableName = options.tableName ?? ENGINE_TABLE_NAME;
  const db = new Db(createDynamoClients({ endpoint: options.dynamoEndpoint }), tableName);
  await ensureTable(db.clients.client, engineTable, tableName);
  const lambdas = options.lambdas ?? new LambdaRegistry(`arn:aws:lambda:${identity.region}:${identity.accountId}:function:`);
  const store = new ExecutionStore(db);
  let executor: Executor | undefined;
  const api = await startEngineApi({
    db,
    identity,
    port: options.port ?? 8083,
    ensureTable: false,
    activityPollTimeoutMs: options.activityPollTimeoutMs,
    operations: (parts) => {
      executor = new Executor({ store, lambdas, identity, activities: parts.activityTasks, stateMachines: parts.stateMachines, log: options.log, historyLimit: options.historyLimit });
      parts.activityTasks.onClaimed((task) => void executor!.activityStarted(task.taskToken, task.workerName ?? ""));
      return executionOperations({
        executor,
        store,
        stateMachine: async (arn) => {
          const machine = await parts.stateMachines.get(arn);
          return machine && { stateMachineArn: machine.stateMachineArn, name: machine.name, definition: machine.definition, roleArn: machine.roleArn, status: machine.status };
        },
      });
    },
  });
  let resumption: Promise<number> | undefined;
  let closing: Promise<void> | undefined;
  const engine: Engine = {
    endpoint: api.endpoint,
    api,
    executor: executor!,
    lambdas,
    resumed: 0,
    resume() {
      resumption ??= executor!.resume().then((n) => (engine.resumed = n));
      return resumption;
    },
    close() {
      closing ??= (async () => {
        executor!.close();
        await api.close();
      })();
      return closing;
    },
  };
  if (options.resume !== false) await engine.resume();
  return engine;
}
