import { randomUUID } from "node:crypto";
import type { Json } from "../asl/context";
import type { Executor, StateMachineRef } from "../runtime/executor";
import type { ExecutionRecord, ExecutionStatus, ExecutionStore } from "../store/executions";
import { SfnApiError } from "./errors";
import { operation, type SfnOperation } from "./protocol";

export interface ExecutionApiDeps {
  executor: Executor;
  store: ExecutionStore;
  /** The state machine an ARN names, or undefined. */
  stateMachine(arn: string): Promise<StateMachineRef | undefined>;
}

type Input = Record<string, unknown>;

const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const STATUSES: ExecutionStatus[] = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

const epoch = (iso: string | undefined) => (iso ? new Date(iso).getTime() / 1000 : undefined);

function requireString(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== "string" || value.length === 0) {
    throw new SfnApiError("ValidationException", `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function parseJson(text: string, error: "InvalidExecutionInput" | "InvalidOutput", what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new SfnApiError(error, `Invalid ${what}: '${text.slice(0, 100)}'`);
  }
}

function cursorOf(input: Input): string | undefined {
  return typeof input.nextToken === "string" ? input.nextToken : undefined;
}

function limitOf(input: Input, fallback: number): number {
  const value = input.maxResults;
  if (value === undefined || value === 0) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 1000) {
    throw new SfnApiError("ValidationException", `1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`);
  }
  return value;
}

/** The execution and task-token operations of the Step Functions API. */
export function executionOperations(deps: ExecutionApiDeps): SfnOperation[] {
  return Object.entries(executionHandlers(deps)).map(([name, handler]) => operation(name, handler));
}

function executionHandlers(deps: ExecutionApiDeps): Record<string, (input: Input) => Promise<unknown>> {
  const executionOf = async (input: Input): Promise<ExecutionRecord> => {
    const arn = requireString(input, "executionArn");
    if (!/^arn:aws[\w-]*:states:[^:]+:\d{12}:execution:[^:]+:[^:]+$/.test(arn)) throw new SfnApiError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${arn.split(":")[5] ?? ""}'`);
    const record = await deps.store.get(arn);
    if (!record) throw new SfnApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return record;
  };

  const task = async (input: Input, outcome: Parameters<Executor["completeTask"]>[1]) => {
    const token = requireString(input, "taskToken");
    const problem = await deps.executor.completeTask(token, outcome);
    if (problem === "InvalidToken") throw new SfnApiError("InvalidToken", "Invalid Token: 'Invalid token'");
    if (problem === "TaskTimedOut") throw new SfnApiError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
    if (problem === "TaskDoesNotExist") throw new SfnApiError("TaskDoesNotExist", "Task Does Not Exist: 'Provided task does not exist anymore'");
    return {};
  };

  return {
    async StartExecution(input) {
      const machineArn = requireString(input, "stateMachineArn");
      const machine = await deps.stateMachine(machineArn);
      if (!machine) throw new SfnApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${machineArn}'`);
      const name = typeof input.name === "string" ? input.name : randomUUID();
      if (!NAME.test(name)) throw new SfnApiError("InvalidName", `Invalid Name: '${name}'`);
      const text = typeof input.input === "string" ? input.input : "{}";
      parseJson(text, "InvalidExecutionInput", "execution input");
      const { record, created } = await deps.executor.start(machine, name, text);
      // AWS: the same name and input while running returns the original execution.
      if (!created && !(record.status === "RUNNING" && record.input === text && record.stateMachineArn === machine.stateMachineArn)) {
        throw new SfnApiError("ExecutionAlreadyExists", `Execution Already Exists: '${record.executionArn}'`);
      }
      return { executionArn: record.executionArn, startDate: epoch(record.startDate) };
    },

    async DescribeExecution(input) {
      const r = await executionOf(input);
      return {
        executionArn: r.executionArn,
        stateMachineArn: r.stateMachineArn,
        name: r.name,
        status: r.status,
        startDate: epoch(r.startDate),
        ...(r.stopDate ? { stopDate: epoch(r.stopDate) } : {}),
        input: r.input,
        inputDetails: { included: true },
        ...(r.output !== undefined ? { output: r.output, outputDetails: { included: true } } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
        ...(r.cause !== undefined ? { cause: r.cause } : {}),
        redriveCount: 0,
        redriveStatus: "NOT_REDRIVABLE",
      };
    },

    async ListExecutions(input) {
      const machineArn = requireString(input, "stateMachineArn");
      if (!(await deps.stateMachine(machineArn))) throw new SfnApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${machineArn}'`);
      const status = input.statusFilter as ExecutionStatus | undefined;
      if (status !== undefined && !STATUSES.includes(status)) {
        throw new SfnApiError("ValidationException", `1 validation error detected: Value '${String(status)}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(", ")}]`);
      }
      const page = await deps.store.list(machineArn, status, limitOf(input, 100), cursorOf(input));
      return {
        executions: page.items.map((r) => ({
          executionArn: r.executionArn,
          stateMachineArn: r.stateMachineArn,
          name: r.name,
          status: r.status,
          startDate: epoch(r.startDate),
          ...(r.stopDate ? { stopDate: epoch(r.stopDate) } : {}),
        })),
        ...(page.nextCursor ? { nextToken: page.nextCursor } : {}),
      };
    },

    async StopExecution(input) {
      const record = await executionOf(input);
      await deps.executor.stop(record.executionArn, input.error as string | undefined, input.cause as string | undefined);
      const after = (await deps.store.get(record.executionArn))!;
      return { stopDate: epoch(after.stopDate ?? new Date().toISOString()) };
    },

    async GetExecutionHistory(input) {
      const record = await executionOf(input);
      const withData = input.includeExecutionData !== false;
      const page = await deps.store.history(record, { reverse: input.reverseOrder === true, limit: limitOf(input, 100), cursor: cursorOf(input) });
      return {
        events: page.items.map((e) => {
          const { timestamp, ...rest } = e;
          const event: Record<string, unknown> = { ...rest, timestamp: timestamp.getTime() / 1000 };
          if (!withData) stripData(event);
          return event;
        }),
        ...(page.nextCursor ? { nextToken: page.nextCursor } : {}),
      };
    },

    async SendTaskSuccess(input) {
      const output = parseJson(requireString(input, "output"), "InvalidOutput", "output");
      return task(input, { ok: true, output });
    },

    async SendTaskFailure(input) {
      return task(input, { ok: false, error: input.error as string | undefined, cause: input.cause as string | undefined });
    },

    async SendTaskHeartbeat(input) {
      return task(input, { heartbeat: true });
    },
  };
}

/** `includeExecutionData: false` leaves out inputs and outputs, as AWS does. */
function stripData(event: Record<string, unknown>) {
  for (const value of Object.values(event)) {
    if (value && typeof value === "object") {
      for (const field of ["input", "output", "parameters"]) delete (value as Record<string, unknown>)[field];
    }
  }
}
