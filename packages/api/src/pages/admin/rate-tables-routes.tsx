import { Hono, type Context } from "hono";
import { formatDateId, wibDate } from "@naungan/core";
import { id } from "@naungan/core/i18n";
import { allow } from "../../auth/allow";
import type { AppEnv } from "../../env";
import type { FieldErrors } from "../enrolment-form-check";
import { actorOf, chrome, formText } from "../page-context";
import { attempt } from "./admin-form";
import { checkDiscountForm, checkVersionForm, DISCOUNT, readDiscountForm, readVersionForm } from "./rate-tables-form";
import { DISCOUNTS_PATH, RATES_PATH, RateTablesPage, type RatesPageState } from "./rate-tables-page";

const t = id.adminRates;
const admin = allow(["admin"], { html: true });
const invalidForm = (form: string, values: Record<string, string>, errors: FieldErrors): RatesPageState => ({ form, values, errors, flash: { kind: "error", text: id.admin.fixErrors } });

/** `/admin/tarif`: every rate version read-only, a form for the next version, the discount periods. */
export function rateTablePageRoutes() {
  const app = new Hono<AppEnv>();
  const page = async (c: Context<AppEnv>, state?: RatesPageState) => {
    const { rateTables, now } = c.get("deps").platform;
    const [tables, discounts] = await Promise.all([rateTables.list(), rateTables.discounts()]);
    return c.html(<RateTablesPage chrome={chrome(c)} tables={tables} discounts={discounts} today={wibDate(now())} state={state} />);
  };

  app.get(RATES_PATH, admin, (c) => page(c));

  app.post(RATES_PATH, admin, async (c) => {
    const values = readVersionForm(await c.req.parseBody());
    const { errors, table } = checkVersionForm(values);
    if (!table) {
      c.status(400);
      return page(c, invalidForm("version", values, errors));
    }
    const result = await attempt(() => c.get("deps").platform.rateTables.addVersion(table, actorOf(c)));
    if (!result.ok) {
      c.status(result.status);
      return page(c, { form: "version", values, errors: result.errors, flash: result.flash });
    }
    const { outcome, closed } = result.value;
    const text = outcome === "unchanged" ? t.unchanged(table.id) : closed ? t.addedClosing(table.id, closed.id, formatDateId(closed.validTo)) : t.added(table.id);
    return page(c, { flash: { kind: "ok", text } });
  });

  app.post(DISCOUNTS_PATH, admin, async (c) => {
    const values = readDiscountForm(await c.req.parseBody({ all: true }));
    const { errors, discount } = checkDiscountForm(values);
    if (!discount) {
      c.status(400);
      return page(c, invalidForm("discount", values, errors));
    }
    const result = await attempt(() => c.get("deps").platform.rateTables.addDiscount(discount, actorOf(c)));
    if (!result.ok) {
      c.status(result.status);
      // The platform names the discount's own fields; this form's carry a prefix.
      const prefixed: FieldErrors = new Map([...result.errors].map(([path, messages]) => [DISCOUNT + path, messages]));
      return page(c, { form: "discount", values, errors: prefixed, flash: result.flash });
    }
    const text = result.value.outcome === "unchanged" ? t.discounts.unchanged(discount.id) : t.discounts.added(discount.id);
    return page(c, { flash: { kind: "ok", text } });
  });

  app.post(`${DISCOUNTS_PATH}/:id/akhiri`, admin, async (c) => {
    const discountId = c.req.param("id");
    const validTo = formText((await c.req.parseBody()).validTo);
    // endDiscount checks the date itself (a day from today, before the current end).
    const result = await attempt(() => c.get("deps").platform.rateTables.endDiscount(discountId, validTo, actorOf(c)));
    if (!result.ok) {
      c.status(result.status);
      return page(c, { form: `end:${discountId}`, values: { validTo }, errors: result.errors, flash: result.flash });
    }
    return page(c, { flash: { kind: "ok", text: t.discounts.ended(discountId, formatDateId(validTo)) } });
  });

  return app;
}
