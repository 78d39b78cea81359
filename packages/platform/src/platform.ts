import { AuditLog } from "./audit/audit-log";
import { LoginThrottle } from "./auth/login-throttle";
import { Sessions } from "./auth/sessions";
import { SignIn } from "./auth/sign-in";
import { Users } from "./auth/users";
import { BudgetLines } from "./master/budget-lines";
import { Opds } from "./master/opds";
import { RateTables } from "./master/rate-tables";
import { createDynamoClients, type DynamoConfig } from "./storage/clients";
import { Db } from "./storage/db";
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";

export interface PlatformConfig {
  dynamo: DynamoConfig;
  tableName: string;
  /** Signs session tokens and form tokens; from SST Config.Secret in AWS. */
  sessionSecret: string;
  /** Step Functions: the local engine's endpoint locally; in AWS the SDK finds it. Health-checked when given. */
  stepFunctions?: { endpoint?: string };
  now?: () => Date;
}

/** The adapters the API and the workflows use, wired to one table. */
export function createPlatform(config: PlatformConfig) {
  const now = config.now ?? (() => new Date());
  const db = new Db(createDynamoClients(config.dynamo), config.tableName);
  const audit = new AuditLog(db, now);
  const users = new Users(db, audit);
  const sessions = new Sessions(db, config.sessionSecret, now);
  const throttle = new LoginThrottle(db, now);
  const sfn = config.stepFunctions
    ? new SFNClient({
        region: process.env.AWS_REGION ?? "ap-southeast-3",
        ...(config.stepFunctions.endpoint ? { endpoint: config.stepFunctions.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
      })
    : undefined;
  return {
    db,
    audit,
    users,
    sessions,
    throttle,
    signIn: new SignIn(users, sessions, throttle, audit),
    opds: new Opds(db, audit),
    sfn,
    budgetLines: new BudgetLines(db, audit),
    rateTables: new RateTables(db, audit),
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

export type Platform = ReturnType<typeof createPlatform>;
