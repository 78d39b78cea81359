import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { canSeeOpd, wibDate, type AcceptedClaim } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { Refused, type CaseRecord, type DeathClaimDetails } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { checkClaimForm, nikProblem } from "./death-claim-form-check";
import { CLAIM_FORM_PATH, ClaimFormPage, type DeceasedLookup } from "./death-claim-form";
import { emptyClaimForm, emptyHeir, MAX_HEIRS, readClaimForm, stateOfClaim, type ClaimFormState } from "./death-claim-form-state";
import { addError, type FieldErrors } from "./enrolment-form-check";
import { ErrorPage } from "./error-page";
import { actorOf, chrome, formText, refusalStatus } from "./page-context";

const f = t.deathPages.form;

interface FormRender {
  state: ClaimFormState;
  errors?: FieldErrors;
  lookup?: DeceasedLookup;
  preview?: AcceptedClaim;
  formError?: string;
  conflictCaseId?: string;
  /** Correcting a returned claim: why it was returned. */
  returnNote?: string;
  status?: ContentfulStatusCode;
}

const today = (c: Context<AppEnv>) => wibDate(c.get("deps").platform.now());

/**
 * The registry's entry for a NIK as the search shows it. Another OPD's
 * participant is answered like an unknown one, as GET /api/participants/:nik
 * does: the search must not reveal who is registered elsewhere.
 */
async function lookUp(c: Context<AppEnv>, nik: string): Promise<DeceasedLookup> {
  const problem = nikProblem(nik, today(c));
  if (problem) return { kind: "invalid", nik, message: problem };
  const { platform } = c.get("deps");
  const found = await platform.deathClaims.findDeceased(nik);
  if (!found || !canSeeOpd(c.get("user")!, found.opdCode)) return { kind: "not_found", nik };
  const [opd, existingClaim] = await Promise.all([platform.opds.get(found.opdCode), platform.deathClaims.existingClaim(nik)]);
  return { kind: "found", participant: found, opdName: opd?.name ?? found.opdCode, ...(existingClaim ? { existingClaim } : {}) };
}

async function renderForm(c: Context<AppEnv>, r: FormRender) {
  const user = c.get("user")!;
  const opd = await c.get("deps").platform.opds.get(user.opdCode ?? "");
  if (!opd) return c.html(<ErrorPage title={t.errors.generic} message={t.cases.errors.unknownOpd} {...chrome(c)} />, 404);
  return c.html(
    <ClaimFormPage
      chrome={chrome(c)}
      opd={opd}
      state={r.state}
      errors={r.errors ?? new Map()}
      lookup={r.lookup}
      preview={r.preview}
      formError={r.formError}
      conflictCaseId={r.conflictCaseId}
      returnNote={r.returnNote}
    />,
    r.status ?? 200,
  );
}

const notFound = (c: Context<AppEnv>) => c.html(<ErrorPage title={t.errors.notFoundTitle} message={t.cases.errors.notFound} {...chrome(c)} />, 404);

/** A death claim of the user's OPD (another OPD's is answered like a missing one). */
async function ownClaim(c: Context<AppEnv>, caseId: string): Promise<CaseRecord | undefined> {
  const record = await c.get("deps").platform.cases.get(caseId);
  return record && record.type === "death_benefit" && canSeeOpd(c.get("user")!, record.opdCode) ? record : undefined;
}

/** The search result of the claim's own deceased, without naming the claim being corrected as "already filed". */
async function lookUpOwn(c: Context<AppEnv>, record: CaseRecord): Promise<DeceasedLookup> {
  const lookup = await lookUp(c, (record.details as unknown as DeathClaimDetails).deceased.nik);
  if (lookup.kind !== "found" || lookup.existingClaim !== record.id) return lookup;
  return { kind: "found", participant: lookup.participant, opdName: lookup.opdName };
}

/** A returned claim of the user's OPD, as the form to correct: its problems next to the fields, the return note above. */
async function renderCorrection(c: Context<AppEnv>, caseId: string) {
  const record = await ownClaim(c, caseId);
  if (!record) return notFound(c);
  if (record.status !== "returned") return c.html(<ErrorPage title={t.errors.generic} message={f.notReturned} {...chrome(c)} />, 409);
  const errors: FieldErrors = new Map();
  for (const problem of record.outcome?.problems ?? []) addError(errors, problem.path, problem.message);
  return renderForm(c, { state: stateOfClaim(record), errors, lookup: await lookUpOwn(c, record), returnNote: record.outcome?.reason });
}

export function deathClaimPageRoutes() {
  const app = new Hono<AppEnv>();
  const operator = allow(["opd_operator"], { html: true });

  // `?nik=` searches the registry and puts the NIK into the claim below; `?from=<caseId>` corrects a returned claim.
  app.get(CLAIM_FORM_PATH, operator, async (c) => {
    const from = c.req.query("from");
    if (from) return renderCorrection(c, from);
    const nik = (c.req.query("nik") ?? "").trim().slice(0, 32);
    if (!nik) return renderForm(c, { state: emptyClaimForm() });
    const lookup = await lookUp(c, nik);
    return renderForm(c, { state: emptyClaimForm(lookup.kind === "found" ? lookup.participant.nik : nik), lookup });
  });

  // Every button of the form posts here: add a heir, "Hitung", "Ajukan" (the state travels in the form).
  app.post(CLAIM_FORM_PATH, operator, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const body = await c.req.parseBody();
    const { state: posted, tooManyHeirs } = readClaimForm(body);
    const action = formText(body.action);
    // A correction keeps the returned claim's deceased, whatever was posted as the NIK.
    const correcting = posted.from ? await ownClaim(c, posted.from) : undefined;
    if (posted.from && !correcting) return notFound(c);
    const state: ClaimFormState = correcting ? { ...posted, deceasedNik: (correcting.details as unknown as DeathClaimDetails).deceased.nik } : posted;
    const returnNote = correcting?.status === "returned" ? correcting.outcome?.reason : undefined;
    const lookup = correcting ? await lookUpOwn(c, correcting) : state.deceasedNik ? await lookUp(c, state.deceasedNik) : undefined;
    const base = { lookup, returnNote };
    if (action === "add" && !tooManyHeirs) {
      const full = state.heirs.length >= MAX_HEIRS;
      return renderForm(c, { ...base, state: full ? state : { ...state, heirs: [...state.heirs, emptyHeir()] }, ...(full ? { formError: f.errors.tooManyHeirs(MAX_HEIRS) } : {}) });
    }
    const checked = checkClaimForm(state, user.opdCode ?? "", today(c));
    const shown = { ...state, heirs: checked.heirs.length > 0 ? checked.heirs : [emptyHeir()] };
    if (tooManyHeirs) return renderForm(c, { ...base, state: shown, errors: checked.errors, formError: f.errors.tooManyHeirs(MAX_HEIRS), status: 400 });
    if (!checked.input) return renderForm(c, { ...base, state: shown, errors: checked.errors, status: 400 });
    try {
      if (action === "submit") {
        const by = actorOf(c);
        const record = correcting ? await platform.deathClaims.resubmit(correcting.id, checked.input, user, by) : await platform.deathClaims.submit(checked.input, user, by);
        return c.redirect(`/cases/${encodeURIComponent(record.id)}`, 303);
      }
      const { assessment } = await platform.deathClaims.check(checked.input, user);
      return renderForm(c, { ...base, state: shown, preview: assessment });
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      const errors: FieldErrors = new Map();
      for (const field of err.fields ?? []) addError(errors, field.path, field.message);
      const conflictCaseId = err.kind === "conflict" && typeof err.details?.caseId === "string" ? err.details.caseId : undefined;
      return renderForm(c, { ...base, state: shown, errors, formError: err.message, conflictCaseId, status: refusalStatus[err.kind] });
    }
  });

  return app;
}
