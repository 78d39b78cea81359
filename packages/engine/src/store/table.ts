import type { TableDefinition } from "@naungan/platform";

/**
 * The engine's own table in DynamoDB Local (in AWS, Step Functions keeps
 * this state itself). Keys:
 *   SM#<arn> / SM                 state machine            gsi1: SMS / <creationDate>#<name>
 *   ACT#<arn> / ACT               activity                 gsi1: ACTS / <creationDate>#<name>
 *   ACTQ#<activityArn> / <at>#<token>  activity task waiting for a worker
 *   EX#<arn> / EX                 execution                gsi1: SMEX#<smArn> / <startDate>#<name>
 *                                                          gsi2: SMEX#<smArn>#<status> / <startDate>#<name>
 *                                                          gsi3: RUNNING / <arn> (only while RUNNING)
 *   EX#<arn> / EV#<10-digit id>   a chunk of history events from that id on (store/event-chunks.ts)
 *   DEF#<sha256> / DEF            an execution's definition, stored once per distinct text
 *   TOKEN#<token> / TOKEN         task token of a waiting task
 *
 * The indexes copy only what the lists show: an execution's run state
 * changes at every step, and an index holding it would be rewritten each time.
 */
const LISTED = ["executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "machineType", "creationDate", "activityArn"];
export const engineTable: TableDefinition = {
  id: "Engine",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalIndexes: [1, 2, 3].map((n) => ({
    indexName: `gsi${n}`,
    partitionKey: { name: `gsi${n}pk`, type: "S" as const },
    sortKey: { name: `gsi${n}sk`, type: "S" as const },
    include: LISTED,
  })),
  timeToLiveAttribute: "expiresAt",
};

export const ENGINE_TABLE_NAME = "local-sfn-Engine";
