import { newId } from "@naungan/core";
import * as z from "zod";
import { emailSchema } from "../auth/users";
import type { Db, Page } from "../storage/db";
import { mailMessageSchema, type Mailer, type MailMessage } from "./mailer";

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Absolute http(s) links of the mail, in order of appearance (e.g. `http://…/approve/…`). */
  links: string[];
  sentAt: string;
  caseId?: string;
}

const listSchema = z.object({
  to: emailSchema.optional(),
  limit: z.int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});
export type OutboxQuery = z.input<typeof listSchema>;

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;

// A sentence may end right after a link: its final punctuation is not part of it.
const linksIn = (text: string) => (text.match(URL_IN_TEXT) ?? []).map((url) => url.replace(/[.,;:!?)\]]+$/, ""));

/**
 * The local stand-in for SES: every mail is stored in the table, newest
 * first overall (`OUTBOX`) and per recipient (gsi1 `OUTBOX#<to>`), so the
 * `/dev/outbox` page and tests can read what would have been sent.
 */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: MailMessage): Promise<{ id: string }> {
    const mail = mailMessageSchema.parse(message);
    const at = this.now();
    const id = newId("mail", at.getTime());
    const sentAt = at.toISOString();
    const sk = `${sentAt}#${id}`;
    const stored: OutboxMail = {
      id,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      links: [...new Set([...(mail.links ?? []), ...linksIn(mail.text)])],
      sentAt,
      ...(mail.caseId ? { caseId: mail.caseId } : {}),
    };
    await this.db.put(
      { pk: "OUTBOX", sk, type: "outbox_mail", ...stored, gsi1pk: `OUTBOX#${mail.to}`, gsi1sk: sk },
      { ConditionExpression: "attribute_not_exists(pk)" },
    );
    return { id };
  }

  /** Mails newest first, all or for one recipient. */
  async list(query: OutboxQuery = {}): Promise<Page<OutboxMail>> {
    const { to, limit, cursor } = listSchema.parse(query);
    const page = await this.db.query<OutboxMail>(
      to
        ? { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": `OUTBOX#${to}` }, ScanIndexForward: false, Limit: limit }
        : { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "OUTBOX" }, ScanIndexForward: false, Limit: limit },
      cursor,
    );
    return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
  }
}

function fromItem(item: OutboxMail): OutboxMail {
  const { id, to, subject, text, html, links, sentAt, caseId } = item;
  return { id, to, subject, text, html, links, sentAt, ...(caseId ? { caseId } : {}) };
}
