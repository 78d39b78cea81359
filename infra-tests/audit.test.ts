/**
 * The Audit stack as CloudFormation (stage `test`, synthesized offline): the
 * Object Lock bucket the audit log's chain heads are anchored in, and the
 * daily function that writes the anchors — and may do nothing else to it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DYNAMODB_ACTIONS } from "./support/expected-access";
import { allStatements, asArray, exportsOf, render, resourcesOfType, roleIdOf, roleStatements, synth, type Json } from "./support/synth";

// Stated here, not imported from the stack: the tests say what it must be.
const HANDLER = "packages/api/src/audit-anchor.handler";
const SCHEDULE = "cron(0 17 * * ? *)"; // 17:00 UTC = 00:00 WIB, daily
const MIN_RETENTION_DAYS = 3650; // at least 10 years

let audit: Json;
let templates: Json[];
let imports: Record<string, Json>;

beforeAll(async () => {
  const synthesized = await synth("test");
  audit = synthesized.audit;
  templates = [synthesized.storage, synthesized.workflows, synthesized.api, audit];
  imports = exportsOf(...templates);
}, 180_000);

function onlyBucket(): [string, Json] {
  const buckets = resourcesOfType(audit, "AWS::S3::Bucket");
  expect(buckets).toHaveLength(1);
  return buckets[0]!;
}

function anchorFunction(): [string, Json] {
  const fns = resourcesOfType(audit, "AWS::Lambda::Function").filter(([, fn]) => fn.Properties.Handler === HANDLER);
  expect(fns).toHaveLength(1);
  return fns[0]!;
}

const anchorStatements = () => roleStatements(audit, roleIdOf(anchorFunction()[1].Properties.Role));
const actionsOf = (st: Json) => asArray<string>(st.Action);
const resourcesOf = (st: Json) => asArray<Json>(st.Resource).map((r) => render(r, imports));

describe("Audit stack: the anchor bucket", () => {
  it("has Object Lock on, COMPLIANCE default retention of at least 10 years", () => {
    const [, bucket] = onlyBucket();
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    const lock = bucket.Properties.ObjectLockConfiguration;
    expect(lock.ObjectLockEnabled).toBe("Enabled");
    expect(lock.Rule.DefaultRetention.Mode).toBe("COMPLIANCE");
    const days = lock.Rule.DefaultRetention.Days ?? lock.Rule.DefaultRetention.Years * 365;
    expect(days).toBeGreaterThanOrEqual(MIN_RETENTION_DAYS);
  });

  it("is versioned, private, S3-encrypted", () => {
    const [, bucket] = onlyBucket();
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
    ]);
  });

  it("is retained when the stack goes (DeletionPolicy and UpdateReplacePolicy Retain)", () => {
    const [, bucket] = onlyBucket();
    expect(bucket.DeletionPolicy).toBe("Retain");
    expect(bucket.UpdateReplacePolicy).toBe("Retain");
  });

  it("refuses requests without TLS", () => {
    const [bucketId] = onlyBucket();
    const policies = resourcesOfType(audit, "AWS::S3::BucketPolicy").filter(([, p]) => render(p.Properties.Bucket) === `\${${bucketId}}`);
    expect(policies).toHaveLength(1);
    const statements: Json[] = policies[0]![1].Properties.PolicyDocument.Statement;
    const tls = statements.filter((st) => st.Effect === "Deny" && st.Condition?.Bool?.["aws:SecureTransport"] === "false");
    expect(tls).toHaveLength(1);
    expect(tls[0].Principal).toEqual({ AWS: "*" });
    expect(actionsOf(tls[0])).toEqual(["s3:*"]);
    expect(resourcesOf(tls[0]).sort()).toEqual([`\${${bucketId}.Arn}`, `\${${bucketId}.Arn}/*`]);
    // The bucket policy allows nothing to anyone.
    expect(statements.filter((st) => st.Effect !== "Deny")).toEqual([]);
  });

  it("outputs its name", () => {
    const [bucketId] = onlyBucket();
    expect(render(audit.Outputs.AuditAnchorBucketName.Value)).toBe(`\${${bucketId}}`);
  });
});

describe("Audit stack: the anchor function", () => {
  it("runs on Node.js 22, arm64", () => {
    const [, fn] = anchorFunction();
    expect(fn.Properties.Runtime).toBe("nodejs22.x");
    expect(fn.Properties.Architectures).toEqual(["arm64"]);
  });

  it("gets the table's name and the bucket's name", () => {
    const [, fn] = anchorFunction();
    const [bucketId] = onlyBucket();
    const env = fn.Properties.Environment.Variables;
    const [tableId] = resourcesOfType(templates[0], "AWS::DynamoDB::Table")[0]!;
    expect(render(env.TABLE_NAME, imports)).toBe(`\${${tableId}}`);
    expect(render(env.AUDIT_ANCHOR_BUCKET)).toBe(`\${${bucketId}}`);
  });

  it("runs daily at 17:00 UTC (00:00 WIB), from an enabled Events rule", () => {
    const [fnId] = anchorFunction();
    const rules = resourcesOfType(audit, "AWS::Events::Rule").filter(([, r]) => asArray<Json>(r.Properties.Targets).some((t) => render(t.Arn) === `\${${fnId}.Arn}`));
    expect(rules).toHaveLength(1);
    const [ruleId, rule] = rules[0]!;
    expect(rule.Properties.ScheduleExpression).toBe(SCHEDULE);
    expect(rule.Properties.State).toBe("ENABLED");
    // …and EventBridge may invoke it, from that rule only.
    const permissions = resourcesOfType(audit, "AWS::Lambda::Permission").filter(([, p]) => render(p.Properties.FunctionName) === `\${${fnId}.Arn}`);
    expect(permissions).toHaveLength(1);
    expect(permissions[0]![1].Properties).toMatchObject({ Action: "lambda:InvokeFunction", Principal: "events.amazonaws.com" });
    expect(render(permissions[0]![1].Properties.SourceArn)).toBe(`\${${ruleId}.Arn}`);
  });

  it("may only PutObject, under anchors/, in the bucket", () => {
    const [bucketId] = onlyBucket();
    const s3 = anchorStatements().filter((st) => actionsOf(st).some((a) => a.startsWith("s3:") || a === "*"));
    expect(s3).toHaveLength(1);
    expect(s3[0].Effect).toBe("Allow");
    expect(actionsOf(s3[0])).toEqual(["s3:PutObject"]);
    expect(resourcesOf(s3[0])).toEqual([`\${${bucketId}.Arn}/anchors/*`]);
  });

  it("has the table's data actions, on the table and its indexes only", () => {
    const dynamo = anchorStatements().filter((st) => actionsOf(st).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0]).sort()).toEqual([...DYNAMODB_ACTIONS].sort());
    const [tableId] = resourcesOfType(templates[0], "AWS::DynamoDB::Table")[0]!;
    expect(resourcesOf(dynamo[0])).toEqual([`\${${tableId}.Arn}`, `\${${tableId}.Arn}/index/*`]);
  });
});

describe("nothing in the app may delete or unlock an anchor", () => {
  // Deleting an object version, bypassing governance, changing retention,
  // legal holds or the bucket's lock configuration; and wildcards that include them.
  const FORBIDDEN = /^(\*|s3:\*|s3:Delete.*|s3:Bypass.*|s3:PutObjectRetention|s3:PutObjectLegalHold|s3:PutBucketObjectLockConfiguration|s3:PutLifecycleConfiguration|s3:PutBucketPolicy|s3:DeleteBucketPolicy)$/;

  it("no Allow of any stack grants an s3:Delete* (or lock-changing, or wildcard) action", () => {
    for (const template of templates) {
      const allowed = allStatements(template)
        .filter((st) => st.Effect === "Allow")
        .flatMap(actionsOf);
      expect(allowed.filter((a) => FORBIDDEN.test(a) || /^s3:.*\*/.test(a))).toEqual([]);
    }
  });
});

describe("the API reads the anchors it verifies against", () => {
  it("may GetObject under anchors/ and list that prefix only, and knows the bucket", () => {
    const [bucketId] = onlyBucket();
    const [, fn] = resourcesOfType(templates[2], "AWS::Lambda::Function").find(([, f]) => f.Properties.Handler === "packages/api/src/lambda.handler")!;
    expect(render(fn.Properties.Environment.Variables.AUDIT_ANCHOR_BUCKET, imports)).toBe(`\${${bucketId}}`);
    const s3 = roleStatements(templates[2], roleIdOf(fn.Properties.Role)).filter((st) => actionsOf(st).some((a) => a.startsWith("s3:")));
    expect(s3.map((st) => [actionsOf(st), resourcesOf(st), st.Condition ?? null])).toEqual([
      [["s3:GetObject"], [`\${${bucketId}.Arn}/anchors/*`], null],
      [["s3:ListBucket"], [`\${${bucketId}.Arn}`], { StringLike: { "s3:prefix": ["anchors/*"] } }],
    ]);
  });
});
