import { createHash } from "node:crypto";
import { DeleteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { TransactionRefused, type Db, type Page, type TransactItem } from "@naungan/platform";
import type { Emitted } from "../runtime/interpreter";
import type { HistoryEvent } from "../runtime/events";
import { CommitBatcher } from "./commit-batcher";
import { chunkItems, eventSk, historyPage } from "./event-chunks";
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
/** An execution's definition, stored once per distinct text (content-addressed, never changed). */
const definitionKey = (hash: string) => ({ pk: `DEF#${hash}`, sk: "DEF" });
/** DynamoDB's limit of items per transaction, less the execution item. */
const CHUNKS_PER_TRANSACTION = 99;
/** What the chunks in one transaction may weigh (DynamoDB: 4 MB in all). */
const TRANSACTION_BYTES = 3_000_000;
/** Definitions this process knows (by hash): immutable, so never stale. */
const DEFINITION_CACHE_SIZE = 256;

export class ExecutionStore {
  private readonly batcher: CommitBatcher;
  private readonly definitions = new Map<string, string>();

  constructor(private readonly db: Db) {
    this.batcher = new CommitBatcher(db);
  }

  async get(executionArn: string): Promise<ExecutionRecord | undefined> {
    const { pk, sk } = execKey(executionArn);
    const item = await this.db.get<ExecutionRecord & { definitionHash?: string }>(pk, sk, true);
    if (!item) return undefined;
    // Executions stored before definitions moved out carry their own.
    if (item.definition !== undefined || item.definitionHash === undefined) return item;
    const { definitionHash, ...record } = item;
    return { ...record, definition: await this.definition(definitionHash) };
  }

  /** Creates the execution with its first events; false when an execution with that ARN exists. */
  async create(record: ExecutionRecord, events: Emitted[]): Promise<boolean> {
    const { definition, ...rest } = record;
    const definitionHash = await this.storeDefinition(definition);
    try {
      await this.writeEvents(record.executionArn, events, {
        Put: { Item: { ...execKey(record.executionArn), type: "execution", ...rest, definitionHash, ...this.indexKeys(record) }, ConditionExpression: "attribute_not_exists(pk)" },
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
    // The status index changes only when the execution ends.
    if (end?.status !== undefined) {
      sets.push("gsi2pk = :g2pk");
      values[":g2pk"] = this.indexKeys({ ...next, status }).gsi2pk;
    }
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
  history(record: ExecutionRecord, options: { reverse?: boolean; limit?: number; cursor?: string }): Promise<Page<HistoryEvent>> {
    return historyPage(this.db, execKey(record.executionArn).pk, record.nextEventId - 1, options);
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
   * Removes event chunks written past the committed counter by a batch that crashed
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

  private async definition(hash: string): Promise<string> {
    let text = this.definitions.get(hash);
    if (text === undefined) {
      const item = await this.db.get<{ definition: string }>(definitionKey(hash).pk, definitionKey(hash).sk, true);
      if (!item) throw new Error(`the definition ${hash} of an execution is missing`);
      text = item.definition;
      this.remember(hash, text);
    }
    return text;
  }

  /** Stored before the execution that refers to it; writing the same text again changes nothing. */
  private async storeDefinition(definition: string): Promise<string> {
    const hash = createHash("sha256").update(definition).digest("hex");
    if (!this.definitions.has(hash)) {
      await this.db.put({ ...definitionKey(hash), type: "definition", definition });
      this.remember(hash, definition);
    }
    return hash;
  }

  private remember(hash: string, definition: string) {
    this.definitions.set(hash, definition);
    if (this.definitions.size > DEFINITION_CACHE_SIZE) this.definitions.delete(this.definitions.keys().next().value!);
  }

  /**
   * The events' chunks and the execution item in one transaction, grouped
   * with other executions' commits. Only a batch too big for one
   * transaction writes its first chunks ahead (past the committed counter,
   * so unseen until the final transaction; `dropUncommitted` clears them
   * after a crash).
   */
  private async writeEvents(executionArn: string, events: Emitted[], final: TransactItem) {
    const puts = chunkItems(execKey(executionArn).pk, events).map((Item) => ({ Put: { Item, ConditionExpression: "attribute_not_exists(pk)" } }) satisfies TransactItem);
    // The last chunks that fit DynamoDB's 100 items and 4 MB go with the execution item.
    let tail = 0;
    for (let bytes = 0; tail < Math.min(puts.length, CHUNKS_PER_TRANSACTION); tail++) {
      bytes += Buffer.byteLength(JSON.stringify(puts[puts.length - 1 - tail]!.Put.Item));
      if (bytes > TRANSACTION_BYTES && tail > 0) break;
    }
    const head = puts.slice(0, puts.length - tail);
    await this.db.batchPut(head.map((p) => p.Put.Item));
    await this.batcher.commit([...puts.slice(head.length), final]);
  }
}
