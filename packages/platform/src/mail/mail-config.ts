import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { Db } from "../storage/db";
import type { Mailer } from "./mailer";
import { OutboxMailer } from "./outbox-mailer";
import { publicUrls } from "./public-urls";
import { SesMailer } from "./ses-mailer";

/** Where mail goes: the table's outbox (local, the default) or Amazon SES from a verified address. */
export type MailConfig = { kind: "outbox" } | { kind: "ses"; from: string };

export const LOCAL_PUBLIC_URL = "http://localhost:3000";

/** The mailer, the outbox (only when mail stays in the table) and the URLs mails link to. */
export function createMail(config: { mail?: MailConfig; publicUrl?: string }, db: Db, now: () => Date) {
  const mail = config.mail ?? { kind: "outbox" };
  if (mail.kind === "ses") {
    // Real recipients must never get links to localhost.
    if (!config.publicUrl) throw new Error("publicUrl is required when mail is sent with SES");
    const client = new SESv2Client({ region: process.env.AWS_REGION ?? "ap-southeast-3" });
    return { mailer: new SesMailer(client, mail.from) as Mailer, outbox: undefined, urls: publicUrls(config.publicUrl) };
  }
  const outbox = new OutboxMailer(db, now);
  return { mailer: outbox as Mailer, outbox: outbox as OutboxMailer | undefined, urls: publicUrls(config.publicUrl ?? LOCAL_PUBLIC_URL) };
}
