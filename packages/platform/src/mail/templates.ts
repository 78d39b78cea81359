import { formatDateId, formatRupiah, formatWib, type CaseType, type Rupiah } from "@naungan/core";
import { id } from "@naungan/core/i18n";
import type { LinkStep } from "../approvals/approval-links";

const t = id.mail;

/** What a template gives the mailer: `mailer.send({ to, caseId, ...content })`. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  links: string[];
}

/** The figures every case mail shows. */
export interface CaseSummary {
  caseId: string;
  caseType: CaseType;
  opdName: string;
  /** The finance agency as the settings name it (`financeAgencyName`). */
  financeAgency: string;
  /** Enrolments: how many workers the case covers. */
  workersCount?: number;
  amount: Rupiah;
  /** Death claims: who died, when, and who is paid what. */
  claim?: { deceasedName: string; dateOfDeath: string; payees: { name: string; amount: Rupiah }[] };
  /** A note to show (e.g. the submitter's); free text, escaped in HTML. */
  note?: string;
}

export interface ApprovalMailInput extends CaseSummary {
  step: LinkStep;
  /** The approver's own link (`ApprovalLinks.issue(...).url`). */
  approveUrl: string;
  /** When the link stops working. */
  expiresAt: Date | string;
}

/** (1) Asks the holder of a step to decide, with their approval link. */
export function approvalRequestMail(input: ApprovalMailInput): MailContent {
  return approvalMail(input, t.subject.request(t.ask[input.step], input.caseId), t.intro.request(askInText(input), input.caseId, input.opdName));
}

/** (2) The n-th reminder of an open step; the link is the one mailed first. */
export function reminderMail(input: ApprovalMailInput & { reminder: number }): MailContent {
  if (!Number.isInteger(input.reminder) || input.reminder < 1) throw new RangeError(`reminder must be a whole number from 1, got ${input.reminder}`);
  return approvalMail(
    input,
    t.subject.reminder(input.reminder, t.ask[input.step], input.caseId),
    t.intro.reminder(input.reminder, askInText(input), input.caseId, input.opdName),
  );
}

/** (3) To the backup approver, with their own link, after the primary let the step time out. */
export function escalationMail(input: ApprovalMailInput & { primaryApprover: string }): MailContent {
  return approvalMail(input, t.subject.escalation(t.ask[input.step], input.caseId), t.intro.escalation(askInText(input), input.caseId, input.opdName, input.primaryApprover));
}

/** (4) Tells the treasurer a case awaits disbursement; a link to the case page, no token. */
export function disbursementNoticeMail(input: CaseSummary & { caseUrl: string }): MailContent {
  return render({
    subject: t.subject.disbursement(input.caseId),
    intro: t.intro.disbursement(input.caseId, input.opdName, input.financeAgency),
    facts: caseFacts(input),
    action: { ...t.action.disburse, url: checkedUrl(input.caseUrl, "caseUrl") },
  });
}

/** The step asked for, in the mail's text: the finance agency by its full, configured name. */
const askInText = (input: ApprovalMailInput) => (input.step === "finance" ? t.askFinance(input.financeAgency) : t.ask[input.step]);

function approvalMail(input: ApprovalMailInput, subject: string, intro: string): MailContent {
  return render({
    subject,
    intro,
    facts: [...caseFacts(input), [t.facts.expiresAt, formatWib(input.expiresAt)]],
    action: { ...t.action.decide, url: checkedUrl(input.approveUrl, "approveUrl") },
    notice: t.linkNotice,
  });
}

type Fact = [label: string, value: string];

function caseFacts(c: CaseSummary): Fact[] {
  return [
    [t.facts.caseId, c.caseId],
    [t.facts.caseType, t.caseType[c.caseType]],
    [t.facts.opd, c.opdName],
    ...(c.workersCount !== undefined ? [[t.facts.workers, t.people(groupThousands(c.workersCount))] as Fact] : []),
    ...(c.claim
      ? ([
          [t.facts.deceased, c.claim.deceasedName],
          [t.facts.dateOfDeath, formatDateId(c.claim.dateOfDeath)],
          [t.facts.payees, c.claim.payees.map((p) => `${p.name} (${formatRupiah(p.amount)})`).join(", ")],
        ] as Fact[])
      : []),
    [t.facts.amount[c.caseType], formatRupiah(c.amount)],
    ...(c.note ? [[t.facts.note, c.note] as Fact] : []),
  ];
}

interface MailParts {
  subject: string;
  intro: string;
  facts: Fact[];
  action: { hint: string; label: string; url: string };
  notice?: string;
}

/** One layout for every mail: the same content as plain text and as HTML. */
function render(p: MailParts): MailContent {
  const text = [
    t.greeting,
    "",
    p.intro,
    "",
    ...p.facts.map(([label, value]) => `${label}: ${value}`),
    "",
    p.action.hint,
    p.action.url,
    "",
    ...(p.notice ? [p.notice, ""] : []),
    "-- ",
    t.footer,
    "",
  ].join("\n");

  const small = 'style="color:#555;font-size:13px"';
  const html = [
    '<!doctype html><html lang="id"><head><meta charset="utf-8">',
    `<title>${escapeHtml(p.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222">',
    `<p>${escapeHtml(t.greeting)}</p>`,
    `<p>${escapeHtml(p.intro)}</p>`,
    '<table role="presentation" cellpadding="4" style="border-collapse:collapse">',
    ...p.facts.map(([label, value]) => `<tr><th align="left" style="padding-right:16px">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    "</table>",
    `<p>${escapeHtml(p.action.hint)}</p>`,
    `<p><a href="${escapeHtml(p.action.url)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(p.action.label)}</a></p>`,
    // Some mail clients hide buttons: the address itself, to copy.
    `<p ${small}>${escapeHtml(p.action.url)}</p>`,
    ...(p.notice ? [`<p ${small}>${escapeHtml(p.notice)}</p>`] : []),
    `<hr><p ${small}>${escapeHtml(t.footer)}</p>`,
    "</body></html>",
  ].join("\n");

  return { subject: p.subject, text, html, links: [p.action.url] };
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`workersCount must be a whole number from 0, got ${n}`);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

// Only our own http(s) links go into a mail: never a `javascript:` or relative one.
function checkedUrl(url: string, field: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new RangeError(`${field} must be an absolute http(s) URL, got "${url}"`);
  return url;
}
