import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { decisions, type Decision } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { Refused } from "@naungan/platform";
import { allow } from "../auth/allow";
import { caseSummary, caseWorkers } from "../cases/case-view";
import type { AppEnv } from "../env";
import { ApprovalMessagePage, ApprovalSummaryPage, approvalClaimOf } from "./approval-page";
import { periodText } from "./case-page";
import { formText, hasOutbox, refusalStatus } from "./page-context";

/** Workers shown on the approval page; the case page has them all. */
const WORKERS_SHOWN = 20;

/*
 * Approval links (DESIGN.md §4). The token in the URL stands for one
 * approver, one case and one step, so these pages need no sign-in; GET only
 * reads (mail scanners prefetch links), POST decides and burns the token.
 * Pages with a token are not stored by caches.
 */
export function approvalPageRoutes() {
  const app = new Hono<AppEnv>();

  const message = (c: Context<AppEnv>, title: string, text: string, status: ContentfulStatusCode, caseId?: string) => {
    c.header("Cache-Control", "no-store");
    return c.html(<ApprovalMessagePage title={title} message={text} caseId={caseId} local={hasOutbox(c)} />, status);
  };

  app.get("/approve/:token", allow("public"), async (c) => {
    const { platform } = c.get("deps");
    const token = c.req.param("token");
    const peeked = await platform.approvals.peek(token);
    if (!peeked.ok) return message(c, t.cases.approvalPage.refusedTitle, t.approval.linkRefused[peeked.reason], peeked.reason === "unknown" ? 404 : 410);
    const { link } = peeked;
    const record = await platform.cases.get(link.caseId);
    // The case moved on without this link (decided in the app, or resubmitted): nothing to decide here.
    if (!record || record.attempt !== link.attempt || record.currentStep !== link.step) {
      return message(c, t.cases.approvalPage.refusedTitle, t.cases.errors.stepNotOpen, 409);
    }
    const [opd, workers, settings] = await Promise.all([
      platform.opds.get(record.opdCode),
      record.type === "enrolment" ? caseWorkers(platform, record, { limit: WORKERS_SHOWN }) : undefined,
      platform.settings.get(),
    ]);
    const summary = caseSummary(record);
    c.header("Cache-Control", "no-store");
    return c.html(
      <ApprovalSummaryPage
        token={token}
        link={link}
        summary={summary}
        opdName={opd?.name ?? record.opdCode}
        financeAgency={settings.financeAgencyName}
        periodText={periodText(summary)}
        workers={workers?.items ?? []}
        claim={approvalClaimOf(record)}
        local={hasOutbox(c)}
      />,
    );
  });

  // No session token here: csrf.ts lets /approve/* posts through on the unguessable token in the URL.
  app.post("/approve/:token", allow("public"), async (c) => {
    const { platform } = c.get("deps");
    const body = await c.req.parseBody();
    const decision = formText(body.decision);
    const note = formText(body.note);
    try {
      const record = await platform.decisions.decideByLink(c.req.param("token"), { decision, ...(note ? { note } : {}) }, { requestId: c.get("requestId") });
      const label = (decisions as readonly string[]).includes(decision) ? t.cases.decisions[decision as Decision] : decision;
      return message(c, t.cases.approvalPage.recordedTitle, t.cases.approvalPage.recorded(label, record.id), 200, record.id);
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      return message(c, t.cases.approvalPage.refusedTitle, err.message, refusalStatus[err.kind]);
    }
  });

  return app;
}
