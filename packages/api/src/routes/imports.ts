import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { canSeeOpd } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { ImportView, Platform, User } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { errorsCsvDownload } from "../http/errors-csv-download";
import { ApiError, errorBodySchema, validationHook } from "../http/errors";
import { importViewSchema } from "./enrolment-schemas";
import { errorResponses, json } from "./schemas";

const idParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, description: "Import id" }) });
/** Imports are the OPD's working data: its operators upload, its head may follow. */
const importRoles = ["opd_operator", "opd_head"] as const;

const getImport = createRoute({
  method: "get",
  path: "/imports/{id}",
  summary: "Progress and errors of a CSV import (the uploader's OPD only)",
  middleware: [allow(importRoles)] as const,
  request: { params: idParam },
  responses: { 200: json(importViewSchema, "The import"), ...errorResponses, 404: json(errorBodySchema, "No such import") },
});

const errorsCsv = createRoute({
  method: "get",
  path: "/imports/{id}/errors.csv",
  summary: "Every error of an import as CSV (line, column, message)",
  middleware: [allow(importRoles)] as const,
  request: { params: idParam },
  responses: {
    200: { description: "CSV (UTF-8 with BOM, semicolon separated)", content: { "text/csv": { schema: z.string() } } },
    ...errorResponses,
    404: json(errorBodySchema, "No such import"),
  },
});

async function loadImport(platform: Platform, user: User, id: string): Promise<ImportView> {
  const view = await platform.imports.get(id);
  if (!view) throw new ApiError(404, "not_found", t.api.imports.notFound);
  if (!canSeeOpd(user, view.opdCode)) throw new ApiError(403, "forbidden", t.api.imports.otherOpd);
  return view;
}

export function importRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(getImport, async (c) => {
    return c.json(await loadImport(c.get("deps").platform, c.get("user")!, c.req.valid("param").id), 200);
  });

  app.openapi(errorsCsv, async (c) => {
    const { platform } = c.get("deps");
    const { id } = c.req.valid("param");
    await loadImport(platform, c.get("user")!, id);
    return errorsCsvDownload(c, platform.imports.errors(id), id);
  });

  return app;
}
