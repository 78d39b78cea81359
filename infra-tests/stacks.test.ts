/**
 * Synthesizes the SST app offline for stage `test` and stage `prod`
 * (support/synth.ts), and asserts the CloudFormation of Storage and Api that
 * matters. The Workflows stack: workflows.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mainTable } from "../packages/platform/src/storage/table-definition";
import config from "../sst.config";
import { asArray, exportsOf, resourcesOfType, render, roleIdOf, roleStatements as statementsOfRole, synth, type Json, type Synth } from "./support/synth";
import { DYNAMODB_ACTIONS } from "./support/expected-access";

const HANDLER = "packages/api/src/lambda.handler";
const WORKFLOW_STARTS_HANDLER = "packages/api/src/workflow-starts.handler";

function onlyTable(s: Synth): [string, Json] {
  const tables = resourcesOfType(s.storage, "AWS::DynamoDB::Table");
  expect(tables).toHaveLength(1);
  return tables[0]!;
}

/** The functions the HTTP API's routes invoke, keyed by RouteKey. */
function routeTargets(s: Synth): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, route] of resourcesOfType(s.api, "AWS::ApiGatewayV2::Route")) {
    const target = render(route.Properties.Target); // "integrations/${IntegrationId}"
    const integrationId = /^integrations\/\$\{(\w+)\}$/.exec(target)?.[1];
    const integration = integrationId ? s.api.Resources[integrationId] : undefined;
    expect(integration?.Type, `integration of ${route.Properties.RouteKey}`).toBe("AWS::ApiGatewayV2::Integration");
    expect(integration.Properties.IntegrationType).toBe("AWS_PROXY");
    const uri = render(integration.Properties.IntegrationUri); // "${FunctionId.Arn}"
    const fnId = /^\$\{(\w+)\.Arn\}$/.exec(uri)?.[1];
    expect(fnId, `function behind ${route.Properties.RouteKey}`).toBeTruthy();
    out[route.Properties.RouteKey] = fnId!;
  }
  return out;
}

function apiFunction(s: Synth): [string, Json] {
  const ids = [...new Set(Object.values(routeTargets(s)))];
  expect(ids).toHaveLength(1);
  const fn = s.api.Resources[ids[0]!];
  expect(fn.Type).toBe("AWS::Lambda::Function");
  return [ids[0]!, fn];
}

/** Every IAM statement attached to the API function's role (inline and AWS::IAM::Policy). */
function roleStatements(s: Synth): Json[] {
  const [, fn] = apiFunction(s);
  return statementsOfRole(s.api, roleIdOf(fn.Properties.Role));
}

let testStage: Synth;
let prodStage: Synth;

beforeAll(async () => {
  testStage = await synth("test");
  prodStage = await synth("prod");
  console.info(`synthesized stage test in ${testStage.ms} ms, stage prod in ${prodStage.ms} ms`);
}, 180_000);

describe("sst.config", () => {
  it("names the app naungan in Jakarta (ap-southeast-3)", async () => {
    const c = await config.config({});
    expect(c.name).toBe("naungan");
    expect(c.region).toBe("ap-southeast-3");
    expect(testStage.region).toBe("ap-southeast-3");
  });
});

describe("Storage stack", () => {
  it("outputs the table's name (the admin CLI finds a stage's table by it)", () => {
    const [tableId] = onlyTable(testStage);
    expect(render(testStage.storage.Outputs.TableName.Value)).toBe(`\${${tableId}}`);
  });

  for (const stage of ["test", "prod"] as const) {
    it(`${stage}: table keys, GSIs, attributes and TTL come from the shared definition`, () => {
      const [, table] = onlyTable(stage === "test" ? testStage : prodStage);
      const p = table.Properties;
      expect(p.KeySchema).toEqual([
        { AttributeName: mainTable.partitionKey.name, KeyType: "HASH" },
        { AttributeName: mainTable.sortKey.name, KeyType: "RANGE" },
      ]);
      expect(p.GlobalSecondaryIndexes).toEqual(
        mainTable.globalIndexes.map((i) => ({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey.name, KeyType: "HASH" },
            { AttributeName: i.sortKey.name, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
      );
      const keys = [mainTable.partitionKey, mainTable.sortKey, ...mainTable.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
      expect(new Map(p.AttributeDefinitions.map((a: Json) => [a.AttributeName, a.AttributeType]))).toEqual(
        new Map(keys.map((k) => [k.name, k.type])),
      );
      expect(p.LocalSecondaryIndexes).toBeUndefined();
      expect(p.TimeToLiveSpecification).toEqual({ AttributeName: mainTable.timeToLiveAttribute, Enabled: true });
    });

    it(`${stage}: on-demand billing and point-in-time recovery`, () => {
      const [, table] = onlyTable(stage === "test" ? testStage : prodStage);
      expect(table.Properties.BillingMode).toBe("PAY_PER_REQUEST");
      expect(table.Properties.ProvisionedThroughput).toBeUndefined();
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    });
  }

  it("the sanity of the definition itself: pk/sk and an expiresAt TTL", () => {
    expect([mainTable.partitionKey.name, mainTable.sortKey.name]).toEqual(["pk", "sk"]);
    expect(mainTable.timeToLiveAttribute).toBe("expiresAt");
    expect(mainTable.globalIndexes.length).toBeGreaterThan(0);
  });

  it("prod: deletion protection on, DeletionPolicy and UpdateReplacePolicy Retain", () => {
    const [, table] = onlyTable(prodStage);
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
  });

  it("test: no deletion protection, table is destroyed with the stage", () => {
    const [, table] = onlyTable(testStage);
    expect(table.Properties.DeletionProtectionEnabled).not.toBe(true);
    expect(table.DeletionPolicy).toBe("Delete");
    expect(table.UpdateReplacePolicy).toBe("Delete");
  });
});

describe("Api stack", () => {
  it("HTTP API with one $default route, no API Gateway CORS (the Hono app decides)", () => {
    const apis = resourcesOfType(testStage.api, "AWS::ApiGatewayV2::Api");
    expect(apis).toHaveLength(1);
    expect(apis[0]![1].Properties.ProtocolType).toBe("HTTP");
    expect(apis[0]![1].Properties.CorsConfiguration).toBeUndefined();
    expect(Object.keys(routeTargets(testStage))).toEqual(["$default"]);
  });

  it("every route targets the one API function (payload 2.0)", () => {
    const targets = routeTargets(testStage);
    const [fnId] = apiFunction(testStage);
    expect(Object.keys(targets).length).toBeGreaterThan(0);
    for (const id of Object.values(targets)) expect(id).toBe(fnId);
    for (const [, integration] of resourcesOfType(testStage.api, "AWS::ApiGatewayV2::Integration")) {
      expect(integration.Properties.PayloadFormatVersion).toBe("2.0");
    }
    // API Gateway may invoke it, and only from this API.
    const [apiId] = resourcesOfType(testStage.api, "AWS::ApiGatewayV2::Api")[0]!;
    const permissions = resourcesOfType(testStage.api, "AWS::Lambda::Permission").filter(
      ([, p]) => render(p.Properties.FunctionName) === `\${${fnId}.Arn}`,
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]![1].Properties.Principal).toBe("apigateway.amazonaws.com");
    expect(render(permissions[0]![1].Properties.SourceArn)).toContain(`:\${${apiId}}/`);
  });

  it("the function: handler, nodejs22.x, arm64, 512 MB, 29 s", () => {
    const [, fn] = apiFunction(testStage);
    const p = fn.Properties;
    expect(p.Handler).toBe(HANDLER);
    expect(p.Runtime).toBe("nodejs22.x");
    expect(p.Architectures).toEqual(["arm64"]);
    expect(p.MemorySize).toBe(512);
    expect(p.Timeout).toBe(29);
    // Besides SST's own custom-resource handler, only the import runner and the workflow-starts sweep.
    const lambdas = resourcesOfType(testStage.api, "AWS::Lambda::Function").filter(([id]) => !id.startsWith("CustomResourceHandler"));
    expect(lambdas.map(([, f]) => f.Properties.Handler).sort()).toEqual([HANDLER, "packages/api/src/import-runner.handler", WORKFLOW_STARTS_HANDLER].sort());
  });

  it("the function is bundled as ESM with its source map shipped", () => {
    expect(testStage.bundles).toHaveLength(3); // the API function, then the import runner and the workflow-starts sweep
    const dir = path.join(testStage.bundles[0]!, path.dirname(HANDLER));
    expect(fs.existsSync(path.join(dir, "lambda.mjs"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "lambda.mjs.map"))).toBe(true);
  });

  it("ships the pages' stylesheets where the function looks for them", () => {
    const [, fn] = apiFunction(testStage);
    expect(fn.Properties.Environment.Variables.NAUNGAN_STATIC_DIR).toBe("/var/task/static");
    for (const file of ["pico.min.css", "app.css"]) {
      expect(fs.statSync(path.join(testStage.bundles[0]!, "static", file)).size).toBeGreaterThan(100);
    }
  });

  it("environment: TABLE_NAME is the Storage table, no source maps at run time, PUBLIC_URL, secret binding", () => {
    const [tableId] = onlyTable(testStage);
    const [apiId] = resourcesOfType(testStage.api, "AWS::ApiGatewayV2::Api")[0]!;
    const [, fn] = apiFunction(testStage);
    const env = fn.Properties.Environment.Variables;
    expect(render(env.TABLE_NAME, exportsOf(testStage.storage))).toBe(`\${${tableId}}`);
    // Loading the map costs every cold start; it ships beside the bundle for reading traces offline.
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(render(env.PUBLIC_URL)).toBe(`\${${apiId}.ApiEndpoint}`);
    // What Config.Secret binding generates: the value is fetched from SSM at
    // cold start by sst/node/config, under the stage's SSM prefix.
    expect(env.SST_Secret_value_SESSION_SECRET).toBe("__FETCH_FROM_SSM__");
    expect(env.SST_SSM_PREFIX).toBe("/sst/naungan/test/");
    expect(env.SST_APP).toBe("naungan");
    expect(env.SST_STAGE).toBe("test");
    expect(apiFunction(prodStage)[1].Properties.Environment.Variables.SST_SSM_PREFIX).toBe("/sst/naungan/prod/");
    // Both workflows' state machines, by their stage-prefixed names (their permissions: workflows.test.ts).
    for (const [s, stage] of [[testStage, "test"], [prodStage, "prod"]] as const) {
      const vars = apiFunction(s)[1].Properties.Environment.Variables;
      expect(render(vars.STATE_MACHINE_ENROLMENT_ARN)).toMatch(new RegExp(`:stateMachine:${stage}-naungan-enrolment$`));
      expect(render(vars.STATE_MACHINE_DEATH_BENEFIT_ARN)).toMatch(new RegExp(`:stateMachine:${stage}-naungan-death-benefit$`));
    }
  });

  it("CSV imports run in their own function, which the API may invoke and which may only start the enrolment workflow", () => {
    const [runnerId, runner] = resourcesOfType(testStage.api, "AWS::Lambda::Function").find(([, f]) => f.Properties.Handler === "packages/api/src/import-runner.handler")!;
    expect(runner.Properties.Runtime).toBe("nodejs22.x");
    expect(runner.Properties.Architectures).toEqual(["arm64"]);
    expect(runner.Properties.Timeout).toBe(900);
    const [, fn] = apiFunction(testStage);
    expect(render(fn.Properties.Environment.Variables.IMPORT_RUNNER_FUNCTION)).toBe(`\${${runnerId}}`);
    const invoke = roleStatements(testStage).filter((st) => asArray<string>(st.Action).includes("lambda:InvokeFunction"));
    expect(invoke.flatMap((st) => asArray<Json>(st.Resource).map((r) => render(r))).sort()).toEqual([`\${${runnerId}.Arn}`, `\${${runnerId}.Arn}:*`].sort());
    const statements = statementsOfRole(testStage.api, roleIdOf(runner.Properties.Role));
    const states = statements.filter((st) => asArray<string>(st.Action).some((a) => a.startsWith("states:")));
    expect(states.flatMap((st) => asArray<string>(st.Action))).toEqual(["states:StartExecution"]);
    expect(states.flatMap((st) => asArray<Json>(st.Resource)).map((r) => render(r))).toEqual([expect.stringMatching(/:stateMachine:test-naungan-enrolment$/)]);
    // As for the API function: a '*' resource only for X-Ray tracing.
    for (const st of statements.filter((st) => asArray<Json>(st.Resource).includes("*"))) {
      expect(asArray<string>(st.Action).every((a) => a.startsWith("xray:"))).toBe(true);
    }
  });

  it("a sweep every 5 minutes starts the workflows of stored cases that have none, and may do nothing else with the workflows", () => {
    const [fnId, fn] = resourcesOfType(testStage.api, "AWS::Lambda::Function").find(([, f]) => f.Properties.Handler === WORKFLOW_STARTS_HANDLER)!;
    expect(fn.Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"] });
    const [tableId] = onlyTable(testStage);
    const env = fn.Properties.Environment.Variables;
    expect(render(env.TABLE_NAME, exportsOf(testStage.storage))).toBe(`\${${tableId}}`);
    expect(render(env.STATE_MACHINE_ENROLMENT_ARN)).toMatch(/:stateMachine:test-naungan-enrolment$/);
    expect(render(env.STATE_MACHINE_DEATH_BENEFIT_ARN)).toMatch(/:stateMachine:test-naungan-death-benefit$/);
    const rules = resourcesOfType(testStage.api, "AWS::Events::Rule").filter(([, r]) => asArray<Json>(r.Properties.Targets).some((t) => render(t.Arn) === `\${${fnId}.Arn}`));
    expect(rules).toHaveLength(1);
    expect(rules[0]![1].Properties).toMatchObject({ ScheduleExpression: "rate(5 minutes)", State: "ENABLED" });
    const statements = statementsOfRole(testStage.api, roleIdOf(fn.Properties.Role));
    const states = statements.filter((st) => asArray<string>(st.Action).some((a) => a.startsWith("states:")));
    expect(states.flatMap((st) => asArray<string>(st.Action))).toEqual(["states:StartExecution"]);
    expect(states.flatMap((st) => asArray<Json>(st.Resource)).map((r) => render(r)).sort()).toEqual([
      expect.stringMatching(/:stateMachine:test-naungan-death-benefit$/),
      expect.stringMatching(/:stateMachine:test-naungan-enrolment$/),
    ]);
    for (const st of statements.filter((st) => asArray<Json>(st.Resource).includes("*"))) {
      expect(asArray<string>(st.Action).every((a) => a.startsWith("xray:"))).toBe(true);
    }
  });

  it("outputs the API URL", () => {
    const [apiId] = resourcesOfType(testStage.api, "AWS::ApiGatewayV2::Api")[0]!;
    expect(render(testStage.api.Outputs.ApiUrl.Value)).toBe(`\${${apiId}.ApiEndpoint}`);
  });

  describe("IAM of the API function", () => {
    it("DynamoDB: exactly the listed actions, on the table and its indexes only", () => {
      const [tableId] = onlyTable(testStage);
      const imports = exportsOf(testStage.storage);
      const dynamo = roleStatements(testStage).filter((st) => asArray<string>(st.Action).some((a) => a.startsWith("dynamodb:")));
      expect(dynamo.length).toBeGreaterThan(0);
      const granted = new Set<string>();
      for (const st of dynamo) {
        expect(st.Effect).toBe("Allow");
        expect(st.Condition).toBeUndefined();
        for (const a of asArray<string>(st.Action)) granted.add(a);
        expect(asArray<Json>(st.Resource).map((r) => render(r, imports)).sort()).toEqual(
          [`\${${tableId}.Arn}`, `\${${tableId}.Arn}/index/*`].sort(),
        );
      }
      expect([...granted].sort()).toEqual([...DYNAMODB_ACTIONS].sort());
      for (const forbidden of ["dynamodb:*", "dynamodb:DeleteItem", "dynamodb:Scan", "*"]) expect(granted).not.toContain(forbidden);
    });

    it("no wildcard actions anywhere; a '*' resource only for X-Ray tracing", () => {
      const statements = roleStatements(testStage);
      expect(statements.length).toBeGreaterThan(0);
      for (const st of statements) {
        for (const a of asArray<string>(st.Action)) expect(a).not.toMatch(/^\*$|:\*$/);
        if (asArray<Json>(st.Resource).includes("*")) {
          expect(asArray<string>(st.Action).every((a) => a.startsWith("xray:"))).toBe(true);
        }
        expect(st.NotAction).toBeUndefined();
        expect(st.NotResource).toBeUndefined();
      }
      const [, fn] = apiFunction(testStage);
      const roleId = roleIdOf(fn.Properties.Role);
      const managed = asArray<Json>(testStage.api.Resources[roleId].Properties.ManagedPolicyArns).map((m) => render(m));
      expect(managed).toEqual(["arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
    });

    for (const stage of ["test", "prod"] as const) {
      it(`${stage}: SSM read is limited to the SESSION_SECRET parameter (stage + .fallback)`, () => {
        const s = stage === "test" ? testStage : prodStage;
        const ssm = roleStatements(s).filter((st) => asArray<string>(st.Action).some((a) => a.startsWith("ssm:")));
        expect(ssm).toHaveLength(1);
        expect(asArray(ssm[0].Action)).toEqual(["ssm:GetParameters"]);
        const resources = asArray<Json>(ssm[0].Resource).map((r) => render(r));
        const arn = (prefix: string) => `arn:\${AWS::Partition}:ssm:${s.region}:${s.account}:parameter${prefix}Secret/SESSION_SECRET/value`;
        expect(resources.sort()).toEqual([arn(s.ssmPrefix), arn("/sst/naungan/.fallback/")].sort());
        expect(s.ssmPrefix).toBe(`/sst/naungan/${stage}/`);
        for (const r of resources) expect(r).not.toContain("*");
      });
    }
  });
});
