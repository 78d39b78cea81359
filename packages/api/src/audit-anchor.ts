import { AuditAnchors, AuditLog, createDynamoClients, Db, s3AnchorBucket } from "@naungan/platform";
import { stackEnv } from "./lambda-env";

// Anchoring needs the table's audit log and the bucket only, not the whole
// platform (whose services, schemas and clients would triple the bundle). The
// bucket comes from AUDIT_ANCHOR_BUCKET (stacks/Audit.ts).
const db = new Db(createDynamoClients({}), stackEnv("TABLE_NAME", "Audit"));
const bucket = process.env.AUDIT_ANCHOR_BUCKET;
const anchors = new AuditAnchors(db, new AuditLog(db), () => new Date(), { bucket: bucket ? s3AnchorBucket(bucket) : undefined });

/** Run daily by a Cron: writes the digest of every audit chain's head to the table and to the Object Lock bucket. */
export async function handler() {
  const summary = await anchors.anchor("system:audit-anchor");
  console.log(JSON.stringify({ level: "info", message: "audit anchor written", at: summary.at, chains: summary.chainCount, events: summary.events, digest: summary.digest, s3Key: summary.s3Key }));
  return summary;
}
