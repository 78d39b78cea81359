import { describe, expect, it } from "vitest";
import { createPlatform, createPlatformWith, createSesMailer, SesMailer, type PlatformConfig } from "../src";

/*
 * A Lambda function builds its platform with only the AWS clients it uses
 * (createPlatformWith), so its bundle holds no other; a config that needs a
 * client it was not given fails at once rather than on first use.
 */
const base: PlatformConfig = { dynamo: { endpoint: "http://127.0.0.1:9" }, tableName: "adapters", sessionSecret: "s".repeat(40) };

describe("createPlatformWith", () => {
  it("without adapters: the outbox, no Step Functions, anchors in the table only", () => {
    const platform = createPlatformWith({}, base);
    expect(platform.sfn).toBeUndefined();
    expect(platform.outbox).toBeDefined();
    expect(platform.mailer).toBe(platform.outbox);
  });

  it("refuses a config that needs a client it was not given", () => {
    expect(() => createPlatformWith({}, { ...base, stepFunctions: {} })).toThrow(/stepFunctions adapter/);
    expect(() => createPlatformWith({}, { ...base, auditAnchorBucket: "anchors" })).toThrow(/anchorBucket adapter/);
    expect(() => createPlatformWith({}, { ...base, publicUrl: "https://naungan.example", mail: { kind: "ses", from: "naungan@tanjabbarkab.go.id" } })).toThrow(/SES mailer/);
  });

  it("uses the adapters it is given; createPlatform gives them all", () => {
    const withSes = createPlatformWith({ sesMailer: createSesMailer }, { ...base, publicUrl: "https://naungan.example", mail: { kind: "ses", from: "naungan@tanjabbarkab.go.id" } });
    expect(withSes.mailer).toBeInstanceOf(SesMailer);
    expect(withSes.outbox).toBeUndefined();
    expect(withSes.sfn).toBeUndefined();
    const full = createPlatform({ ...base, stepFunctions: { endpoint: "http://127.0.0.1:9" }, auditAnchorBucket: "anchors" });
    expect(full.sfn).toBeDefined();
  });
});
