import { Hono, type Context } from "hono";
import { isValidIsoDate, maskPersonalData, seesPersonalData, type Role } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { AUDIT_MAX_DAYS, Refused, type AuditFilter, type AuditRecord } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { AUDIT_PATH, AUDIT_VERIFY_PATH, AuditPage, VERIFY_PARAM, AuditVerifyPage, auditFilterFields, type AuditFilterValues } from "./audit-page";
import { chrome, firstPageOnBadCursor } from "./page-context";

/*
 * The audit pages (`/audit`, `/audit/verifikasi`): auditor and admin, as the
 * JSON routes (routes/audit.ts), with the same filters, the same masking and
 * the same verdicts. Everything here is a read: GET forms only.
 */

const auditRoles = ["auditor", "admin"] as const;
const a = t.audit;
const PAGE_SIZE = 50;

/** The longest value of each field (as routes/audit.ts accepts them). */
const maxLength: Record<keyof AuditFilterValues, number> = { caseId: 64, actor: 254, action: 100, opd: 32, from: 10, to: 10 };
const fieldLabel: Record<keyof AuditFilterValues, string> = {
  caseId: a.filter.caseId,
  actor: a.filter.actor,
  action: a.filter.action,
  opd: a.filter.opd,
  from: a.filter.from,
  to: a.filter.to,
};

const queryText = (c: Context<AppEnv>, name: string) => (c.req.query(name) ?? "").trim();

function readValues(c: Context<AppEnv>): AuditFilterValues {
  return Object.fromEntries(auditFilterFields.map((field) => [field, queryText(c, field)])) as unknown as AuditFilterValues;
}

/** What is wrong with the filter as typed, in words; undefined when it can be used. */
function checkValues(values: AuditFilterValues): string | undefined {
  for (const field of auditFilterFields) {
    if (values[field].length > maxLength[field]) return a.errors.tooLong(fieldLabel[field], maxLength[field]);
  }
  for (const field of ["from", "to"] as const) {
    const value = values[field];
    if (value && !(/^\d{4}-\d{2}-\d{2}$/.test(value) && isValidIsoDate(value))) return a.errors.date(fieldLabel[field]);
  }
  if (values.from && values.to && values.from > values.to) return a.errors.order;
  return undefined;
}

const filterOf = (v: AuditFilterValues): AuditFilter => ({
  ...(v.caseId ? { caseId: v.caseId } : {}),
  ...(v.actor ? { actor: v.actor } : {}),
  ...(v.action ? { action: v.action } : {}),
  ...(v.opd ? { opd: v.opd } : {}),
  ...(v.from ? { from: v.from } : {}),
  ...(v.to ? { to: v.to } : {}),
});

/** NIKs and account numbers as the role may see them (the JSON routes' rule). */
const shown = (e: AuditRecord, role: Role): AuditRecord => (seesPersonalData(role) ? e : { ...e, data: maskPersonalData(e.data) });

export function auditPageRoutes() {
  const app = new Hono<AppEnv>();

  app.get(AUDIT_PATH, allow(auditRoles, { html: true }), async (c) => {
    const { platform } = c.get("deps");
    const role = c.get("user")!.role;
    const values = readValues(c);
    const cursor = c.req.query("cursor") || undefined;
    const opds = await platform.opds.list();
    const render = (props: { events?: AuditRecord[]; nextCursor?: string; paged?: boolean; error?: string }, status: 200 | 400 = 200) =>
      c.html(<AuditPage chrome={chrome(c)} values={values} opds={opds} paged={props.paged ?? false} {...props} />, status);

    const problem = checkValues(values);
    if (problem) return render({ error: problem }, 400);
    try {
      const page = await firstPageOnBadCursor(cursor, (at) => platform.auditQuery.page(filterOf(values), { ...(at ? { cursor: at } : {}), limit: PAGE_SIZE }));
      return render({ events: page.items.map((e) => shown(e, role)), nextCursor: page.nextCursor, paged: page.paged });
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      // Dates are checked above: what the query still refuses is a day walk longer than it reads.
      const walksDays = !values.caseId && !values.actor && !values.opd;
      return render({ error: walksDays ? a.errors.range(AUDIT_MAX_DAYS) : a.errors.invalid }, 400);
    }
  });

  app.get(AUDIT_VERIFY_PATH, allow(auditRoles, { html: true }), async (c) => {
    const anchors = c.get("deps").platform.auditAnchors;
    const caseId = queryText(c, "caseId");
    if (caseId.length > maxLength.caseId) {
      return c.html(<AuditVerifyPage chrome={chrome(c)} caseId={caseId} error={a.errors.tooLong(fieldLabel.caseId, maxLength.caseId)} />, 400);
    }
    // Walking every chain is heavy: only when the form asks for it (`periksa`), not on a bare visit.
    if (!caseId && c.req.query(VERIFY_PARAM) === undefined) return c.html(<AuditVerifyPage chrome={chrome(c)} caseId="" />);
    const verdict = caseId ? await anchors.verifyCase(caseId) : await anchors.verifyAll();
    return c.html(<AuditVerifyPage chrome={chrome(c)} caseId={caseId} verdict={verdict} />);
  });

  return app;
}
