import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { allow } from "./auth/allow";
import { authenticate } from "./auth/authenticate";
import { csrf } from "./auth/csrf";
import type { AppDeps, AppEnv } from "./env";
import { ApiError, errorBody, onError, validationHook } from "./http/errors";
import { requestId } from "./http/request-id";
import { securityHeaders } from "./http/security-headers";
import { staticRoutes } from "./http/static-files";
import { id as t } from "@naungan/core/i18n";
import { inProcessImports } from "./imports/start-import";
import { DocsPage } from "./pages/docs";
import { ErrorPage } from "./pages/error-page";
import { pageRoutes } from "./pages/routes";
import { UPLOAD_PAGE_PATH } from "./pages/enrolment-routes";
import { PARTICIPANT_IMPORT_PAGE_PATH } from "./pages/admin/participant-import-form";
import { adminRoutes } from "./routes/admin";
import { PARTICIPANT_IMPORT_UPLOAD_PATH } from "./routes/admin-participant-imports";
import { auditRoutes } from "./routes/audit";
import { authRoutes } from "./routes/auth";
import { budgetLineRoutes } from "./routes/budget-lines";
import { healthRoutes } from "./routes/health";
import { opdRoutes } from "./routes/opds";
import { caseRoutes } from "./routes/cases";
import { caseHistoryRoutes } from "./routes/case-history";
import { coverageRoutes } from "./routes/coverage";
import { deathClaimRoutes } from "./routes/death-claims";
import { devOutboxRoutes } from "./routes/dev-outbox";
import { IMPORT_UPLOAD_MAX_BYTES, IMPORT_UPLOAD_PATH, enrolmentRoutes } from "./routes/enrolments";
import { importRoutes } from "./routes/imports";
import { participantRoutes } from "./routes/participants";
import { revealRoutes } from "./routes/reveal";

/** JSON answers for the API, pages for people. */
const wantsJson = (c: Context) => c.req.path.startsWith("/api/") || c.req.path === "/healthz" || c.req.path === "/openapi.json";

export const openApiInfo = { openapi: "3.1.0", info: { title: "Naungan API", version: "1.0.0" } };

const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `The request body is larger than ${maxBytes / (1024 * 1024)} MB`);
    },
  });
/** 1 MB for every body, except the file uploads (10 MB, API Gateway's own limit). */
const defaultLimit = limitBody(1024 * 1024);
const uploadLimit = limitBody(IMPORT_UPLOAD_MAX_BYTES);
const largeBodyPaths = new Set([IMPORT_UPLOAD_PATH, UPLOAD_PAGE_PATH, PARTICIPANT_IMPORT_UPLOAD_PATH, PARTICIPANT_IMPORT_PAGE_PATH]);

/** The one app object: the Lambda handler wraps it in AWS, @hono/node-server serves it locally. */
export function createApp(options: Omit<AppDeps, "dispatchImport"> & Partial<Pick<AppDeps, "dispatchImport">>) {
  const deps: AppDeps = { ...options, dispatchImport: options.dispatchImport ?? inProcessImports(options.platform) };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use(requestId, securityHeaders);
  app.use(async (c, next) => (largeBodyPaths.has(c.req.path) ? uploadLimit(c, next) : defaultLimit(c, next)));
  app.use(authenticate, csrf);

  app.route("/api", authRoutes());
  app.route("/api", opdRoutes());
  app.route("/api", budgetLineRoutes());
  app.route("/api", enrolmentRoutes());
  app.route("/api", importRoutes());
  app.route("/api", caseRoutes());
  app.route("/api", caseHistoryRoutes());
  app.route("/api", deathClaimRoutes());
  app.route("/api", participantRoutes());
  app.route("/", revealRoutes());
  app.route("/api", coverageRoutes());
  app.route("/api", auditRoutes());
  app.route("/api/admin", adminRoutes());
  app.route("/api", devOutboxRoutes());
  app.route("/", healthRoutes());
  app.route("/", staticRoutes());
  app.route("/", pageRoutes());

  app.doc31("/openapi.json", openApiInfo);
  app.get("/docs", allow("public"), (c) => c.html(<DocsPage document={app.getOpenAPI31Document(openApiInfo) as never} />));

  app.notFound((c) =>
    wantsJson(c)
      ? c.json(errorBody("not_found", `No route ${c.req.method} ${c.req.path}`), 404)
      : c.html(<ErrorPage title={t.errors.notFoundTitle} message={t.errors.notFound} user={c.get("user")} />, 404),
  );
  app.onError((err, c) => {
    const response = onError(err, c);
    if (wantsJson(c) || !(err instanceof ApiError)) return response;
    const message = err.code === "forbidden" ? t.errors.forbidden : err.code === "csrf_failed" ? t.errors.csrf : err.message;
    const title = err.status === 403 ? t.errors.forbiddenTitle : t.errors.generic;
    return c.html(<ErrorPage title={title} message={message} user={c.get("user")} />, err.status);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
