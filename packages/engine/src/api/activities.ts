/**
 * CreateActivity, DescribeActivity, ListActivities, DeleteActivity and
 * GetActivityTask (the workers' long poll).
 */
import { arns } from "../config";
import type { Activities } from "../store/activities";
import type { ActivityTasks } from "../store/activity-tasks";
import { SfnErrors } from "./errors";
import { operation, type SfnOperation } from "./protocol";
import { rethrowCursor } from "./state-machines";
import { checkName, Limits, readArn, readName, RequestReader } from "./validation";

export interface ActivityOperationsDeps {
  activities: Activities;
  activityTasks: ActivityTasks;
  now?: () => Date;
  /** How long GetActivityTask waits for a task: 60 s as in AWS unless given (tests use less). */
  pollTimeoutMs?: number;
  /** How often a waiting GetActivityTask also looks for tasks enqueued by another process. Default 1000 ms. */
  pollRecheckMs?: number;
}

export const ACTIVITY_POLL_TIMEOUT_MS = 60_000;

export function activityOperations(deps: ActivityOperationsDeps): SfnOperation[] {
  const { activities, activityTasks } = deps;
  const now = () => deps.now?.() ?? new Date();

  return [
    operation("CreateActivity", async (input, ctx) => {
      const r = new RequestReader(input);
      r.array("tags");
      r.object("encryptionConfiguration");
      const name = readName(r);
      r.done();
      checkName(name);
      const activityArn = arns.activity(ctx.identity, name);
      // Idempotent by name: an existing activity is returned as it is.
      const { record } = await activities.create({ activityArn, name, creationDate: now().toISOString() });
      return { activityArn: record.activityArn, creationDate: new Date(record.creationDate) };
    }),

    operation("DescribeActivity", async (input) => {
      const { arn } = readArn(new RequestReader(input), "activityArn", "activity");
      const record = await activities.get(arn);
      if (!record) throw SfnErrors.activityDoesNotExist(arn);
      return { activityArn: record.activityArn, name: record.name, creationDate: new Date(record.creationDate) };
    }),

    operation("ListActivities", async (input) => {
      const r = new RequestReader(input);
      const limit = r.pageSize();
      const nextToken = r.pageToken();
      r.done();
      const page = await activities.list(limit, nextToken).catch(rethrowCursor);
      return {
        activities: page.items.map((a) => ({ activityArn: a.activityArn, name: a.name, creationDate: new Date(a.creationDate) })),
        ...(page.nextCursor ? { nextToken: page.nextCursor } : {}),
      };
    }),

    operation("DeleteActivity", async (input) => {
      const { arn } = readArn(new RequestReader(input), "activityArn", "activity");
      if (await activities.delete(arn)) await activityTasks.purge(arn);
      return {};
    }),

    operation("GetActivityTask", async (input, ctx) => {
      const r = new RequestReader(input);
      const workerName = r.string("workerName", { min: 1, max: Limits.workerName });
      const { arn } = readArn(r, "activityArn", "activity");
      if (!(await activities.get(arn))) throw SfnErrors.activityDoesNotExist(arn);
      const task = await activityTasks.waitForTask(arn, workerName, {
        timeoutMs: deps.pollTimeoutMs ?? ACTIVITY_POLL_TIMEOUT_MS,
        recheckMs: deps.pollRecheckMs,
        signal: ctx.signal,
      });
      // No task in time: AWS answers 200 without a taskToken.
      if (!task) return {};
      // Drop it from the queue once the worker has it; put it back if the worker went away first.
      ctx.onFinished((delivered) => {
        void (delivered ? activityTasks.ack(task) : activityTasks.release(task)).catch((err: unknown) =>
          console.error(`[sfn-api] GetActivityTask could not ${delivered ? "ack" : "release"} task of ${arn}:`, err),
        );
      });
      return { taskToken: task.taskToken, input: task.input };
    }),
  ];
}
