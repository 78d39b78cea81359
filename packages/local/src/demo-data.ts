import { defaultDiscounts, defaultOpds, defaultRateTables, type Role } from "@naungan/core";
import type { NewBudgetLine, NewUser, Platform } from "@naungan/platform";

/** Demo password of every seeded user (API.md); the local runtime only. */
export const DEMO_PASSWORD = "naungan-demo";
export const DEMO_YEAR = 2026;
const DEMO_PAGU = 5_000_000_000;

const user = (email: string, name: string, role: Role, opdCode?: string): NewUser => ({ email, name, role, opdCode, password: DEMO_PASSWORD });

export const demoUsers: NewUser[] = [
  user("operator@disnaker.demo", "Sari Operator Disnaker", "opd_operator", "DISNAKER"),
  user("kepala@disnaker.demo", "Budi Kepala Disnaker", "opd_head", "DISNAKER"),
  user("operator@perikanan.demo", "Rahmat Operator Perikanan", "opd_operator", "PERIKANAN"),
  user("kepala@perikanan.demo", "Dewi Kepala Perikanan", "opd_head", "PERIKANAN"),
  user("verifikator@bkad.demo", "Andi Verifikator BKAD", "finance_approver", "BKAD"),
  user("cadangan@bkad.demo", "Lina Verifikator Cadangan BKAD", "finance_approver", "BKAD"),
  user("bud@bkad.demo", "Hendra Bendahara Umum Daerah", "treasurer", "BKAD"),
  user("auditor@inspektorat.demo", "Yusuf Auditor Inspektorat", "auditor", "INSPEKTORAT"),
  user("admin@naungan.demo", "Admin Naungan", "admin"),
];

/**
 * One combined line per OPD for JKK (…0006) and JKM (…0007): a case reserves
 * its whole contribution on one line, and its breakdown per programme lets the
 * SP2D be split by account code (README, "Budget lines").
 */
export const demoBudgetLine = (opdCode: string): NewBudgetLine => ({
  opdCode,
  year: DEMO_YEAR,
  accountCode: "5.1.02.02.02.0006+0007",
  name: "Iuran JKK dan JKM pekerja non-ASN",
  pagu: DEMO_PAGU,
});

export interface SeedSummary {
  opds: number;
  budgetLines: number;
  users: number;
  rateTables: number;
}

/**
 * Creates what is missing and leaves what exists alone, so a restart (or an
 * admin's later edits) never duplicates or reverts anything. Each creation
 * goes through the audit log with the actor `system:seed`.
 */
export async function seedDemoData(platform: Platform, requestId = `seed-${Date.now()}`): Promise<SeedSummary> {
  const by = { actor: "system:seed", requestId };
  const count = async <T>(items: readonly T[], create: (item: T) => Promise<boolean>) => {
    let created = 0;
    for (const item of items) if (await create(item)) created++;
    return created;
  };
  return {
    opds: await count(defaultOpds, (o) => platform.opds.createIfAbsent(o, by)),
    budgetLines: await count(defaultOpds, (o) => platform.budgetLines.createIfAbsent(demoBudgetLine(o.code), by)),
    users: await count(demoUsers, (u) => platform.users.createIfAbsent(u, by)),
    rateTables:
      (await count(defaultRateTables, (r) => platform.rateTables.createIfAbsent(r, by))) +
      (await count(defaultDiscounts, (d) => platform.rateTables.createDiscountIfAbsent(d, by))),
  };
}
