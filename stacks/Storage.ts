import { RemovalPolicy } from "aws-cdk-lib";
import { Table, type StackContext, type TableProps } from "sst/constructs";
import { mainTable, type KeyAttribute, type TableDefinition } from "../packages/platform/src/storage/table-definition";

type FieldType = NonNullable<TableProps["fields"]>[string];
const fieldType: Record<KeyAttribute["type"], FieldType> = { S: "string", N: "number" };

/**
 * Turns the shared definition (the same one the local runtime gives to
 * DynamoDB Local) into SST Table props. Key names come only from the
 * definition; nothing is restated here.
 */
export function tableProps(def: TableDefinition): Pick<TableProps, "fields" | "primaryIndex" | "globalIndexes" | "timeToLiveAttribute"> {
  const fields: Record<string, FieldType> = {};
  for (const key of [def.partitionKey, def.sortKey, ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]) {
    fields[key.name] = fieldType[key.type];
  }
  return {
    fields,
    primaryIndex: { partitionKey: def.partitionKey.name, sortKey: def.sortKey.name },
    // Projection as in createTableInput() for DynamoDB Local: ALL unless the definition lists what to include.
    globalIndexes: Object.fromEntries(
      def.globalIndexes.map((i) => [i.indexName, { partitionKey: i.partitionKey.name, sortKey: i.sortKey.name, ...(i.include ? { projection: i.include } : {}) }]),
    ),
    timeToLiveAttribute: def.timeToLiveAttribute,
  };
}

export function Storage({ stack, app }: StackContext) {
  const isProd = app.stage === "prod";
  // SST's Table already sets billingMode PAY_PER_REQUEST and point-in-time
  // recovery; infra-tests assert both.
  const table = new Table(stack, mainTable.id, {
    ...tableProps(mainTable),
    cdk: {
      table: {
        deletionProtection: isProd,
        removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
    },
  });
  // `npm run admin -- … --stage <stage>` finds the table by this output (.sst/outputs.json).
  stack.addOutputs({ TableName: table.tableName });
  return { table };
}
