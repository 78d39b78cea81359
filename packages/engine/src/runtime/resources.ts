import type { Json } from "../asl/context";

/** What a Task state's `Resource` asks for. */
export type TaskResource =
  | { kind: "lambda:invoke"; resourceType: "lambda"; resource: "invoke" }
  | { kind: "lambda:invoke.waitForTaskToken"; resourceType: "lambda"; resource: "invoke.waitForTaskToken" }
  | { kind: "lambda"; functionArn: string }
  | { kind: "activity"; activityArn: string };

export function parseResource(resource: string): TaskResource | undefined {
  if (resource === "arn:aws:states:::lambda:invoke") return { kind: "lambda:invoke", resourceType: "lambda", resource: "invoke" };
  if (resource === "arn:aws:states:::lambda:invoke.waitForTaskToken") {
    return { kind: "lambda:invoke.waitForTaskToken", resourceType: "lambda", resource: "invoke.waitForTaskToken" };
  }
  if (/^arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/.test(resource)) return { kind: "lambda", functionArn: resource };
  if (/^arn:aws[\w-]*:states:[^:]+:\d{12}:activity:[^:]+$/.test(resource)) return { kind: "activity", activityArn: resource };
  return undefined;
}

/**
 * The function a Lambda reference names: a plain name, a partial or full ARN,
 * with or without a version/alias qualifier.
 */
export function functionNameOf(reference: Json | undefined): string | undefined {
  if (typeof reference !== "string" || reference.length === 0) return undefined;
  const parts = reference.split(":");
  if (parts[0] === "arn") return parts[6];
  // "123456789012:function:name" or "name:alias"
  const fn = parts.indexOf("function");
  return fn >= 0 ? parts[fn + 1] : parts[0];
}
