/**
 * AWS-recorded intrinsic-function cases (LocalStack's snapshot suite, validated
 * on AWS; see /work/shared/conformance/asl/README.md) run through a tiny Pass
 * evaluator built only from the engine's data-flow modules:
 * InputPath → Parameters (or Result) → ResultPath → OutputPath, following
 * `Next` until `End`.
 *
 * The recordings replaced some values with placeholders (`<ArnPart_0idx>` for
 * the state machine name, `<ExecArnPart_0idx>` for the execution name). The
 * context object here carries those same placeholders, so a case that formats
 * `$$.StateMachine` reproduces the recorded text exactly.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { ContextObject, Json } from "../src/asl/context";
import { applyInputPath, applyOutputPath, applyResultPath } from "../src/asl/json-path";
import { resolvePayload } from "../src/asl/payload";
import { StatesError } from "../src/asl/states-error";
import { recordedCases, type RecordedCase } from "./support/recorded";

interface StateDef {
  Type: string;
  QueryLanguage?: string;
  InputPath?: string | null;
  Parameters?: Json;
  Result?: Json;
  ResultPath?: string | null;
  OutputPath?: string | null;
  Next?: string;
  End?: boolean;
}

type Case = RecordedCase<StateDef>;

const allCases = recordedCases<StateDef>();

const usesJsonata = (c: Case) =>
  c.definition.QueryLanguage === "JSONata" || Object.values(c.definition.States).some((s) => s.QueryLanguage === "JSONata");
const onlyPass = (c: Case) => Object.values(c.definition.States).every((s) => s.Type === "Pass");

const intrinsicCases = allCases.filter((c) => c.id.includes("intrinsic_functions") && !usesJsonata(c));

const PARTITION_ARN = "arn:<partition>:states:<region>:111111111111";

function contextFor(input: Json, stateName: string): ContextObject {
  return {
    Execution: {
      Id: `${PARTITION_ARN}:execution:<ArnPart_0idx>:<ExecArnPart_0idx>`,
      Input: input,
      Name: "<ExecArnPart_0idx>",
      RoleArn: "arn:<partition>:iam::111111111111:role/<resource:1>",
      StartTime: "2024-01-01T00:00:00.000Z",
    },
    State: { EnteredTime: "2024-01-01T00:00:00.000Z", Name: stateName, RetryCount: 0 },
    StateMachine: { Id: `${PARTITION_ARN}:stateMachine:<ArnPart_0idx>`, Name: "<ArnPart_0idx>" },
  };
}

type Outcome = { status: "SUCCEEDED"; output: Json } | { status: "FAILED"; error: string; cause?: string };

function runPassMachine(definition: Case["definition"], input: Json): Outcome {
  let name = definition.StartAt;
  let current = input;
  for (let steps = 0; steps < 1000; steps++) {
    const state = definition.States[name];
    if (!state) throw new Error(`no state ${name}`);
    const context = contextFor(input, name);
    try {
      const effective = applyInputPath(current, state.InputPath, context);
      const result =
        state.Parameters !== undefined
          ? resolvePayload(state.Parameters, effective, context, "Parameters")
          : state.Result !== undefined
            ? state.Result
            : effective;
      current = applyOutputPath(applyResultPath(current, result, state.ResultPath), state.OutputPath, context);
    } catch (error) {
      if (error instanceof StatesError) return { status: "FAILED", error: error.error, cause: error.cause };
      throw error;
    }
    if (state.End) return { status: "SUCCEEDED", output: current };
    name = state.Next ?? "";
  }
  throw new Error("too many transitions");
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The checks a `compare: "loose"` case's note asks for. */
function checkLoose(c: Case, outcome: Outcome): void {
  expect(outcome.status).toBe("SUCCEEDED");
  if (outcome.status !== "SUCCEEDED") return;
  const result = (outcome.output as { FunctionResult?: Json }).FunctionResult;
  const note = c.note ?? "";
  if (/UUID/i.test(note)) {
    expect(result).toMatch(UUID_V4);
    return;
  }
  if (/random number/i.test(note)) {
    const args = (c.input as { FunctionInput: { fst: number; snd: number; trd?: number } }).FunctionInput;
    expect(typeof result).toBe("number");
    expect(Number.isInteger(result)).toBe(true);
    // AWS truncates fractional bounds: the range is [trunc(start), trunc(end)).
    expect(result as number).toBeGreaterThanOrEqual(Math.trunc(args.fst));
    expect(result as number).toBeLessThan(Math.trunc(args.snd));
    if (args.trd !== undefined) {
      // A seed makes it deterministic: a second run returns the same number.
      const again = runPassMachine(c.definition, c.input);
      expect(again).toEqual(outcome);
    }
    return;
  }
  throw new Error(`no loose check for note: ${note}`);
}

const tally = { passed: 0, failed: [] as string[], skipped: [] as string[] };

describe("AWS-recorded intrinsic function cases (JSONPath, Pass states)", () => {
  afterAll(() => {
    const total = tally.passed + tally.failed.length;
    console.log(`intrinsics: ${tally.passed}/${total}${tally.skipped.length ? ` (${tally.skipped.length} skipped)` : ""}`);
    for (const id of tally.failed) console.log(`  FAILED ${id}`);
    for (const s of tally.skipped) console.log(`  skipped ${s}`);
  });

  it("found the recorded cases", () => {
    expect(intrinsicCases.length).toBeGreaterThan(100);
  });

  for (const c of intrinsicCases) {
    const label = c.id.replace(/^localstack\/intrinsic_functions\//, "");
    if (c.compare === "skip" || !onlyPass(c)) {
      const reason = c.compare === "skip" ? (c.note ?? "marked skip") : "not made only of Pass states";
      it.skip(`${label} — ${reason}`, () => {});
      tally.skipped.push(`${label}: ${reason}`);
      continue;
    }
    it(label, () => {
      try {
        const outcome = runPassMachine(c.definition, c.input);
        if (c.compare === "loose") {
          checkLoose(c, outcome);
        } else if (c.expected.status === "SUCCEEDED") {
          expect(outcome).toEqual({ status: "SUCCEEDED", output: c.expected.output });
        } else {
          expect(outcome.status).toBe("FAILED");
          if (outcome.status === "FAILED") {
            if (c.expected.error !== undefined) expect(outcome.error).toBe(c.expected.error);
            if (c.expected.cause !== undefined) expect(outcome.cause).toBe(c.expected.cause);
          }
        }
        tally.passed++;
      } catch (error) {
        tally.failed.push(label);
        throw error;
      }
    });
  }
});
