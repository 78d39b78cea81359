import { SFNClient } from "@aws-sdk/client-sfn";
import { awsRegion } from "./region";

/**
 * The Step Functions client: the local engine's endpoint locally (any static
 * credentials), found by the SDK in AWS. Its own module so that only the
 * functions that talk to Step Functions bundle it (see PlatformAdapters).
 */
export function createSfnClient(config: { endpoint?: string } = {}): SFNClient {
  return new SFNClient({
    region: awsRegion(),
    ...(config.endpoint ? { endpoint: config.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
}
