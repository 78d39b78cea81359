/**
 * CreateStateMachine, DescribeStateMachine, UpdateStateMachine,
 * ListStateMachines, DeleteStateMachine.
 */
import { InvalidCursor } from "@naungan/platform";
import { arns } from "../config";
import type { LoggingConfiguration, StateMachineRecord, StateMachines, StateMachineType, TracingConfiguration } from "../store/state-machines";
import { validateDefinition } from "./definition";
import { SfnErrors } from "./errors";
import { operation, type SfnOperation } from "./protocol";
import { checkName, Limits, readArn, readName, RequestReader, validateRoleArn, type Input } from "./validation";

export interface StateMachineOperationsDeps {
  stateMachines: StateMachines;
  now?: () => Date;
}

const TYPES = ["STANDARD", "EXPRESS"] as const;
const LOG_LEVELS = ["ALL", "ERROR", "FATAL", "OFF"] as const;

export const DEFAULT_LOGGING: LoggingConfiguration = { level: "OFF", includeExecutionData: false };
export const DEFAULT_TRACING: TracingConfiguration = { enabled: false };

export function stateMachineOperations(deps: StateMachineOperationsDeps): SfnOperation[] {
  const { stateMachines } = deps;
  const now = () => deps.now?.() ?? new Date();

  return [
    operation("CreateStateMachine", async (input, ctx) => {
      const r = new RequestReader(input);
      const name = readName(r);
      const definition = r.string("definition", { required: true, min: 1, max: Limits.definition });
      const roleArn = r.string("roleArn", { required: true, min: 1, max: Limits.arn });
      const type: StateMachineType = r.enumOf("type", TYPES) ?? "STANDARD";
      const publish = r.boolean("publish");
      const versionDescription = r.string("versionDescription", { max: 256 });
      r.array("tags");
      r.object("encryptionConfiguration");
      const loggingConfiguration = readLogging(r);
      const tracingConfiguration = readTracing(r);
      r.done();
      checkName(name);
      if (versionDescription !== undefined && !publish) throw SfnErrors.validationMessage("Version description can only be set when publish is true");
      if (publish) throw SfnErrors.validationMessage("Publishing state machine versions (publish: true) is not supported by the local engine");
      validateRoleArn(roleArn!);
      checkLogging(loggingConfiguration);
      validateDefinition(definition!);

      const stateMachineArn = arns.stateMachine(ctx.identity, name);
      const result = await stateMachines.create({
        stateMachineArn,
        name,
        definition: definition!,
        roleArn: roleArn!,
        type,
        creationDate: now().toISOString(),
        loggingConfiguration: loggingConfiguration ?? DEFAULT_LOGGING,
        tracingConfiguration: tracingConfiguration ?? DEFAULT_TRACING,
      });
      if (result.outcome === "conflict") throw SfnErrors.stateMachineAlreadyExists(stateMachineArn);
      if (result.outcome === "deleting") throw SfnErrors.stateMachineDeleting(stateMachineArn);
      return { stateMachineArn, creationDate: new Date(result.record.creationDate) };
    }),

    operation("DescribeStateMachine", async (input) => {
      const r = new RequestReader(input);
      r.enumOf("includedData", ["ALL_DATA", "METADATA_ONLY"] as const);
      const { arn } = readArn(r, "stateMachineArn", "stateMachine");
      const record = await stateMachines.get(arn);
      if (!record) throw SfnErrors.stateMachineDoesNotExist(arn);
      return describe(record);
    }),

    operation("UpdateStateMachine", async (input) => {
      const r = new RequestReader(input);
      const definition = r.string("definition", { min: 1, max: Limits.definition });
      const roleArn = r.string("roleArn", { min: 1, max: Limits.arn });
      const publish = r.boolean("publish");
      const versionDescription = r.string("versionDescription", { max: 256 });
      r.object("encryptionConfiguration");
      const loggingConfiguration = readLogging(r);
      const tracingConfiguration = readTracing(r);
      const { arn } = readArn(r, "stateMachineArn", "stateMachine");
      if (definition === undefined && roleArn === undefined && loggingConfiguration === undefined && tracingConfiguration === undefined) {
        throw SfnErrors.missingRequiredParameter();
      }
      if (versionDescription !== undefined && !publish) throw SfnErrors.validationMessage("Version description can only be set when publish is true");
      if (publish) throw SfnErrors.validationMessage("Publishing state machine versions (publish: true) is not supported by the local engine");
      if (roleArn !== undefined) validateRoleArn(roleArn);
      checkLogging(loggingConfiguration);
      if (definition !== undefined) validateDefinition(definition);

      const result = await stateMachines.update(arn, { definition, roleArn, loggingConfiguration, tracingConfiguration }, now());
      if (result.outcome === "missing") throw SfnErrors.stateMachineDoesNotExist(arn);
      if (result.outcome === "deleting") throw SfnErrors.stateMachineDeleting(arn);
      const { record } = result;
      return {
        updateDate: new Date(record.updateDate ?? record.creationDate),
        ...(record.revisionId ? { revisionId: record.revisionId } : {}),
      };
    }),

    operation("ListStateMachines", async (input) => {
      const r = new RequestReader(input);
      const limit = r.pageSize();
      const nextToken = r.pageToken();
      r.done();
      const page = await stateMachines.list(limit, nextToken).catch(rethrowCursor);
      return {
        stateMachines: page.items.map((s) => ({ ...s, creationDate: new Date(s.creationDate) })),
        ...(page.nextCursor ? { nextToken: page.nextCursor } : {}),
      };
    }),

    operation("DeleteStateMachine", async (input) => {
      const r = new RequestReader(input);
      const { arn } = readArn(r, "stateMachineArn", "stateMachine");
      await stateMachines.delete(arn);
      return {};
    }),
  ];
}

/** DescribeStateMachine's answer, as AWS shapes it (no revisionId before the first update). */
export function describe(record: StateMachineRecord) {
  return {
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    definition: record.definition,
    roleArn: record.roleArn,
    type: record.type,
    creationDate: new Date(record.creationDate),
    loggingConfiguration: record.loggingConfiguration,
    tracingConfiguration: record.tracingConfiguration,
    ...(record.revisionId ? { revisionId: record.revisionId } : {}),
    ...(record.description ? { description: record.description } : {}),
  };
}

/** A nextToken that is not one of ours: InvalidToken, as AWS answers. */
export function rethrowCursor(err: unknown): never {
  if (err instanceof InvalidCursor) throw SfnErrors.invalidToken("Invalid token");
  throw err;
}

function readLogging(r: RequestReader): LoggingConfiguration | undefined {
  const raw = r.object("loggingConfiguration");
  if (!raw) return undefined;
  const inner = new RequestReader(raw as Input);
  const level = raw.level === undefined ? undefined : inner.enumOf("level", LOG_LEVELS);
  if (raw.level !== undefined && level === undefined) r.violate(raw.level, "loggingConfiguration.level", `Member must satisfy enum value set: [${LOG_LEVELS.join(", ")}]`);
  const includeExecutionData = inner.boolean("includeExecutionData");
  const destinations = inner.array("destinations");
  return {
    level: level ?? "OFF",
    includeExecutionData: includeExecutionData ?? false,
    ...(destinations && destinations.length > 0 ? { destinations: destinations as LoggingConfiguration["destinations"] } : {}),
  };
}

function checkLogging(logging: LoggingConfiguration | undefined) {
  if (!logging) return;
  const count = logging.destinations?.length ?? 0;
  if (count > 1 || (logging.level !== "OFF" && count !== 1)) {
    throw SfnErrors.invalidLoggingConfiguration("Must specify exactly one Log Destination.");
  }
}

function readTracing(r: RequestReader): TracingConfiguration | undefined {
  const raw = r.object("tracingConfiguration");
  if (!raw) return undefined;
  return { enabled: new RequestReader(raw as Input).boolean("enabled") ?? false };
}
