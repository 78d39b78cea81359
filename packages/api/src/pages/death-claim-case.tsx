import { formatDateId, formatRupiah, formatWib, isValidIsoDate } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { DeathClaimView } from "../cases/case-view";
import { BenefitTable, heirClassText, PayeesTable, payeeRole, ScholarshipTable } from "./death-claim-figures";
import type { FieldErrors } from "./enrolment-form-check";
import { FieldMessages, InputField } from "./form-fields";
import { PersonalValue } from "./personal-data";

/* The parts of a death-benefit case page: the claim's facts, figures and deadline, and the treasurer's payout to each payee. */

const c = t.deathPages.case;

const dateText = (date: string) => (isValidIsoDate(date) ? formatDateId(date) : date);

/** The treasurer's payout form as posted: one transfer reference per payee, in payee order. */
export interface PayoutFormState {
  values: { sp2dNumber: string; paidAt: string; references: string[] };
  errors: FieldErrors;
}

export function ClaimFacts({ claim, opdName }: { claim: DeathClaimView; opdName?: string }) {
  return (
    <section aria-labelledby="kematian">
      <h2 id="kematian">{c.deceasedTitle}</h2>
      <dl class="facts" data-testid="claim-facts">
        <dt>{c.deceased}</dt>
        <dd data-testid="deceased">{claim.deceased.name}</dd>
        <dt>{c.nik}</dt>
        <dd>
          <PersonalValue field="deceased.nik" value={claim.deceased.nik} />
        </dd>
        <dt>{c.opd}</dt>
        <dd>{opdName ? `${opdName} (${claim.deceased.opdCode})` : claim.deceased.opdCode}</dd>
        <dt>{c.category}</dt>
        <dd>{t.enrolment.categories[claim.deceased.category]}</dd>
        <dt>{c.dateOfDeath}</dt>
        <dd data-testid="date-of-death">{dateText(claim.dateOfDeath)}</dd>
        <dt>{c.cause}</dt>
        <dd>{t.death.causes[claim.cause]}</dd>
        {claim.monthlyWage !== null && (
          <>
            <dt>{c.monthlyWage}</dt>
            <dd>{formatRupiah(claim.monthlyWage)}</dd>
          </>
        )}
        <dt>{t.deathPages.benefit.contributionMonths}</dt>
        <dd>{t.deathPages.form.search.months(claim.contributionMonths)}</dd>
        <dt>{t.deathPages.benefit.heirClass}</dt>
        <dd data-testid="heir-class">{heirClassText(claim.heirClass)}</dd>
        <dt>{c.completeAt}</dt>
        <dd>{formatWib(claim.completeAt)}</dd>
      </dl>
    </section>
  );
}

/** The payment deadline: due, on time or late by N working days, the penalty so far (or at payment). */
export function SlaClock({ sla }: { sla: DeathClaimView["sla"] }) {
  return (
    <section aria-labelledby="tenggat">
      <h2 id="tenggat">{c.sla}</h2>
      <dl class="facts" data-testid="sla">
        <dt>{t.death.sla.dueAt}</dt>
        <dd data-testid="sla-due">{formatWib(sla.dueAt)}</dd>
        <dt>{c.status}</dt>
        <dd data-testid="sla-status">
          <strong>{sla.late ? t.death.sla.late(sla.lateDays) : t.death.sla.onTime}</strong>
        </dd>
        <dt>{t.death.sla.penalty}</dt>
        <dd data-testid="sla-penalty">{formatRupiah(sla.penalty)}</dd>
        {sla.paidAt && (
          <>
            <dt>{c.paidAt}</dt>
            <dd>{dateText(sla.paidAt.slice(0, 10))}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** `childNames`: the scholarship rows' children by row, when the NIKs (the usual key) are masked and may coincide. */
export function ClaimFigures({ claim, childNames }: { claim: DeathClaimView; childNames?: readonly (string | undefined)[] }) {
  const b = t.deathPages.benefit;
  const names = new Map(claim.heirs.map((h) => [h.nik, h.name]));
  return (
    <>
      <section aria-labelledby="manfaat">
        <h2 id="manfaat">{b.title}</h2>
        <BenefitTable benefit={claim.benefit} unpaid={claim.unpaid} />
        <ScholarshipTable schedule={claim.scholarshipSchedule} names={names} rowNames={childNames} fieldPrefix="scholarshipSchedule" />
      </section>
      <section aria-labelledby="penerima">
        <h2 id="penerima">{b.payees}</h2>
        <PayeesTable payees={claim.payees} fieldPrefix="payees" />
      </section>
    </>
  );
}

export function ClaimDocuments({ documents }: { documents: DeathClaimView["documents"] }) {
  const f = t.deathPages.form;
  return (
    <section aria-labelledby="dokumen">
      <h2 id="dokumen">{c.documents}</h2>
      <dl class="facts" data-testid="documents">
        <dt>{f.deathCertificateNo}</dt>
        <dd>{documents.deathCertificateNo}</dd>
        <dt>{f.familyCardNo}</dt>
        <dd>
          <PersonalValue field="documents.familyCardNo" value={documents.familyCardNo} plain />
        </dd>
        <dt>{f.heirStatementNo}</dt>
        <dd>{documents.heirStatementNo}</dd>
      </dl>
    </section>
  );
}

/** The treasurer's form: SP2D, date, and a transfer reference for each payee (amount fixed to the payee's share). */
export function PayoutForm({ caseId, claim, state, csrfToken }: { caseId: string; claim: DeathClaimView; state: PayoutFormState; csrfToken?: string }) {
  const d = t.cases.page.disburse;
  const b = t.deathPages.benefit;
  const { values, errors } = state;
  return (
    <article aria-labelledby="pencairan">
      <h2 id="pencairan">{c.payout.title}</h2>
      <p>{c.payout.intro}</p>
      <form method="post" action={`/cases/${encodeURIComponent(caseId)}/disbursement`} data-testid="payout-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <div class="grid-form">
          <InputField name="sp2dNumber" label={d.sp2dNumber} value={values.sp2dNumber} errors={errors} attrs={{ required: true, maxlength: 64 }} />
          <InputField name="paidAt" label={d.paidAt} value={values.paidAt} errors={errors} type="date" attrs={{ required: true }} />
        </div>
        <FieldMessages name="payouts" errors={errors} />
        <div class="overflow-auto">
          <table data-testid="payout-rows">
            <thead>
              <tr>
                <th scope="col">{t.cases.page.name}</th>
                <th scope="col">{b.bank}</th>
                <th scope="col">{b.accountNumber}</th>
                <th scope="col">{b.accountHolder}</th>
                <th scope="col" class="num">{b.amount}</th>
                <th scope="col">{c.payout.reference}</th>
              </tr>
            </thead>
            <tbody>
              {claim.payees.map((p, i) => {
                const name = (field: string) => `payouts.${i}.${field}`;
                const messages = [...(errors.get(name("nik")) ?? []), ...(errors.get(name("amount")) ?? [])];
                const refErrors = errors.get(name("transferReference"));
                return (
                  <tr data-testid="payout-row">
                    <td>
                      {p.name} <small>({payeeRole(p)})</small>
                      <input type="hidden" name={name("nik")} value={p.nik} />
                      <input type="hidden" name={name("amount")} value={String(p.amount)} />
                      {messages.length > 0 && <small class="field-error">{messages.join(" ")}</small>}
                    </td>
                    <td>{p.bankAccount.bank}</td>
                    <td>
                      <code>{p.bankAccount.number}</code>
                    </td>
                    <td>{p.bankAccount.holder}</td>
                    <td class="num">{formatRupiah(p.amount)}</td>
                    <td>
                      <input
                        id={name("transferReference")}
                        name={name("transferReference")}
                        type="text"
                        value={values.references[i] ?? ""}
                        required
                        maxlength={64}
                        autocomplete="off"
                        aria-label={c.payout.referenceFor(p.name)}
                        aria-invalid={refErrors ? "true" : undefined}
                        aria-describedby={refErrors ? `${name("transferReference")}-error` : undefined}
                      />
                      {refErrors && (
                        <small id={`${name("transferReference")}-error`} class="field-error">
                          {refErrors.join(" ")}
                        </small>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colspan={4}>
                  {t.death.benefit.total}
                </th>
                <td class="num">
                  <strong>{formatRupiah(claim.payees.reduce((sum, p) => sum + p.amount, 0))}</strong>
                </td>
                <td></td>
              </tr>
            </tfoot>
          </table>
        </div>
        <button type="submit">{c.payout.submit}</button>
      </form>
    </article>
  );
}

/** The transfers the treasurer recorded. */
export function PaidTransfers({ payout }: { payout: NonNullable<DeathClaimView["payout"]> }) {
  const b = t.deathPages.benefit;
  const p = c.paid;
  return (
    <section aria-labelledby="transfer">
      <h2 id="transfer">{p.title}</h2>
      <dl class="facts">
        <dt>{p.sp2dNumber}</dt>
        <dd data-testid="sp2d">{payout.sp2dNumber}</dd>
        <dt>{p.paidAt}</dt>
        <dd>{dateText(payout.paidAt)}</dd>
      </dl>
      <div class="overflow-auto">
        <table class="striped" data-testid="transfers">
          <thead>
            <tr>
              <th scope="col">{t.cases.page.name}</th>
              <th scope="col">{b.bank}</th>
              <th scope="col">{b.accountNumber}</th>
              <th scope="col">{b.accountHolder}</th>
              <th scope="col">{p.reference}</th>
              <th scope="col" class="num">{b.amount}</th>
            </tr>
          </thead>
          <tbody>
            {payout.payouts.map((x, i) => (
              <tr>
                <td>{x.name}</td>
                <td>{x.bankAccount.bank}</td>
                <td>
                  <PersonalValue field={`payout.payouts.${i}.bankAccount.number`} value={x.bankAccount.number} />
                </td>
                <td>{x.bankAccount.holder}</td>
                <td>
                  <code>{x.transferReference}</code>
                </td>
                <td class="num">{formatRupiah(x.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={5}>
                {t.death.benefit.total}
              </th>
              <td class="num">
                <strong>{formatRupiah(payout.amount)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
