import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { mayRevealPersonalData, roles } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { caseSubject, type CaseRecord } from "@naungan/platform";
import type { Context } from "hono";
import { allow } from "../auth/allow";
import { loadCase } from "../cases/case-access";
import { PERSONAL_DATA_REVEALED, personalDataAt } from "../cases/case-view";
import type { AppEnv } from "../env";
import { ApiError, errorBodySchema, validationHook } from "../http/errors";
import { renderCase } from "../pages/case-routes";
import { formText } from "../pages/page-context";
import { errorResponses, json } from "./schemas";

/*
 * The auditor's reveal of one masked NIK or account number (UU PDP 27/2022):
 * the JSON route and the case page's "Tampilkan" form. Both record the reveal
 * on the case's audit chain (action `personal_data.revealed`, data `{ field }`:
 * never the value) before answering with the value, and write nothing else.
 */

/** Who may reveal: core's policy (the auditor). */
const revealers = roles.filter(mayRevealPersonalData);

const idParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, description: "Case id" }) });

const revealBodySchema = z
  .object({
    field: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: "The masked field's path in the case view (GET /api/cases/{id})", example: "payees.1.bankAccount.number" }),
  })
  .openapi("RevealRequest");

const revealedSchema = z.object({ field: z.string(), value: z.string().openapi({ description: "The full value" }) }).openapi("RevealedValue");

const revealRoute = createRoute({
  method: "post",
  path: "/api/cases/{id}/reveal",
  summary:
    "Reveal one masked NIK or account number of a case (auditor): workers.<index>.nik, deceased.nik, heirs.<i>.nik, payees.<i>.nik, payees.<i>.bankAccount.number, payout.payouts.<i>.bankAccount.number, scholarshipSchedule.<i>.childNik, documents.familyCardNo. The reveal is an audit event on the case (data: the field, never the value)",
  middleware: [allow(revealers)] as const,
  request: { params: idParam, body: { required: true, content: { "application/json": { schema: revealBodySchema } } } },
  responses: {
    200: json(revealedSchema, "The full value; the reveal is recorded"),
    ...errorResponses,
    404: json(errorBodySchema, "No such case"),
  },
});

/** The full value at `field`, recorded as revealed by the caller; undefined (nothing recorded) when `field` is not a masked personal-data field. */
async function reveal(c: Context<AppEnv>, record: CaseRecord, field: string): Promise<string | undefined> {
  const { platform } = c.get("deps");
  const value = await personalDataAt(platform, record, field);
  if (value === undefined) return undefined;
  await platform.audit.record({
    subject: caseSubject(record.id),
    actor: c.get("user")!.email,
    action: PERSONAL_DATA_REVEALED,
    requestId: c.get("requestId"),
    data: { field },
    opdCode: record.opdCode,
  });
  return value;
}

const notMasked = () => new ApiError(400, "validation_failed", t.privacy.errors.notMasked, [{ path: "field", message: t.privacy.errors.notMasked }]);

/** Mounted at `/`: `POST /api/cases/{id}/reveal` (JSON) and `POST /cases/:id/reveal` (the case page's form). */
export function revealRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(revealRoute, async (c) => {
    const record = await loadCase(c.get("deps").platform, c.get("user")!, c.req.valid("param").id);
    const { field } = c.req.valid("json");
    const value = await reveal(c, record, field);
    if (value === undefined) throw notMasked();
    c.header("Cache-Control", "no-store");
    return c.json({ field, value }, 200);
  });

  // The page answers with the case page showing the value this once (no redirect: the value is never in a URL).
  app.post("/cases/:id/reveal", allow(revealers, { html: true }), async (c) => {
    const record = await loadCase(c.get("deps").platform, c.get("user")!, c.req.param("id"));
    const field = formText((await c.req.parseBody()).field);
    const value = await reveal(c, record, field);
    if (value === undefined) return renderCase(c, record, { error: t.privacy.errors.notMasked, status: 400 });
    c.header("Cache-Control", "no-store");
    return renderCase(c, record, { revealed: { field, value } });
  });

  return app;
}
