import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

/** The repository root, wherever `npm start` was run from. */
export const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
/** Everything the local runtime keeps between runs (git-ignored). */
export const dataDir = resolve(process.env.NAUNGAN_DATA_DIR ?? resolve(repoRoot, ".data"));
