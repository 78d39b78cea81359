import { randomUUID } from "node:crypto";
import type { Json } from "../asl/context";

/** A Lambda handler as the project writes them: `(event, context) => result`. */
export type LambdaHandler = (event: any, context: LambdaContext) => Promise<unknown> | unknown;

export interface LambdaContext {
  functionName: string;
  awsRequestId: string;
  invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
}

export type InvokeResult = { ok: true; payload: Json } | { ok: false; error: string; cause: string };

/**
 * The functions the engine can call, by name, in this process: the local
 * stand-in for Lambda. Errors come back as Step Functions reports a Lambda's
 * errors: the error type as the name, the Lambda error object as the cause.
 */
export class LambdaRegistry {
  private readonly handlers = new Map<string, LambdaHandler>();

  constructor(private readonly arnPrefix: string) {}

  register(name: string, handler: LambdaHandler): this {
    this.handlers.set(name, handler);
    return this;
  }

  async invoke(name: string, event: Json): Promise<InvokeResult> {
    const handler = this.handlers.get(name);
    const arn = `${this.arnPrefix}${name}`;
    if (!handler) {
      return {
        ok: false,
        error: "Lambda.ResourceNotFoundException",
        cause: `Function not found: ${arn} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException)`,
      };
    }
    const requestId = randomUUID();
    const deadline = Date.now() + 15 * 60 * 1000;
    try {
      const result = await handler(structuredClone(event), {
        functionName: name,
        awsRequestId: requestId,
        invokedFunctionArn: arn,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      });
      // What crosses the Lambda boundary is JSON.
      return { ok: true, payload: result === undefined ? null : (JSON.parse(JSON.stringify(result)) as Json) };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const errorType = e.name || "Error";
      return {
        ok: false,
        error: errorType,
        cause: JSON.stringify({ errorType, errorMessage: e.message, trace: (e.stack ?? "").split("\n") }),
      };
    }
  }
}
