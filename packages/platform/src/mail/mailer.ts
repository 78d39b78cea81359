import * as z from "zod";
import { emailSchema } from "../auth/users";

export const mailMessageSchema = z.object({
  to: emailSchema,
  // A line break in a subject would let it forge headers.
  subject: z.string().trim().min(1).max(200).regex(/^[^\r\n]*$/, "must be a single line"),
  text: z.string().min(1),
  html: z.string().min(1),
  /** The links the mail carries (approval link, case page); the outbox also finds them in the text. */
  links: z.array(z.url({ protocol: /^https?$/ })).optional(),
  /** The case the mail is about, for tracing (SES tag, outbox item); SES allows only these characters in a tag. */
  caseId: z.string().regex(/^[\w.@-]{1,256}$/, "must be letters, digits, '_', '-', '.' or '@'").optional(),
});
export type MailMessage = z.input<typeof mailMessageSchema>;

/** Sends one mail; the outbox locally, Amazon SES when deployed. */
export interface Mailer {
  send(message: MailMessage): Promise<{ id: string }>;
}
