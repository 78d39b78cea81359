import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createPlatform, ensureTable, mainTable, type Platform } from "@naungan/platform";
import { localTableName } from "../runtime";

/** Where the admin CLI writes: DynamoDB Local (the default) or a deployed stage. */
export interface AdminTarget {
  kind: "local" | "aws";
  endpoint?: string;
  tableName: string;
  region: string;
  stage?: string;
}

export interface TargetOptions {
  endpoint?: string;
  table?: string;
  stage?: string;
  region?: string;
}

export const DEFAULT_LOCAL_ENDPOINT = "http://127.0.0.1:8000";
export const DEFAULT_REGION = "ap-southeast-3";

/** A problem the user fixes with an option or a file (exit 1, one sentence, no stack). */
export class AdminUsageError extends Error {
  override name = "AdminUsageError";
}

/**
 * Local by default; `--stage` without `--endpoint` is real AWS through the
 * default credential chain, its table from `--table` or `.sst/outputs.json`.
 */
export function resolveTarget(options: TargetOptions, cwd = process.cwd()): AdminTarget {
  const region = options.region ?? process.env.AWS_REGION ?? DEFAULT_REGION;
  if (options.stage && !options.endpoint) {
    const tableName = options.table ?? tableFromOutputs(options.stage, cwd);
    return { kind: "aws", tableName, region, stage: options.stage };
  }
  return { kind: "local", endpoint: options.endpoint ?? DEFAULT_LOCAL_ENDPOINT, tableName: options.table ?? localTableName, region };
}

/** The name SST v2 gives the main table of a stage (`<stage>-<app>-<id>`); only suggested, never assumed. */
const sstTableName = (stage: string) => `${stage}-naungan-${mainTable.id}`;

/** The Storage stack's `TableName` output (stacks/Storage.ts) of `stage` in `.sst/outputs.json` (written by `sst deploy`). */
export function tableFromOutputs(stage: string, cwd: string): string {
  const file = join(cwd, ".sst", "outputs.json");
  let outputs: Record<string, Record<string, unknown>>;
  try {
    outputs = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
  } catch {
    throw new AdminUsageError(`No table name for stage "${stage}": .sst/outputs.json is missing or unreadable; pass --table <name> (by SST's naming: ${sstTableName(stage)}).`);
  }
  const stackKey = Object.keys(outputs).find((k) => k.startsWith(`${stage}-`) && k.endsWith("-Storage"));
  const stack = stackKey ? outputs[stackKey] : undefined;
  const tableName = stack?.TableName;
  if (typeof tableName !== "string") {
    throw new AdminUsageError(`No table name for stage "${stage}" in .sst/outputs.json (no table output of its Storage stack); pass --table <name> (by SST's naming: ${sstTableName(stage)}).`);
  }
  return tableName;
}

/** The same platform the API uses, on the target's table. Locally the table is created if missing. */
export async function openPlatform(target: AdminTarget): Promise<Platform> {
  const platform = createPlatform({
    dynamo: { endpoint: target.endpoint, region: target.region },
    tableName: target.tableName,
    // Sessions are never signed here; a throwaway secret keeps the real one out of this process.
    sessionSecret: randomBytes(32).toString("hex"),
  });
  try {
    if (target.kind === "local") await ensureTable(platform.db.clients.client, mainTable, target.tableName);
    else await platform.db.clients.client.send(new DescribeTableCommand({ TableName: target.tableName }));
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
    if (target.kind === "local" && (code === "ECONNREFUSED" || /ECONNREFUSED/.test(String(err)))) {
      throw new AdminUsageError(`Nothing answers at ${target.endpoint}: start the local runtime (npm start) or pass --endpoint.`);
    }
    if (name === "ResourceNotFoundException") throw new AdminUsageError(`Table ${target.tableName} does not exist in ${target.region}: check --stage, --table and --region.`);
    if (name === "CredentialsProviderError") throw new AdminUsageError(`No AWS credentials found for stage ${target.stage}: configure the default credential chain (AWS_PROFILE, environment, SSO).`);
    throw err;
  }
  return platform;
}

export const describeTarget = (t: AdminTarget) =>
  t.kind === "local" ? `local DynamoDB ${t.endpoint}, table ${t.tableName}` : `AWS ${t.region}, stage ${t.stage}, table ${t.tableName}`;
