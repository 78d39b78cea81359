import { formatRupiah, programmes, type Breakdown } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";

/** Amount per programme (JKK, JKM; JHT and JP only when a case pays them) and the total. */
export function BreakdownTable({ breakdown, total, caption }: { breakdown: Breakdown; total: number; caption?: string }) {
  const shown = programmes.filter((p) => p === "jkk" || p === "jkm" || breakdown[p] > 0);
  return (
    <div class="overflow-auto">
      <table>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t.cases.page.programme}</th>
            <th scope="col" class="num">
              {t.enrolment.form.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <tr>
              <th scope="row">{t.cases.page.programmes[p]}</th>
              <td class="num">{formatRupiah(breakdown[p])}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.enrolment.form.total}</th>
            <td class="num">
              <strong data-testid="total">{formatRupiah(total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
