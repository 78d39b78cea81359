import { runImport, type ImportKind } from "./imports/start-import";
import { createSfnClient } from "@naungan/platform";
import { platformFromEnv } from "./lambda-platform";

// Imports sign nothing: the session key is the API's alone.
// Step Functions: an imported enrolment starts its workflow.
const platform = platformFromEnv("unused: the import runner signs no sessions", { stepFunctions: createSfnClient });

/** Invoked asynchronously by the API for each accepted upload (`kind` absent: an enrolment); a retry by Lambda resumes the same import. */
export async function handler(event: { importId: string; kind?: ImportKind }) {
  return runImport(platform, event.importId, event.kind);
}
