import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { canSeeOpd, wibDate } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { checkImportTarget, ImportTooLarge, Refused, type Priced, type User } from "@naungan/platform";
import { allow } from "../auth/allow";
import { caseWorkers } from "../cases/case-view";
import type { AppEnv } from "../env";
import { addError, checkForm, checkPeriod, type FieldErrors } from "./enrolment-form-check";
import { EnrolmentFormPage, type IncomeBracketOption } from "./enrolment-form";
import { emptyRow, MAX_FORM_ROWS, readForm, stateOfCase, type EnrolmentFormState } from "./enrolment-form-state";
import { ErrorPage } from "./error-page";
import { ImportPage } from "./import-page";
import { actorOf, chrome, formText, refusalStatus } from "./page-context";

/** The page route of the CSV upload: its body may be 10 MB like the API's (app.tsx). */
export const UPLOAD_PAGE_PATH = "/enrolments/import";

const f = t.enrolment.form;

interface FormRender {
  state: EnrolmentFormState;
  errors?: FieldErrors;
  priced?: Priced;
  formError?: string;
  uploadErrors?: FieldErrors;
  status?: ContentfulStatusCode;
}

/** Every income bracket of the rate tables, by id (the latest table's figure). */
async function incomeBrackets(c: Context<AppEnv>): Promise<IncomeBracketOption[]> {
  const tables = [...(await c.get("deps").platform.rateTables.list())].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const byId = new Map<string, IncomeBracketOption>();
  for (const table of tables) for (const b of table.nonWageEarner.incomeBrackets) byId.set(b.id, { id: b.id, declaredIncome: b.declaredIncome });
  return [...byId.values()];
}

/** The OPD's budget lines from this year on (a case may be prepared for next year's DPA). */
async function budgetLinesOf(c: Context<AppEnv>, opdCode: string) {
  const year = Number(wibDate(c.get("deps").platform.now()).slice(0, 4));
  const lines = await c.get("deps").platform.budgetLines.list({ opdCode });
  return lines.filter((line) => line.year >= year);
}

async function renderForm(c: Context<AppEnv>, r: FormRender) {
  const user = c.get("user")!;
  const { platform } = c.get("deps");
  const [opd, lines, brackets] = await Promise.all([platform.opds.get(user.opdCode ?? ""), budgetLinesOf(c, user.opdCode ?? ""), incomeBrackets(c)]);
  if (!opd) return c.html(<ErrorPage title={t.errors.generic} message={t.cases.errors.unknownOpd} {...chrome(c)} />, 404);
  return c.html(
    <EnrolmentFormPage
      chrome={chrome(c)}
      opd={opd}
      lines={lines}
      brackets={brackets}
      state={r.state}
      errors={r.errors ?? new Map()}
      priced={r.priced}
      formError={r.formError}
      uploadErrors={r.uploadErrors}
    />,
    r.status ?? 200,
  );
}

/** The state a new form starts with: the only budget line, this month, a year. */
async function freshState(c: Context<AppEnv>, user: User): Promise<EnrolmentFormState> {
  const lines = await budgetLinesOf(c, user.opdCode ?? "");
  return { budgetLineId: lines.length === 1 ? lines[0]!.id : "", periodStart: wibDate(c.get("deps").platform.now()).slice(0, 7), months: "12", rows: [emptyRow()] };
}

/** A returned case of the user's OPD, as a form to correct (its problems next to the fields). */
async function renderCorrection(c: Context<AppEnv>, caseId: string) {
  const { platform } = c.get("deps");
  const user = c.get("user")!;
  const record = await platform.cases.get(caseId);
  if (!record || record.type !== "enrolment" || !canSeeOpd(user, record.opdCode)) {
    return c.html(<ErrorPage title={t.errors.notFoundTitle} message={t.cases.errors.notFound} {...chrome(c)} />, 404);
  }
  if (record.status !== "returned") return c.html(<ErrorPage title={t.errors.generic} message={f.notReturned} {...chrome(c)} />, 409);
  const page = await caseWorkers(platform, record, { limit: MAX_FORM_ROWS + 1 });
  if (page.items.length > MAX_FORM_ROWS) return c.html(<ErrorPage title={t.errors.generic} message={f.errors.tooManyRows(MAX_FORM_ROWS)} {...chrome(c)} />, 422);
  const errors: FieldErrors = new Map();
  for (const problem of record.outcome?.problems ?? []) addError(errors, problem.path, problem.message);
  return renderForm(c, { state: stateOfCase(record, page.items), errors, formError: record.outcome?.reason });
}

export function enrolmentPageRoutes() {
  const app = new Hono<AppEnv>();
  const operator = allow(["opd_operator"], { html: true });

  app.get("/enrolments/new", operator, async (c) => {
    const from = c.req.query("from");
    if (from) return renderCorrection(c, from);
    return renderForm(c, { state: await freshState(c, c.get("user")!) });
  });

  // Every button of the form posts here: add a row, price, submit (the state travels in the form).
  app.post("/enrolments/new", operator, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const body = await c.req.parseBody();
    const { state, tooManyRows } = readForm(body);
    const action = formText(body.action);
    if (action === "add" && !tooManyRows) {
      const full = state.rows.length >= MAX_FORM_ROWS;
      return renderForm(c, { state: full ? state : { ...state, rows: [...state.rows, emptyRow()] }, ...(full ? { formError: f.errors.tooManyRows(MAX_FORM_ROWS) } : {}) });
    }
    const checked = await checkForm(state, user);
    const shown = { ...state, rows: checked.rows.length > 0 ? checked.rows : [emptyRow()] };
    if (tooManyRows) return renderForm(c, { state: shown, errors: checked.errors, formError: f.errors.tooManyRows(MAX_FORM_ROWS), status: 400 });
    if (!checked.input) return renderForm(c, { state: shown, errors: checked.errors, status: 400 });
    try {
      if (action === "submit") {
        const by = actorOf(c);
        const record = state.from ? await platform.enrolments.resubmit(state.from, checked.input, user, by) : await platform.enrolments.submit(checked.input, user, by);
        return c.redirect(`/cases/${encodeURIComponent(record.id)}`, 303);
      }
      const { priced } = await platform.enrolments.check(checked.input, user);
      return renderForm(c, { state: shown, priced });
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      const errors: FieldErrors = new Map();
      for (const field of err.fields ?? []) addError(errors, field.path, field.message);
      return renderForm(c, { state: shown, errors, formError: err.message, status: refusalStatus[err.kind] });
    }
  });

  app.post(UPLOAD_PAGE_PATH, operator, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const body = await c.req.parseBody();
    const state: EnrolmentFormState = { budgetLineId: formText(body.budgetLineId), periodStart: formText(body.periodStart), months: formText(body.months), rows: [emptyRow()] };
    const errors = checkPeriod(state);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) addError(errors, "file", t.enrolment.upload.noFile);
    if (errors.size > 0 || !(file instanceof File)) return renderForm(c, { state, uploadErrors: errors, status: 400 });
    const target = { opdCode: user.opdCode ?? "", budgetLineId: state.budgetLineId, periodStart: state.periodStart, months: Number(state.months) };
    let importId: string;
    try {
      await checkImportTarget(platform, target, user);
      const filename = file.name.trim().slice(0, 255);
      ({ importId } = await platform.imports.create({ ...target, ...(filename ? { filename } : {}), file: file.stream() }, actorOf(c)));
    } catch (err) {
      if (err instanceof ImportTooLarge) return renderForm(c, { state, uploadErrors: new Map([["file", [err.message]]]), status: 413 });
      if (!(err instanceof Refused)) throw err;
      return renderForm(c, { state, uploadErrors: new Map([["file", [err.message]]]), status: refusalStatus[err.kind] });
    }
    await c.get("deps").dispatchImport(importId, user);
    return c.redirect(`/imports/${encodeURIComponent(importId)}`, 303);
  });

  // The uploader's OPD only, like GET /api/imports/:id which the page polls.
  app.get("/imports/:id", allow(["opd_operator", "opd_head"], { html: true }), async (c) => {
    const job = await c.get("deps").platform.imports.get(c.req.param("id"));
    if (!job || !canSeeOpd(c.get("user")!, job.opdCode)) {
      return c.html(<ErrorPage title={t.errors.notFoundTitle} message={t.enrolment.importPage.notFound} {...chrome(c)} />, 404);
    }
    return c.html(<ImportPage chrome={chrome(c)} job={job} />);
  });

  return app;
}
