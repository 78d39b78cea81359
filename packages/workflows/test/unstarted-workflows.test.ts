/**
 * A submission whose workflow never started: the case was stored, then the
 * Step Functions engine did not answer (the caller got an error, the case
 * stayed `validating`). The sweep (a Cron in AWS, a timer in `npm start`)
 * starts it once the grace has passed, exactly once, for both workflows.
 */
import { DescribeExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { arns, defaultIdentity } from "@naungan/engine";
import { DEFAULT_START_GRACE_SECONDS } from "@naungan/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrolmentWorkflow } from "../src/definitions";
import { claim, fileClaim } from "./support/death-claims";
import {
  auditEvents, by, completeEnrolment, expectChainVerifies, honorer, honorers, type Journey, niks, startJourneyPlatform, submission, until, untilStatus, user,
} from "./support/journey";

let journey: Journey;
const SWEEP = by("system:workflow-starts");

beforeAll(async () => {
  journey = await startJourneyPlatform();
}, 60_000);
afterAll(async () => journey?.engine.close());

const validating = async () => (await journey.platform.cases.list({ status: "validating", type: "enrolment" }, { limit: 100 })).items;
const startedEvents = async (caseId: string) => (await auditEvents(journey.platform, caseId)).filter((e) => e.action === "workflow.started");

describe("a case stored while the workflow engine was down", () => {
  it("is started by the sweep after the grace, once, and runs on; a sweep within the grace leaves it to its submission", async () => {
    const [deceased] = niks(1, 951);
    await completeEnrolment(journey.platform, submission([honorer(deceased!, 3_000_000)]));

    await journey.engine.close();
    const operator = await user(journey.platform, "operator@disnaker.demo");
    await expect(journey.platform.enrolments.submit(submission(honorers(2, 961)), operator, by(operator.email))).rejects.toThrow();
    await expect(fileClaim(journey.platform, claim(deceased!))).rejects.toThrow();
    journey = await journey.restart();
    const { platform } = journey;

    const [enrolment] = await validating();
    expect(enrolment, "the enrolment case was stored").toBeDefined();
    expect(enrolment!.executionArn).toBeUndefined();
    const [death] = (await platform.cases.list({ status: "validating", type: "death_benefit" }, { limit: 100 })).items;
    expect(death, "the death claim was stored").toBeDefined();

    // Within the grace a submission may still be starting it: the sweep waits.
    expect(await platform.unstartedWorkflows.resume(SWEEP, DEFAULT_START_GRACE_SECONDS)).toEqual({ started: [], failed: [] });
    expect((await platform.cases.get(enrolment!.id))!.executionArn).toBeUndefined();

    const swept = await platform.unstartedWorkflows.resume(SWEEP, 0);
    expect(swept.failed).toEqual([]);
    expect(swept.started.sort()).toEqual([enrolment!.id, death!.id].sort());
    const running = await untilStatus(platform, enrolment!.id, "awaiting_opd_head");
    expect(running.executionArn).toMatch(new RegExp(`:execution:.+:${enrolment!.id}-1$`));
    await until("the claim's workflow to move it on", async () => ((await platform.cases.get(death!.id))!.status !== "validating" ? true : undefined), 20_000);

    // Nothing left to start: a second sweep starts nothing and notes nothing again.
    expect(await platform.unstartedWorkflows.resume(SWEEP, 0)).toEqual({ started: [], failed: [] });
    for (const id of [enrolment!.id, death!.id]) {
      expect(await startedEvents(id)).toHaveLength(1);
      await expectChainVerifies(platform, id);
    }
  }, 120_000);

  it("notes an execution that was started but never noted on the case, under the name it was started with", async () => {
    const { platform } = journey;
    await journey.engine.close();
    const operator = await user(platform, "operator@disnaker.demo");
    await expect(platform.enrolments.submit(submission(honorers(1, 971)), operator, by(operator.email))).rejects.toThrow();
    journey = await journey.restart();
    const [c] = await validating();
    // Its execution started with other input (settings changed meanwhile): a start by the same name is refused as existing.
    const stateMachineArn = arns.stateMachine(defaultIdentity, enrolmentWorkflow.name);
    const started = await journey.platform.sfn!.send(new StartExecutionCommand({ stateMachineArn, name: `${c!.id}-1`, input: JSON.stringify({ caseId: c!.id, attempt: 1 }) }));

    expect((await journey.platform.unstartedWorkflows.resume(SWEEP, 0)).started).toEqual([c!.id]);
    const noted = (await journey.platform.cases.get(c!.id))!;
    expect(noted.executionArn).toBe(started.executionArn);
    expect((await journey.platform.sfn!.send(new DescribeExecutionCommand({ executionArn: noted.executionArn! }))).name).toBe(`${c!.id}-1`);
    expect(await startedEvents(c!.id)).toHaveLength(1);
  }, 60_000);
});
