import { Hono } from "hono";
import { id as t } from "@naungan/core/i18n";
import { ImportTooLarge, participantTemplateCsv } from "@naungan/platform";
import { allow } from "../../auth/allow";
import type { AppEnv } from "../../env";
import { ErrorPage } from "../error-page";
import { actorOf, chrome } from "../page-context";
import { PARTICIPANT_IMPORT_PAGE_PATH, PARTICIPANT_TEMPLATE_PATH, ParticipantImportForm } from "./participant-import-form";
import { ParticipantImportResult } from "./participant-import-result";

/** The admin's participant import pages: the upload form, the template, and each import's progress and result. */
export function participantImportPageRoutes() {
  const app = new Hono<AppEnv>();
  const admin = allow(["admin"], { html: true });

  app.get(PARTICIPANT_IMPORT_PAGE_PATH, admin, (c) => c.html(<ParticipantImportForm chrome={chrome(c)} />));

  app.get(PARTICIPANT_TEMPLATE_PATH, admin, (c) => {
    c.header("Content-Disposition", 'attachment; filename="templat-peserta.csv"');
    return c.body(participantTemplateCsv(), 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  app.post(PARTICIPANT_IMPORT_PAGE_PATH, admin, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return c.html(<ParticipantImportForm chrome={chrome(c)} fileError={t.adminParticipants.page.noFile} />, 400);
    const filename = file.name.trim().slice(0, 255);
    let importId: string;
    try {
      ({ importId } = await c.get("deps").platform.participantImports.create({ ...(filename ? { filename } : {}), file: file.stream() }, actorOf(c)));
    } catch (err) {
      if (!(err instanceof ImportTooLarge)) throw err;
      return c.html(<ParticipantImportForm chrome={chrome(c)} fileError={err.message} />, 413);
    }
    await c.get("deps").dispatchImport(importId, c.get("user")!, "participants");
    return c.redirect(`${PARTICIPANT_IMPORT_PAGE_PATH}/${encodeURIComponent(importId)}`, 303);
  });

  app.get(`${PARTICIPANT_IMPORT_PAGE_PATH}/:id`, admin, async (c) => {
    const job = await c.get("deps").platform.participantImports.get(c.req.param("id"));
    if (!job) return c.html(<ErrorPage title={t.errors.notFoundTitle} message={t.adminParticipants.page.notFound} {...chrome(c)} />, 404);
    return c.html(<ParticipantImportResult chrome={chrome(c)} job={job} />);
  });

  return app;
}
