import { Hono, type Context } from "hono";
import * as z from "zod";
import { parseRupiah, wibDate } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { budgetLineId, Refused } from "@naungan/platform";
import { allow } from "../../auth/allow";
import type { AppEnv } from "../../env";
import { actorOf, chrome, formText } from "../page-context";
import { attempt } from "./admin-form";
import { BudgetLinesPage, budgetLinesPath, type BudgetLineFormState } from "./budget-lines-page";

const admin = allow(["admin"], { html: true });
const m = t.adminMaster.budgetLines;
const yearQuery = z.coerce.number().int().min(2020).max(2100);

/** "5.000.000.000", "Rp 5.000.000.000": the pagu as typed; NaN when it is not a whole rupiah amount (the schema names it). */
function readPagu(text: string): number {
  try {
    return parseRupiah(text);
  } catch {
    return Number.NaN;
  }
}

/** The budget-line page (`/admin/anggaran?year=`): the year's lines, each editable (name, pagu), and a form to add one. */
export function budgetLinePageRoutes() {
  const app = new Hono<AppEnv>();
  const page = async (c: Context<AppEnv>, year: number, state?: BudgetLineFormState) => {
    const { platform } = c.get("deps");
    const [lines, opds, accountCodes] = await Promise.all([platform.budgetLines.list({ year }), platform.opds.list(), platform.settings.accountCodes()]);
    return c.html(<BudgetLinesPage chrome={chrome(c)} year={year} lines={lines} opds={opds} accountCodes={accountCodes} state={state} />);
  };
  const thisYear = () => Number(wibDate(new Date()).slice(0, 4));

  app.get(budgetLinesPath, admin, (c) => {
    const year = yearQuery.safeParse(c.req.query("year"));
    return page(c, year.success ? year.data : thisYear());
  });

  app.post(budgetLinesPath, admin, async (c) => {
    const { platform } = c.get("deps");
    const form = await c.req.parseBody();
    const values = { opdCode: formText(form.opdCode), year: formText(form.year), accountCode: formText(form.accountCode), name: formText(form.name), pagu: formText(form.pagu) };
    const line = { opdCode: values.opdCode, year: Number(values.year), accountCode: values.accountCode, name: values.name, pagu: readPagu(values.pagu) };
    const result = await attempt(async () => {
      if (values.opdCode && !(await platform.opds.get(values.opdCode))) throw new Refused("invalid", t.admin.errors.unknownOpd(values.opdCode), [{ path: "opdCode", message: t.admin.errors.unknownOpd(values.opdCode) }]);
      if (!(await platform.budgetLines.createIfAbsent(line, actorOf(c)))) {
        const message = t.admin.errors.budgetLineExists(budgetLineId(line));
        throw new Refused("conflict", message, [{ path: "accountCode", message }]);
      }
    }, m.invalid);
    const year = yearQuery.safeParse(values.year);
    if (!result.ok) {
      c.status(result.status);
      return page(c, year.success ? year.data : thisYear(), { form: "new", values, errors: result.errors, flash: result.flash });
    }
    return page(c, line.year, { flash: { kind: "ok", text: t.admin.created } });
  });

  app.post(`${budgetLinesPath}/:id`, admin, async (c) => {
    const { platform } = c.get("deps");
    const id = c.req.param("id");
    const form = await c.req.parseBody();
    const values = { name: formText(form.name), pagu: formText(form.pagu) };
    const result = await attempt(() => platform.budgetLines.update(id, { name: values.name, pagu: readPagu(values.pagu) }, actorOf(c)), m.invalid);
    const year = Number(id.slice(0, 4)) || thisYear();
    if (!result.ok) {
      c.status(result.status);
      return page(c, year, { form: id, values, errors: result.errors, flash: result.flash });
    }
    return page(c, year, { flash: { kind: "ok", text: result.value === "updated" ? t.admin.saved : t.admin.noChange } });
  });

  return app;
}
