import * as z from "zod";

/* The life of a case (API.md "Cases"), shared by both workflows. */

export const caseTypes = ["enrolment", "death_benefit"] as const;
export type CaseType = (typeof caseTypes)[number];
export const caseTypeSchema = z.enum(caseTypes);

export const caseStatuses = [
  "validating",
  "awaiting_opd_head",
  "awaiting_finance",
  "awaiting_disbursement",
  "completed",
  "returned",
  "rejected",
  "failed",
] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseStatusSchema = z.enum(caseStatuses);

/** The human steps, in the order a case passes them. */
export const caseSteps = ["opd_head", "finance", "disbursement"] as const;
export type CaseStep = (typeof caseSteps)[number];

/** The status of a case while the step is open. */
export const statusOfStep: Record<CaseStep, CaseStatus> = {
  opd_head: "awaiting_opd_head",
  finance: "awaiting_finance",
  disbursement: "awaiting_disbursement",
};

/** Who holds each step (DESIGN.md §7). */
export const roleOfStep = { opd_head: "opd_head", finance: "finance_approver", disbursement: "treasurer" } as const;

export const decisions = ["approve", "reject", "return"] as const;
export type Decision = (typeof decisions)[number];
export const decisionSchema = z.object({
  decision: z.enum(decisions),
  note: z.string().trim().max(1000).optional(),
});

/** Statuses after which nothing more happens to this attempt. */
export const isFinal = (status: CaseStatus) => status === "completed" || status === "rejected" || status === "failed";
