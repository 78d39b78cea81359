import type { SFNClient } from "@aws-sdk/client-sfn";
import type { ApprovalLinks } from "../approvals/approval-links";
import type { AuditLog } from "../audit/audit-log";
import type { Users } from "../auth/users";
import type { Participants } from "../enrolment/participants";
import type { BudgetLines } from "../master/budget-lines";
import type { Opds } from "../master/opds";
import type { RateTables } from "../master/rate-tables";
import type { SettingsStore } from "../settings";
import type { Db } from "../storage/db";
import { CaseStore } from "./case-store";
import { DeathClaimService } from "./death-claim-service";
import { CaseDecisions } from "./decisions";
import { EnrolmentService } from "./enrolment-service";
import { HumanSteps } from "./human-steps";
import { UnstartedWorkflows } from "./unstarted-workflows";

/** The state machines cases run on: ARNs on the local engine or in AWS. */
export interface WorkflowArns {
  enrolment?: string;
  deathBenefit?: string;
}

export interface CaseServiceParts {
  db: Db;
  audit: AuditLog;
  users: Users;
  opds: Opds;
  budgetLines: BudgetLines;
  rateTables: RateTables;
  participants: Participants;
  approvals: ApprovalLinks;
  settings: SettingsStore;
  sfn?: SFNClient;
  workflows: WorkflowArns;
  now: () => Date;
}

/** Cases, their human steps, and the services that submit and decide them. */
export function createCaseServices(p: CaseServiceParts) {
  const cases = new CaseStore(p.db, p.audit, p.now);
  const steps = new HumanSteps(p.db, p.now);
  return {
    cases,
    steps,
    enrolments: new EnrolmentService({ ...p, cases, stateMachineArn: p.workflows.enrolment }),
    deathClaims: new DeathClaimService({ ...p, cases, stateMachineArn: p.workflows.deathBenefit }),
    /** Starts the workflows that submissions stored a case for but never started (a scheduled sweep). */
    unstartedWorkflows: new UnstartedWorkflows({ cases, settings: p.settings, sfn: p.sfn, workflows: p.workflows, now: p.now }),
    decisions: new CaseDecisions({ cases, steps, links: p.approvals, users: p.users, audit: p.audit, sfn: p.sfn, now: p.now }),
  };
}
