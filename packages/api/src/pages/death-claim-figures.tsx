import { formatRupiah, type ClaimPayee, type DeathBenefit, type HeirClass, type ScholarshipRow } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import { PersonalValue } from "./personal-data";

/* The figures of a death-benefit claim, shown alike in the form's preview, on the case page and (in part) on the approval page. */

const b = t.deathPages.benefit;

/** Lump sum, periodic, funeral and the total paid at once; the scholarship (paid by BPJS yearly) below the total. */
export function BenefitTable(props: { benefit: Pick<DeathBenefit, "lumpSum" | "periodic" | "funeral" | "scholarship" | "total">; unpaid?: number; caption?: string }) {
  const { benefit } = props;
  const parts = (["lumpSum", "periodic", "funeral"] as const).map((part) => ({ label: t.death.benefit[part], amount: benefit[part] }));
  return (
    <div class="overflow-auto">
      <table data-testid="benefit">
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{b.part}</th>
            <th scope="col" class="num">
              {b.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {parts.map((p) => (
            <tr>
              <th scope="row">{p.label}</th>
              <td class="num">{formatRupiah(p.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.death.benefit.total}</th>
            <td class="num">
              <strong data-testid="benefit-total">{formatRupiah(benefit.total)}</strong>
            </td>
          </tr>
          {props.unpaid !== undefined && props.unpaid > 0 && (
            <tr>
              <th scope="row">{t.death.benefit.unpaid}</th>
              <td class="num" data-testid="unpaid">
                {formatRupiah(props.unpaid)}
              </td>
            </tr>
          )}
          {benefit.scholarship > 0 && (
            <tr>
              <th scope="row">{t.death.benefit.scholarship}</th>
              <td class="num" data-testid="scholarship">
                {formatRupiah(benefit.scholarship)}
              </td>
            </tr>
          )}
        </tfoot>
      </table>
    </div>
  );
}

/**
 * Each child's yearly scholarship by school level; children named from the
 * heirs (`rowNames` by row wins: masked NIKs may coincide). `fieldPrefix`:
 * the rows' path in the case view, for the auditor's reveal.
 */
export function ScholarshipTable(props: { schedule: readonly ScholarshipRow[]; names: ReadonlyMap<string, string>; rowNames?: readonly (string | undefined)[]; fieldPrefix?: string }) {
  if (props.schedule.length === 0) return null;
  return (
    <section aria-labelledby="beasiswa">
      <h3 id="beasiswa">{b.scholarship}</h3>
      <p>
        <small>{b.scholarshipIntro}</small>
      </p>
      <div class="overflow-auto">
        <table class="striped" data-testid="scholarship-schedule">
          <thead>
            <tr>
              <th scope="col">{b.child}</th>
              <th scope="col">{b.level}</th>
              <th scope="col" class="num">{b.perYear}</th>
              <th scope="col" class="num">{b.years}</th>
              <th scope="col" class="num">{b.amount}</th>
            </tr>
          </thead>
          <tbody>
            {props.schedule.map((row, i) => (
              <tr>
                <td>
                  {(props.rowNames ? props.rowNames[i] : props.names.get(row.childNik)) ?? ""}{" "}
                  <PersonalValue field={`${props.fieldPrefix ?? "scholarshipSchedule"}.${i}.childNik`} value={row.childNik} />
                </td>
                <td>{t.death.schoolLevels[row.level]}</td>
                <td class="num">{formatRupiah(row.perYear)}</td>
                <td class="num">{row.years}</td>
                <td class="num">{formatRupiah(row.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Who is paid what, into which account. `fieldPrefix`: the payees' path in the case view, for the auditor's reveal. */
export function PayeesTable(props: { payees: readonly ClaimPayee[]; fieldPrefix?: string }) {
  const field = (i: number, name: string) => `${props.fieldPrefix ?? "payees"}.${i}.${name}`;
  if (props.payees.length === 0) return <p>{b.noPayees}</p>;
  return (
    <div class="overflow-auto">
      <table class="striped" data-testid="payees">
        <thead>
          <tr>
            <th scope="col">{t.cases.page.name}</th>
            <th scope="col">{b.relationship}</th>
            <th scope="col">{b.bank}</th>
            <th scope="col">{b.accountNumber}</th>
            <th scope="col">{b.accountHolder}</th>
            <th scope="col" class="num">{b.amount}</th>
          </tr>
        </thead>
        <tbody>
          {props.payees.map((p, i) => (
            <tr>
              <td>
                {p.name} <PersonalValue field={field(i, "nik")} value={p.nik} />
              </td>
              <td>{payeeRole(p)}</td>
              <td>{p.bankAccount.bank}</td>
              <td>
                <PersonalValue field={field(i, "bankAccount.number")} value={p.bankAccount.number} />
              </td>
              <td>{p.bankAccount.holder}</td>
              <td class="num">{formatRupiah(p.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Anak", or "Pihak yang mengurus pemakaman (Masjid …)". */
export function payeeRole(p: Pick<ClaimPayee, "kind"> & { relationship?: string; organisation?: string }): string {
  if (p.kind === "funeral_organiser") return p.organisation ? `${t.death.payeeKinds.funeral_organiser} (${p.organisation})` : t.death.payeeKinds.funeral_organiser;
  return p.relationship && Object.hasOwn(t.death.relationships, p.relationship) ? t.death.relationships[p.relationship as keyof typeof t.death.relationships] : t.death.payeeKinds.heir;
}

/** "1 · Janda/duda dan anak". */
export const heirClassText = (heirClass: HeirClass) => `${heirClass} · ${t.death.heirClasses[heirClass]}`;
