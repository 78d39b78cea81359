/** The sort-key prefix of an attempt's worker items (see CaseStore's `workerSk`). */
export const workerPrefix = (attempt: number) => `WORKER#${String(attempt).padStart(3, "0")}#`;
