import type { Platform } from "@naungan/platform";

/** What every task runs against: the platform (storage, mail, settings) and who it acts as. */
export interface TaskContext {
  platform: Platform;
  /** The Lambda request id: the audit events' requestId. */
  requestId: string;
}

/** The workflow is the actor of what its tasks do. */
export const WORKFLOW_ACTOR = "system:workflow";

export const by = (ctx: TaskContext) => ({ actor: WORKFLOW_ACTOR, requestId: ctx.requestId });

/** Input every task gets: which case, which attempt. */
export interface CaseRef {
  caseId: string;
  attempt: number;
}

/** A case the task was started for but which has moved on (a newer attempt): nothing to do. */
export class StaleAttempt extends Error {
  override name = "StaleAttempt";
}
