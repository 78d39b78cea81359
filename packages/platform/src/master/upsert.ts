/** What an idempotent write of master data did: re-running the same input is `unchanged`. */
export type UpsertOutcome = "created" | "updated" | "unchanged";
