import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { canSeeOpd, nikSchema } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { allow } from "../auth/allow";
import { forViewer } from "../cases/case-view";
import type { AppEnv } from "../env";
import { ApiError, errorBodySchema, validationHook } from "../http/errors";
import { participantSchema } from "./case-schemas";
import { errorResponses, json } from "./schemas";

/* The participant registry, as the death-claim form's NIK search reads it. */

// Core's schema as it is (schemas built before @hono/zod-openapi loads have no `.openapi`): a path parameter by its key.
const nikParam = z.object({ nik: nikSchema.describe("The participant's NIK (16 digits)") });

const getParticipant = createRoute({
  method: "get",
  path: "/participants/{nik}",
  summary: "A registered participant by NIK, with the coverage periods and any death-benefit claim already filed; OPD roles see only their own OPD's",
  middleware: [allow(["opd_operator", "opd_head", "finance_approver", "treasurer", "auditor", "admin"])] as const,
  request: { params: nikParam },
  responses: {
    200: json(participantSchema, "The participant"),
    ...errorResponses,
    404: json(errorBodySchema, "Not in the registry (or, for an OPD role, not of its OPD)"),
  },
});

export function participantRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(getParticipant, async (c) => {
    const { platform } = c.get("deps");
    const { nik } = c.req.valid("param");
    const found = await platform.deathClaims.findDeceased(nik);
    // Another OPD's participant is answered like an unknown one: the search must not reveal who is registered elsewhere.
    if (!found || !canSeeOpd(c.get("user")!, found.opdCode)) throw new ApiError(404, "not_found", t.death.eligibility.notRegistered);
    const existingClaimId = (await platform.deathClaims.existingClaim(found.nik)) ?? null;
    // The NIK as the policy shows it to this role, even though the caller typed it: one rule for every answer.
    return c.json(
      forViewer(
        {
          nik: found.nik,
          name: found.name,
          category: found.category,
          opdCode: found.opdCode,
          periods: found.periods.map((p) => ({ from: p.from, to: p.to, ...(p.caseId ? { caseId: p.caseId } : {}), source: p.source })),
          contributionMonths: found.contributionMonths,
          existingClaimId,
        },
        c.get("user"),
      ),
      200,
    );
  });

  return app;
}
