import { z } from "@hono/zod-openapi";
import { errorBodySchema } from "../http/errors";
import { errorResponses, json } from "./schemas";

/** Who may call the admin routes. */
export const ADMIN = ["admin"] as const;

export const adminUserSchema = z
  .object({ email: z.string(), name: z.string(), role: z.string(), opdCode: z.string().nullable(), active: z.boolean(), createdAt: z.string() })
  .openapi("AdminUser");

/** Every refusal an admin write may answer with. */
export const adminWriteErrors = {
  ...errorResponses,
  404: json(errorBodySchema, "No such record"),
  409: json(errorBodySchema, "It exists already, or it changed meanwhile: read again and retry"),
  422: json(errorBodySchema, "Refused by a rule (e.g. a pagu below reserved + spent)"),
} as const;

export const outcomeSchema = z.enum(["created", "updated", "unchanged"]);
