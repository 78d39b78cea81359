import { createContext, useContext } from "hono/jsx";
import { id as t } from "@naungan/core/i18n";

/*
 * Personal data on the case page (UU PDP 27/2022): a masked NIK or account
 * number, with the auditor's "Tampilkan" button next to it, or the one value
 * the auditor has just revealed. Pages without the context (the claim form's
 * preview) show the value as given.
 */

const m = t.privacy;

/** Where the page's personal data may be revealed, and what was revealed in this response. */
export interface RevealState {
  caseId: string;
  csrfToken?: string;
  /** The viewer sees masked values and may reveal one (core's `mayRevealPersonalData`). */
  canReveal: boolean;
  /** The value revealed by the post this page answers: shown once, here. */
  revealed?: RevealedValue;
}

export interface RevealedValue {
  /** Its path in the case view (`payees.1.bankAccount.number`). */
  field: string;
  value: string;
}

export const RevealContext = createContext<RevealState | undefined>(undefined);

/** The page route an auditor's reveal posts to (routes/reveal.ts). */
export const revealPagePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/reveal`;

/** "NIK", "nomor rekening", "nomor KK": what the field at a path is. */
export function personalFieldName(field: string): string {
  if (field.endsWith("bankAccount.number")) return m.account;
  if (field.endsWith("familyCardNo")) return m.familyCardNo;
  return m.nik;
}

const REVEALED_ID = "nilai-terbuka";

/** One NIK, KK number or account number at `field` of the case view, as the viewer may see it. */
export function PersonalValue({ field, value, plain }: { field: string; value: string; plain?: boolean }) {
  const state = useContext(RevealContext);
  if (state?.revealed?.field === field) {
    return (
      <mark id={REVEALED_ID} data-testid="revealed-value" data-field={field}>
        <code>{state.revealed.value}</code>
      </mark>
    );
  }
  const shown = plain ? value : <code>{value}</code>;
  if (!state?.canReveal || value === "") return shown;
  return (
    <>
      {shown}
      <form method="post" action={revealPagePath(state.caseId)} class="inline" data-testid="reveal-form">
        <input type="hidden" name="_csrf" value={state.csrfToken} />
        <input type="hidden" name="field" value={field} />
        <button type="submit" class="secondary outline" aria-label={m.revealLabel(personalFieldName(field))}>
          {m.reveal}
        </button>
      </form>
    </>
  );
}

/** The value revealed, above the page that carries it. */
export function RevealedNotice({ revealed }: { revealed: RevealedValue }) {
  const what = personalFieldName(revealed.field);
  return (
    <p role="status" class="flash" data-testid="revealed">
      {/* Here, and in its place when that row is on this page (a worker on another page is not). */}
      <strong>{what.charAt(0).toUpperCase() + what.slice(1)}</strong> <code>{revealed.field}</code>: <code>{revealed.value}</code>. {m.revealedNote}
    </p>
  );
}
