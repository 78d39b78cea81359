import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { awsRegion } from "./region";

export interface DynamoConfig {
  /** Set for DynamoDB Local; omitted in AWS, where the SDK finds the endpoint. */
  endpoint?: string;
  region?: string;
}

/**
 * The same SDK clients in AWS and locally; only the endpoint and credentials
 * differ. DynamoDB Local runs with -sharedDb, so any static credentials do.
 */
export function createDynamoClients(config: DynamoConfig = {}) {
  const client = new DynamoDBClient({
    region: config.region ?? awsRegion(),
    ...(config.endpoint
      ? { endpoint: config.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, doc };
}

export type DynamoClients = ReturnType<typeof createDynamoClients>;
