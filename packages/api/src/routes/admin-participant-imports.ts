import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { id as t } from "@naungan/core/i18n";
import { ImportTooLarge, participantImportStatuses, type Platform } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { ApiError, errorBodySchema, validationHook } from "../http/errors";
import { errorsCsvDownload } from "../http/errors-csv-download";
import { importAcceptedSchema, rowErrorSchema } from "./enrolment-schemas";
import { errorResponses, json } from "./schemas";

/*
 * The administrator's import of existing participants (the CSV of
 * `npm run admin -- import-participants`): upload, then poll the progress and
 * the result; bad rows are skipped and listed, good rows imported.
 */

/** Mounted under /api/admin; its body may be as large as the enrolment upload's (app.tsx). */
export const PARTICIPANT_IMPORT_UPLOAD_PATH = "/api/admin/participant-imports";

const ADMIN = ["admin"] as const;
const idParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, description: "Participant import id" }) });

const uploadFormSchema = z.object({
  file: z.instanceof(File, { message: t.api.imports.noFile }).openapi({ type: "string", format: "binary", description: "CSV, comma or semicolon separated, UTF-8" }),
});

const countsShape = {
  created: z.number().int().openapi({ description: "New participants" }),
  updated: z.number().int().openapi({ description: "Known NIKs whose imported data changed" }),
  unchanged: z.number().int().openapi({ description: "Known NIKs imported with the same data again" }),
  invalid: z.number().int().openapi({ description: "Rows left out because of an error" }),
};

export const participantImportViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(participantImportStatuses).openapi({ description: "parsing → importing → done; invalid when the file cannot be read at all" }),
    rowsTotal: z.number().int(),
    rowsDone: z.number().int(),
    ...countsShape,
    errors: z.array(rowErrorSchema).openapi({ description: "The first errors by line; every error is in errors.csv" }),
    errorsTotal: z.number().int(),
    submittedBy: z.string(),
    createdAt: z.string(),
    size: z.number().int(),
    filename: z.string().optional(),
  })
  .openapi("ParticipantImport");

const upload = createRoute({
  method: "post",
  path: "/participant-imports",
  summary: "Upload a CSV of existing participants (up to 10 MB); it is imported in the background — poll GET /api/admin/participant-imports/{importId}",
  middleware: [allow(ADMIN)] as const,
  request: { body: { required: true, content: { "multipart/form-data": { schema: uploadFormSchema } } } },
  responses: {
    202: json(importAcceptedSchema, "Stored; the import runs"),
    ...errorResponses,
    413: json(errorBodySchema, "The file is larger than 10 MB"),
  },
});

const getImport = createRoute({
  method: "get",
  path: "/participant-imports/{id}",
  summary: "Progress, counts and errors of a participant import",
  middleware: [allow(ADMIN)] as const,
  request: { params: idParam },
  responses: { 200: json(participantImportViewSchema, "The import"), ...errorResponses, 404: json(errorBodySchema, "No such import") },
});

const errorsCsv = createRoute({
  method: "get",
  path: "/participant-imports/{id}/errors.csv",
  summary: "Every error of a participant import as CSV (line, column, message)",
  middleware: [allow(ADMIN)] as const,
  request: { params: idParam },
  responses: {
    200: { description: "CSV (UTF-8 with BOM, semicolon separated)", content: { "text/csv": { schema: z.string() } } },
    ...errorResponses,
    404: json(errorBodySchema, "No such import"),
  },
});

async function loadImport(platform: Platform, id: string) {
  const view = await platform.participantImports.get(id);
  if (!view) throw new ApiError(404, "not_found", t.api.imports.notFound);
  return view;
}

export function adminParticipantImportRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(upload, async (c) => {
    const { platform, dispatchImport } = c.get("deps");
    const user = c.get("user")!;
    const { file } = c.req.valid("form");
    const filename = file.name.trim().slice(0, 255);
    let importId: string;
    try {
      ({ importId } = await platform.participantImports.create({ ...(filename ? { filename } : {}), file: file.stream() }, { actor: user.email, requestId: c.get("requestId") }));
    } catch (err) {
      if (err instanceof ImportTooLarge) throw new ApiError(413, "payload_too_large", err.message);
      throw err;
    }
    await dispatchImport(importId, user, "participants");
    c.header("Location", `${PARTICIPANT_IMPORT_UPLOAD_PATH}/${importId}`);
    return c.json({ importId }, 202);
  });

  app.openapi(getImport, async (c) => {
    return c.json(await loadImport(c.get("deps").platform, c.req.valid("param").id), 200);
  });

  app.openapi(errorsCsv, async (c) => {
    const { platform } = c.get("deps");
    const { id } = c.req.valid("param");
    await loadImport(platform, id);
    return errorsCsvDownload(c, platform.participantImports.errors(id), id);
  });

  return app;
}
