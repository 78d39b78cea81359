import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { caseStatusSchema, caseTypeSchema, isValidIsoDate, parseRupiah, roleOfStep, rolesScopedToOpd, wibDate, RupiahParseError, type CaseStatus, type Role } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { Refused, type CaseRecord, type User } from "@naungan/platform";
import { allow } from "../auth/allow";
import { loadCase } from "../cases/case-access";
import { caseSummary, caseTimeline, caseWorkers, deathClaimView, type CaseView } from "../cases/case-view";
import { caseWorkflow } from "../cases/execution-history";
import type { AppEnv } from "../env";
import { CasePage, type CaseActions, type DisbursementFormState } from "./case-page";
import { CasesListPage } from "./cases-list";
import type { PayoutFormState } from "./death-claim-case";
import { addError, type FieldErrors } from "./enrolment-form-check";
import { actorOf, chrome, firstPageOnBadCursor, formatCount, formText, refusalStatus } from "./page-context";
import type { RevealedValue } from "./personal-data";

/** What the finance approver and the treasurer look at first: the cases waiting for them. */
const defaultStatus: Partial<Record<Role, CaseStatus>> = { finance_approver: "awaiting_finance", treasurer: "awaiting_disbursement" };

const flashes = {
  decided: t.cases.page.decided,
  disbursed: t.cases.page.disbursed,
  disbursedAgain: t.cases.page.disbursedAgain,
} as const;
type Flash = keyof typeof flashes;

function actionsFor(user: User, record: CaseRecord, decided: boolean): CaseActions {
  const step = record.currentStep;
  const holdsRole = step !== undefined && roleOfStep[step] === user.role;
  const own = record.submittedBy === user.email;
  return {
    decide: holdsRole && !own && !decided && step !== "disbursement",
    disburse: holdsRole && !own && !decided && step === "disbursement",
    ownSubmission: holdsRole && own,
    processing: decided || record.status === "validating",
    fix: user.role === "opd_operator" && record.status === "returned",
  };
}

interface RenderOptions {
  flash?: string;
  error?: string;
  disbursement?: DisbursementFormState;
  payout?: PayoutFormState;
  status?: ContentfulStatusCode;
  /** The value an auditor's reveal showed (routes/reveal.ts). */
  revealed?: RevealedValue;
}

/** The case page as the signed-in user sees it (also the answer to an auditor's reveal, routes/reveal.ts). */
export async function renderCase(c: Context<AppEnv>, record: CaseRecord, options: RenderOptions = {}) {
  const { platform } = c.get("deps");
  const user = c.get("user")!;
  const cursor = c.req.query("cursor") || undefined;
  const [timeline, workers, opd, budgetLine, step, claim, workflow] = await Promise.all([
    caseTimeline(platform, record.id),
    record.type === "enrolment" ? firstPageOnBadCursor(cursor, (at) => caseWorkers(platform, record, { cursor: at, limit: 50 })) : undefined,
    platform.opds.get(record.opdCode),
    record.budgetLineId ? platform.budgetLines.get(record.budgetLineId) : undefined,
    record.currentStep ? platform.steps.get(record.id, record.attempt, record.currentStep) : undefined,
    record.type === "death_benefit" ? deathClaimView(platform, record) : undefined,
    caseWorkflow(platform, record),
  ]);
  const disbursement = options.disbursement ?? {
    values: { sp2dNumber: "", transferReference: "", paidAt: wibDate(platform.now()), amount: formatCount(record.amount) },
    errors: new Map(),
  };
  const breakdown = record.type === "enrolment" ? (record.details.breakdown as CaseView["breakdown"]) : undefined;
  return c.html(
    <CasePage
      chrome={chrome(c)}
      view={{ ...caseSummary(record), holders: record.holders ?? [], outcome: record.outcome ?? null, timeline, ...(breakdown ? { breakdown } : {}) }}
      workers={workers}
      opdName={opd?.name ?? record.opdCode}
      budgetLine={budgetLine}
      step={step}
      actions={actionsFor(user, record, step?.decision !== undefined)}
      flash={options.flash}
      error={options.error}
      disbursement={disbursement}
      claim={claim}
      workflow={workflow}
      payout={options.payout ?? { values: { sp2dNumber: "", paidAt: wibDate(platform.now()), references: [] }, errors: new Map() }}
      revealed={options.revealed}
    />,
    options.status ?? 200,
  );
}

const backToCase = (c: Context<AppEnv>, id: string, flash: Flash) => c.redirect(`/cases/${encodeURIComponent(id)}?flash=${flash}`, 303);

export function casePageRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/cases", allow("signed_in", { html: true }), async (c) => {
    const user = c.get("user")!;
    const { platform } = c.get("deps");
    const type = caseTypeSchema.safeParse(c.req.query("type")).data;
    // No status in the query: the role's default; `status=` (empty): every status.
    const statusParam = c.req.query("status");
    const status = statusParam === undefined ? defaultStatus[user.role] : caseStatusSchema.safeParse(statusParam).data;
    const scoped = rolesScopedToOpd.includes(user.role);
    const filter = { type, status };
    const cursor = c.req.query("cursor") || undefined;
    const [page, opds] = await Promise.all([
      // A scoped user without an OPD sees nothing rather than everything.
      scoped && !user.opdCode
        ? { items: [], nextCursor: undefined, paged: false }
        : firstPageOnBadCursor(cursor, (at) => platform.cases.list({ ...filter, ...(scoped ? { opdCode: user.opdCode } : {}) }, { cursor: at, limit: 50 })),
      platform.opds.list(),
    ]);
    return c.html(
      <CasesListPage
        chrome={chrome(c)}
        cases={page.items.map(caseSummary)}
        filter={filter}
        opdNames={new Map(opds.map((o) => [o.code, o.name]))}
        nextCursor={page.nextCursor}
        paged={page.paged}
      />,
    );
  });

  app.get("/cases/:id", allow("signed_in", { html: true }), async (c) => {
    const record = await loadCase(c.get("deps").platform, c.get("user")!, c.req.param("id"));
    const flash = c.req.query("flash");
    return renderCase(c, record, { flash: flash && Object.hasOwn(flashes, flash) ? flashes[flash as Flash] : undefined });
  });

  app.post("/cases/:id/decisions", allow(["opd_head", "finance_approver"], { html: true }), async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const record = await loadCase(platform, user, c.req.param("id"));
    const body = await c.req.parseBody();
    const note = formText(body.note);
    try {
      await platform.decisions.decide(record.id, { decision: formText(body.decision), ...(note ? { note } : {}) }, user, actorOf(c));
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      return renderCase(c, (await platform.cases.get(record.id)) ?? record, { error: err.message, status: refusalStatus[err.kind] });
    }
    return backToCase(c, record.id, "decided");
  });

  app.post("/cases/:id/disbursement", allow(["treasurer"], { html: true }), async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const record = await loadCase(platform, user, c.req.param("id"));
    const body = await c.req.parseBody();
    if (record.type === "death_benefit") return payOut(c, record, body);
    const values = {
      sp2dNumber: formText(body.sp2dNumber),
      transferReference: formText(body.transferReference),
      paidAt: formText(body.paidAt),
      amount: formText(body.amount),
    };
    const errors: FieldErrors = new Map();
    let amount: number | undefined;
    try {
      amount = parseRupiah(values.amount);
    } catch (err) {
      if (!(err instanceof RupiahParseError)) throw err;
      addError(errors, "amount", t.cases.page.disburse.amountFormat);
    }
    if (amount === undefined) {
      return renderCase(c, record, { error: t.cases.errors.invalidSubmission, disbursement: { values, errors }, status: 400 });
    }
    try {
      const { repeated } = await platform.decisions.disburse(record.id, { ...values, amount }, user, actorOf(c));
      return backToCase(c, record.id, repeated ? "disbursedAgain" : "disbursed");
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      for (const field of err.fields ?? []) addError(errors, field.path, field.message);
      const latest = (await platform.cases.get(record.id)) ?? record;
      return renderCase(c, latest, { error: err.message, disbursement: { values, errors }, status: refusalStatus[err.kind] });
    }
  });

  return app;
}

/** The most payouts a claim has (the claim schema's limit on heirs). */
const MAX_PAYOUTS = 30;

/**
 * The treasurer's payout of a death benefit: one transfer per payee, in the
 * order the form lists them. The form checks what it can in Bahasa Indonesia
 * (SP2D, date, every reference given); the platform checks each payee and
 * amount against the approved ones.
 */
async function payOut(c: Context<AppEnv>, record: CaseRecord, body: Record<string, unknown>) {
  const { platform } = c.get("deps");
  const user = c.get("user")!;
  const m = t.deathPages.case.payout;
  const sp2dNumber = formText(body.sp2dNumber);
  const paidAt = formText(body.paidAt);
  const rows: { nik: string; transferReference: string; amount: string }[] = [];
  for (let i = 0; i < MAX_PAYOUTS; i++) {
    const nik = formText(body[`payouts.${i}.nik`]);
    if (!nik) break;
    rows.push({ nik, transferReference: formText(body[`payouts.${i}.transferReference`]), amount: formText(body[`payouts.${i}.amount`]) });
  }
  const values = { sp2dNumber, paidAt, references: rows.map((r) => r.transferReference) };
  const errors: FieldErrors = new Map();
  if (!sp2dNumber) addError(errors, "sp2dNumber", m.sp2dRequired);
  else if (sp2dNumber.length > 64) addError(errors, "sp2dNumber", m.tooLong);
  if (!isValidIsoDate(paidAt)) addError(errors, "paidAt", m.paidAtDate);
  const payouts = rows.map((row, i) => {
    if (!row.transferReference) addError(errors, `payouts.${i}.transferReference`, m.referenceRequired);
    else if (row.transferReference.length > 64) addError(errors, `payouts.${i}.transferReference`, m.tooLong);
    let amount = Number.NaN;
    try {
      amount = parseRupiah(row.amount);
    } catch (err) {
      if (!(err instanceof RupiahParseError)) throw err;
      addError(errors, `payouts.${i}.amount`, t.cases.page.disburse.amountFormat);
    }
    return { nik: row.nik, transferReference: row.transferReference, amount };
  });
  if (errors.size > 0) return renderCase(c, record, { error: t.cases.errors.invalidSubmission, payout: { values, errors }, status: 400 });
  try {
    const { repeated } = await platform.decisions.disburse(record.id, { sp2dNumber, paidAt, payouts }, user, actorOf(c));
    return backToCase(c, record.id, repeated ? "disbursedAgain" : "disbursed");
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    for (const field of err.fields ?? []) addError(errors, field.path, field.message);
    const latest = (await platform.cases.get(record.id)) ?? record;
    return renderCase(c, latest, { error: err.message, payout: { values, errors }, status: refusalStatus[err.kind] });
  }
}
