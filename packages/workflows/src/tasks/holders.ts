import type { CaseStep } from "@naungan/core";
import type { CaseRecord, Settings } from "@naungan/platform";
import type { TaskContext } from "./task-context";

/**
 * Who is asked to decide a step: the OPD's heads; the finance approvers but
 * the backup (who only gets escalations); the treasurers. Never the submitter.
 */
export async function holdersOf(ctx: TaskContext, c: CaseRecord, step: CaseStep, settings: Settings): Promise<string[]> {
  const users = (await ctx.platform.users.list()).filter((u) => u.active && u.email !== c.submittedBy);
  const emails = users
    .filter((u) =>
      step === "opd_head"
        ? u.role === "opd_head" && u.opdCode === c.opdCode
        : step === "finance"
          ? u.role === "finance_approver" && u.email !== settings.backupFinanceApprover
          : u.role === "treasurer",
    )
    .map((u) => u.email);
  if (emails.length === 0) throw new Error(`nobody can decide step ${step} of ${c.id}`);
  return emails.sort();
}
