import { BatchWriteCommand, DeleteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { TransactionRefused, type Db, type Page, type TransactItem } from "@naungan/platform";
import type { Emitted } from "../runtime/interpreter";
import type { HistoryEvent } from "../runtime/events";
import { detailsKey } from "../runtime/events";
import type { RunState } from "../runtime/run-state";
import { queryPage } from "./paging";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  roleArn: string;
  /** The definition the execution runs (a later UpdateStateMachine does not change it). */
  definition: string;
  nextEventId: number;
  runState: string;
}

/** What ListExecutions shows of an execution. */
export type ExecutionSummary = Pick<ExecutionRecord, "executionArn" | "stateMachineArn" | "name" | "status" | "startDate" | "stopDate">;

export interface TokenRecord {
  token: string;
  executionArn: string;
  frameId: string;
  status: "waiting" | "done" | "timedOut" | "aborted";
}

const execKey = (arn: string) => ({ pk: `EX#${arn}`, sk: "EX" });
const eventSk = (id: number) => `EV#${id.toString().padStart(10, "0")}`;
/** DynamoDB's limit of items per transaction, less the execution item. */
const EVENTS_PER_TRANSACTION = 99;

export class ExecutionStore {
  constructor(private readonly db: Db) {}

  async get(executionArn: string): Promise<ExecutionRecord | undefined> {
    const { pk, sk } = execKey(executionArn);
    return this.db.get<ExecutionRecord>(pk, sk, true);
  }

  /** Creates the execution with its first events; false when an execution with that ARN exists. */
  async create(record: ExecutionRecord, events: Emitted[]): Promise<boolean> {
    try {
      await this.writeEvents(record.executionArn, events, {
        Put: { Item: { ...execKey(record.executionArn), type: "execution", ...record, ...this.indexKeys(record) }, ConditionExpression: "attribute_not_exists(pk)" },
      });
      return true;
    } catch (err) {
      if (err instanceof TransactionRefused) return false;
      throw err;
    }
  }

  /**
   * Stores a batch of events and the run state they lead to. The update is
   * conditional on the event counter the batch started from, so two writers
   * can never interleave events of one execution.
   */
  async commit(record: ExecutionRecord, fromEventId: number, events: Emitted[], end?: Partial<ExecutionRecord>): Promise<void> {
    const status = end?.status ?? record.status;
    const next: ExecutionRecord = { ...record, ...end, nextEventId: record.nextEventId };
    const names: Record<string, string> = { "#status": "status" };
    const values: Record<string, unknown> = { ":from": fromEventId, ":next": next.nextEventId, ":run": next.runState, ":status": status };
    const sets = ["nextEventId = :next", "runState = :run", "#status = :status"];
    for (const field of ["output", "error", "cause", "stopDate"] as const) {
      if (end?.[field] !== undefined) {
        sets.push(`#${field} = :${field}`);
        names[`#${field}`] = field;
        values[`:${field}`] = end[field];
      }
    }
    const keys = this.indexKeys({ ...next, status });
    sets.push("gsi2pk = :g2pk");
    values[":g2pk"] = keys.gsi2pk;
    const remove = status === "RUNNING" ? "" : " REMOVE gsi3pk, gsi3sk";
    await this.writeEvents(record.executionArn, events, {
      Update: {
        Key: execKey(record.executionArn),
        UpdateExpression: `SET ${sets.join(", ")}${remove}`,
        ConditionExpression: "nextEventId = :from",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
  }

  /**
   * Events of an execution up to its committed counter (never a half-written
   * batch). A page carries a cursor only when more events follow.
   */
  async history(record: ExecutionRecord, options: { reverse?: boolean; limit?: number; cursor?: string }): Promise<Page<HistoryEvent>> {
    const page = await queryPage<Record<string, unknown>>(
      this.db,
      {
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": execKey(record.executionArn).pk, ":from": eventSk(1), ":to": eventSk(record.nextEventId - 1) },
        ScanIndexForward: !options.reverse,
        ConsistentRead: true,
      },
      options.limit ?? 100,
      options.cursor,
      ["pk", "sk"],
    );
    return { items: page.items.map(toEvent), nextCursor: page.nextCursor };
  }

  /** Newest first, optionally of one status (`PENDING_REDRIVE` finds none: executions are never redriven here). */
  async list(stateMachineArn: string, status: string | undefined, limit: number, cursor?: string): Promise<Page<ExecutionSummary>> {
    const index = status ? "gsi2" : "gsi1";
    return queryPage<ExecutionSummary & Record<string, unknown>>(
      this.db,
      {
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ":pk": status ? `SMEX#${stateMachineArn}#${status}` : `SMEX#${stateMachineArn}` },
        ExpressionAttributeNames: { "#name": "name", "#status": "status" },
        ProjectionExpression: `pk, sk, ${index}pk, ${index}sk, executionArn, stateMachineArn, #name, #status, startDate, stopDate`,
        ScanIndexForward: false,
      },
      limit,
      cursor,
      ["pk", "sk", `${index}pk`, `${index}sk`],
    );
  }

  async running(): Promise<ExecutionRecord[]> {
    const refs = await this.db.queryAll<{ executionArn: string }>({ IndexName: "gsi3", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": "RUNNING" } });
    const records = await Promise.all(refs.map((r) => this.get(r.executionArn)));
    return records.filter((r): r is ExecutionRecord => r?.status === "RUNNING");
  }

  /**
   * Removes events written past the committed counter by a batch that crashed
   * before its final transaction, so the resumed run can write them again.
   */
  async dropUncommitted(record: ExecutionRecord): Promise<number> {
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.tableName,
        KeyConditionExpression: "pk = :pk AND sk >= :from",
        ExpressionAttributeValues: { ":pk": execKey(record.executionArn).pk, ":from": eventSk(record.nextEventId) },
        ProjectionExpression: "pk, sk",
        ConsistentRead: true,
      }),
    );
    const items = (out.Items ?? []).filter((i) => String(i.sk).startsWith("EV#"));
    for (const item of items) await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: { pk: item.pk, sk: item.sk } }));
    return items.length;
  }

  // ---- task tokens -----------------------------------------------------------

  async putToken(token: TokenRecord): Promise<void> {
    await this.db.put({ pk: `TOKEN#${token.token}`, sk: "TOKEN", type: "token", ...token });
  }

  async getToken(token: string): Promise<TokenRecord | undefined> {
    return this.db.get<TokenRecord>(`TOKEN#${token}`, "TOKEN", true);
  }

  async setTokenStatus(token: string, status: TokenRecord["status"]): Promise<void> {
    await this.db.update({
      Key: { pk: `TOKEN#${token}`, sk: "TOKEN" },
      UpdateExpression: "SET #status = :status",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":status": status },
    }).catch((err: Error) => {
      if (err.name !== "ConditionalCheckFailedException") throw err;
    });
  }

  private indexKeys(record: Pick<ExecutionRecord, "stateMachineArn" | "startDate" | "name" | "status" | "executionArn">) {
    const sort = `${record.startDate}#${record.name}`;
    return {
      gsi1pk: `SMEX#${record.stateMachineArn}`,
      gsi1sk: sort,
      gsi2pk: `SMEX#${record.stateMachineArn}#${record.status}`,
      gsi2sk: sort,
      ...(record.status === "RUNNING" ? { gsi3pk: "RUNNING", gsi3sk: record.executionArn } : {}),
    };
  }

  /** All but the last chunk go first (conditional puts); the last commits with the execution item. */
  private async writeEvents(executionArn: string, events: Emitted[], final: TransactItem) {
    const puts = events.map((e) => ({ Put: { Item: toItem(executionArn, e), ConditionExpression: "attribute_not_exists(pk)" } }) satisfies TransactItem);
    const head = puts.slice(0, Math.max(0, puts.length - EVENTS_PER_TRANSACTION));
    for (let i = 0; i < head.length; i += 25) {
      await this.db.doc.send(new BatchWriteCommand({ RequestItems: { [this.db.tableName]: head.slice(i, i + 25).map((p) => ({ PutRequest: { Item: p.Put.Item } })) } }));
    }
    await this.db.transact([...puts.slice(head.length), final]);
  }
}

function toItem(executionArn: string, e: Emitted): Record<string, unknown> {
  return {
    pk: execKey(executionArn).pk,
    sk: eventSk(e.id),
    type: "event",
    id: e.id,
    previousEventId: e.previousEventId,
    timestamp: e.at.toISOString(),
    eventType: e.event.type,
    ...(e.event.details ? { details: e.event.details } : {}),
  };
}

function toEvent(item: Record<string, unknown>): HistoryEvent {
  const type = item.eventType as string;
  return {
    id: item.id as number,
    previousEventId: item.previousEventId as number,
    timestamp: new Date(item.timestamp as string),
    type,
    ...(item.details ? { [detailsKey(type)]: item.details } : {}),
  };
}
