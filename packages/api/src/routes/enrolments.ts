import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { enrolmentSubmissionSchema } from "@naungan/core";
import { checkImportTarget, ImportTooLarge, MAX_IMPORT_BYTES, templateCsv } from "@naungan/platform";
import type { Context } from "hono";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { ApiError, errorBodySchema, validationHook } from "../http/errors";
import { caseAcceptedSchema } from "./case-schemas";
import { importAcceptedSchema, importFormSchema, previewSchema } from "./enrolment-schemas";
import { errorResponses, json } from "./schemas";

/** The one route whose body may be larger than the app's 1 MB: the CSV upload (API Gateway allows 10 MB). */
export const IMPORT_UPLOAD_PATH = "/api/enrolments/import";
export const IMPORT_UPLOAD_MAX_BYTES = MAX_IMPORT_BYTES;

const submissionBody = { required: true, content: { "application/json": { schema: enrolmentSubmissionSchema } } } as const;

const submit = createRoute({
  method: "post",
  path: "/enrolments",
  summary: "Submit an enrolment of workers (OPD operator); the case starts its workflow",
  middleware: [allow(["opd_operator"])] as const,
  request: { body: submissionBody },
  responses: {
    202: json(caseAcceptedSchema, "Case created; the workflow runs on"),
    ...errorResponses,
    409: json(errorBodySchema, "Conflict"),
  },
});

const preview = createRoute({
  method: "post",
  path: "/enrolments/preview",
  summary: "Check and price a submission without creating anything (the form's total before submitting)",
  middleware: [allow(["opd_operator"])] as const,
  request: { body: submissionBody },
  responses: { 200: json(previewSchema, "The priced submission"), ...errorResponses },
});

const upload = createRoute({
  method: "post",
  path: "/enrolments/import",
  summary: "Upload a worker CSV (up to 10 MB); it is validated in the background — poll GET /api/imports/{importId}",
  middleware: [allow(["opd_operator"])] as const,
  request: { body: { required: true, content: { "multipart/form-data": { schema: importFormSchema } } } },
  responses: {
    202: json(importAcceptedSchema, "Stored; the import runs"),
    ...errorResponses,
    413: json(errorBodySchema, "The file is larger than 10 MB"),
  },
});

const template = createRoute({
  method: "get",
  path: "/enrolments/template.csv",
  summary: "The worker CSV template (column layout and two example rows)",
  middleware: [allow("signed_in")] as const,
  responses: { 200: { description: "CSV (UTF-8 with BOM, semicolon separated)", content: { "text/csv": { schema: z.string() } } }, 401: errorResponses[401] },
});

const by = (c: Context<AppEnv>) => ({ actor: c.get("user")!.email, requestId: c.get("requestId") });

export function enrolmentRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(submit, async (c) => {
    const record = await c.get("deps").platform.enrolments.submit(c.req.valid("json"), c.get("user")!, by(c));
    return c.json({ caseId: record.id, status: record.status }, 202);
  });

  app.openapi(preview, async (c) => {
    const body = c.req.valid("json");
    const { priced } = await c.get("deps").platform.enrolments.check(body, c.get("user")!);
    return c.json({ amount: priced.amount, breakdown: priced.breakdown, workersCount: body.workers.length, perWorker: priced.amounts }, 200);
  });

  app.openapi(upload, async (c) => {
    const { platform } = c.get("deps");
    const user = c.get("user")!;
    const { file, ...target } = c.req.valid("form");
    await checkImportTarget(platform, target, user);
    const filename = file.name.trim().slice(0, 255);
    let importId: string;
    try {
      ({ importId } = await platform.imports.create({ ...target, ...(filename ? { filename } : {}), file: file.stream() }, by(c)));
    } catch (err) {
      if (err instanceof ImportTooLarge) throw new ApiError(413, "payload_too_large", err.message);
      throw err;
    }
    await c.get("deps").dispatchImport(importId, user);
    c.header("Location", `/api/imports/${importId}`);
    return c.json({ importId }, 202);
  });

  app.openapi(template, (c) => {
    c.header("Content-Disposition", 'attachment; filename="templat-pekerja.csv"');
    return c.body(templateCsv(), 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  return app;
}
