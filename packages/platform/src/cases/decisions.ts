import { SendTaskSuccessCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { canSeeOpd, decisionSchema, formatDateId, formatRupiah, roleOfStep, wibDate, type CaseStep, type ClaimPayee } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import * as z from "zod";
import type { AuditLog } from "../audit/audit-log";
import type { ApprovalLinks } from "../approvals/approval-links";
import type { User, Users } from "../auth/users";
import { Refused } from "../errors";
import { TransactionRefused } from "../storage/db";
import { caseSubject, type Actor, type CaseRecord, type CaseStore } from "./case-store";
import type { DeathClaimDetails } from "./death-claim-service";
import type { HumanStep, HumanSteps, PayoutRecord, StepDecision } from "./human-steps";

export const disbursementSchema = z.object({
  sp2dNumber: z.string().trim().min(1).max(64),
  transferReference: z.string().trim().min(1).max(64),
  paidAt: z.iso.date(),
  amount: z.int().min(0),
});
export type DisbursementInput = z.infer<typeof disbursementSchema>;

/** A death benefit's payout (API.md "Cases"): one transfer per payee. */
export const payoutSchema = z.object({
  sp2dNumber: z.string().trim().min(1).max(64),
  paidAt: z.iso.date(),
  payouts: z
    .array(z.object({ nik: z.string().trim().min(1).max(32), transferReference: z.string().trim().min(1).max(64), amount: z.int().min(0) }))
    .min(1)
    .max(30),
});
export type PayoutInput = z.infer<typeof payoutSchema>;

export interface CaseDecisionsDeps {
  cases: CaseStore;
  steps: HumanSteps;
  links: ApprovalLinks;
  users: Users;
  audit: AuditLog;
  sfn?: SFNClient;
  now: () => Date;
}

/**
 * People's decisions on the human steps, in the app or by email link. The
 * decision is stored (with the audit event, and the link burned) before the
 * workflow hears of it, so it survives a token that timed out meanwhile: the
 * workflow's StepTimedOut task finds it and routes it.
 */
export class CaseDecisions {
  constructor(private readonly deps: CaseDecisionsDeps) {}

  /** `POST /api/cases/:id/decisions` and `POST /approve/:token`. */
  async decide(caseId: string, input: unknown, user: User, by: Actor, linkToken?: string): Promise<CaseRecord> {
    const parsed = decisionSchema.safeParse(input);
    if (!parsed.success) throw new Refused("invalid", t.cases.errors.invalidSubmission, fieldsOf(parsed.error));
    const { c, step } = await this.openStep(caseId, user);
    if (step.step === "disbursement") throw new Refused("conflict", t.cases.errors.stepNotOpen);
    if (linkToken) await this.checkLink(linkToken, step, user);
    const decision: StepDecision = { decision: parsed.data.decision, ...(parsed.data.note ? { note: parsed.data.note } : {}), actor: user.email, at: this.deps.now().toISOString(), via: linkToken ? "link" : "app" };
    await this.record(c, step, decision, by, linkToken);
    return (await this.deps.cases.get(caseId))!;
  }

  /**
   * `POST /approve/:token`: the link stands for its approver (no sign-in),
   * for one case, attempt and step; the token is burned with the decision.
   */
  async decideByLink(token: string, input: unknown, by: Omit<Actor, "actor">): Promise<CaseRecord> {
    const peeked = await this.deps.links.peek(token);
    if (!peeked.ok) throw new Refused(peeked.reason === "unknown" ? "not_found" : "gone", t.approval.linkRefused[peeked.reason]);
    const { link } = peeked;
    const [c, user] = await Promise.all([this.deps.cases.get(link.caseId), this.deps.users.get(link.approverEmail)]);
    if (!user || !user.active) throw new Refused("forbidden", t.approval.linkRefused.wrongApprover);
    if (!c || c.attempt !== link.attempt || c.currentStep !== link.step) throw new Refused("conflict", t.cases.errors.stepNotOpen);
    return this.decide(link.caseId, input, user, { actor: user.email, requestId: by.requestId }, token);
  }

  /**
   * `POST /api/cases/:id/disbursement`: the treasurer's record of the
   * transfer closes the disbursement step. The same transfer reference again
   * is a no-op; another reference is a conflict.
   */
  async disburse(caseId: string, input: unknown, user: User, by: Actor): Promise<{ case: CaseRecord; repeated: boolean }> {
    const c = await this.deps.cases.get(caseId);
    if (!c) throw new Refused("not_found", t.cases.errors.notFound);
    if (user.role !== "treasurer") throw new Refused("forbidden", t.cases.errors.wrongRole);
    if (c.type === "death_benefit") return this.payOut(c, input, user, by);
    const parsed = disbursementSchema.safeParse(input);
    if (!parsed.success) throw new Refused("invalid", t.cases.errors.invalidSubmission, fieldsOf(parsed.error));
    const recorded = await this.deps.steps.get(caseId, c.attempt, "disbursement");
    const previous = recorded?.decision?.disbursement;
    if (previous) {
      if (previous.transferReference === parsed.data.transferReference) return { case: c, repeated: true };
      throw new Refused("conflict", t.cases.errors.otherTransfer, undefined, { transferReference: previous.transferReference });
    }
    if (parsed.data.amount !== c.amount) {
      const message = t.cases.errors.amountMismatch(formatRupiah(c.amount));
      throw new Refused("unprocessable", message, [{ path: "amount", message }], { expected: c.amount });
    }
    return this.recordTransfer(c, user, by, { disbursement: parsed.data }, (d) => d?.disbursement?.transferReference === parsed.data.transferReference);
  }

  /**
   * A death benefit paid to its payees: exactly one transfer per payee of the
   * approved amount, so the transfers sum to the benefit. The same transfer
   * references again are a no-op; other references are a conflict.
   */
  private async payOut(c: CaseRecord, input: unknown, user: User, by: Actor): Promise<{ case: CaseRecord; repeated: boolean }> {
    const parsed = payoutSchema.safeParse(input);
    if (!parsed.success) throw new Refused("invalid", t.cases.errors.invalidSubmission, fieldsOf(parsed.error));
    const references = (p: { payouts: { transferReference: string }[] }) => p.payouts.map((x) => x.transferReference).sort().join("\n");
    const previous = (await this.deps.steps.get(c.id, c.attempt, "disbursement"))?.decision?.payout;
    if (previous) {
      if (references(previous) === references(parsed.data)) return { case: c, repeated: true };
      throw new Refused("conflict", t.cases.errors.otherTransfer, undefined, { transferReferences: previous.payouts.map((x) => x.transferReference) });
    }
    const { payees, completeAt } = c.details as unknown as DeathClaimDetails;
    const fields = payoutProblems(parsed.data, payees, c.amount);
    // The deadline clock runs from the complete claim to the payment: a payment outside that makes no sense.
    const d = t.death.payout;
    if (parsed.data.paidAt < wibDate(completeAt)) fields.push({ path: "paidAt", message: d.paidBeforeComplete(formatDateId(wibDate(completeAt))) });
    if (parsed.data.paidAt > wibDate(this.deps.now())) fields.push({ path: "paidAt", message: d.paidInFuture });
    if (fields.length > 0) throw new Refused("unprocessable", fields[0]!.message, fields, { expected: payees.map(({ nik, amount }) => ({ nik, amount })) });
    const byNik = new Map(payees.map((p) => [p.nik, p]));
    const payout: PayoutRecord = {
      sp2dNumber: parsed.data.sp2dNumber,
      paidAt: parsed.data.paidAt,
      amount: c.amount,
      payouts: parsed.data.payouts.map((x) => ({ ...x, name: byNik.get(x.nik)!.name, bankAccount: byNik.get(x.nik)!.bankAccount })),
    };
    return this.recordTransfer(c, user, by, { payout }, (d) => d?.payout !== undefined && references(d.payout) === references(parsed.data));
  }

  /**
   * Closes the disbursement step with the treasurer's transfer(s). A copy of
   * this request (a retry racing it) that recorded the same transfer first
   * gets the same no-op answer as a later retry would; anything else that
   * got there first stays a conflict.
   */
  private async recordTransfer(
    c: CaseRecord,
    user: User,
    by: Actor,
    transfer: Pick<StepDecision, "disbursement" | "payout">,
    sameTransfer: (recorded: StepDecision | undefined) => boolean,
  ): Promise<{ case: CaseRecord; repeated: boolean }> {
    try {
      const { step } = await this.openStep(c.id, user);
      if (step.step !== "disbursement") throw new Refused("conflict", t.cases.errors.stepNotOpen);
      await this.record(c, step, { decision: "approve", actor: user.email, at: this.deps.now().toISOString(), via: "app", ...transfer }, by);
    } catch (err) {
      if (!(err instanceof Refused) || err.kind !== "conflict") throw err;
      if (!sameTransfer((await this.deps.steps.get(c.id, c.attempt, "disbursement"))?.decision)) throw err;
      return { case: (await this.deps.cases.get(c.id))!, repeated: true };
    }
    return { case: (await this.deps.cases.get(c.id))!, repeated: false };
  }

  /**
   * A link decides only what it is bound to (DESIGN.md §4): this case, this
   * attempt, the step open now, its approver. Checked against the step read
   * for the decision, as the burn itself only checks that the link is unused.
   */
  private async checkLink(token: string, step: HumanStep, user: User): Promise<void> {
    const peeked = await this.deps.links.peek(token);
    if (!peeked.ok) throw new Refused(peeked.reason === "unknown" ? "not_found" : "gone", t.approval.linkRefused[peeked.reason]);
    const { link } = peeked;
    if (link.caseId !== step.caseId || link.attempt !== step.attempt || link.step !== step.step) throw new Refused("conflict", t.cases.errors.stepNotOpen);
    if (link.approverEmail !== user.email) throw new Refused("forbidden", t.approval.linkRefused.wrongApprover);
  }

  /** The case's open step, if this user may decide it. */
  private async openStep(caseId: string, user: User): Promise<{ c: CaseRecord; step: HumanStep }> {
    const c = await this.deps.cases.get(caseId);
    if (!c || !canSeeOpd(user, c.opdCode)) throw new Refused("not_found", t.cases.errors.notFound);
    if (!c.currentStep) throw new Refused("conflict", t.cases.errors.stepNotOpen);
    if (roleOfStep[c.currentStep] !== user.role) {
      // A decider whose own step is behind the case (a retry after the workflow moved on) is told it was decided.
      if (await this.decidedStepOf(c, user)) throw new Refused("conflict", t.cases.errors.alreadyDecided);
      throw new Refused("forbidden", t.cases.errors.wrongRole);
    }
    if (c.submittedBy === user.email) throw new Refused("forbidden", t.cases.errors.ownSubmission);
    const step = await this.deps.steps.get(caseId, c.attempt, c.currentStep);
    if (!step) throw new Refused("conflict", t.cases.errors.stepNotOpen);
    if (step.decision) throw new Refused("conflict", t.cases.errors.alreadyDecided);
    return { c, step };
  }

  /** Whether the step this user's role decides was already decided in the case's current attempt. */
  private async decidedStepOf(c: CaseRecord, user: User): Promise<boolean> {
    const own = (Object.keys(roleOfStep) as CaseStep[]).find((s) => roleOfStep[s] === user.role);
    return own !== undefined && !!(await this.deps.steps.get(c.id, c.attempt, own))?.decision;
  }

  private async record(c: CaseRecord, step: HumanStep, decision: StepDecision, by: Actor, linkToken?: string): Promise<void> {
    const now = this.deps.now();
    let current = step;
    for (let attempt = 0; ; attempt++) {
      const writes = [this.deps.steps.decisionWrite(current, decision), ...(linkToken ? [this.deps.links.burnWrite(linkToken, now)] : [])];
      try {
        await this.deps.audit.record(
          { subject: caseSubject(c.id), actor: by.actor, requestId: by.requestId, action: `step.${decision.decision}`, data: { step: current.step, attempt: c.attempt, ...decision }, opdCode: c.opdCode },
          writes,
        );
        break;
      } catch (err) {
        if (!(err instanceof TransactionRefused)) throw err;
        if (linkToken) {
          const refusal = await this.deps.links.burnRefusal(err, 1, linkToken, now);
          if (refusal) throw new Refused(refusal === "unknown" ? "not_found" : "gone", t.approval.linkRefused[refusal]);
        }
        const latest = await this.deps.steps.get(c.id, c.attempt, current.step as CaseStep);
        if (!latest || latest.decision || attempt >= 5) throw new Refused("conflict", t.cases.errors.alreadyDecided);
        current = latest; // the workflow re-opened the step with a new token meanwhile
      }
    }
    await this.deliver(current.taskToken, decision);
  }

  private async deliver(taskToken: string, decision: StepDecision): Promise<void> {
    if (!this.deps.sfn) throw new Error("the workflow engine is not configured");
    // The step timed out after the decision was stored: StepTimedOut will route it.
    await sendDecision(this.deps.sfn, taskToken, decision);
  }
}

/**
 * Hands a recorded decision to the waiting workflow. False when the token is
 * gone (timed out, or its execution ended): the decision is on the step item,
 * where StepTimedOut or the re-opened step finds it.
 */
export async function sendDecision(sfn: SFNClient, taskToken: string, decision: StepDecision): Promise<boolean> {
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }));
    return true;
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    if (name !== "TaskTimedOut" && name !== "TaskDoesNotExist" && name !== "InvalidToken") throw err;
    return false;
  }
}

/** What is wrong with a payout against the approved payees, by field. */
function payoutProblems(input: PayoutInput, payees: readonly ClaimPayee[], total: number): { path: string; message: string }[] {
  const d = t.death.payout;
  const problems: { path: string; message: string }[] = [];
  const byNik = new Map(payees.map((p) => [p.nik, p]));
  const seenNik = new Set<string>();
  const seenReference = new Set<string>();
  input.payouts.forEach((x, i) => {
    const payee = byNik.get(x.nik);
    if (!payee) problems.push({ path: `payouts.${i}.nik`, message: d.notAPayee });
    else if (seenNik.has(x.nik)) problems.push({ path: `payouts.${i}.nik`, message: d.duplicatePayee });
    else if (x.amount !== payee.amount) problems.push({ path: `payouts.${i}.amount`, message: d.amountMismatch(formatRupiah(payee.amount)) });
    if (seenReference.has(x.transferReference)) problems.push({ path: `payouts.${i}.transferReference`, message: d.duplicateReference });
    seenNik.add(x.nik);
    seenReference.add(x.transferReference);
  });
  for (const p of payees) if (!seenNik.has(p.nik)) problems.push({ path: "payouts", message: d.missingPayee(p.name) });
  const sum = input.payouts.reduce((a, x) => a + x.amount, 0);
  if (sum !== total) problems.unshift({ path: "payouts", message: d.sumMismatch(formatRupiah(sum), formatRupiah(total)) });
  return problems;
}

function fieldsOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
}
