/**
 * The Workflows stack as CloudFormation (stage `test`, synthesized offline by
 * support/synth.ts): the state machines of both workflows, their task
 * functions, and who may do what with them — including what the Api stack may
 * do to them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { handlerPath, substitutionKey, TASK_FUNCTIONS, WORKFLOWS, type WorkflowDefinition } from "../packages/workflows/src/definitions";
import { allStatements, asArray, exportsOf, resourcesOfType, render, roleIdOf, roleStatements, synth, type Json, type Synth } from "./support/synth";
import { DYNAMODB_ACTIONS } from "./support/expected-access";

const MAILING = ["OpenStep", "StepTimedOut"];
const WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken";

/** Each workflow with what the stack must make of it (stated here, not derived from the stack). */
const EXPECTED = [
  { key: "enrolment", workflow: WORKFLOWS.enrolment, output: "EnrolmentStateMachineArn", env: "STATE_MACHINE_ENROLMENT_ARN", functions: 6, humanSteps: 3 },
  { key: "deathBenefit", workflow: WORKFLOWS.deathBenefit, output: "DeathBenefitStateMachineArn", env: "STATE_MACHINE_DEATH_BENEFIT_ARN", functions: 5, humanSteps: 3 },
] as const;

let s: Synth;
/** Cross-stack values: export name → value. */
let imports: Record<string, Json>;

beforeAll(async () => {
  s = await synth("test");
  imports = exportsOf(s.storage, s.workflows, s.api);
  console.info(`synthesized stage test in ${s.ms} ms`);
}, 180_000);

const machineName = (workflow: WorkflowDefinition) => `test-naungan-${workflow.name}`;

/** The state machine of a workflow, found by its stage-prefixed name. */
function stateMachine(workflow: WorkflowDefinition): [string, Json] {
  const machines = resourcesOfType(s.workflows, "AWS::StepFunctions::StateMachine").filter(([, sm]) => sm.Properties.StateMachineName === machineName(workflow));
  expect(machines).toHaveLength(1);
  return machines[0]!;
}

/** The task functions by name (from their handler), with their logical ids. */
function taskFunctions(): Record<string, [string, Json]> {
  const byHandler = new Map(TASK_FUNCTIONS.map((name) => [handlerPath(name), name]));
  const out: Record<string, [string, Json]> = {};
  for (const [id, fn] of resourcesOfType(s.workflows, "AWS::Lambda::Function")) {
    const name = byHandler.get(fn.Properties.Handler);
    if (name) out[name] = [id, fn];
  }
  return out;
}

const statementsWith = (statements: Json[], prefix: string) => statements.filter((st) => asArray<string>(st.Action).some((a) => a.startsWith(prefix)));
const resourcesOf = (st: Json) => asArray<Json>(st.Resource).map((r) => render(r, imports));
/** `${FunctionId.Arn}` of each of the workflow's task functions. */
const taskArns = (workflow: WorkflowDefinition) => {
  const functions = taskFunctions();
  return workflow.tasks.map((name) => `\${${functions[name]![0]}.Arn}`);
};

/** A state machine's ARN as the Api stack writes it: from its fixed name. */
const arnOf = (workflow: WorkflowDefinition) => `arn:\${AWS::Partition}:states:${s.region}:${s.account}:stateMachine:${machineName(workflow)}`;
const executionsOf = (workflow: WorkflowDefinition) => arnOf(workflow).replace(":stateMachine:", ":execution:") + ":*";

describe("Workflows stack: the state machines", () => {
  it("exactly one per workflow", () => {
    const names = resourcesOfType(s.workflows, "AWS::StepFunctions::StateMachine").map(([, sm]) => sm.Properties.StateMachineName);
    expect(names.sort()).toEqual(Object.values(WORKFLOWS).map(machineName).sort());
    expect(resourcesOfType(s.workflows, "AWS::Logs::LogGroup")).toHaveLength(Object.keys(WORKFLOWS).length);
  });

  it("the workflows' tasks together are the task functions", () => {
    expect([...new Set(Object.values(WORKFLOWS).flatMap((w) => w.tasks))].sort()).toEqual([...TASK_FUNCTIONS].sort());
  });
});

describe.each(EXPECTED)("Workflows stack: the $key state machine", ({ workflow, output, functions: functionCount, humanSteps }) => {
  it("is a Standard state machine named for the stage", () => {
    const [, sm] = stateMachine(workflow);
    expect(sm.Properties.StateMachineType).toBe("STANDARD");
    expect(sm.Properties.StateMachineName).toBe(machineName(workflow));
  });

  it("logs every event with execution data to its own CloudWatch log group", () => {
    const [, sm] = stateMachine(workflow);
    const logging = sm.Properties.LoggingConfiguration;
    expect(logging.Level).toBe("ALL");
    expect(logging.IncludeExecutionData).toBe(true);
    const groups = resourcesOfType(s.workflows, "AWS::Logs::LogGroup").filter(([, g]) => g.Properties.LogGroupName === `/aws/vendedlogs/states/${machineName(workflow)}`);
    expect(groups).toHaveLength(1);
    const [groupId, group] = groups[0]!;
    expect(logging.Destinations.map((d: Json) => render(d.CloudWatchLogsLogGroup.LogGroupArn))).toEqual([`\${${groupId}.Arn}`]);
    expect(group.Properties.RetentionInDays).toBe(365);
  });

  it("deploys its ASL document, each placeholder substituted by its own task function's ARN only", () => {
    const [, sm] = stateMachine(workflow);
    expect(JSON.parse(sm.Properties.DefinitionString)).toEqual(workflow.definition);
    const functions = taskFunctions();
    expect(workflow.tasks).toHaveLength(functionCount);
    expect(
      Object.fromEntries(Object.entries<Json>(sm.Properties.DefinitionSubstitutions).map(([key, value]) => [key, render(value)])),
    ).toEqual(Object.fromEntries(workflow.tasks.map((name) => [substitutionKey(name), `\${${functions[name]![0]}.Arn}`])));
  });

  it("after substitution, every waitForTaskToken task has a timeout and every task names a function", () => {
    const [, sm] = stateMachine(workflow);
    const substitutions: Record<string, string> = Object.fromEntries(
      Object.entries<Json>(sm.Properties.DefinitionSubstitutions).map(([key, value]) => [key, render(value)]),
    );
    const text = (sm.Properties.DefinitionString as string).replace(/\$\{(\w+)\}/g, (placeholder, key: string) => substitutions[key] ?? placeholder);
    const states = Object.entries<Json>(JSON.parse(text).States);
    const human = states.filter(([, st]) => st.Resource === WAIT_FOR_TOKEN);
    expect(human.length).toBe(humanSteps);
    for (const [name, st] of human) expect(st.TimeoutSeconds ?? st.TimeoutSecondsPath, name).toBeDefined();
    const tasks = states.filter(([, st]) => st.Type === "Task");
    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, st] of tasks) expect(st.Parameters.FunctionName, name).toMatch(/^\$\{\w+\.Arn\}$/);
    // Every function it is given, it calls.
    expect([...new Set(tasks.map(([, st]) => st.Parameters.FunctionName))].sort()).toEqual(taskArns(workflow).sort());
  });

  it(`its role may invoke exactly its ${functionCount} task functions, and no other Lambda`, () => {
    const [, sm] = stateMachine(workflow);
    const statements = roleStatements(s.workflows, roleIdOf(sm.Properties.RoleArn));
    const lambda = statementsWith(statements, "lambda:");
    expect(lambda).toHaveLength(1);
    expect(asArray(lambda[0].Action)).toEqual(["lambda:InvokeFunction"]);
    expect(resourcesOf(lambda[0]).sort()).toEqual(taskArns(workflow).sort());
    expect(resourcesOf(lambda[0])).toHaveLength(functionCount);
    for (const st of statements) expect(st.Effect).toBe("Allow");
  });

  it(`is output as ${output}`, () => {
    const [id] = stateMachine(workflow);
    expect(render(s.workflows.Outputs[output].Value)).toBe(`\${${id}}`);
  });
});

describe("Workflows stack: the task functions", () => {
  it("one function per task (8 in all): its handler, nodejs22.x, arm64", () => {
    const functions = taskFunctions();
    expect(Object.keys(functions).sort()).toEqual([...TASK_FUNCTIONS].sort());
    expect(Object.keys(functions)).toHaveLength(8);
    for (const [name, [, fn]] of Object.entries(functions)) {
      expect([name, fn.Properties.Runtime, fn.Properties.Architectures]).toEqual([name, "nodejs22.x", ["arm64"]]);
    }
    // Nothing else runs code in this stack but CDK's own custom-resource handlers.
    const others = resourcesOfType(s.workflows, "AWS::Lambda::Function").filter(([id, fn]) => !Object.values(functions).some(([fid]) => fid === id) && !fn.Properties.Handler?.startsWith("index."));
    expect(others.map(([id]) => id)).toEqual([]);
  });

  it("environment: the Storage table, the service name, the sender, and the API's URL for links", () => {
    const [tableId] = resourcesOfType(s.storage, "AWS::DynamoDB::Table")[0]!;
    const [apiId] = resourcesOfType(s.api, "AWS::ApiGatewayV2::Api")[0]!;
    for (const [name, [, fn]] of Object.entries(taskFunctions())) {
      const env = fn.Properties.Environment.Variables;
      expect(render(env.TABLE_NAME, imports), name).toBe(`\${${tableId}}`);
      expect(env.POWERTOOLS_SERVICE_NAME, name).toBe("naungan-workflows");
      expect(env.MAIL_FROM, name).toBe("naungan@tanjabbarkab.go.id");
      expect(render(env.PUBLIC_URL, imports), name).toBe(`\${${apiId}.ApiEndpoint}`);
    }
  });

  it("DynamoDB: exactly the listed actions, on the table and its indexes only", () => {
    const [tableId] = resourcesOfType(s.storage, "AWS::DynamoDB::Table")[0]!;
    for (const [name, [, fn]] of Object.entries(taskFunctions())) {
      const dynamo = statementsWith(roleStatements(s.workflows, roleIdOf(fn.Properties.Role)), "dynamodb:");
      expect(dynamo, name).toHaveLength(1);
      expect([name, asArray<string>(dynamo[0].Action).sort()]).toEqual([name, [...DYNAMODB_ACTIONS].sort()]);
      expect(resourcesOf(dynamo[0]).sort()).toEqual([`\${${tableId}.Arn}`, `\${${tableId}.Arn}/index/*`].sort());
      expect(dynamo[0].Condition).toBeUndefined();
    }
  });

  it("only OpenStep and StepTimedOut may send mail, from the configured address of its SES domain identity", () => {
    const functions = Object.entries(taskFunctions());
    expect(functions).toHaveLength(TASK_FUNCTIONS.length);
    for (const [name, [, fn]] of functions) {
      const ses = statementsWith(roleStatements(s.workflows, roleIdOf(fn.Properties.Role)), "ses:");
      if (!MAILING.includes(name)) {
        expect(ses, name).toEqual([]);
        continue;
      }
      expect(ses, name).toHaveLength(1);
      expect(asArray(ses[0].Action)).toEqual(["ses:SendEmail"]);
      expect(resourcesOf(ses[0])).toEqual([`arn:\${AWS::Partition}:ses:${s.region}:${s.account}:identity/tanjabbarkab.go.id`]);
      expect(ses[0].Condition).toEqual({ StringEquals: { "ses:FromAddress": "naungan@tanjabbarkab.go.id" } });
    }
  });
});

describe("Api stack: what the API may do to the workflows", () => {
  const apiStatements = () => {
    const fns = resourcesOfType(s.api, "AWS::Lambda::Function").filter(([, fn]) => fn.Properties.Handler === "packages/api/src/lambda.handler");
    expect(fns).toHaveLength(1);
    return { fn: fns[0]![1], statements: roleStatements(s.api, roleIdOf(fns[0]![1].Properties.Role)) };
  };

  it.each(EXPECTED)("knows the $key state machine's ARN ($env)", ({ workflow, env }) => {
    expect(render(apiStatements().fn.Properties.Environment.Variables[env])).toBe(arnOf(workflow));
  });

  it("may start executions of these state machines only, answer their tasks, and read their executions", () => {
    const states = statementsWith(apiStatements().statements, "states:");
    const granted = new Map<string, string[]>();
    for (const st of states) for (const action of asArray<string>(st.Action)) granted.set(action, [...(granted.get(action) ?? []), ...resourcesOf(st)]);
    const machines = EXPECTED.map(({ workflow }) => arnOf(workflow)).sort();
    for (const action of ["states:StartExecution", "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"]) {
      expect(granted.get(action)?.sort(), action).toEqual(machines);
    }
    const executions = EXPECTED.map(({ workflow }) => executionsOf(workflow)).sort();
    for (const action of ["states:DescribeExecution", "states:GetExecutionHistory"]) expect(granted.get(action)?.sort(), action).toEqual(executions);
    expect([...granted.keys()].sort()).toEqual(
      ["states:StartExecution", "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat", "states:DescribeExecution", "states:GetExecutionHistory"].sort(),
    );
  });

  it("the import runner may start the enrolment workflow only", () => {
    const runners = resourcesOfType(s.api, "AWS::Lambda::Function").filter(([, fn]) => fn.Properties.Handler === "packages/api/src/import-runner.handler");
    expect(runners).toHaveLength(1);
    const states = statementsWith(roleStatements(s.api, roleIdOf(runners[0]![1].Properties.Role)), "states:");
    expect(states.flatMap((st) => asArray<string>(st.Action))).toEqual(["states:StartExecution"]);
    expect(states.flatMap(resourcesOf)).toEqual([arnOf(WORKFLOWS.enrolment)]);
    expect(runners[0]![1].Properties.Environment.Variables.STATE_MACHINE_DEATH_BENEFIT_ARN).toBeUndefined();
  });
});

describe("IAM of the whole app", () => {
  it("no DynamoDB or Step Functions statement has a '*' resource or a wildcard action", () => {
    const statements = [s.storage, s.workflows, s.api].flatMap(allStatements);
    const scoped = statements.filter((st) => asArray<string>(st.Action).some((a) => /^(dynamodb|states):/.test(a)));
    expect(scoped.length).toBeGreaterThan(0);
    for (const st of scoped) {
      expect(resourcesOf(st), JSON.stringify(st.Action)).not.toContain("*");
      for (const r of resourcesOf(st)) expect(r).not.toMatch(/:(table|stateMachine)\/?\*$/);
      for (const a of asArray<string>(st.Action)) expect(a).not.toMatch(/\*/);
      expect(st.NotResource).toBeUndefined();
    }
  });
});
