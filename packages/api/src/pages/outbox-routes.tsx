import { Hono } from "hono";
import { id as t } from "@naungan/core/i18n";
import { emailSchema, type OutboxMail } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { OutboxPage } from "./outbox-page";
import { chrome, firstPageOnBadCursor, hasOutbox } from "./page-context";

/**
 * The local stand-in for an inbox (`/dev/outbox`): public on the local
 * runtime, so a demo can follow an approval link without signing in;
 * absent (404) where mail goes out through SES.
 */
export function outboxPageRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/dev/outbox", allow("public"), async (c) => {
    const { platform } = c.get("deps");
    if (!hasOutbox(c) || !platform.outbox) return c.notFound();
    const outbox = platform.outbox;
    const toParam = c.req.query("to") || undefined;
    const to = toParam === undefined ? undefined : emailSchema.safeParse(toParam).data;
    const cursor = c.req.query("cursor") || undefined;
    const users = await platform.users.list();
    const badRecipient = toParam !== undefined && to === undefined;
    const page: { items: OutboxMail[]; nextCursor?: string; paged: boolean } = badRecipient
      ? { items: [], paged: false }
      : await firstPageOnBadCursor(cursor, (at) => outbox.list({ ...(to ? { to } : {}), limit: 20, ...(at ? { cursor: at } : {}) }));
    return c.html(
      <OutboxPage
        chrome={chrome(c)}
        mails={page.items}
        to={to ?? toParam}
        recipients={users.map((u) => u.email).sort()}
        nextCursor={page.nextCursor}
        paged={page.paged}
        error={badRecipient ? t.outbox.badRecipient : undefined}
      />,
    );
  });
  return app;
}
