import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { caseStatusSchema, caseTypeSchema, decisionSchema, deathClaimSubmissionSchema, enrolmentSubmissionSchema, opdCodeSchema } from "@naungan/core";
import { disbursementSchema, payoutSchema } from "@naungan/platform";
import type { Context } from "hono";
import { allow } from "../auth/allow";
import { scopeOpd } from "../auth/opd-scope";
import { loadCase } from "../cases/case-access";
import { caseSummary, caseView, caseWorkers, forViewer } from "../cases/case-view";
import type { AppEnv } from "../env";
import { errorBodySchema, validationHook } from "../http/errors";
import { caseAcceptedSchema, caseListSchema, caseSchema, serviceValidatedBody, workerPageSchema } from "./case-schemas";
import { pageQuerySchema } from "./paging";
import { errorResponses, json } from "./schemas";

const idParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, description: "Case id" }) });
const notFound = { 404: json(errorBodySchema, "No such case") } as const;
const conflict = { 409: json(errorBodySchema, "The step is not open, already decided, or the case is not in a state for this") } as const;
const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const listCases = createRoute({
  method: "get",
  path: "/cases",
  summary: "Cases newest first; OPD roles see only their own OPD's",
  middleware: [allow("signed_in")] as const,
  request: {
    query: pageQuerySchema.extend({
      type: caseTypeSchema.optional(),
      status: caseStatusSchema.optional(),
      opd: opdCodeSchema.optional().openapi({ description: "OPD code; OPD roles see only their own" }),
    }),
  },
  responses: { 200: json(caseListSchema, "One page of cases"), ...errorResponses },
});

const getCase = createRoute({
  method: "get",
  path: "/cases/{id}",
  summary: "A case with its timeline; an enrolment with its figures and the first page of workers; a death-benefit claim with its benefit, payees and payment deadline",
  middleware: [allow("signed_in")] as const,
  request: { params: idParam },
  responses: { 200: json(caseSchema, "The case"), ...errorResponses, ...notFound },
});

const listWorkers = createRoute({
  method: "get",
  path: "/cases/{id}/workers",
  summary: "The workers of an enrolment case (its current attempt), paged",
  middleware: [allow("signed_in")] as const,
  request: { params: idParam, query: pageQuerySchema },
  responses: { 200: json(workerPageSchema, "One page of workers"), ...errorResponses, ...notFound },
});

const decide = createRoute({
  method: "post",
  path: "/cases/{id}/decisions",
  summary: "Decide the open step (OPD head; finance in app): approve, reject or return. The workflow moves on asynchronously",
  middleware: [allow(["opd_head", "finance_approver"])] as const,
  request: { params: idParam, body: jsonBody(decisionSchema) },
  responses: { 200: json(caseSchema, "Decision recorded; the case as it stands"), ...errorResponses, ...notFound, ...conflict },
});

const by = (c: Context<AppEnv>) => ({ actor: c.get("user")!.email, requestId: c.get("requestId") });

export function caseRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // Both bodies depend on the case's type: the platform validates them, so refusals name the fields of the right one.
  const resubmit = createRoute({
    method: "post",
    path: "/cases/{id}/resubmit",
    summary: "Send a returned case again with the corrected submission: an enrolment's or a death-benefit claim's, as the case is",
    middleware: [allow(["opd_operator"])] as const,
    request: {
      params: idParam,
      body: serviceValidatedBody(
        app.openAPIRegistry,
        { EnrolmentSubmission: enrolmentSubmissionSchema, DeathClaimSubmission: deathClaimSubmissionSchema },
        "The corrected submission, of the case's type",
      ),
    },
    responses: { 202: json(caseAcceptedSchema, "Resubmitted; the workflow runs again"), ...errorResponses, ...notFound, ...conflict, 422: json(errorBodySchema, "A valid claim the rules refuse") },
  });

  const disburse = createRoute({
    method: "post",
    path: "/cases/{id}/disbursement",
    summary:
      "Record the payment (treasurer): for an enrolment the transfer to BPJS, for a death benefit one payout per payee. The same transfer reference(s) again is a no-op",
    middleware: [allow(["treasurer"])] as const,
    request: {
      params: idParam,
      body: serviceValidatedBody(app.openAPIRegistry, { Disbursement: disbursementSchema, Payout: payoutSchema }, "Disbursement for an enrolment, Payout for a death benefit"),
    },
    responses: {
      200: json(caseSchema, "Recorded (or recorded before with the same reference)"),
      ...errorResponses,
      ...notFound,
      409: json(errorBodySchema, "Recorded before with another transfer reference, or the step is not open"),
      422: json(errorBodySchema, "The amount is not the case amount; for a payout, a payee missing, paid twice or the wrong amount, or a non-payee"),
    },
  });

  app.openapi(listCases, async (c) => {
    const { type, status, opd, cursor, limit } = c.req.valid("query");
    const opdCode = scopeOpd(c.get("user")!, opd);
    const page = await c.get("deps").platform.cases.list({ opdCode, type, status }, { cursor, limit });
    return c.json({ items: page.items.map(caseSummary), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, 200);
  });

  app.openapi(getCase, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const record = await loadCase(platform, user, c.req.valid("param").id);
    return c.json(forViewer(await caseView(platform, record), user), 200);
  });

  app.openapi(listWorkers, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const record = await loadCase(platform, user, c.req.valid("param").id);
    return c.json(forViewer(await caseWorkers(platform, record, c.req.valid("query")), user), 200);
  });

  app.openapi(decide, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const { id } = c.req.valid("param");
    await loadCase(platform, user, id);
    const decided = await platform.decisions.decide(id, c.req.valid("json"), user, by(c));
    return c.json(forViewer(await caseView(platform, decided), user), 200);
  });

  app.openapi(resubmit, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const { id } = c.req.valid("param");
    const current = await loadCase(platform, user, id);
    const body = c.req.valid("json");
    const record =
      current.type === "death_benefit" ? await platform.deathClaims.resubmit(id, body, user, by(c)) : await platform.enrolments.resubmit(id, body, user, by(c));
    return c.json({ caseId: record.id, status: record.status }, 202);
  });

  app.openapi(disburse, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const { id } = c.req.valid("param");
    await loadCase(platform, user, id);
    const { case: record } = await platform.decisions.disburse(id, c.req.valid("json"), user, by(c));
    return c.json(forViewer(await caseView(platform, record), user), 200);
  });

  return app;
}
