import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Table } from "sst/constructs";

/**
 * The DynamoDB actions application code (the API and the workflow tasks) may
 * call, and nothing more.
 *
 * Deliberately absent:
 * - `dynamodb:DeleteItem`: the audit log is append-only, sessions are revoked
 *   by an update, and expired items (approval tokens, sessions) go by TTL.
 * - `dynamodb:Scan`: every screen has a key or GSI query.
 * - `dynamodb:TransactWriteItems` / `TransactGetItems`: not IAM actions;
 *   transactions are authorised by the per-item actions they contain
 *   (Put → PutItem, Update → UpdateItem, ConditionCheck → ConditionCheckItem,
 *   Delete → DeleteItem, which is missing, so a transaction cannot delete).
 * Caveat: `BatchWriteItem` is authorised as one action for both its
 * PutRequests and DeleteRequests, so a batch *can* delete. IAM alone does not
 * make the table append-only (PutItem/UpdateItem can overwrite anyway); the
 * audit chain's hashes are what make tampering detectable.
 */
export const TABLE_DATA_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:Query",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;

/**
 * Those actions on the table and its indexes only. Use it instead of
 * `permissions: [table]`, which grants dynamodb:* on the table.
 */
export function tableDataAccess(table: Table): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: [...TABLE_DATA_ACTIONS],
    resources: [table.tableArn, `${table.tableArn}/index/*`],
  });
}
