/**
 * The real enrolment ASL on the local engine (DynamoDB Local of the test
 * run), with the task functions replaced by scripted ones that record every
 * call: the routing of the document is under test here, not the tasks.
 */
import { randomBytes } from "node:crypto";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { defaultIdentity, startEngine, type Engine } from "@naungan/engine";
import { inject } from "vitest";
import {
  definitionString,
  enrolmentWorkflow,
  executionName,
  localSubstitutions,
  TASK_FUNCTIONS,
  type CaseExecutionInput,
  type WorkflowDefinition,
  type TaskFunctionName,
} from "../../src/definitions";

export type Input = Record<string, any>;
export type Script = (input: Input, call: number) => unknown;
export interface Call {
  fn: TaskFunctionName;
  input: Input;
}

/** An error with the name Step Functions will report (a Lambda's errorType). */
export class NamedError extends Error {
  constructor(name: string, message = name) {
    super(message);
    this.name = name;
  }
}

/** What each task answers unless a case scripts otherwise: the happy path. */
const happyPath: Record<TaskFunctionName, Script> = {
  ValidateAndPrice: () => ({ ok: true, amount: 4_200_000 }),
  OpenStep: (input) => ({ opened: 1, step: input.step }),
  StepTimedOut: () => ({ decision: null }),
  ReserveBudget: () => ({ ok: true }),
  ActivateCoverage: () => ({ activated: 3 }),
  CloseCase: (input) => ({ status: input.outcome }),
  CheckEligibility: () => ({ ok: true, amount: 42_000_000 }),
  CompleteDeathClaim: () => ({ late: false, penalty: 0 }),
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export class ScriptedWorkflow {
  private readonly calls = new Map<string, Call[]>();
  /** Inputs of the calls that threw: an OpenStep that threw handed out no token. */
  private readonly threw = new WeakSet<Input>();
  private readonly scripts = new Map<string, Partial<Record<TaskFunctionName, Script>>>();
  private readonly executions = new Map<string, string>();
  private stateMachineArn = "";
  private counter = 0;

  private constructor(
    readonly engine: Engine,
    readonly sfn: SFNClient,
  ) {
    for (const fn of TASK_FUNCTIONS) {
      engine.lambdas.register(fn, (input: Input) => {
        const list = this.calls.get(input.caseId) ?? [];
        list.push({ fn, input });
        this.calls.set(input.caseId, list);
        const script = this.scripts.get(input.caseId)?.[fn] ?? happyPath[fn];
        try {
          return script(input, list.filter((c) => c.fn === fn).length);
        } catch (err) {
          this.threw.add(input);
          throw err;
        }
      });
    }
  }

  /** A harness running `workflow`'s real ASL (the enrolment's unless told). */
  static async start(workflow: WorkflowDefinition = enrolmentWorkflow): Promise<ScriptedWorkflow> {
    const engine = await startEngine({ dynamoEndpoint: inject("dynamoEndpoint"), port: 0, tableName: `test-workflows-${randomBytes(4).toString("hex")}` });
    const sfn = new SFNClient({ endpoint: engine.endpoint, region: defaultIdentity.region, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const harness = new ScriptedWorkflow(engine, sfn);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: workflow.name,
        definition: definitionString(workflow, localSubstitutions(defaultIdentity.region, defaultIdentity.accountId)),
        roleArn: `arn:aws:iam::${defaultIdentity.accountId}:role/naungan-local`,
      }),
    );
    harness.stateMachineArn = stateMachineArn!;
    return harness;
  }

  async close() {
    await this.engine.close();
  }

  /** Starts a run for a new case whose tasks answer as `scripts` says (the happy path otherwise). */
  async run(scripts: Partial<Record<TaskFunctionName, Script>> = {}, timing: Partial<CaseExecutionInput["timing"]> = {}) {
    const caseId = `case-${++this.counter}-${randomBytes(3).toString("hex")}`;
    this.scripts.set(caseId, scripts);
    const input: CaseExecutionInput = { caseId, attempt: 1, timing: { reminderSeconds: 3600, remindersBeforeEscalation: 2, ...timing } };
    const { executionArn } = await this.sfn.send(
      new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: executionName(caseId, 1), input: JSON.stringify(input) }),
    );
    this.executions.set(caseId, executionArn!);
    return { caseId, input, executionArn: executionArn! };
  }

  callsOf(caseId: string): Call[] {
    return [...(this.calls.get(caseId) ?? [])];
  }

  /** The calls of one function, as `[input, …]`. */
  inputsOf(caseId: string, fn: TaskFunctionName): Input[] {
    return this.callsOf(caseId)
      .filter((c) => c.fn === fn)
      .map((c) => c.input);
  }

  /**
   * The token of the `n`th opening (1-based) of `step`, once the engine has
   * stored the OpenStep answer that goes with it (TaskSubmitted).
   */
  async token(caseId: string, step: string, n = 1): Promise<string> {
    const arn = this.executions.get(caseId)!;
    return until(`opening ${n} of ${step} in ${caseId}`, async () => {
      const openings = this.inputsOf(caseId, "OpenStep").filter((o) => !this.threw.has(o));
      const index = openings.map((o, i) => (o.step === step ? i : -1)).filter((i) => i >= 0)[n - 1];
      if (index === undefined) return undefined;
      const submitted = (await this.history(arn)).filter((e) => e.type === "TaskSubmitted").length;
      return submitted > index ? (openings[index]!.taskToken as string) : undefined;
    });
  }

  /** Answers a human step as the API does: SendTaskSuccess with the decision. */
  async decide(taskToken: string, decision: "approve" | "reject" | "return", note?: string) {
    const output = { decision, ...(note ? { note } : {}), actor: "kepala@disnaker.demo", at: "2026-01-05T03:00:00.000Z" };
    await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return output;
  }

  async finish(caseId: string): Promise<DescribeExecutionCommandOutput & { states: string[] }> {
    const executionArn = this.executions.get(caseId)!;
    await this.engine.executor.waitForEnd(executionArn);
    const described = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
    const states = (await this.history(executionArn)).flatMap((e) => (e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name!] : []));
    return { ...described, states };
  }

  private async history(executionArn: string): Promise<HistoryEvent[]> {
    return (await this.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
  }
}
