import type { CaseRecord, CaseSummary, DeathClaimDetails } from "@naungan/platform";
import type { TaskContext } from "./task-context";

/** The facts a mail about the case shows: for a claim, the deceased and the heirs paid. */
export async function caseSummary(ctx: TaskContext, c: CaseRecord): Promise<CaseSummary> {
  const [opd, settings] = await Promise.all([ctx.platform.opds.get(c.opdCode), ctx.platform.settings.get()]);
  const workersCount = typeof c.details.workersCount === "number" ? c.details.workersCount : undefined;
  const claim = c.type === "death_benefit" ? (c.details as unknown as DeathClaimDetails) : undefined;
  return {
    caseId: c.id,
    caseType: c.type,
    opdName: opd?.name ?? c.opdCode,
    financeAgency: settings.financeAgencyName,
    amount: c.amount,
    ...(workersCount !== undefined ? { workersCount } : {}),
    ...(claim
      ? { claim: { deceasedName: claim.deceased.name, dateOfDeath: claim.dateOfDeath, payees: claim.payees.map((p) => ({ name: p.name, amount: p.amount })) } }
      : {}),
  };
}
