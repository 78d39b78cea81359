import { formatRupiah } from "@naungan/core";
import type { BudgetLine } from "@naungan/platform";
import { id as t } from "@naungan/core/i18n";
import { Layout } from "./layout";
import type { Chrome } from "./page-context";

export function BudgetPage(props: { chrome: Chrome; year: number; lines: BudgetLine[]; opdNames: Map<string, string> }) {
  const name = (line: BudgetLine) => props.opdNames.get(line.opdCode) ?? line.opdCode;
  const sorted = [...props.lines].sort((a, b) => name(a).localeCompare(name(b), "id") || a.accountCode.localeCompare(b.accountCode));
  const total = (field: "pagu" | "reserved" | "spent" | "available") => props.lines.reduce((sum, line) => sum + line[field], 0);
  return (
    <Layout title={t.budget.title} {...props.chrome}>
      <h1>{t.budget.title}</h1>
      <p>{t.budget.intro}</p>
      <form method="get" action="/budget" class="inline-form">
        <label>
          {t.budget.year}
          <input type="number" name="year" value={String(props.year)} min="2020" max="2100" />
        </label>
        <button type="submit" class="secondary">
          {t.budget.filter}
        </button>
      </form>
      {props.lines.length === 0 ? (
        <p>{t.budget.empty}</p>
      ) : (
        <div class="overflow-auto">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">{t.budget.opd}</th>
                <th scope="col">
                  {t.budget.accountCode} / {t.budget.name}
                </th>
                <th scope="col" class="num">{t.budget.pagu}</th>
                <th scope="col" class="num">{t.budget.reserved}</th>
                <th scope="col" class="num">{t.budget.spent}</th>
                <th scope="col" class="num">{t.budget.available}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((line) => (
                <tr>
                  <td>{name(line)}</td>
                  <td>
                    <code>{line.accountCode}</code>
                    <br />
                    <small>{line.name}</small>
                  </td>
                  <td class="num">{formatRupiah(line.pagu)}</td>
                  <td class="num">{formatRupiah(line.reserved)}</td>
                  <td class="num">{formatRupiah(line.spent)}</td>
                  <td class="num">{formatRupiah(line.available)}</td>
                </tr>
              ))}
            </tbody>
            {props.lines.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row" colspan={2}>
                    {t.budget.total}
                  </th>
                  <td class="num">{formatRupiah(total("pagu"))}</td>
                  <td class="num">{formatRupiah(total("reserved"))}</td>
                  <td class="num">{formatRupiah(total("spent"))}</td>
                  <td class="num">{formatRupiah(total("available"))}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </Layout>
  );
}
