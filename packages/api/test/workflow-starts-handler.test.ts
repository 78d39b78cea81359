/**
 * The WorkflowStarts Lambda's handler as the Cron invokes it: the
 * environment the Api stack sets, the AWS SDK pointed at DynamoDB Local and
 * the local engine. A case stored ten minutes ago without its workflow (the
 * engine did not answer) is started; a case stored a moment ago is left to
 * its submission; a second run starts nothing.
 */
import { arns, defaultIdentity } from "@naungan/engine";
import { budgetLineId, createPlatform } from "@naungan/platform";
import { demoBudgetLine } from "@naungan/local";
import { WORKFLOWS } from "@naungan/workflows/definitions";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findFreePort } from "../../local/src/ports";
import { worker } from "./support/enrolment-client";
import { createTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

const enrolmentArn = arns.stateMachine(defaultIdentity, WORKFLOWS.enrolment.name);

/** Submits with a platform whose Step Functions does not answer, its clock `agoMs` behind: the case is stored, the start fails. */
async function storedWithoutWorkflow(serial: number, agoMs: number): Promise<string> {
  const engineDown = createPlatform({
    dynamo: { endpoint: inject("dynamoEndpoint") },
    tableName: t.tableName,
    sessionSecret: "unused-0123456789-0123456789-0123456789",
    stepFunctions: { endpoint: `http://127.0.0.1:${await findFreePort()}` },
    workflows: { enrolment: enrolmentArn },
    now: () => new Date(Date.now() - agoMs),
  });
  const operator = (await t.platform.users.get("operator@disnaker.demo"))!;
  const submission = { opdCode: "DISNAKER", budgetLineId: budgetLineId(demoBudgetLine("DISNAKER")), periodStart: "2026-01", months: 12, workers: [worker(serial)] };
  const validating = async () => (await t.platform.cases.list({ type: "enrolment", status: "validating" }, { limit: 100 })).items.map((c) => c.id);
  const before = await validating();
  await expect(engineDown.enrolments.submit(submission, operator, { actor: operator.email, requestId: "test" })).rejects.toThrow();
  const stored = (await validating()).filter((id) => !before.includes(id));
  expect(stored).toHaveLength(1);
  return stored[0]!;
}

beforeAll(async () => {
  t = await createTestApp({ workflows: true });
  Object.assign(process.env, {
    TABLE_NAME: t.tableName,
    STATE_MACHINE_ENROLMENT_ARN: enrolmentArn,
    STATE_MACHINE_DEATH_BENEFIT_ARN: arns.stateMachine(defaultIdentity, WORKFLOWS.deathBenefit.name),
    AWS_REGION: defaultIdentity.region,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
    AWS_ENDPOINT_URL_SFN: t.engine!.endpoint,
  });
}, 60_000);

describe("the WorkflowStarts handler", () => {
  it("starts the workflow of a case stored without one once the grace has passed, and only that one", async () => {
    const old = await storedWithoutWorkflow(1, 10 * 60_000);
    const fresh = await storedWithoutWorkflow(2, 0);
    const { handler } = await import("../src/workflow-starts");

    const scheduledEvent = { "detail-type": "Scheduled Event", source: "aws.events", detail: {} };
    expect(await handler(scheduledEvent, { awsRequestId: "req-sweep-1" })).toEqual({ started: [old], failed: [] });
    for (let i = 0; i < 100 && (await t.platform.cases.get(old))!.status === "validating"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await t.platform.cases.get(old)).toMatchObject({ status: "awaiting_opd_head", executionArn: expect.stringMatching(new RegExp(`:${old}-1$`)) });
    const started = (await t.platform.audit.events(`case#${old}`, { limit: 50 })).items.filter((e) => e.action === "workflow.started");
    expect(started).toMatchObject([{ actor: "system:workflow-starts", requestId: "req-sweep-1" }]);

    // The fresh one is still its submission's to start; the old one has nothing left to do.
    expect((await t.platform.cases.get(fresh))!.executionArn).toBeUndefined();
    expect(await handler(scheduledEvent, { awsRequestId: "req-sweep-2" })).toEqual({ started: [], failed: [] });
  }, 60_000);
});
