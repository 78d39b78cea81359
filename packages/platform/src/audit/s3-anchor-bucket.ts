import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { awsRegion } from "../storage/region";
import type { AnchorBucket } from "./audit-anchors";

/**
 * The anchors' Object Lock bucket in S3. Only the functions that write or
 * verify anchors import this module (PlatformAdapters.anchorBucket), so the
 * others do not bundle the S3 client.
 */
export function s3AnchorBucket(bucket: string, s3: Pick<S3Client, "send"> = new S3Client({ region: awsRegion() })): AnchorBucket {
  return {
    async putJson(key, body) {
      // Object Lock wants a checksum.
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json", ChecksumAlgorithm: "SHA256" }));
    },
    async list(prefix, startAfter, token) {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(startAfter ? { StartAfter: startAfter } : {}), ...(token ? { ContinuationToken: token } : {}) }));
      return { keys: (out.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])), next: out.IsTruncated ? out.NextContinuationToken : undefined };
    },
    async getText(key) {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await out.Body!.transformToString("utf-8")) as string;
    },
  };
}
