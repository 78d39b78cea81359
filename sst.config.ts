import type { SSTConfig } from "sst";
import { Api } from "./stacks/Api";
import { Audit } from "./stacks/Audit";
import { Storage } from "./stacks/Storage";
import { Workflows } from "./stacks/Workflows";

export default {
  config(_input) {
    // `sst deploy --region …` still overrides the default region.
    return { name: "naungan", region: "ap-southeast-3" };
  },
  stacks(app) {
    // Before any stack: applies to every Function created afterwards.
    app.setDefaultFunctionProps({
      runtime: "nodejs22.x",
      architecture: "arm_64",
      nodejs: { format: "esm", minify: true },
    });
    app.stack(Storage).stack(Audit).stack(Workflows).stack(Api);
  },
} satisfies SSTConfig;
