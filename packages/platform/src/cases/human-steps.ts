import type { CaseStep, Decision } from "@naungan/core";
import { conditionFailed, type Db, type TransactItem } from "../storage/db";
import { caseKey } from "./case-store";

/** What a person decided on a step; also the task output the workflow routes on. */
export interface StepDecision {
  decision: Decision;
  note?: string;
  actor: string;
  at: string;
  via: "app" | "link";
  /** The treasurer's disbursement of an enrolment's contribution to BPJS (step `disbursement`). */
  disbursement?: { sp2dNumber: string; transferReference: string; paidAt: string; amount: number };
  /** The treasurer's payout of a death benefit to its payees (step `disbursement`). */
  payout?: PayoutRecord;
}

/** A death benefit paid: one transfer per payee, into the account the claim gave. */
export interface PayoutRecord {
  sp2dNumber: string;
  paidAt: string;
  amount: number;
  payouts: { nik: string; name: string; bankAccount: { bank: string; number: string; holder: string }; transferReference: string; amount: number }[];
}

/** One human step of one attempt: the waiting task token and, once made, the decision. */
export interface HumanStep {
  caseId: string;
  attempt: number;
  step: CaseStep;
  taskToken: string;
  holders: string[];
  openedAt: string;
  /** How many times the workflow opened the step (1 + one per reminder). */
  opens: number;
  reminders: number;
  /** The opening whose timeout was last handled (a reminder per opening, even if the task runs twice). */
  handledOpen?: number;
  escalatedTo?: string;
  /** When the holders were first mailed (set after the mails went out). */
  notifiedAt?: string;
  decision?: StepDecision;
}

/** The workflow re-opened a step whose decision is already recorded: route it instead of waiting. */
export class StepAlreadyDecided extends Error {
  override name = "StepAlreadyDecided";
}

const stepKey = (caseId: string, attempt: number, step: CaseStep) => ({ pk: caseKey(caseId).pk, sk: `STEP#${String(attempt).padStart(3, "0")}#${step}` });

/**
 * The items behind the human steps. The task token never leaves the backend:
 * it lives here, replaced each time the workflow re-opens the step (after a
 * reminder), and a decision is written only against the token it was read with.
 */
export class HumanSteps {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async get(caseId: string, attempt: number, step: CaseStep): Promise<HumanStep | undefined> {
    const key = stepKey(caseId, attempt, step);
    return this.db.get<HumanStep>(key.pk, key.sk, true);
  }

  /**
   * Stores the step's current task token (the first opening also fixes the
   * holders). Throws `StepAlreadyDecided` when a decision is already recorded.
   */
  async open(input: { caseId: string; attempt: number; step: CaseStep; taskToken: string; holders: string[] }): Promise<HumanStep> {
    try {
      const item = await this.db.update({
        Key: stepKey(input.caseId, input.attempt, input.step),
        UpdateExpression:
          "SET caseId = :caseId, attempt = :attempt, step = :step, taskToken = :token, holders = if_not_exists(holders, :holders), " +
          "openedAt = if_not_exists(openedAt, :now), reminders = if_not_exists(reminders, :zero), #type = :type ADD opens :one",
        ConditionExpression: "attribute_not_exists(decision)",
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: {
          ":caseId": input.caseId,
          ":attempt": input.attempt,
          ":step": input.step,
          ":token": input.taskToken,
          ":holders": input.holders,
          ":now": this.now().toISOString(),
          ":zero": 0,
          ":one": 1,
          ":type": "human_step",
        },
      });
      return item as unknown as HumanStep;
    } catch (err) {
      if (conditionFailed(err)) throw new StepAlreadyDecided(`${input.step} of ${input.caseId} is already decided`);
      throw err;
    }
  }

  async markNotified(caseId: string, attempt: number, step: CaseStep): Promise<void> {
    await this.db.update({ Key: stepKey(caseId, attempt, step), UpdateExpression: "SET notifiedAt = :now", ExpressionAttributeValues: { ":now": this.now().toISOString() } });
  }

  /** The write that records a decision, valid only while no decision exists and `taskToken` is still the step's token. */
  decisionWrite(step: Pick<HumanStep, "caseId" | "attempt" | "step" | "taskToken">, decision: StepDecision): TransactItem {
    return {
      Update: {
        Key: stepKey(step.caseId, step.attempt, step.step),
        UpdateExpression: "SET decision = :decision",
        ConditionExpression: "attribute_not_exists(decision) AND taskToken = :token",
        ExpressionAttributeValues: { ":decision": decision, ":token": step.taskToken },
      },
    };
  }

  /**
   * Counts the reminder for the step's current opening; with `escalateTo`,
   * also adds the backup approver to the holders. Refused when this opening's
   * timeout was already handled (the task ran twice) or a decision exists.
   */
  reminderWrite(step: Pick<HumanStep, "caseId" | "attempt" | "step" | "opens">, escalateTo?: string): TransactItem {
    const sets = ["reminders = reminders + :one", "handledOpen = :opens"];
    if (escalateTo) sets.push("escalatedTo = :backup", "holders = list_append(holders, :backupList)");
    return {
      Update: {
        Key: stepKey(step.caseId, step.attempt, step.step),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: "(attribute_not_exists(handledOpen) OR handledOpen < :opens) AND attribute_not_exists(decision)",
        ExpressionAttributeValues: {
          ":one": 1,
          ":opens": step.opens,
          ...(escalateTo ? { ":backup": escalateTo, ":backupList": [escalateTo] } : {}),
        },
      },
    };
  }
}
