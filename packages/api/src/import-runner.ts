import { runEnrolmentImport } from "@naungan/platform";
import { platformFromEnv } from "./lambda-platform";

// Imports sign nothing: the session key is the API's alone.
const platform = platformFromEnv("unused-by-the-import-runner");

/** Invoked asynchronously by the API for each accepted upload; a retry by Lambda resumes the same import. */
export async function handler(event: { importId: string }) {
  return runEnrolmentImport(platform, event.importId);
}
