/**
 * enrolment.asl.json as it runs: the real document on the local engine, the
 * task functions scripted (their own behaviour is tested with the handlers),
 * the human steps answered with SendTaskSuccess as the API answers them.
 */
import { SendTaskSuccessCommand, TaskTimedOut } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NamedError, ScriptedWorkflow, until } from "./support/scripted-workflow";

let world: ScriptedWorkflow;

beforeAll(async () => {
  world = await ScriptedWorkflow.start();
});

afterAll(async () => {
  await world?.close();
});

const ref = (caseId: string) => ({ caseId, attempt: 1 });

describe("enrolment: the happy path", () => {
  it("validates, passes the three human steps in order, reserves between them, activates, completes", async () => {
    const { caseId, input } = await world.run();
    await world.decide(await world.token(caseId, "opd_head"), "approve");
    await world.decide(await world.token(caseId, "finance"), "approve");
    const disbursed = await world.decide(await world.token(caseId, "disbursement"), "approve", "SP2D 00123");
    const run = await world.finish(caseId);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.states).toEqual([
      "ValidateAndPrice",
      "Validated",
      "OpdHead",
      "OpdHeadDecided",
      "ReserveBudget",
      "BudgetReserved",
      "Finance",
      "FinanceDecided",
      "Disbursement",
      "DisbursementDecided",
      "ActivateCoverage",
      "Completed",
    ]);
    // Exactly the payloads of docs/enrolment.md "Task functions".
    const tokens = world.inputsOf(caseId, "OpenStep").map((o) => o.taskToken);
    expect(new Set(tokens).size).toBe(3);
    expect(world.callsOf(caseId)).toEqual([
      { fn: "ValidateAndPrice", input: ref(caseId) },
      { fn: "OpenStep", input: { ...ref(caseId), step: "opd_head", taskToken: tokens[0] } },
      { fn: "ReserveBudget", input: ref(caseId) },
      { fn: "OpenStep", input: { ...ref(caseId), step: "finance", taskToken: tokens[1] } },
      { fn: "OpenStep", input: { ...ref(caseId), step: "disbursement", taskToken: tokens[2] } },
      { fn: "ActivateCoverage", input: ref(caseId) },
    ]);
    // The execution input survives the run; results sit under their names.
    expect(JSON.parse(run.output!)).toEqual({
      ...input,
      validation: { result: { ok: true, amount: 4_200_000 } },
      answer: { decision: disbursed },
      reservation: { result: { ok: true } },
      activation: { result: { activated: 3 } },
    });
  });
});

describe("enrolment: decisions that end the case", () => {
  for (const step of ["opd_head", "finance"] as const) {
    for (const [decision, outcome, end] of [
      ["reject", "rejected", "Rejected"],
      ["return", "returned", "Returned"],
    ] as const) {
      it(`${decision} at ${step} → CloseCase ${outcome}, ends ${end} (succeeded)`, async () => {
        const { caseId } = await world.run();
        if (step === "finance") await world.decide(await world.token(caseId, "opd_head"), "approve");
        await world.decide(await world.token(caseId, step), decision, "Data pekerja belum lengkap");
        const run = await world.finish(caseId);

        expect(run.status).toBe("SUCCEEDED");
        const decided = step === "opd_head" ? "OpdHeadDecided" : "FinanceDecided";
        const closing = decision === "reject" ? "DecisionRejected" : "DecisionReturned";
        expect(run.states.slice(-5)).toEqual([decided, closing, "CloseCase", "Closed", end]);
        expect(world.inputsOf(caseId, "CloseCase")).toEqual([{ ...ref(caseId), outcome }]);
        expect(world.inputsOf(caseId, "ActivateCoverage")).toEqual([]);
        // Past finance, the reservation was made: CloseCase releases it.
        expect(world.inputsOf(caseId, "ReserveBudget")).toHaveLength(step === "finance" ? 1 : 0);
      });
    }
  }

  it("a decision the disbursement step does not know (reject) fails the case instead of guessing", async () => {
    const { caseId } = await world.run();
    await world.decide(await world.token(caseId, "opd_head"), "approve");
    await world.decide(await world.token(caseId, "finance"), "approve");
    const answer = await world.decide(await world.token(caseId, "disbursement"), "reject");
    const run = await world.finish(caseId);

    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("CaseFailed");
    expect(run.states.slice(-5)).toEqual(["DisbursementDecided", "DecisionInvalid", "CloseCase", "Closed", "Failed"]);
    const [close] = world.inputsOf(caseId, "CloseCase");
    expect(close).toEqual({ ...ref(caseId), outcome: "failed", error: { Error: "InvalidDecision", Cause: expect.any(String) } });
    expect(JSON.parse(close!.error.Cause)).toEqual({ decision: answer });
    expect(world.inputsOf(caseId, "ActivateCoverage")).toEqual([]);
  });
});

describe("enrolment: answers of the tasks that end the case", () => {
  it("ValidateAndPrice finds problems → CloseCase returned with its reason; nobody is asked", async () => {
    const { caseId } = await world.run({ ValidateAndPrice: () => ({ ok: false, reason: "2 pekerja sudah terdaftar" }) });
    const run = await world.finish(caseId);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.states).toEqual(["ValidateAndPrice", "Validated", "ReturnInvalid", "CloseCase", "Closed", "Returned"]);
    expect(world.inputsOf(caseId, "CloseCase")).toEqual([{ ...ref(caseId), outcome: "returned", reason: "2 pekerja sudah terdaftar" }]);
    expect(world.inputsOf(caseId, "OpenStep")).toEqual([]);
  });

  it("ReserveBudget reports a shortfall → CloseCase returned with the shortfall; finance is never asked", async () => {
    const { caseId } = await world.run({ ReserveBudget: () => ({ ok: false, shortfall: 1_250_000, available: 2_950_000 }) });
    await world.decide(await world.token(caseId, "opd_head"), "approve");
    const run = await world.finish(caseId);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.states.slice(-6)).toEqual(["ReserveBudget", "BudgetReserved", "ReturnShortfall", "CloseCase", "Closed", "Returned"]);
    expect(world.inputsOf(caseId, "CloseCase")).toEqual([{ ...ref(caseId), outcome: "returned", shortfall: 1_250_000 }]);
    expect(world.inputsOf(caseId, "OpenStep").map((o) => o.step)).toEqual(["opd_head"]);
  });

  it("a task that throws → CloseCase failed with the error; the execution fails", async () => {
    const { caseId } = await world.run({
      ReserveBudget: () => {
        throw new NamedError("TransactionCanceledException", "budget line is being changed");
      },
    });
    await world.decide(await world.token(caseId, "opd_head"), "approve");
    const run = await world.finish(caseId);

    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("CaseFailed");
    expect(run.states.slice(-5)).toEqual(["ReserveBudget", "CaseFailed", "CloseCase", "Closed", "Failed"]);
    const [close] = world.inputsOf(caseId, "CloseCase");
    expect(close).toMatchObject({ ...ref(caseId), outcome: "failed", error: { Error: "TransactionCanceledException" } });
    expect(JSON.parse(close!.error.Cause)).toMatchObject({ errorType: "TransactionCanceledException", errorMessage: "budget line is being changed" });
    // Not retried: only Lambda service errors are.
    expect(world.inputsOf(caseId, "ReserveBudget")).toHaveLength(1);
  });

  it("CloseCase failing is retried, then fails the execution — it never routes to itself", async () => {
    const { caseId } = await world.run({
      ValidateAndPrice: () => ({ ok: false, reason: "NIK tidak valid" }),
      CloseCase: () => {
        throw new NamedError("ProvisionedThroughputExceededException");
      },
    });
    const run = await world.finish(caseId);

    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("ProvisionedThroughputExceededException");
    expect(run.states).toEqual(["ValidateAndPrice", "Validated", "ReturnInvalid", "CloseCase"]);
    expect(world.inputsOf(caseId, "CloseCase")).toHaveLength(4); // the first call and 3 retries
  }, 20_000);
});

describe("enrolment: human steps that time out", () => {
  it("no decision within reminderSeconds → StepTimedOut (timeout), then the step opens again with a new token", async () => {
    const { caseId } = await world.run({ ReserveBudget: () => ({ ok: false, shortfall: 1 }) }, { reminderSeconds: 1 });
    const first = await world.token(caseId, "opd_head", 1);
    const second = await world.token(caseId, "opd_head", 2);
    expect(second).not.toBe(first);
    // The first token closed with the timeout; only the new one is live.
    await expect(world.sfn.send(new SendTaskSuccessCommand({ taskToken: first, output: "{}" }))).rejects.toBeInstanceOf(TaskTimedOut);
    await world.decide(second, "approve");
    const run = await world.finish(caseId);

    expect(world.inputsOf(caseId, "StepTimedOut")).toEqual([{ ...ref(caseId), step: "opd_head", reason: "timeout" }]);
    expect(run.states.slice(0, 8)).toEqual(["ValidateAndPrice", "Validated", "OpdHead", "OpdHeadExpired", "OpdHeadTimedOut", "OpdHeadDecided", "OpdHead", "OpdHeadDecided"]);
    expect(run.states).toContain("ReserveBudget");
  });

  it("StepTimedOut returning a decision recorded meanwhile routes it without opening the step again", async () => {
    const recorded = { decision: "reject", note: "Bukan pegawai OPD ini", actor: "kepala@disnaker.demo", at: "2026-01-05T03:00:00.000Z" };
    const { caseId } = await world.run({ StepTimedOut: () => ({ decision: recorded }) }, { reminderSeconds: 1 });
    const run = await world.finish(caseId);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.states).toEqual([
      "ValidateAndPrice",
      "Validated",
      "OpdHead",
      "OpdHeadExpired",
      "OpdHeadTimedOut",
      "OpdHeadDecided",
      "DecisionRejected",
      "CloseCase",
      "Closed",
      "Rejected",
    ]);
    expect(world.inputsOf(caseId, "OpenStep")).toHaveLength(1);
    expect(world.inputsOf(caseId, "CloseCase")).toEqual([{ ...ref(caseId), outcome: "rejected" }]);
  });

  it("OpenStep throwing StepAlreadyDecided goes through StepTimedOut (decided), which routes the recorded decision", async () => {
    const recorded = { decision: "approve", actor: "verifikator@bkad.demo", at: "2026-01-06T03:00:00.000Z" };
    const { caseId } = await world.run({
      OpenStep: (input) => {
        if (input.step === "finance") throw new NamedError("StepAlreadyDecided", "finance was decided before this opening");
        return { opened: 1 };
      },
      StepTimedOut: () => ({ decision: recorded }),
    });
    await world.decide(await world.token(caseId, "opd_head"), "approve");
    await world.decide(await world.token(caseId, "disbursement"), "approve");
    const run = await world.finish(caseId);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.states.slice(6, 11)).toEqual(["Finance", "FinanceAlreadyDecided", "FinanceTimedOut", "FinanceDecided", "Disbursement"]);
    expect(world.inputsOf(caseId, "StepTimedOut")).toEqual([{ ...ref(caseId), step: "finance", reason: "decided" }]);
    expect(world.inputsOf(caseId, "OpenStep").map((o) => o.step)).toEqual(["opd_head", "finance", "disbursement"]);
    expect(run.states.at(-1)).toBe("Completed");
  });
});

describe("enrolment: a human step answered while OpenStep still runs", () => {
  it("the late OpenStep answer is not taken for the next task's (ReserveBudget's) answer", async () => {
    // The app may show the step (OpenStep marks the case) before OpenStep has mailed and returned.
    const gate = (): { open: () => void; opened: Promise<void> } => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { open, opened };
    };
    const openStepReturns = gate();
    const reserveReturns = gate();
    const { caseId } = await world.run({
      OpenStep: (input) => (input.step === "opd_head" ? openStepReturns.opened.then(() => ({ opened: 1 })) : { opened: 1 }),
      ReserveBudget: () => reserveReturns.opened.then(() => ({ ok: true })),
    });
    // The tokens as OpenStep got them (world.token waits for OpenStep's answer, which this test holds back).
    const tokenOf = (step: string) => until(`OpenStep(${step})`, () => world.inputsOf(caseId, "OpenStep").find((o) => o.step === step)?.taskToken as string | undefined);
    await world.decide(await tokenOf("opd_head"), "approve");
    await until("ReserveBudget to be called", () => world.inputsOf(caseId, "ReserveBudget")[0]);
    openStepReturns.open();
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the late answer reach the engine first
    reserveReturns.open();
    await world.decide(await tokenOf("finance"), "approve");
    await world.decide(await tokenOf("disbursement"), "approve");
    const run = await world.finish(caseId);

    expect(run.status).toBe("SUCCEEDED");
    expect(JSON.parse(run.output!).reservation).toEqual({ result: { ok: true } });
  });
});
