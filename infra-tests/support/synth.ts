/**
 * Synthesizes the SST app offline (no AWS credentials, no network) and reads
 * the CloudFormation it makes; shared by the infra-tests.
 *
 * SST keeps process-wide state (the project from initProject, the "current
 * app" behind getStack), so stages are synthesized one after the other in a
 * process and each stage's templates are captured before the next begins.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Template } from "aws-cdk-lib/assertions";
import { App, Function as SSTFunction, getStack } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import config from "../../sst.config";
import { Api } from "../../stacks/Api";
import { Audit } from "../../stacks/Audit";
import { Storage } from "../../stacks/Storage";
import { Workflows } from "../../stacks/Workflows";

// App.finish() skips the AWS bootstrap lookup only when NODE_ENV is "test".
process.env.NODE_ENV = "test";

export const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

// CloudFormation JSON is untyped; keep the any in one place.
export type Json = any;

export interface Synth {
  stage: string;
  ssmPrefix: string;
  region: string;
  account: string;
  storage: Json;
  workflows: Json;
  api: Json;
  audit: Json;
  /** Directories SST bundled each SST Function of the Api stack into. */
  bundles: string[];
  ms: number;
}

export async function synth(stage: string): Promise<Synth> {
  // SST resolves handler paths against the working directory.
  if (path.resolve(process.cwd()) !== ROOT) throw new Error(`run the infra-tests from ${ROOT}, not ${process.cwd()}`);
  const t0 = Date.now();
  await initProject({ stage, root: ROOT }); // without a stage it prompts and hangs
  // SST empties and rebuilds .sst/artifacts/<function> for every function it
  // bundles; test files synthesizing at the same time (one process each) get
  // a folder of their own so neither deletes the other's bundles.
  const project = useProject();
  project.paths.artifacts = path.join(project.paths.out, "artifacts", `infra-tests-${process.env.VITEST_POOL_ID ?? process.pid}`);
  const { name, region, ssmPrefix } = project.config;
  const app = new App({ mode: "deploy", stage, name, region });
  await config.stacks(app);
  await app.finish();
  const apiStack = getStack(Api);
  const bundles = apiStack.node
    .findAll()
    .filter((c): c is SSTFunction => c instanceof SSTFunction)
    .map((fn) => path.join(project.paths.artifacts, fn.node.addr));
  const templates = {
    storage: Template.fromStack(getStack(Storage)).toJSON(),
    workflows: Template.fromStack(getStack(Workflows)).toJSON(),
    api: Template.fromStack(apiStack).toJSON(),
    audit: Template.fromStack(getStack(Audit)).toJSON(),
  };
  // CDK synthesizes into a fresh temporary folder per app: leave none behind.
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return {
    stage,
    ssmPrefix: ssmPrefix!,
    region: region!,
    account: app.account,
    ...templates,
    bundles,
    ms: Date.now() - t0,
  };
}

/**
 * Renders an intrinsic as a string so ARNs can be compared:
 * Ref → ${X}, GetAtt → ${X.Attr}, ImportValue → the exporting stack's value.
 */
export function render(value: Json, imports: Record<string, Json> = {}): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    if ("Ref" in value) return `\${${value.Ref}}`;
    if ("Fn::GetAtt" in value) return `\${${value["Fn::GetAtt"].join(".")}}`;
    if ("Fn::Join" in value) {
      const [sep, parts] = value["Fn::Join"];
      return parts.map((p: Json) => render(p, imports)).join(sep);
    }
    if ("Fn::ImportValue" in value) {
      const exported = imports[value["Fn::ImportValue"]];
      if (exported === undefined) throw new Error(`no export named ${value["Fn::ImportValue"]}`);
      return render(exported, imports);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const resourcesOfType = (template: Json, type: string): [string, Json][] =>
  Object.entries<Json>(template.Resources ?? {}).filter(([, r]) => r.Type === type);

/** Exports of templates: export name → exported value. */
export function exportsOf(...templates: Json[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const template of templates) for (const o of Object.values<Json>(template.Outputs ?? {})) if (o.Export) out[o.Export.Name] = o.Value;
  return out;
}

/** The role a resource's `Role`/`RoleArn` property names (`${Role.Arn}`), by logical id. */
export function roleIdOf(roleArn: Json): string {
  const id = /^\$\{(\w+)\.Arn\}$/.exec(render(roleArn))?.[1];
  if (!id) throw new Error(`not a role of this template: ${JSON.stringify(roleArn)}`);
  return id;
}

/** Every IAM statement attached to a role of the template (inline and AWS::IAM::Policy). */
export function roleStatements(template: Json, roleId: string): Json[] {
  const role = template.Resources[roleId];
  if (role?.Type !== "AWS::IAM::Role") throw new Error(`${roleId} is not a role`);
  const statements: Json[] = [];
  for (const p of asArray<Json>(role.Properties.Policies)) statements.push(...p.PolicyDocument.Statement);
  for (const [, policy] of resourcesOfType(template, "AWS::IAM::Policy")) {
    if (asArray<Json>(policy.Properties.Roles).some((r) => render(r) === `\${${roleId}}`)) {
      statements.push(...policy.Properties.PolicyDocument.Statement);
    }
  }
  return statements;
}

/** Every IAM statement of the template: roles' inline policies and AWS::IAM::Policy resources. */
export function allStatements(template: Json): Json[] {
  return [
    ...resourcesOfType(template, "AWS::IAM::Role").flatMap(([, r]) => asArray<Json>(r.Properties.Policies).flatMap((p) => p.PolicyDocument.Statement)),
    ...resourcesOfType(template, "AWS::IAM::Policy").flatMap(([, p]) => p.Properties.PolicyDocument.Statement),
  ];
}
