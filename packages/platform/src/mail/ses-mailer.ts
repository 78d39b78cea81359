import { SendEmailCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { awsRegion } from "../storage/region";
import { mailMessageSchema, type Mailer, type MailMessage } from "./mailer";

/** Sends through Amazon SES (v2 API) from one verified address. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<{ id: string }> {
    const mail = mailMessageSchema.parse(message);
    const utf8 = (Data: string) => ({ Data, Charset: "UTF-8" });
    const out = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mail.to] },
        Content: { Simple: { Subject: utf8(mail.subject), Body: { Text: utf8(mail.text), Html: utf8(mail.html) } } },
        ...(mail.caseId ? { EmailTags: [{ Name: "caseId", Value: mail.caseId }] } : {}),
      }),
    );
    if (!out.MessageId) throw new Error("SES accepted the mail but returned no MessageId");
    return { id: out.MessageId };
  }
}

/** The SES mailer from one verified address, with a client for the function's region (PlatformAdapters.sesMailer). */
export function createSesMailer(from: string): SesMailer {
  return new SesMailer(new SESv2Client({ region: awsRegion() }), from);
}
