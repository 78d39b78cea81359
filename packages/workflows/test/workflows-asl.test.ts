/**
 * The workflows' ASL documents: valid ASL once substituted, every wait
 * bounded, every task guarded, no dead or dangling state. How they route is
 * in enrolment-routing.test.ts and death-benefit-routing.test.ts.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  definitionString,
  deathBenefitWorkflow,
  definitionTemplate,
  enrolmentWorkflow,
  executionName,
  handlerPath,
  localSubstitutions,
  substitutionKey,
  TASK_FUNCTIONS,
  type WorkflowDefinition,
} from "../src/definitions";

type State = Record<string, any>;
type AslValidator = (definition: unknown) => { isValid: boolean; errors: unknown[] };
// CommonJS without types; it mutates its input (hence the structuredClone below).
const aslValidator = createRequire(import.meta.url)("asl-validator") as AslValidator;

const LAMBDA_SERVICE_ERRORS = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"];
const WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken";

/** Every state a state can go to. */
const targets = (s: State): string[] => [
  ...(s.Next ? [s.Next] : []),
  ...(s.Default ? [s.Default] : []),
  ...(s.Choices ?? []).map((c: State) => c.Next),
  ...(s.Catch ?? []).map((c: State) => c.Next),
];

const cases: { name: string; workflow: WorkflowDefinition; finalTask: string }[] = [
  { name: enrolmentWorkflow.name, workflow: enrolmentWorkflow, finalTask: "ActivateCoverage" },
  { name: deathBenefitWorkflow.name, workflow: deathBenefitWorkflow, finalTask: "CompleteClaim" },
];

describe.each(cases)("$name.asl.json", ({ workflow, finalTask }) => {
  const local = JSON.parse(definitionString(workflow, localSubstitutions("ap-southeast-3", "000000000000")));
  const states = Object.entries<State>(local.States);
  const tasks = states.filter(([, s]) => s.Type === "Task");
  const humanSteps = tasks.filter(([, s]) => s.Resource === WAIT_FOR_TOKEN);
  const otherTasks = tasks.filter(([, s]) => s.Resource !== WAIT_FOR_TOKEN);

  it("is the file the stacks deploy, and valid ASL once substituted", () => {
    expect(JSON.parse(readFileSync(workflow.aslPath, "utf8"))).toEqual(workflow.definition);
    const result = aslValidator(structuredClone(local));
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it("names only its task functions, each by its placeholder, and uses them all", () => {
    const placeholders = new Set(definitionTemplate(workflow).match(/\$\{[^}]*\}/g));
    expect([...placeholders].sort()).toEqual(workflow.tasks.map((f) => `\${${substitutionKey(f)}}`).sort());
    for (const [name, s] of tasks) {
      expect([name, s.Resource]).toEqual([name, expect.stringMatching(/^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/)]);
      expect(s.Parameters.FunctionName, name).toMatch(/^arn:aws:lambda:ap-southeast-3:000000000000:function:\w+$/);
    }
  });

  it("every human step waits with a timeout from the execution input", () => {
    expect(humanSteps.map(([name]) => name)).toEqual(["OpdHead", "Finance", "Disbursement"]);
    for (const [name, s] of humanSteps) {
      expect(s.TimeoutSeconds ?? s.TimeoutSecondsPath, name).toBeDefined();
      expect(s.TimeoutSecondsPath, name).toBe("$.timing.reminderSeconds");
      expect(s.Parameters.Payload["taskToken.$"], name).toBe("$$.Task.Token");
      const caught = (s.Catch as State[]).map((c) => [c.ErrorEquals, c.Next]);
      expect(caught, name).toEqual([
        [["States.Timeout", "States.HeartbeatTimeout"], `${name}Expired`],
        [["StepAlreadyDecided"], `${name}AlreadyDecided`],
        [["States.ALL"], "CaseFailed"],
      ]);
    }
  });

  it("every task retries Lambda service errors with backoff", () => {
    for (const [name, s] of tasks) {
      const retry = (s.Retry as State[] | undefined)?.[0];
      expect(retry?.ErrorEquals, name).toEqual(LAMBDA_SERVICE_ERRORS);
      expect(retry?.BackoffRate, name).toBeGreaterThan(1);
      expect(retry?.MaxAttempts, name).toBeGreaterThan(1);
    }
  });

  it("every other task catches everything into CaseFailed — except CloseCase, whose failure fails the execution", () => {
    for (const [name, s] of otherTasks) {
      if (name === "CloseCase") continue;
      expect(s.Catch, name).toEqual([{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "CaseFailed" }]);
    }
    expect(local.States.CaseFailed.Next).toBe("CloseCase");
    expect(local.States.CloseCase.Catch).toBeUndefined();
    expect(local.States.CloseCase.Next).toBe("Closed");
  });

  it("every transition names a state, and every state is reachable from StartAt", () => {
    const names = new Set(states.map(([name]) => name));
    for (const [name, s] of states) for (const to of targets(s)) expect(names.has(to), `${name} → ${to}`).toBe(true);
    const reached = new Set<string>([local.StartAt]);
    for (let frontier = [local.StartAt as string]; frontier.length > 0; ) {
      frontier = frontier.flatMap((name) => targets(local.States[name]).filter((to) => !reached.has(to) && reached.add(to)));
    }
    expect([...names].filter((n) => !reached.has(n))).toEqual([]);
  });

  it("ends: Completed after its final task, Returned and Rejected (succeeded) and Failed after CloseCase", () => {
    const ends = states.filter(([, s]) => s.Type === "Succeed" || s.Type === "Fail" || s.End).map(([name, s]) => [name, s.Type]);
    expect(ends).toEqual([
      ["Completed", "Succeed"],
      ["Returned", "Succeed"],
      ["Rejected", "Succeed"],
      ["Failed", "Fail"],
    ]);
    expect(local.States[finalTask].Next).toBe("Completed");
    expect(targets(local.States.Closed).sort()).toEqual(["Failed", "Rejected", "Returned"]);
  });
});

describe("definitions", () => {
  it("substitutes every placeholder for the local engine and refuses to leave one", () => {
    expect(definitionString(enrolmentWorkflow, localSubstitutions("ap-southeast-3", "000000000000"))).not.toContain("${");
    const { CloseCaseFunctionArn: _, ...missing } = localSubstitutions("ap-southeast-3", "000000000000");
    expect(() => definitionString(enrolmentWorkflow, missing)).toThrow("enrolment: no substitution for ${CloseCaseFunctionArn}");
  });

  it("local ARNs name the function the engine calls; handler paths point into handlers/", () => {
    expect(localSubstitutions("ap-southeast-3", "000000000000").OpenStepFunctionArn).toBe("arn:aws:lambda:ap-southeast-3:000000000000:function:OpenStep");
    expect(TASK_FUNCTIONS.map(handlerPath)).toEqual([
      "packages/workflows/src/handlers/validate-and-price.handler",
      "packages/workflows/src/handlers/open-step.handler",
      "packages/workflows/src/handlers/step-timed-out.handler",
      "packages/workflows/src/handlers/reserve-budget.handler",
      "packages/workflows/src/handlers/activate-coverage.handler",
      "packages/workflows/src/handlers/close-case.handler",
      "packages/workflows/src/handlers/check-eligibility.handler",
      "packages/workflows/src/handlers/complete-death-claim.handler",
    ]);
    expect(executionName("c-01", 2)).toBe("c-01-2");
  });
});
