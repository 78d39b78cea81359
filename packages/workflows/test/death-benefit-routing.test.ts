/**
 * death-benefit.asl.json as it runs: the real document on the local engine,
 * the task functions scripted, the human steps answered with SendTaskSuccess
 * as the API answers them. The human steps are the enrolment's (tested in
 * enrolment-routing.test.ts); here: the claim's own path and exits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deathBenefitWorkflow } from "../src/definitions";
import { NamedError, ScriptedWorkflow } from "./support/scripted-workflow";

let world: ScriptedWorkflow;

beforeAll(async () => {
  world = await ScriptedWorkflow.start(deathBenefitWorkflow);
});

afterAll(async () => {
  await world?.close();
});

const ref = (caseId: string) => ({ caseId, attempt: 1 });

describe("death benefit: routing", () => {
  it("checks eligibility, passes the OPD head, finance and the payout, then completes the claim", async () => {
    const { caseId } = await world.run();
    await world.decide(await world.token(caseId, "opd_head"), "approve");
    await world.decide(await world.token(caseId, "finance"), "approve");
    await world.decide(await world.token(caseId, "disbursement"), "approve");
    const run = await world.finish(caseId);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.states).toEqual([
      "CheckEligibility",
      "Eligible",
      "OpdHead",
      "OpdHeadDecided",
      "Finance",
      "FinanceDecided",
      "Disbursement",
      "DisbursementDecided",
      "CompleteClaim",
      "Completed",
    ]);
    const tokens = world.inputsOf(caseId, "OpenStep").map((o) => o.taskToken);
    expect(world.callsOf(caseId)).toEqual([
      { fn: "CheckEligibility", input: ref(caseId) },
      { fn: "OpenStep", input: { ...ref(caseId), step: "opd_head", taskToken: tokens[0] } },
      { fn: "OpenStep", input: { ...ref(caseId), step: "finance", taskToken: tokens[1] } },
      { fn: "OpenStep", input: { ...ref(caseId), step: "disbursement", taskToken: tokens[2] } },
      { fn: "CompleteDeathClaim", input: ref(caseId) },
    ]);
  });

  it("an ineligible claim is returned with the reason before anyone is asked", async () => {
    const { caseId } = await world.run({ CheckEligibility: () => ({ ok: false, reason: "bukan peserta aktif" }) });
    const run = await world.finish(caseId);
    expect(run.states).toEqual(["CheckEligibility", "Eligible", "ReturnIneligible", "CloseCase", "Closed", "Returned"]);
    expect(world.inputsOf(caseId, "CloseCase")).toEqual([{ ...ref(caseId), outcome: "returned", reason: "bukan peserta aktif" }]);
  });

  it.each([
    ["opd_head", "reject", "Rejected"],
    ["finance", "return", "Returned"],
  ] as const)("%s decides %s → CloseCase, %s", async (step, decision, end) => {
    const { caseId } = await world.run();
    if (step === "finance") await world.decide(await world.token(caseId, "opd_head"), "approve");
    await world.decide(await world.token(caseId, step), decision);
    const run = await world.finish(caseId);
    expect(run.states.slice(-3)).toEqual(["CloseCase", "Closed", end]);
    expect(world.inputsOf(caseId, "CloseCase")).toEqual([{ ...ref(caseId), outcome: decision === "reject" ? "rejected" : "returned" }]);
    expect(world.inputsOf(caseId, "CompleteDeathClaim")).toEqual([]);
  });

  it("a failing completion closes the case as failed, the execution fails", async () => {
    const { caseId } = await world.run({
      CompleteDeathClaim: () => {
        throw new NamedError("Error", "storage down");
      },
    });
    for (const step of ["opd_head", "finance", "disbursement"]) await world.decide(await world.token(caseId, step), "approve");
    const run = await world.finish(caseId);
    expect(run.status).toBe("FAILED");
    expect(world.inputsOf(caseId, "CloseCase")).toEqual([{ ...ref(caseId), outcome: "failed", error: expect.objectContaining({ Error: "Error" }) }]);
  });
});
