import { activateCoverage } from "./activate-coverage";
import { checkEligibility } from "./check-eligibility";
import { completeDeathClaim } from "./complete-death-claim";
import { closeCase } from "./close-case";
import { openStep } from "./open-step";
import { reserveBudget } from "./reserve-budget";
import { stepTimedOut } from "./step-timed-out";
import type { TaskContext } from "./task-context";
import { validateAndPrice } from "./validate-and-price";

/** Every task function of the workflows, by the function name the ASL and the stacks use. */
export const tasks = {
  ValidateAndPrice: validateAndPrice,
  OpenStep: openStep,
  StepTimedOut: stepTimedOut,
  ReserveBudget: reserveBudget,
  ActivateCoverage: activateCoverage,
  CloseCase: closeCase,
  CheckEligibility: checkEligibility,
  CompleteDeathClaim: completeDeathClaim,
} satisfies Record<string, (ctx: TaskContext, input: any) => Promise<unknown>>;

export type TaskName = keyof typeof tasks;
export { WORKFLOW_ACTOR, type TaskContext } from "./task-context";
