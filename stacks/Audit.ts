import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention } from "aws-cdk-lib/aws-s3";
import { Cron, use, type StackContext } from "sst/constructs";
import { Storage } from "./Storage";
import { tableDataAccess } from "./table-access";

/**
 * How long every anchor stays undeletable: 10 years, the retention the
 * auditors ask of government financial records. 3,653 days so that no
 * 10-year span (with up to three leap days) ends early. Compliance mode: no
 * one, the account's root user included, can delete an anchor version or
 * shorten its retention before then; the period can only be lengthened.
 */
export const ANCHOR_RETENTION_DAYS = 3653;

/** Where the anchor function writes: `anchors/<YYYY-MM-DD>/<timestamp>.json`. */
export const ANCHOR_PREFIX = "anchors/";

/** Daily at 17:00 UTC = 00:00 WIB (UTC+7, no daylight saving): one anchor per WIB day, just after it ends. */
export const ANCHOR_SCHEDULE = "cron(0 17 * * ? *)";

export const ANCHOR_HANDLER = "packages/api/src/audit-anchor.handler";

/**
 * A daily, undeletable anchor of the audit log's chain heads: deleting or
 * rewriting the newest audit events (which an account admin could do to the
 * table) no longer matches the last anchor.
 */
export function Audit({ stack }: StackContext) {
  const { table } = use(Storage);

  const bucket = new Bucket(stack, "AuditAnchors", {
    // Object Lock needs versioning; every version of every object is locked
    // in COMPLIANCE mode for ANCHOR_RETENTION_DAYS from when it is written.
    objectLockEnabled: true,
    objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(ANCHOR_RETENTION_DAYS)),
    versioned: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    // SSE-S3, not a KMS key: scheduling a key's deletion would make the
    // anchors unreadable without deleting them.
    encryption: BucketEncryption.S3_MANAGED,
    // On every stage: the bucket cannot be emptied before its objects'
    // retention ends, so a stack delete could not remove it anyway.
    removalPolicy: RemovalPolicy.RETAIN,
    // No lifecycle transition: anchors are ~1 KB objects, one a day. S3 does
    // not transition objects under 128 KB by default, and the cheaper classes
    // bill at least 128 KB (IA, Glacier IR) or add 40 KB per object
    // (Glacier), so a transition would cost more than it saves.
  });

  const anchor = new Cron(stack, "AuditAnchor", {
    schedule: ANCHOR_SCHEDULE,
    job: {
      function: {
        handler: ANCHOR_HANDLER,
        // Also the app defaults (sst.config.ts); restated so this function
        // keeps them even if the defaults change.
        runtime: "nodejs22.x",
        architecture: "arm_64",
        memorySize: 512,
        timeout: 300,
        nodejs: { format: "esm", sourcemap: true, minify: true },
        environment: {
          TABLE_NAME: table.tableName,
          AUDIT_ANCHOR_BUCKET: bucket.bucketName,
        },
        permissions: [
          tableDataAccess(table),
          // Write only, under anchors/ only: no read, no list, no delete, no
          // retention or legal-hold changes. The bucket's default retention
          // locks each object without the writer asking for it (a PutObject
          // that sets ObjectLockMode / RetainUntilDate itself would also
          // need s3:PutObjectRetention, deliberately not granted).
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ["s3:PutObject"],
            resources: [bucket.arnForObjects(`${ANCHOR_PREFIX}*`)],
          }),
        ],
      },
    },
  });

  stack.addOutputs({ AuditAnchorBucketName: bucket.bucketName });
  return { bucket, anchor };
}
