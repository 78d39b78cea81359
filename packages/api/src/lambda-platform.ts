import { createPlatform, type Platform } from "@naungan/platform";

/** The platform of a deployed function, from the environment the Api stack sets. */
export function platformFromEnv(sessionSecret: string): Platform {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error("TABLE_NAME is not set (the Api stack sets it)");
  return createPlatform({
    dynamo: {},
    tableName,
    sessionSecret,
    // In AWS the SDK finds Step Functions itself; the ARNs come from the stack
    // (the import runner gets the enrolment's only).
    stepFunctions: {},
    workflows: { enrolment: process.env.STATE_MACHINE_ENROLMENT_ARN, deathBenefit: process.env.STATE_MACHINE_DEATH_BENEFIT_ARN },
    ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
    // Verification reads the anchors from the Object Lock bucket, which nobody can rewrite.
    ...(process.env.AUDIT_ANCHOR_BUCKET ? { auditAnchorBucket: process.env.AUDIT_ANCHOR_BUCKET } : {}),
  });
}
