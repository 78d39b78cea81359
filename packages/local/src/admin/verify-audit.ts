import type { LogVerdict, Platform } from "@naungan/platform";

/** `verify-audit`: walks every chain of the audit log against the latest anchor. */
export async function verifyAudit(platform: Platform): Promise<{ verdict: LogVerdict; lines: string[] }> {
  const verdict = await platform.auditAnchors.verifyAll();
  const lines = verdict.ok
    ? [`audit log ok: ${verdict.events} events in ${verdict.chains} chains${verdict.anchoredAt ? `, last anchored ${verdict.anchoredAt}` : ", not anchored yet"}`]
    : [`audit log BROKEN: ${verdict.subject} at event ${verdict.brokenAt} (${verdict.reason}): ${verdict.detail}`];
  return { verdict, lines };
}
