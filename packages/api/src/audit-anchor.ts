import { platformFromEnv } from "./lambda-platform";

// Anchoring signs nothing: the session key is the API's alone. The bucket
// comes from AUDIT_ANCHOR_BUCKET (stacks/Audit.ts).
const platform = platformFromEnv("unused: the audit anchor signs no sessions");

/** Run daily by a Cron: writes the digest of every audit chain's head to the table and to the Object Lock bucket. */
export async function handler() {
  const summary = await platform.auditAnchors.anchor("system:audit-anchor");
  console.log(JSON.stringify({ level: "info", message: "audit anchor written", at: summary.at, chains: summary.chainCount, events: summary.events, digest: summary.digest, s3Key: summary.s3Key }));
  return summary;
}
