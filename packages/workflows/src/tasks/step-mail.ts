import type { CaseStep } from "@naungan/core";
import { approvalRequestMail, disbursementNoticeMail, escalationMail, reminderMail, type CaseRecord, type MailContent } from "@naungan/platform";
import { caseSummary } from "./case-summary";
import { by, type TaskContext } from "./task-context";

export type StepMailKind = { kind: "request" } | { kind: "reminder"; reminder: number } | { kind: "escalation"; primaryApprover: string };

/**
 * Mails one holder about a step: for the OPD head and finance with their own
 * approval link (a new link each mail: only hashes are stored, so an old
 * token cannot be mailed again); for the treasurer a link to the case page.
 */
export async function mailHolder(ctx: TaskContext, c: CaseRecord, step: CaseStep, to: string, mail: StepMailKind): Promise<void> {
  const summary = await caseSummary(ctx, c);
  let content: MailContent;
  if (step === "disbursement") {
    content = disbursementNoticeMail({ ...summary, caseUrl: ctx.platform.urls.casePage(c.id) });
  } else {
    const settings = await ctx.platform.settings.get();
    const expiresAt = new Date(ctx.platform.now().getTime() + settings.approvalLinkSeconds * 1000);
    const { url } = await ctx.platform.approvals.issue({ caseId: c.id, attempt: c.attempt, step, approverEmail: to, expiresAt, opdCode: c.opdCode }, by(ctx));
    const input = { ...summary, step, approveUrl: url!, expiresAt };
    content =
      mail.kind === "request"
        ? approvalRequestMail(input)
        : mail.kind === "reminder"
          ? reminderMail({ ...input, reminder: mail.reminder })
          : escalationMail({ ...input, primaryApprover: mail.primaryApprover });
  }
  await ctx.platform.mailer.send({ to, subject: content.subject, text: content.text, html: content.html, links: content.links, caseId: c.id });
}
