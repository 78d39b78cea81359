/**
 * StartExecution, DescribeExecution, ListExecutions, StopExecution,
 * GetExecutionHistory and the task-token operations (SendTaskSuccess,
 * SendTaskFailure, SendTaskHeartbeat), answering and failing as AWS does
 * (messages recorded in /work/shared/conformance/asl/test_sfn_api.snapshot.json
 * where AWS's wording is known).
 */
import { randomUUID } from "node:crypto";
import type { Json } from "../asl/context";
import type { Executor, StateMachineRef } from "../runtime/executor";
import type { ExecutionRecord, ExecutionStore } from "../store/executions";
import { SfnErrors } from "./errors";
import { operation, type SfnOperation } from "./protocol";
import { rethrowCursor } from "./state-machines";
import { checkName, Limits, parseStatesArn, readArn, RequestReader, type Input } from "./validation";

export interface ExecutionApiDeps {
  executor: Executor;
  store: ExecutionStore;
  /** The state machine an ARN names (with its status), or undefined. */
  stateMachine(arn: string): Promise<StateMachineRef | undefined>;
}

/** In the order AWS lists them in its ValidationException (recorded). */
const STATUS_FILTERS = ["SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING"] as const;
const REDRIVE_FILTERS = ["REDRIVEN", "NOT_REDRIVEN"] as const;

/** Model limits of the members read here (sizes AWS counts in characters of the JSON string). */
const MAX_PAYLOAD = 262_144;
const MAX_ERROR = 256;
const MAX_CAUSE = 32_768;

const epoch = (iso: string) => new Date(iso).getTime() / 1000;

/** The execution and task-token operations of the Step Functions API. */
export function executionOperations(deps: ExecutionApiDeps): SfnOperation[] {
  return Object.entries(executionHandlers(deps)).map(([name, handler]) => operation(name, handler));
}

function executionHandlers(deps: ExecutionApiDeps): Record<string, (input: Input) => Promise<unknown>> {
  const executionOf = async (r: RequestReader): Promise<ExecutionRecord> => {
    const { arn } = readArn(r, "executionArn", "execution");
    const record = await deps.store.get(arn);
    if (!record) throw SfnErrors.executionDoesNotExist(arn);
    return record;
  };

  const task = async (taskToken: string, outcome: Parameters<Executor["completeTask"]>[1]) => {
    const problem = await deps.executor.completeTask(taskToken, outcome);
    if (problem === "InvalidToken") throw SfnErrors.invalidToken("Invalid token");
    if (problem === "TaskTimedOut") throw SfnErrors.taskTimedOut("Provided task does not exist anymore");
    if (problem === "TaskDoesNotExist") throw SfnErrors.taskDoesNotExist("Provided task does not exist");
    return {};
  };

  return {
    async StartExecution(input) {
      const r = new RequestReader(input);
      const machineArn = r.string("stateMachineArn", { required: true, min: 1, max: Limits.arn });
      const name = r.string("name", { min: 1, max: Limits.name });
      const text = r.string("input", { max: MAX_PAYLOAD });
      r.string("traceHeader", { max: 256 });
      r.done();
      const { arn } = parseStatesArn(machineArn, "stateMachine");
      if (name !== undefined) checkName(name);
      const machine = await deps.stateMachine(arn);
      if (!machine) throw SfnErrors.stateMachineDoesNotExist(arn);
      if (machine.status === "DELETING") throw SfnErrors.stateMachineDeleting(arn);
      // No input is `{}`; an empty one is refused (recorded: "Invalid execution input.").
      const inputText = text ?? "{}";
      const problem = inputText.trim() === "" ? "Invalid execution input." : jsonProblem(inputText);
      if (problem !== undefined) throw SfnErrors.invalidExecutionInput(problem);

      const { record, created } = await deps.executor.start(machine, name ?? randomUUID(), inputText);
      // AWS: the same name and input while it runs answers with that execution; a closed one, or other input, is refused.
      if (!created && !(record.status === "RUNNING" && record.input === inputText)) throw SfnErrors.executionAlreadyExists(record.executionArn);
      return { executionArn: record.executionArn, startDate: epoch(record.startDate) };
    },

    async DescribeExecution(input) {
      const r = await executionOf(new RequestReader(input));
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
        redriveStatusReason: redriveStatusReason(r),
      };
    },

    async ListExecutions(input) {
      const r = new RequestReader(input);
      const machineArn = r.string("stateMachineArn", { min: 1, max: Limits.arn });
      const mapRunArn = r.string("mapRunArn", { min: 1, max: Limits.longArn });
      const status = r.enumOf("statusFilter", STATUS_FILTERS);
      r.enumOf("redriveFilter", REDRIVE_FILTERS);
      const limit = r.pageSize();
      const nextToken = r.pageToken("nextToken", Limits.listExecutionsPageToken);
      r.done();
      if (mapRunArn !== undefined) {
        // Distributed Map runs do not exist in the local engine.
        const { arn } = parseStatesArn(mapRunArn, "mapRun");
        throw SfnErrors.resourceNotFound(arn);
      }
      if (machineArn === undefined) throw SfnErrors.validationMessage("Must provide a StateMachine ARN or MapRun ARN");
      const { arn } = parseStatesArn(machineArn, "stateMachine");
      if (!(await deps.stateMachine(arn))) throw SfnErrors.stateMachineDoesNotExist(arn);
      const page = await deps.store.list(arn, status, limit, nextToken).catch(rethrowCursor);
      return {
        executions: page.items.map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: epoch(e.startDate),
          ...(e.stopDate ? { stopDate: epoch(e.stopDate) } : {}),
          redriveCount: 0,
        })),
        ...(page.nextCursor ? { nextToken: page.nextCursor } : {}),
      };
    },

    async StopExecution(input) {
      const r = new RequestReader(input);
      const error = r.string("error", { max: MAX_ERROR });
      const cause = r.string("cause", { max: MAX_CAUSE });
      const record = await executionOf(r);
      await deps.executor.stop(record.executionArn, error, cause);
      const after = (await deps.store.get(record.executionArn))!;
      return { stopDate: epoch(after.stopDate ?? new Date().toISOString()) };
    },

    async GetExecutionHistory(input) {
      const r = new RequestReader(input);
      const limit = r.pageSize();
      const reverse = r.boolean("reverseOrder") ?? false;
      const withData = r.boolean("includeExecutionData") ?? true;
      const nextToken = r.pageToken("nextToken", Limits.listExecutionsPageToken);
      const record = await executionOf(r);
      const page = await deps.store.history(record, { reverse, limit, cursor: nextToken }).catch(rethrowCursor);
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
      const r = new RequestReader(input);
      const output = r.string("output", { required: true, min: 0, max: MAX_PAYLOAD });
      const taskToken = r.string("taskToken", { required: true, min: 1, max: Limits.taskToken });
      r.done();
      const problem = jsonProblem(output);
      if (problem !== undefined) throw SfnErrors.invalidOutput(problem);
      return task(taskToken, { ok: true, output: JSON.parse(output) as Json });
    },

    async SendTaskFailure(input) {
      const r = new RequestReader(input);
      const error = r.string("error", { max: MAX_ERROR });
      const cause = r.string("cause", { max: MAX_CAUSE });
      const taskToken = r.string("taskToken", { required: true, min: 1, max: Limits.taskToken });
      r.done();
      return task(taskToken, { ok: false, error, cause });
    },

    async SendTaskHeartbeat(input) {
      const r = new RequestReader(input);
      const taskToken = r.string("taskToken", { required: true, min: 1, max: Limits.taskToken });
      r.done();
      return task(taskToken, { heartbeat: true });
    },
  };
}

/** Why the execution cannot be redriven: AWS's words for a closed one (recorded for SUCCEEDED). */
function redriveStatusReason(r: ExecutionRecord): string {
  if (r.status === "RUNNING" || r.status === "SUCCEEDED") return `Execution is ${r.status} and cannot be redriven`;
  return "Redriving executions is not supported by the local engine";
}

/** `includeExecutionData: false` leaves out inputs and outputs, as AWS does. */
function stripData(event: Record<string, unknown>) {
  for (const value of Object.values(event)) {
    if (value && typeof value === "object") {
      for (const field of ["input", "output", "parameters"]) delete (value as Record<string, unknown>)[field];
    }
  }
}

// ---- JSON problems in AWS's (Jackson's) words ---------------------------------------

const VALUE_LIST = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

class JsonSyntax extends Error {}

/**
 * Undefined for valid JSON; otherwise the first problem as AWS's parser
 * (Jackson) words it, without its location suffix — recorded:
 * `Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
 * `Unexpected character (''' (code 39)): was expecting double-quote to start field name`.
 */
export function jsonProblem(text: string): string | undefined {
  if (text.trim() === "") return "No content to map due to end-of-input";
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    try {
      scanJson(text);
    } catch (err) {
      if (err instanceof JsonSyntax) return err.message;
      throw err;
    }
    return "Invalid JSON";
  }
}

function scanJson(text: string) {
  let i = 0;
  const fail = (message: string): never => {
    throw new JsonSyntax(message);
  };
  const describe = (c: string) => {
    const code = c.codePointAt(0)!;
    if (code < 32) return `(CTRL-CHAR, code ${code})`;
    return code > 255 ? `'${c}' (code ${code} / 0x${code.toString(16)})` : `'${c}' (code ${code})`;
  };
  const unexpected = (expected: string): never => fail(`Unexpected character (${describe(text[i]!)}): ${expected}`);
  const endOfInput = (expected: string): never => fail(`Unexpected end-of-input: ${expected}`);
  const identifierPart = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_$]/u.test(c);
  const invalidToken = (start: number): never => {
    let end = i;
    while (identifierPart(text[end]) && end - start < 256) end++;
    return fail(`Unrecognized token '${text.slice(start, Math.max(end, start + 1))}': was expecting ${VALUE_LIST}`);
  };
  const skipSpace = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };

  const value = (closing?: string) => {
    skipSpace();
    if (i >= text.length) endOfInput(closing ?? "expected a value");
    const c = text[i]!;
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) return number();
    for (const word of ["true", "false", "null"]) {
      if (c !== word[0]) continue;
      const start = i;
      for (const expected of word) {
        if (text[i] !== expected) return invalidToken(start);
        i++;
      }
      if (identifierPart(text[i])) return invalidToken(start);
      return;
    }
    if (identifierPart(c)) {
      const start = i;
      i++;
      return invalidToken(start);
    }
    return unexpected(`expected a valid value ${VALUE_LIST}`);
  };

  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) return endOfInput("was expecting closing quote for a string value");
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c < " ") return fail(`Illegal unquoted character (${describe(c)}): has to be escaped using backslash to be included in string value`);
      if (c === "\\") {
        const e = text[i + 1];
        if (e === undefined) return endOfInput("was expecting closing quote for a string value");
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail("Unexpected character in unicode escape: expected a hex-digit for character escape sequence");
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) return fail(`Unrecognized character escape ${describe(e)}`);
        i += 2;
        continue;
      }
      i++;
    }
  };

  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === "-") {
      i++;
      if (i >= text.length) return endOfInput("expected digit (0-9) to follow minus sign, for valid numeric value");
      return fail(`Unexpected character (${describe(text[i]!)}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`);
    }
    i += m[0].length;
    if (text[i] !== undefined && /[0-9]/.test(text[i]!) && m[1] === "0") return fail("Invalid numeric value: Leading zeroes not allowed");
    if (text[i] === "." || text[i] === "e" || text[i] === "E") {
      const what = text[i] === "." ? "Decimal point" : "Exponent indicator";
      i++;
      if (i >= text.length) return endOfInput(`${what.toLowerCase()} not followed by a digit`);
      return fail(`Unexpected character (${describe(text[i]!)}) in numeric value: ${what} not followed by a digit`);
    }
  };

  const object = () => {
    i++;
    skipSpace();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (i >= text.length) return endOfInput("expected close marker for Object");
      if (text[i] !== '"') return unexpected("was expecting double-quote to start field name");
      string();
      skipSpace();
      if (i >= text.length) return endOfInput("expected close marker for Object");
      if (text[i] !== ":") return unexpected("was expecting a colon to separate field name and value");
      i++;
      value("expected close marker for Object");
      skipSpace();
      if (i >= text.length) return endOfInput("expected close marker for Object");
      if (text[i] === "}") {
        i++;
        return;
      }
      if (text[i] !== ",") return unexpected("was expecting comma to separate Object entries");
      i++;
    }
  };

  const array = () => {
    i++;
    skipSpace();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value("expected close marker for Array");
      skipSpace();
      if (i >= text.length) return endOfInput("expected close marker for Array");
      if (text[i] === "]") {
        i++;
        return;
      }
      if (text[i] !== ",") return unexpected("was expecting comma to separate Array entries");
      i++;
    }
  };

  value();
  skipSpace();
  if (i < text.length) unexpected("expected end-of-input");
}
