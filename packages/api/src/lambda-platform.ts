import { createPlatformWith, type Platform, type PlatformAdapters } from "@naungan/platform";
import { stackEnv } from "./lambda-env";

/**
 * The platform of a deployed function, from the environment the Api stack sets,
 * with only the AWS clients the function uses (so its bundle holds no other):
 * Step Functions when `adapters.stepFunctions` is given; with AUDIT_ANCHOR_BUCKET
 * set, `adapters.anchorBucket` is needed.
 */
export function platformFromEnv(sessionSecret: string, adapters: PlatformAdapters): Platform {
  return createPlatformWith(adapters, {
    dynamo: {},
    tableName: stackEnv("TABLE_NAME", "Api"),
    sessionSecret,
    // In AWS the SDK finds Step Functions itself; the ARNs come from the stack
    // (the import runner gets the enrolment's only).
    ...(adapters.stepFunctions ? { stepFunctions: {} } : {}),
    workflows: { enrolment: process.env.STATE_MACHINE_ENROLMENT_ARN, deathBenefit: process.env.STATE_MACHINE_DEATH_BENEFIT_ARN },
    ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
    // Verification reads the anchors from the Object Lock bucket, which nobody can rewrite.
    ...(process.env.AUDIT_ANCHOR_BUCKET ? { auditAnchorBucket: process.env.AUDIT_ANCHOR_BUCKET } : {}),
  });
}
