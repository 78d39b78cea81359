import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { deathClaimSubmissionSchema } from "@naungan/core";
import type { Context } from "hono";
import { allow } from "../auth/allow";
import { forViewer } from "../cases/case-view";
import type { AppEnv } from "../env";
import { errorBodySchema, validationHook } from "../http/errors";
import { caseAcceptedSchema, deathClaimPreviewSchema, serviceValidatedBody } from "./case-schemas";
import { errorResponses, json } from "./schemas";

/* Death-benefit claims (API.md "Death benefit"): filing one, and working one out before filing. */

const by = (c: Context<AppEnv>) => ({ actor: c.get("user")!.email, requestId: c.get("requestId") });

const notParticipant = { 422: json(errorBodySchema, "The deceased was not an active participant on the date of death (field deceasedNik, details.reason)") } as const;

export function deathClaimRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // The platform checks the claim (errors name fields like heirs.0.bankAccount.number); the document shows its schema.
  const claimBody = serviceValidatedBody(app.openAPIRegistry, { DeathClaimSubmission: deathClaimSubmissionSchema }, "The claim: who died, when and how, the heirs and their accounts, the documents");

  const submit = createRoute({
    method: "post",
    path: "/death-claims",
    summary: "File a death-benefit claim for a participant (OPD operator); the case starts its workflow",
    middleware: [allow(["opd_operator"])] as const,
    request: { body: claimBody },
    responses: {
      202: json(caseAcceptedSchema, "Case created; the workflow runs on"),
      ...errorResponses,
      409: json(errorBodySchema, "A claim for this deceasedNik exists already (message and details.caseId name it)"),
      ...notParticipant,
    },
  });

  const preview = createRoute({
    method: "post",
    path: "/death-claims/preview",
    summary: "Check a claim and work out the benefit and who is paid what, without creating anything",
    middleware: [allow(["opd_operator", "opd_head"])] as const,
    request: { body: claimBody },
    responses: { 200: json(deathClaimPreviewSchema, "The claim worked out"), ...errorResponses, ...notParticipant },
  });

  app.openapi(submit, async (c) => {
    const record = await c.get("deps").platform.deathClaims.submit(c.req.valid("json"), c.get("user")!, by(c));
    c.header("Location", `/api/cases/${record.id}`);
    return c.json({ caseId: record.id, status: record.status }, 202);
  });

  app.openapi(preview, async (c) => {
    const { deceased, assessment } = await c.get("deps").platform.deathClaims.check(c.req.valid("json"), c.get("user")!);
    const { lumpSum, periodic, funeral, scholarship, total, scholarshipSchedule } = assessment.benefit;
    // Only OPD roles preview (they see personal data in full); the policy applies all the same.
    return c.json(
      forViewer(
        {
          deceased: { nik: deceased.nik, name: deceased.name, category: deceased.category, opdCode: deceased.opdCode },
          benefit: { lumpSum, periodic, funeral, scholarship, total },
          scholarshipSchedule,
          payees: assessment.payees,
          heirClass: assessment.heirClass,
          unpaid: assessment.unpaid,
          contributionMonths: assessment.contributionMonths,
        },
        c.get("user"),
      ),
      200,
    );
  });

  return app;
}
