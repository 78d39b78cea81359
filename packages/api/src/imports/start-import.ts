import type { User } from "@naungan/platform";
import { runEnrolmentImport, type Platform } from "@naungan/platform";

/** How an accepted upload gets processed: in this process locally, by the ImportRunner Lambda when deployed. */
export type ImportDispatcher = (importId: string, user: User) => Promise<void>;

/** Runs the import in the background of this process (the local runtime); failures are logged, the import shows its state. */
export function inProcessImports(platform: Platform): ImportDispatcher {
  return async (importId, user) => {
    void runEnrolmentImport(platform, importId, user).catch((err: Error) => {
      console.error(JSON.stringify({ level: "error", message: `import ${importId} failed`, error: err.message, stack: err.stack }));
    });
  };
}
