import type { Db } from "../storage/db";
import type { Mailer } from "./mailer";
import { OutboxMailer } from "./outbox-mailer";
import { publicUrls } from "./public-urls";

/** Where mail goes: the table's outbox (local, the default) or Amazon SES from a verified address. */
export type MailConfig = { kind: "outbox" } | { kind: "ses"; from: string };

export const LOCAL_PUBLIC_URL = "http://localhost:3000";

/**
 * The mailer, the outbox (only when mail stays in the table) and the URLs mails
 * link to. SES mail needs `sesMailer` (createSesMailer from ./ses-mailer), passed
 * in so that functions sending no mail do not bundle the SES client.
 */
export function createMail(config: { mail?: MailConfig; publicUrl?: string }, db: Db, now: () => Date, sesMailer?: (from: string) => Mailer) {
  const mail = config.mail ?? { kind: "outbox" };
  if (mail.kind === "ses") {
    // Real recipients must never get links to localhost.
    if (!config.publicUrl) throw new Error("publicUrl is required when mail is sent with SES");
    if (!sesMailer) throw new Error("mail is sent with SES but no SES mailer was given (PlatformAdapters.sesMailer)");
    return { mailer: sesMailer(mail.from), outbox: undefined, urls: publicUrls(config.publicUrl) };
  }
  const outbox = new OutboxMailer(db, now);
  return { mailer: outbox as Mailer, outbox: outbox as OutboxMailer | undefined, urls: publicUrls(config.publicUrl ?? LOCAL_PUBLIC_URL) };
}
