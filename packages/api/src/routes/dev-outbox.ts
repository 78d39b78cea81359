import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { emailSchema } from "@naungan/platform";
import { id as t } from "@naungan/core/i18n";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { ApiError, errorBodySchema, validationHook } from "../http/errors";
import { pageQuerySchema } from "./paging";
import { errorResponses, json } from "./schemas";

export const outboxMailSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    links: z.array(z.string()).openapi({ description: "Absolute links of the mail, e.g. http://…/approve/…" }),
    sentAt: z.string(),
    caseId: z.string().optional(),
  })
  .openapi("OutboxMail");

const listOutbox = createRoute({
  method: "get",
  path: "/dev/outbox",
  summary: "Local runtime only: the mails that would have been sent, newest first (404 when deployed). Next page in X-Next-Cursor",
  middleware: [allow("public")] as const,
  request: { query: pageQuerySchema.extend({ to: emailSchema.optional().openapi({ description: "Only the mails to this address" }) }) },
  responses: {
    200: json(z.array(outboxMailSchema), "Mails"),
    400: errorResponses[400],
    404: json(errorBodySchema, "Not the local runtime"),
  },
});

/** A developer's tool: public on the local runtime, absent (404) where mail goes out through SES. */
export function devOutboxRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(listOutbox, async (c) => {
    const { local, platform } = c.get("deps");
    if (!local || !platform.outbox) throw new ApiError(404, "not_found", t.api.outbox.localOnly);
    const page = await platform.outbox.list(c.req.valid("query"));
    if (page.nextCursor) c.header("X-Next-Cursor", page.nextCursor);
    return c.json(page.items, 200);
  });
  return app;
}
