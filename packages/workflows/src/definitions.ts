/*
 * What the stacks and the local runtime both need to know about the
 * workflows: the ASL documents, the task functions they call and where their
 * handlers are. Pure data and string functions only: stacks/Workflows.ts
 * imports this file, and stacks never import runtime code.
 */
import deathBenefitAsl from "../death-benefit.asl.json";
import enrolmentAsl from "../enrolment.asl.json";

/** The task functions of the workflows, each a Lambda function of its own (docs/enrolment.md "Task functions"). */
export const TASK_FUNCTIONS = [
  "ValidateAndPrice",
  "OpenStep",
  "StepTimedOut",
  "ReserveBudget",
  "ActivateCoverage",
  "CloseCase",
  "CheckEligibility",
  "CompleteDeathClaim",
] as const;
export type TaskFunctionName = (typeof TASK_FUNCTIONS)[number];

/**
 * The Lambda handler of a task function, relative to the repository root
 * (where SST resolves handlers): ValidateAndPrice → handlers/validate-and-price.ts.
 */
export const handlerPath = (name: TaskFunctionName) =>
  `packages/workflows/src/handlers/${name.replace(/[A-Z]/g, (c, at: number) => (at > 0 ? "-" : "") + c.toLowerCase())}.handler`;

/** The `${…}` placeholder an ASL document uses for a task function's ARN. */
export const substitutionKey = (name: TaskFunctionName) => `${name}FunctionArn`;

export interface WorkflowDefinition {
  /** The state machine's name in the local engine; in AWS it gets the stage prefix. */
  name: string;
  /** The ASL document, relative to the repository root. */
  aslPath: string;
  /** The ASL document itself, with its `${<Name>FunctionArn}` placeholders. */
  definition: object;
  /** The task functions the document calls. */
  tasks: readonly TaskFunctionName[];
}

export const enrolmentWorkflow: WorkflowDefinition = {
  name: "enrolment",
  aslPath: "packages/workflows/enrolment.asl.json",
  definition: enrolmentAsl,
  tasks: ["ValidateAndPrice", "OpenStep", "StepTimedOut", "ReserveBudget", "ActivateCoverage", "CloseCase"],
};

/** The human steps and CloseCase are the enrolment's own functions, reused. */
export const deathBenefitWorkflow: WorkflowDefinition = {
  name: "death-benefit",
  aslPath: "packages/workflows/death-benefit.asl.json",
  definition: deathBenefitAsl,
  tasks: ["CheckEligibility", "OpenStep", "StepTimedOut", "CompleteDeathClaim", "CloseCase"],
};

/** Every workflow, keyed as the platform's `WorkflowArns`. */
export const WORKFLOWS = { enrolment: enrolmentWorkflow, deathBenefit: deathBenefitWorkflow } as const;

/** The document with its placeholders, as AWS gets it (CloudFormation applies definitionSubstitutions). */
export function definitionTemplate(workflow: WorkflowDefinition): string {
  return JSON.stringify(workflow.definition);
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * The document with every `${…}` replaced, for the local engine (its API,
 * like Step Functions' own, takes the final text). A placeholder without a
 * value throws: a Task calling `${…}` would only fail later, obscurely.
 */
export function definitionString(workflow: WorkflowDefinition, substitutions: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const text = definitionTemplate(workflow).replace(PLACEHOLDER, (placeholder, key: string) => {
    const value = substitutions[key];
    if (value === undefined) {
      missing.add(placeholder);
      return placeholder;
    }
    // The placeholders sit inside JSON strings: the value must stay valid JSON there.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) throw new Error(`${workflow.name}: no substitution for ${[...missing].join(", ")}`);
  return text;
}

/**
 * Substitutions for the local engine: each task function's Lambda ARN. The
 * engine calls the function registered under the name after `function:`.
 */
export function localSubstitutions(region: string, account: string): Record<string, string> {
  return Object.fromEntries(TASK_FUNCTIONS.map((name) => [substitutionKey(name), `arn:aws:lambda:${region}:${account}:function:${name}`]));
}

/** StartExecution input of both workflows; the run keeps it whole. */
export interface CaseExecutionInput {
  caseId: string;
  attempt: number;
  timing: {
    /** Seconds a human step waits before StepTimedOut runs (the task's TimeoutSecondsPath). */
    reminderSeconds: number;
    remindersBeforeEscalation: number;
  };
}

/** One execution per case attempt: a double submit cannot start two (StartExecution is idempotent by name). */
export const executionName = (caseId: string, attempt: number) => `${caseId}-${attempt}`;
