/**
 * The one definition of Naungan's DynamoDB table. `stacks/Storage.ts` turns it
 * into an SST `Table`; the local runtime turns it into `CreateTable` input for
 * DynamoDB Local. Pure data: stacks import this file directly, so it must not
 * import runtime code.
 *
 * Single-table design with generic keys. Access patterns (see README "Data"):
 *   pk/sk          item by id; a subject's audit chain in order
 *   gsi1pk/gsi1sk  lists of master data (OPDs, users, budget lines by year);
 *                  cases by OPD and time
 *   gsi2pk/gsi2sk  audit events by actor; cases by status and time
 *   gsi3pk/gsi3sk  audit events by day (WIB) and time
 */
export interface KeyAttribute {
  name: string;
  type: "S" | "N";
}

export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** The non-key attributes the index copies (INCLUDE); omitted: all of them (ALL). */
  include?: string[];
}

export interface TableDefinition {
  /** Logical id: the SST construct id and the local table name's suffix. */
  id: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalIndexes: GlobalIndexDefinition[];
  /** Epoch-seconds attribute after which DynamoDB may delete the item. */
  timeToLiveAttribute: string;
}

const gsi = (n: number): GlobalIndexDefinition => ({
  indexName: `gsi${n}`,
  partitionKey: { name: `gsi${n}pk`, type: "S" },
  sortKey: { name: `gsi${n}sk`, type: "S" },
});

export const mainTable: TableDefinition = {
  id: "Main",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalIndexes: [gsi(1), gsi(2), gsi(3)],
  timeToLiveAttribute: "expiresAt",
};

export const tables: TableDefinition[] = [mainTable];
