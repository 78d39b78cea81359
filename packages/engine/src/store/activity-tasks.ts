/**
 * Tasks of activities waiting for a worker, on the engine table (./table.ts):
 *   ACTQ#<activityArn> / <enqueuedAt>#<taskToken>
 *
 * The runtime enqueues a task when an execution enters an activity's Task
 * state; GetActivityTask claims the oldest unclaimed one with a conditional
 * update (`claimId` set only if absent), so two pollers — in this process or
 * another — never get the same task. A claimed task is deleted once the
 * response reached the worker (`ack`), or put back if the worker went away
 * first (`release`). Claimed items carry a TTL as a last resort.
 */
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "@naungan/platform";
import { ignoreConditionFailure, isConditionFailure } from "./paging";

export interface ActivityTask {
  activityArn: string;
  taskToken: string;
  /** The task's input, a JSON text. */
  input: string;
  /** ISO-8601. */
  enqueuedAt: string;
}

export interface ClaimedActivityTask extends ActivityTask {
  claimId: string;
  workerName?: string;
  /** ISO-8601. */
  claimedAt: string;
}

export interface WaitOptions {
  /** How long to wait for a task (GetActivityTask: 60 s in AWS). */
  timeoutMs: number;
  /** Stops waiting (the client disconnected); nothing is claimed after it fired. */
  signal?: AbortSignal;
  /**
   * Also look again this often, for tasks enqueued by another process
   * (in-process enqueues wake waiters at once). Default 1000 ms.
   */
  recheckMs?: number;
}

export interface ActivityTasksOptions {
  now?: () => Date;
  /** Seconds a claimed item stays when neither acked nor released. Default one day. */
  claimedTtlSeconds?: number;
}

const KIND = "activityTask";
const pkOf = (activityArn: string) => `ACTQ#${activityArn}`;

export class ActivityTasks {
  private readonly wakeups = new EventEmitter();
  private readonly claimedListeners = new Set<(task: ClaimedActivityTask) => void>();

  constructor(
    private readonly db: Db,
    private readonly options: ActivityTasksOptions = {},
  ) {
    this.wakeups.setMaxListeners(0);
  }

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /** Queues a task for the activity's workers and wakes pollers waiting in this process. */
  async enqueue(activityArn: string, task: { taskToken: string; input: string }): Promise<void> {
    const enqueuedAt = this.now().toISOString();
    await this.db.put({
      pk: pkOf(activityArn),
      sk: `${enqueuedAt}#${task.taskToken}`,
      type: KIND,
      activityArn,
      taskToken: task.taskToken,
      input: task.input,
      enqueuedAt,
    });
    this.wakeups.emit(activityArn);
  }

  /**
   * Claims the oldest unclaimed task of the activity, or none. Safe against
   * concurrent claimers: the update only succeeds on an unclaimed item.
   */
  async claim(activityArn: string, workerName?: string): Promise<ClaimedActivityTask | undefined> {
    const task = await this.takeOldest(activityArn, workerName);
    if (task) this.notifyClaimed(task);
    return task;
  }

  private async takeOldest(activityArn: string, workerName: string | undefined): Promise<ClaimedActivityTask | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.db.query<Record<string, unknown>>(
        {
          KeyConditionExpression: "pk = :pk",
          FilterExpression: "attribute_not_exists(claimId)",
          ExpressionAttributeValues: { ":pk": pkOf(activityArn) },
          ConsistentRead: true,
        },
        cursor,
      );
      for (const item of page.items) {
        const claimed = await this.tryClaim(item, workerName);
        if (claimed) return claimed;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return undefined;
  }

  /**
   * Waits up to `timeoutMs` for a task and claims it; undefined when none
   * came or the signal fired. Woken at once by an enqueue in this process.
   */
  async waitForTask(activityArn: string, workerName: string | undefined, options: WaitOptions): Promise<ClaimedActivityTask | undefined> {
    const deadline = Date.now() + options.timeoutMs;
    const recheckMs = options.recheckMs ?? 1000;
    const { signal } = options;
    while (!signal?.aborted) {
      // Listen before looking, so an enqueue during the look is not missed.
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      this.wakeups.on(activityArn, wake);
      signal?.addEventListener("abort", wake, { once: true });
      try {
        const task = await this.takeOldest(activityArn, workerName);
        if (task) {
          if (signal?.aborted) {
            await this.release(task);
            return undefined;
          }
          this.notifyClaimed(task);
          return task;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) return undefined;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(remaining, recheckMs))))]);
        clearTimeout(timer);
      } finally {
        this.wakeups.off(activityArn, wake);
        signal?.removeEventListener("abort", wake);
      }
    }
    return undefined;
  }

  /** The claimed task reached its worker: drop it from the queue. */
  async ack(task: ClaimedActivityTask): Promise<void> {
    await this.db.doc
      .send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: { pk: pkOf(task.activityArn), sk: `${task.enqueuedAt}#${task.taskToken}` },
          ConditionExpression: "claimId = :claim",
          ExpressionAttributeValues: { ":claim": task.claimId },
        }),
      )
      .catch(ignoreConditionFailure);
  }

  /** The worker went away before it got the claimed task: make it available again. */
  async release(task: ClaimedActivityTask): Promise<void> {
    await this.db
      .update({
        Key: { pk: pkOf(task.activityArn), sk: `${task.enqueuedAt}#${task.taskToken}` },
        UpdateExpression: "REMOVE claimId, workerName, claimedAt, expiresAt",
        ConditionExpression: "claimId = :claim",
        ExpressionAttributeValues: { ":claim": task.claimId },
      })
      .catch(ignoreConditionFailure);
    this.wakeups.emit(task.activityArn);
  }

  /**
   * For the runtime: takes back a task no worker has claimed yet (its
   * execution stopped, or the task timed out). True when it was still queued.
   */
  async withdraw(activityArn: string, taskToken: string): Promise<boolean> {
    const items = await this.db.queryAll<Record<string, unknown>>({
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "taskToken = :token AND attribute_not_exists(claimId)",
      ExpressionAttributeValues: { ":pk": pkOf(activityArn), ":token": taskToken },
      ConsistentRead: true,
    });
    let withdrawn = false;
    for (const item of items) {
      withdrawn =
        (await this.db.doc
          .send(
            new DeleteCommand({
              TableName: this.db.tableName,
              Key: { pk: item.pk, sk: item.sk },
              ConditionExpression: "attribute_not_exists(claimId)",
            }),
          )
          .then(() => true)
          .catch((err: unknown) => {
            ignoreConditionFailure(err);
            return false;
          })) || withdrawn;
    }
    return withdrawn;
  }

  /** Drops every queued task of the activity (DeleteActivity). */
  async purge(activityArn: string): Promise<number> {
    const items = await this.db.queryAll<Record<string, unknown>>({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pkOf(activityArn) },
      ProjectionExpression: "pk, sk",
      ConsistentRead: true,
    });
    for (const item of items) {
      await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: { pk: item.pk, sk: item.sk } }));
    }
    return items.length;
  }

  /**
   * Called with every task claimed by a worker of this process, before the
   * worker gets it (the runtime records ActivityStarted with the worker's
   * name). Returns an unsubscribe function.
   */
  onClaimed(listener: (task: ClaimedActivityTask) => void): () => void {
    this.claimedListeners.add(listener);
    return () => this.claimedListeners.delete(listener);
  }

  private notifyClaimed(task: ClaimedActivityTask) {
    for (const listener of this.claimedListeners) {
      try {
        listener(task);
      } catch (err) {
        console.error("[activity-tasks] onClaimed listener failed:", err);
      }
    }
  }

  private async tryClaim(item: Record<string, unknown>, workerName: string | undefined): Promise<ClaimedActivityTask | undefined> {
    const claimId = randomUUID();
    const now = this.now();
    const expiresAt = Math.floor(now.getTime() / 1000) + (this.options.claimedTtlSeconds ?? 86_400);
    try {
      const out = await this.db.update({
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `SET claimId = :claim, claimedAt = :at, expiresAt = :exp${workerName !== undefined ? ", workerName = :worker" : ""}`,
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(claimId)",
        ExpressionAttributeValues: {
          ":claim": claimId,
          ":at": now.toISOString(),
          ":exp": expiresAt,
          ...(workerName !== undefined ? { ":worker": workerName } : {}),
        },
      });
      if (!out) return undefined;
      return {
        activityArn: out.activityArn as string,
        taskToken: out.taskToken as string,
        input: out.input as string,
        enqueuedAt: out.enqueuedAt as string,
        claimId,
        claimedAt: out.claimedAt as string,
        ...(workerName !== undefined ? { workerName } : {}),
      };
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }
}
