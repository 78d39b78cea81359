import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { caseStatuses, caseSteps, caseTypes, childSchoolLevels, deathCauses, relationships, scholarshipLevels, workerCategories } from "@naungan/core";

/* Response schemas of the case routes (API.md "Cases"), documented in /openapi.json. */

export const breakdownSchema = z
  .object({ jkk: z.number().int(), jkm: z.number().int(), jht: z.number().int(), jp: z.number().int() })
  .openapi("ContributionBreakdown", { description: "Total contribution per programme, whole rupiah" });

const caseFields = {
  id: z.string(),
  type: z.enum(caseTypes),
  opdCode: z.string(),
  status: z.enum(caseStatuses),
  currentStep: z.enum(caseSteps).nullable(),
  attempt: z.number().int(),
  amount: z.number().int(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  budgetLineId: z.string().nullable(),
  executionArn: z.string().nullable(),
  workersCount: z.number().int().optional(),
  periodStart: z.string().optional(),
  months: z.number().int().optional(),
};

export const caseSummarySchema = z.object(caseFields).openapi("CaseSummary");

export const workerSchema = z
  .object({
    index: z.number().int(),
    nik: z.string(),
    name: z.string(),
    birthDate: z.string(),
    category: z.enum(workerCategories),
    monthlyWage: z.number().int().optional(),
    incomeBracket: z.string().optional(),
    riskGroup: z.string().optional(),
    amount: z.number().int(),
  })
  .openapi("CaseWorker");

export const timelineEntrySchema = z
  .object({ at: z.string(), actor: z.string(), action: z.string(), step: z.string().nullable(), note: z.string().nullable() })
  .openapi("TimelineEntry");

/* A death-benefit case's own fields (API.md "Death benefit"); case-view.ts builds them. */

export const bankAccountSchema = z.object({ bank: z.string(), number: z.string(), holder: z.string() }).openapi("BankAccount");

export const deceasedSchema = z
  .object({ nik: z.string(), name: z.string(), category: z.enum(workerCategories), opdCode: z.string() })
  .openapi("Deceased", { description: "The deceased as the participant registry knows them" });

export const deathBenefitSchema = z
  .object({
    lumpSum: z.number().int().openapi({ description: "JKM: the lump sum; JKK: 48 × the monthly wage, at least the floor" }),
    periodic: z.number().int(),
    funeral: z.number().int(),
    scholarship: z.number().int().openapi({ description: "The children's scholarship entitlement; not part of total" }),
    total: z.number().int().openapi({ description: "Paid to the payees at once: lumpSum + periodic + funeral" }),
  })
  .openapi("DeathBenefit", { description: "Whole rupiah" });

export const scholarshipRowSchema = z
  .object({ childNik: z.string(), level: z.enum(scholarshipLevels), perYear: z.number().int(), years: z.number().int(), amount: z.number().int() })
  .openapi("ScholarshipRow");

export const claimPayeeSchema = z
  .object({
    kind: z.enum(["heir", "funeral_organiser"]),
    nik: z.string(),
    name: z.string(),
    relationship: z.enum(relationships).optional().openapi({ description: "For an heir" }),
    organisation: z.string().optional().openapi({ description: "For a funeral organiser acting for an organisation" }),
    amount: z.number().int(),
    bankAccount: bankAccountSchema,
  })
  .openapi("ClaimPayee", { description: "Who is paid what, into which account; the amounts sum to the case amount" });

const claimHeirSchema = z
  .object({
    nik: z.string(),
    name: z.string(),
    relationship: z.enum(relationships),
    bankAccount: bankAccountSchema,
    share: z.number().int().optional(),
    birthDate: z.string().optional(),
    schoolLevel: z.enum(childSchoolLevels).optional(),
    levelYear: z.number().int().optional(),
  })
  .openapi("ClaimHeir");

export const claimSlaSchema = z
  .object({
    dueAt: z.string().openapi({ description: "The end of the last day to pay, WIB" }),
    late: z.boolean(),
    lateDays: z.number().int(),
    penalty: z.number().int(),
    paidAt: z.string().nullable().openapi({ description: "When paid (the clock stops there); null while unpaid" }),
  })
  .openapi("ClaimSla");

export const payoutRecordSchema = z
  .object({
    sp2dNumber: z.string(),
    paidAt: z.string(),
    amount: z.number().int(),
    payouts: z.array(z.object({ nik: z.string(), name: z.string(), bankAccount: bankAccountSchema, transferReference: z.string(), amount: z.number().int() })),
  })
  .openapi("PayoutRecord", { description: "The treasurer's transfers, one per payee" });

const heirClassSchema = z.number().int().min(1).max(6).openapi({ description: "The receiving class of heirs: 1 highest … 5 the will; 6 = no heir (funeral organiser)" });

const deathClaimFields = {
  deceased: deceasedSchema.optional(),
  dateOfDeath: z.string().optional(),
  cause: z.enum(deathCauses).optional(),
  monthlyWage: z.number().int().nullable().optional(),
  contributionMonths: z.number().int().optional(),
  documents: z.object({ deathCertificateNo: z.string(), familyCardNo: z.string(), heirStatementNo: z.string() }).optional(),
  completeAt: z.string().optional().openapi({ description: "When the claim was complete: the payment deadline counts from here" }),
  benefit: deathBenefitSchema.optional(),
  scholarshipSchedule: z.array(scholarshipRowSchema).optional(),
  heirClass: heirClassSchema.optional(),
  heirs: z.array(claimHeirSchema).optional(),
  payees: z.array(claimPayeeSchema).optional(),
  unpaid: z.number().int().optional().openapi({ description: "Not paid out: stays in the social security fund" }),
  sla: claimSlaSchema.optional(),
  payout: payoutRecordSchema.nullable().optional(),
};

export const caseSchema = z
  .object({
    ...caseFields,
    holders: z.array(z.string()),
    outcome: z
      .object({
        reason: z.string(),
        shortfall: z.number().int().optional(),
        problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
        note: z.string().optional(),
        actor: z.string().optional(),
      })
      .nullable(),
    timeline: z.array(timelineEntrySchema),
    breakdown: breakdownSchema.optional(),
    workers: z.array(workerSchema).optional(),
    workersNextCursor: z.string().optional(),
    ...deathClaimFields,
  })
  .openapi("Case", { description: "A case; enrolment fields (workers…) and death-benefit fields (benefit, payees, sla…) appear for their type" });

export const caseListSchema = z.object({ items: z.array(caseSummarySchema), nextCursor: z.string().optional() }).openapi("CaseList");
export const workerPageSchema = z.object({ items: z.array(workerSchema), nextCursor: z.string().optional() }).openapi("CaseWorkerPage");

/** 202 of a submission or resubmission: the workflow runs on from here. */
export const caseAcceptedSchema = z.object({ caseId: z.string(), status: z.enum(caseStatuses) }).openapi("CaseAccepted");

/** `POST /api/death-claims/preview`: the claim worked out, nothing written. */
export const deathClaimPreviewSchema = z
  .object({
    deceased: deceasedSchema,
    benefit: deathBenefitSchema,
    scholarshipSchedule: z.array(scholarshipRowSchema),
    payees: z.array(claimPayeeSchema),
    heirClass: heirClassSchema,
    unpaid: z.number().int(),
    contributionMonths: z.number().int(),
  })
  .openapi("DeathClaimPreview");

/** `GET /api/participants/{nik}`: the claim form's NIK search. */
export const participantSchema = z
  .object({
    nik: z.string(),
    name: z.string(),
    category: z.enum(workerCategories),
    opdCode: z.string(),
    periods: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        caseId: z.string().optional(),
        source: z.enum(["enrolment", "import"]),
      }),
    ),
    contributionMonths: z.number().int(),
    existingClaimId: z.string().nullable().openapi({ description: "The death-benefit claim already filed for this person, if any (one claim per person)" }),
  })
  .openapi("Participant");

/**
 * A JSON body the platform validates itself, so its refusals name the fields
 * of the variant that applies (`heirs.0.bankAccount.number`, `payouts.1.nik`)
 * instead of a union's "no variant matched": documented as the named schemas
 * (one of them when several), accepted as any JSON at the route.
 */
export function serviceValidatedBody(registry: OpenAPIHono["openAPIRegistry"], schemas: Record<string, z.ZodType>, description: string) {
  const refs = Object.entries(schemas).map(([name, schema]) => {
    // A fresh instance: schemas built before @hono/zod-openapi extended zod (core's, when core loads first) lack `.openapi`, which registering calls.
    registry.register(name, schema.clone());
    return { $ref: `#/components/schemas/${name}` };
  });
  const schema = z.unknown().openapi(refs.length === 1 ? refs[0]! : { oneOf: refs });
  return { required: true, description, content: { "application/json": { schema } } };
}
