import { z } from "@hono/zod-openapi";

/** `?cursor=` / `?limit=` of every list (API.md "Conventions": default 50, max 500). */
export const pageQuerySchema = z.object({
  cursor: z.string().max(4096).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: "Items per page (1–500, default 50)" }),
});
