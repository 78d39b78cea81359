// The secrets the Api stack binds (SST generates this under .sst/types only during `sst dev`/`sst build`).
import "sst/node/config";
declare module "sst/node/config" {
  export interface SecretResources {
    SESSION_SECRET: { value: string };
  }
}
