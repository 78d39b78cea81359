import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The local stand-in for the SESSION_SECRET of SST Config: made once per
 * data directory and kept there, so sessions survive a restart. Never in git.
 */
export function localSessionSecret(dir: string): string {
  if (process.env.NAUNGAN_SESSION_SECRET) return process.env.NAUNGAN_SESSION_SECRET;
  const file = join(dir, "session-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first run
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
