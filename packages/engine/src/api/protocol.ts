/**
 * The AWS JSON 1.0 protocol of Step Functions over node:http, so that the
 * unmodified `@aws-sdk/client-sfn` works with only `endpoint` set.
 *
 * Requests: `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>` and
 * `Content-Type: application/x-amz-json-1.0`, body a JSON object.
 * Responses: 200 with the operation's output as JSON, timestamps as epoch
 * seconds (a `Date` anywhere in an output is converted). Errors: 400 with
 * `{"__type": "com.amazonaws.sfn#<Error>", "message": "…"}` and the
 * `x-amzn-ErrorType` header; the SDK raises the modelled exception class.
 *
 * Operations live in a registry that every API file contributes to; this
 * file knows none of them:
 *
 *   createSfnServer({ identity, operations: [...stateMachineOps, ...activityOps, ...executionOps] })
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { EngineIdentity } from "../config";
import { SfnApiError, SfnErrors } from "./errors";

export const SERVICE_TARGET = "AWSStepFunctions";
export const JSON_1_0 = "application/x-amz-json-1.0";
export const DEFAULT_PORT = 8083;
/** Definitions may be up to 1 MiB; leave room for JSON escaping. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface OperationContext {
  operation: string;
  requestId: string;
  identity: EngineIdentity;
  /** Aborted when the client disconnects or the server closes (long polls stop waiting). */
  signal: AbortSignal;
  /**
   * Runs once the exchange is over: `delivered` is true when the whole
   * response was written, false when the client went away first (or the
   * operation failed). For handing out something exactly once (activity tasks).
   */
  onFinished(callback: (delivered: boolean) => void): void;
}

export type OperationInput = Record<string, unknown>;
export type OperationHandler = (input: OperationInput, ctx: OperationContext) => Promise<unknown>;

export interface SfnOperation {
  /** The operation name as in `X-Amz-Target`, e.g. `CreateStateMachine`. */
  name: string;
  handler: OperationHandler;
}

export const operation = (name: string, handler: OperationHandler): SfnOperation => ({ name, handler });

export interface SfnServerOptions {
  identity: EngineIdentity;
  operations?: Iterable<SfnOperation>;
  /** Default 8083; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Called with unexpected (non-API) errors of handlers, which become HTTP 500. */
  onInternalError?: (err: unknown, ctx: OperationContext) => void;
}

export interface RunningSfnServer {
  /** e.g. `http://127.0.0.1:8083`, the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  server: Server;
  /** Stops listening, aborts long polls in flight and drops open connections. */
  close(): Promise<void>;
}

export interface SfnServer {
  /** The registry; operations may still be added before (or after) `start()`. */
  readonly operations: Map<string, OperationHandler>;
  register(...ops: SfnOperation[]): void;
  start(): Promise<RunningSfnServer>;
}

export function createSfnServer(options: SfnServerOptions): SfnServer {
  const operations = new Map<string, OperationHandler>();
  const inFlight = new Set<AbortController>();

  const register = (...ops: SfnOperation[]) => {
    for (const op of ops) {
      if (operations.has(op.name)) throw new Error(`operation ${op.name} is registered twice`);
      operations.set(op.name, op.handler);
    }
  };
  register(...(options.operations ?? []));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const controller = new AbortController();
    const finished: ((delivered: boolean) => void)[] = [];
    let succeeded = false;
    let closed = false;
    inFlight.add(controller);
    // The response closing before it was written means the client went away.
    res.on("close", () => {
      closed = true;
      inFlight.delete(controller);
      if (!res.writableFinished) controller.abort();
      const delivered = succeeded && res.writableFinished;
      for (const callback of finished) {
        try {
          callback(delivered);
        } catch (err) {
          console.error(`[sfn-api] ${ctx.operation} ${requestId} onFinished failed:`, err);
        }
      }
    });
    const target = header(req, "x-amz-target");
    const operationName = target?.startsWith(`${SERVICE_TARGET}.`) ? target.slice(SERVICE_TARGET.length + 1) : undefined;
    const ctx: OperationContext = {
      operation: operationName ?? "",
      requestId,
      identity: options.identity,
      signal: controller.signal,
      onFinished: (callback) => {
        if (closed) queueMicrotask(() => callback(succeeded && res.writableFinished));
        else finished.push(callback);
      },
    };
    try {
      const handler = req.method === "POST" && operationName ? operations.get(operationName) : undefined;
      if (!handler) {
        req.resume();
        throw SfnErrors.unknownOperation(target ? `Unknown operation: ${target}` : "Missing X-Amz-Target header");
      }
      const input = parseInput(await readBody(req));
      const output = await handler(input, ctx);
      if (controller.signal.aborted) return;
      const body = serializeOutput(output ?? {});
      succeeded = true;
      send(res, 200, requestId, body);
    } catch (err) {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof SfnApiError) {
        sendError(res, requestId, err);
      } else {
        options.onInternalError?.(err, ctx);
        if (!options.onInternalError) console.error(`[sfn-api] ${ctx.operation} ${requestId} failed:`, err);
        sendError(res, requestId, SfnErrors.internalFailure());
      }
    }
  };

  return {
    operations,
    register,
    async start() {
      const server = createServer((req, res) => void handle(req, res));
      const port = options.port ?? DEFAULT_PORT;
      const host = options.host ?? "127.0.0.1";
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      const bound = (server.address() as AddressInfo).port;
      return {
        endpoint: `http://${host}:${bound}`,
        port: bound,
        server,
        close: () =>
          new Promise<void>((resolve, reject) => {
            for (const c of inFlight) c.abort();
            server.close((err) => (err ? reject(err) : resolve()));
            server.closeAllConnections();
          }),
      };
    },
  };
}

// ---- serialization -------------------------------------------------------------

/** Epoch seconds with fractional milliseconds, as AWS JSON protocols carry timestamps. */
export function toEpochSeconds(date: Date | string | number): number {
  const ms = date instanceof Date ? date.getTime() : typeof date === "number" ? date : Date.parse(date);
  return ms / 1000;
}

/** Converts every `Date` in an output to epoch seconds; everything else is kept. */
export function serializeDates(value: unknown): unknown {
  if (value instanceof Date) return toEpochSeconds(value);
  if (Array.isArray(value)) return value.map(serializeDates);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = serializeDates(v);
    return out;
  }
  return value;
}

export function serializeOutput(output: unknown): string {
  return JSON.stringify(serializeDates(output));
}

function parseInput(body: Buffer): OperationInput {
  const text = body.toString("utf8").trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw SfnErrors.serialization(`Request body is not valid JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw SfnErrors.serialization("Request body must be a JSON object");
  }
  return parsed as OperationInput;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(SfnErrors.serialization(`Request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (err) => {
      if (!failed) reject(err);
    });
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, requestId: string, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": JSON_1_0,
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": requestId,
    ...extra,
  });
  res.end(body);
}

function sendError(res: ServerResponse, requestId: string, err: SfnApiError) {
  const body = err.toBody();
  // AWS omits the message of an UnknownOperationException only when it has none.
  if (body.message === "") delete body.message;
  send(res, err.status, requestId, JSON.stringify(body), { "x-amzn-errortype": err.type });
}
