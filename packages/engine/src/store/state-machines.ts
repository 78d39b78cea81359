/**
 * State machines on the engine table (see ./table.ts):
 *   SM#<arn> / SM    gsi1: SMS / <name>   (only while ACTIVE: a DELETING machine is no longer listed)
 *
 * The ARN is derived from the name, so "a name is unique" is the conditional
 * put on the key. ListStateMachines pages in name order, as AWS does (its
 * recorded pagination lists `statemachine_0_…, statemachine_10_…,
 * statemachine_11_…, statemachine_12_…, statemachine_1_…`).
 */
import { randomUUID } from "node:crypto";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db, Page } from "@naungan/platform";
import { ignoreConditionFailure, isConditionFailure, queryPage } from "./paging";

export type StateMachineType = "STANDARD" | "EXPRESS";
export type StateMachineStatus = "ACTIVE" | "DELETING";

export interface LoggingConfiguration {
  level: "ALL" | "ERROR" | "FATAL" | "OFF";
  includeExecutionData: boolean;
  destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[];
}

export interface TracingConfiguration {
  enabled: boolean;
}

export interface StateMachineRecord {
  stateMachineArn: string;
  name: string;
  /** The definition exactly as given (a string of JSON); executions run it. */
  definition: string;
  roleArn: string;
  type: StateMachineType;
  status: StateMachineStatus;
  /** ISO-8601. */
  creationDate: string;
  /** ISO-8601, set by the first UpdateStateMachine. */
  updateDate?: string;
  /** Set by the first UpdateStateMachine that changes something (AWS shows none before). */
  revisionId?: string;
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: TracingConfiguration;
  description?: string;
}

export interface StateMachineSummary {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  creationDate: string;
}

export type CreateOutcome =
  | { outcome: "created"; record: StateMachineRecord }
  /** Same name and the same definition, type, logging and tracing: AWS returns the existing one. */
  | { outcome: "existing"; record: StateMachineRecord }
  | { outcome: "conflict"; record: StateMachineRecord }
  /** A machine of that name is still being deleted. */
  | { outcome: "deleting"; record: StateMachineRecord };

export type UpdateChanges = Partial<Pick<StateMachineRecord, "definition" | "roleArn" | "loggingConfiguration" | "tracingConfiguration">>;

export type UpdateOutcome =
  | { outcome: "updated" | "unchanged"; record: StateMachineRecord }
  | { outcome: "missing" }
  | { outcome: "deleting"; record: StateMachineRecord };

const KIND = "stateMachine";
const key = (arn: string) => ({ pk: `SM#${arn}`, sk: "SM" });
const LIST_PK = "SMS";

/** Whether a running execution of the machine exists (ExecutionStore's gsi2: SMEX#<smArn>#RUNNING). */
async function hasRunningExecutions(db: Db, stateMachineArn: string): Promise<boolean> {
  const page = await db.query({
    IndexName: "gsi2",
    KeyConditionExpression: "gsi2pk = :pk",
    ExpressionAttributeValues: { ":pk": `SMEX#${stateMachineArn}#RUNNING` },
    Limit: 1,
  });
  return page.items.length > 0;
}

export class StateMachines {
  constructor(private readonly db: Db) {}

  async get(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    const item = await this.db.get<Record<string, unknown>>(key(stateMachineArn).pk, key(stateMachineArn).sk, true);
    return item ? fromItem(item) : undefined;
  }

  /**
   * Creates the machine unless one of that name exists. An existing machine
   * with the same definition, type, logging and tracing configuration is
   * returned as `existing` (CreateStateMachine is idempotent in AWS; a
   * different roleArn is ignored there too); any other is a `conflict`.
   */
  async create(record: Omit<StateMachineRecord, "status">): Promise<CreateOutcome> {
    const full: StateMachineRecord = { ...record, status: "ACTIVE" };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.db.put(toItem(full), { ConditionExpression: "attribute_not_exists(pk)" });
        return { outcome: "created", record: full };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      const existing = await this.get(record.stateMachineArn);
      if (!existing) continue; // deleted in between: try again
      if (existing.status === "DELETING") return { outcome: "deleting", record: existing };
      return { outcome: sameMachine(existing, full) ? "existing" : "conflict", record: existing };
    }
    throw new Error(`could not create state machine ${record.stateMachineArn}: it keeps changing`);
  }

  /**
   * Applies the changes; a new revisionId and updateDate only when something
   * differs (AWS returns the previous revisionId for an update that changes
   * nothing). Optimistic: retried when another update came in between.
   */
  async update(stateMachineArn: string, changes: UpdateChanges, now: Date): Promise<UpdateOutcome> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(stateMachineArn);
      if (!current) return { outcome: "missing" };
      if (current.status === "DELETING") return { outcome: "deleting", record: current };
      const next: StateMachineRecord = { ...current };
      for (const [field, value] of Object.entries(changes) as [keyof UpdateChanges, unknown][]) {
        if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
      }
      const changed =
        next.definition !== current.definition ||
        next.roleArn !== current.roleArn ||
        !deepEqual(next.loggingConfiguration, current.loggingConfiguration) ||
        !deepEqual(next.tracingConfiguration, current.tracingConfiguration);
      if (!changed && current.revisionId) return { outcome: "unchanged", record: current };
      next.revisionId = randomUUID();
      next.updateDate = now.toISOString();
      try {
        await this.db.put(toItem(next), {
          ConditionExpression: current.revisionId ? "#status = :active AND revisionId = :rev" : "#status = :active AND attribute_not_exists(revisionId)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":active": "ACTIVE", ...(current.revisionId ? { ":rev": current.revisionId } : {}) },
        });
        return { outcome: "updated", record: next };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    throw new Error(`could not update state machine ${stateMachineArn}: it keeps changing`);
  }

  /**
   * DeleteStateMachine: a machine without running executions is removed at
   * once; one with running executions is marked DELETING (no longer listed,
   * no new executions; DescribeStateMachine shows the status) and removed by
   * {@link finishDeletionIfIdle} when its last execution ends. A machine that
   * does not exist is not an error (AWS answers 200).
   */
  async delete(stateMachineArn: string): Promise<"deleted" | "deleting" | "absent"> {
    const current = await this.get(stateMachineArn);
    if (!current) return "absent";
    if (await hasRunningExecutions(this.db, stateMachineArn)) {
      await this.db
        .update({
          Key: key(stateMachineArn),
          UpdateExpression: "SET #status = :deleting REMOVE gsi1pk, gsi1sk",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":deleting": "DELETING" },
        })
        .catch(ignoreConditionFailure);
      // The last execution may have ended between the check and the mark.
      return (await this.finishDeletionIfIdle(stateMachineArn)) ? "deleted" : "deleting";
    }
    await this.remove(stateMachineArn);
    return "deleted";
  }

  /**
   * For the runtime, when an execution ends: removes the machine if it is
   * DELETING and has no running executions left. True when it was removed.
   */
  async finishDeletionIfIdle(stateMachineArn: string): Promise<boolean> {
    const current = await this.get(stateMachineArn);
    if (current?.status !== "DELETING") return false;
    if (await hasRunningExecutions(this.db, stateMachineArn)) return false;
    await this.remove(stateMachineArn, true);
    return true;
  }

  /** One page of ACTIVE machines in name order; `cursor` is the previous page's `nextCursor`. */
  async list(limit: number, cursor?: string): Promise<Page<StateMachineSummary>> {
    const page = await queryPage<Record<string, unknown>>(
      this.db,
      {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": LIST_PK },
        ProjectionExpression: "pk, sk, gsi1pk, gsi1sk, stateMachineArn, #name, machineType, creationDate",
        ExpressionAttributeNames: { "#name": "name" },
      },
      limit,
      cursor,
      ["pk", "sk", "gsi1pk", "gsi1sk"],
    );
    return {
      items: page.items.map((i) => ({
        stateMachineArn: i.stateMachineArn as string,
        name: i.name as string,
        type: i.machineType as StateMachineType,
        creationDate: i.creationDate as string,
      })),
      nextCursor: page.nextCursor,
    };
  }

  private async remove(stateMachineArn: string, onlyIfDeleting = false) {
    await this.db.doc
      .send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: key(stateMachineArn),
          ...(onlyIfDeleting
            ? { ConditionExpression: "#status = :deleting", ExpressionAttributeNames: { "#status": "status" }, ExpressionAttributeValues: { ":deleting": "DELETING" } }
            : {}),
        }),
      )
      .catch(ignoreConditionFailure);
  }
}

function toItem(r: StateMachineRecord): Record<string, unknown> {
  const { type, ...rest } = r;
  return {
    ...key(r.stateMachineArn),
    type: KIND,
    ...rest,
    machineType: type,
    ...(r.status === "ACTIVE" ? { gsi1pk: LIST_PK, gsi1sk: r.name } : {}),
  };
}

function fromItem(item: Record<string, unknown>): StateMachineRecord {
  const { pk: _pk, sk: _sk, type: _kind, gsi1pk: _g1, gsi1sk: _g2, machineType, ...rest } = item;
  return { ...(rest as Omit<StateMachineRecord, "type">), type: machineType as StateMachineType };
}

function sameMachine(a: StateMachineRecord, b: StateMachineRecord): boolean {
  return (
    a.definition === b.definition &&
    a.type === b.type &&
    deepEqual(a.loggingConfiguration, b.loggingConfiguration) &&
    deepEqual(a.tracingConfiguration, b.tracingConfiguration)
  );
}

/** Structural equality of JSON values, ignoring key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)].filter((k) => ao[k] !== undefined || bo[k] !== undefined));
  return [...keys].every((k) => deepEqual(ao[k], bo[k]));
}
