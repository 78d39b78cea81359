import { AuditLog } from "./audit/audit-log";
import { AuditAnchors, type AnchorBucket } from "./audit/audit-anchors";
import { s3AnchorBucket } from "./audit/s3-anchor-bucket";
import { AuditQuery } from "./audit/audit-query";
import { ApprovalLinks } from "./approvals/approval-links";
import { createMail, type MailConfig } from "./mail/mail-config";
import type { Mailer } from "./mail/mailer";
import { createSesMailer } from "./mail/ses-mailer";
import { LoginThrottle } from "./auth/login-throttle";
import { Sessions } from "./auth/sessions";
import { SignIn } from "./auth/sign-in";
import { Users } from "./auth/users";
import { BudgetLines } from "./master/budget-lines";
import { BudgetLedger } from "./enrolment/budget-ledger";
import { CoverageCounters } from "./enrolment/coverage-counters";
import { Participants } from "./enrolment/participants";
import { Opds } from "./master/opds";
import { RateTables } from "./master/rate-tables";
import { createDynamoClients, type DynamoConfig } from "./storage/clients";
import { Db } from "./storage/db";
import { createSfnClient } from "./storage/sfn-client";
import { ListStateMachinesCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { createCaseServices, type WorkflowArns } from "./cases/case-services";
import { SettingsStore, type Settings } from "./settings";
import { ImportJobs } from "./imports/import-jobs";
import { ParticipantImportJobs } from "./imports/participant-import-jobs";

export interface PlatformConfig {
  dynamo: DynamoConfig;
  tableName: string;
  /** Signs session tokens and form tokens; from SST Config.Secret in AWS. */
  sessionSecret: string;
  /** Step Functions: the local engine's endpoint locally; in AWS the SDK finds it. Health-checked when given. */
  stepFunctions?: { endpoint?: string };
  /** Base URL of the app for links in mails (e.g. http://localhost:3000); required with SES. */
  publicUrl?: string;
  /** Where mail goes; the table's outbox by default. */
  mail?: MailConfig;
  /** The state machines cases run on (created on the local engine, or the stack's in AWS). */
  workflows?: WorkflowArns;
  /** Settings that win over the stored ones (the local runtime's shortened reminders, tests). */
  settings?: Partial<Settings>;
  /** The Object Lock bucket audit anchors are also written to (env AUDIT_ANCHOR_BUCKET in AWS); table only without. */
  auditAnchorBucket?: string;
  now?: () => Date;
}

/**
 * The AWS clients beyond DynamoDB, each from a module of its own. A Lambda
 * function passes only those it uses to createPlatformWith, so its bundle holds
 * no other client; createPlatform passes them all.
 */
export interface PlatformAdapters {
  /** Needed with `stepFunctions` (createSfnClient). */
  stepFunctions?: (config: { endpoint?: string }) => SFNClient;
  /** Needed with `mail: { kind: "ses" }` (createSesMailer). */
  sesMailer?: (from: string) => Mailer;
  /** Needed with `auditAnchorBucket` (s3AnchorBucket). */
  anchorBucket?: (bucket: string) => AnchorBucket;
}

/** Every adapter: the local runtime, the tests and the tools. */
const allAdapters: PlatformAdapters = { stepFunctions: createSfnClient, sesMailer: createSesMailer, anchorBucket: s3AnchorBucket };

/** The adapters the API and the workflows use, wired to one table. */
export function createPlatform(config: PlatformConfig) {
  return createPlatformWith(allAdapters, config);
}

/** createPlatform with only the given AWS clients (a Lambda function's own); a config that needs a missing one throws. */
export function createPlatformWith(adapters: PlatformAdapters, config: PlatformConfig) {
  const now = config.now ?? (() => new Date());
  const db = new Db(createDynamoClients(config.dynamo), config.tableName);
  const audit = new AuditLog(db, now);
  const opds = new Opds(db, audit);
  const users = new Users(db, audit, opds);
  const sessions = new Sessions(db, config.sessionSecret, now);
  const throttle = new LoginThrottle(db, now);
  const { mailer, outbox, urls } = createMail(config, db, now, adapters.sesMailer);
  const sfn = config.stepFunctions ? required(adapters.stepFunctions, "stepFunctions")(config.stepFunctions) : undefined;
  const anchorBucket = config.auditAnchorBucket ? required(adapters.anchorBucket, "anchorBucket")(config.auditAnchorBucket) : undefined;
  const budgetLines = new BudgetLines(db, audit);
  const rateTables = new RateTables(db, audit, now);
  const participants = new Participants(db, audit, now);
  const approvals = new ApprovalLinks(db, audit, now, urls.approve);
  const settings = new SettingsStore(db, audit, config.settings);
  const caseServices = createCaseServices({ db, audit, users, opds, budgetLines, rateTables, participants, approvals, settings, sfn, workflows: config.workflows ?? {}, now });
  return {
    now,
    db,
    audit,
    /** The auditor's filtered, paged view of the log. */
    auditQuery: new AuditQuery(db, now),
    /** Daily digests of every chain's head, and verification of the whole log against the latest. */
    auditAnchors: new AuditAnchors(db, audit, now, { bucket: anchorBucket }),
    users,
    sessions,
    throttle,
    signIn: new SignIn(users, sessions, throttle, audit),
    opds,
    sfn,
    budgetLines,
    rateTables,
    settings,
    ledger: new BudgetLedger(db, audit, now),
    participants,
    coverage: new CoverageCounters(db),
    approvals,
    imports: new ImportJobs(db, audit, now),
    /** The administrator's CSV imports of existing participants. */
    participantImports: new ParticipantImportJobs(db, audit, participants, opds, now),
    ...caseServices,
    mailer,
    /** The stored mails; undefined when mail goes out through SES. */
    outbox,
    urls,
    /** Names of the dependencies that do not answer (empty when healthy). */
    async health(): Promise<string[]> {
      const failing: string[] = [];
      await Promise.all([
        db.get("HEALTH", "HEALTH").catch(() => failing.push("storage")),
        sfn?.send(new ListStateMachinesCommand({ maxResults: 1 })).catch(() => failing.push("workflow engine")),
      ]);
      return failing;
    },
  };
}

export type Platform = ReturnType<typeof createPlatformWith>;

function required<T>(adapter: T | undefined, name: keyof PlatformAdapters): T {
  if (!adapter) throw new Error(`the platform's config needs the ${name} adapter, which was not given`);
  return adapter;
}
