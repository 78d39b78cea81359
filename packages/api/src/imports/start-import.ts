import type { User } from "@naungan/platform";
import { runEnrolmentImport, type Platform } from "@naungan/platform";

/** What an upload imports: workers for an enrolment case (the default), or the administrator's existing participants. */
export type ImportKind = "enrolment" | "participants";

/** How an accepted upload gets processed: in this process locally, by the ImportRunner Lambda when deployed. */
export type ImportDispatcher = (importId: string, user: User, kind?: ImportKind) => Promise<void>;

/** Runs an import of either kind to its end; safe to call again for the same import. `user` is looked up when absent. */
export async function runImport(platform: Platform, importId: string, kind: ImportKind = "enrolment", user?: User): Promise<void> {
  if (kind === "participants") await platform.participantImports.run(importId);
  else await runEnrolmentImport(platform, importId, user);
}

/** Runs the import in the background of this process (the local runtime); failures are logged, the import shows its state. */
export function inProcessImports(platform: Platform): ImportDispatcher {
  return async (importId, user, kind) => {
    void runImport(platform, importId, kind, user).catch((err: Error) => {
      console.error(JSON.stringify({ level: "error", message: `import ${importId} failed`, error: err.message, stack: err.stack }));
    });
  };
}
