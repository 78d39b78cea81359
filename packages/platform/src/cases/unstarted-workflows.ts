import type { CaseType } from "@naungan/core";
import type { Actor, CaseStore } from "./case-store";
import type { WorkflowArns } from "./case-services";
import { startCaseExecution, type ExecutionStarterDeps } from "./start-execution";

export interface UnstartedWorkflowsDeps extends ExecutionStarterDeps {
  cases: CaseStore;
  workflows: WorkflowArns;
  now: () => Date;
}

export interface StartsResumed {
  /** Cases whose workflow this run started (or found started and noted). */
  started: string[];
  failed: { caseId: string; error: string }[];
}

/** How long a submission may take between storing its case and starting the workflow before a sweep takes over. */
export const DEFAULT_START_GRACE_SECONDS = 120;

/**
 * A submission stores its case, then starts the workflow. If the start never
 * happens (DynamoDB or Step Functions failed in between, the function timed
 * out, or the write's answer was lost so the caller got a 503), the case
 * would stay `validating` forever and its workers would count as covered.
 * The case is its own outbox entry: this sweep starts the workflow of every
 * `validating` case that has none and was last changed more than `grace`
 * ago. Executions are named `<caseId>-<attempt>`, so a sweep racing a slow
 * submission never starts a second one.
 */
export class UnstartedWorkflows {
  constructor(private readonly deps: UnstartedWorkflowsDeps) {}

  async resume(by: Actor, graceSeconds = DEFAULT_START_GRACE_SECONDS): Promise<StartsResumed> {
    const cutoff = this.deps.now().getTime() - graceSeconds * 1000;
    const result: StartsResumed = { started: [], failed: [] };
    const machines: [CaseType, string | undefined][] = [
      ["enrolment", this.deps.workflows.enrolment],
      ["death_benefit", this.deps.workflows.deathBenefit],
    ];
    for (const [type, stateMachineArn] of machines) {
      if (!stateMachineArn) continue;
      for await (const c of this.deps.cases.all({ type, status: "validating" })) {
        if (c.executionArn || Date.parse(c.updatedAt) > cutoff) continue;
        try {
          await startCaseExecution(this.deps, stateMachineArn, c.id, c.attempt, by);
          result.started.push(c.id);
        } catch (err) {
          result.failed.push({ caseId: c.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
        }
      }
    }
    return result;
  }
}
