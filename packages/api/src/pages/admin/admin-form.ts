import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import { id as t } from "@naungan/core/i18n";
import { Refused } from "@naungan/platform";
import type { FieldErrors } from "../enrolment-form-check";
import { refusalStatus } from "../page-context";
import type { Flash } from "./admin-shell";

/** A refused admin form: the status to answer with, the notice above the form, and the errors under its fields. */
export interface FormRefusal {
  status: ContentfulStatusCode;
  flash: Flash;
  errors: FieldErrors;
}

/**
 * Runs an admin change and turns what the rules refuse into a form refusal:
 * a platform `Refused` keeps its sentence; a schema error gets the field's
 * Indonesian message from `messages` (zod's own are English). Anything else
 * is a fault and propagates.
 */
export async function attempt<T>(run: () => Promise<T>, messages: Record<string, string> = {}): Promise<{ ok: true; value: T } | ({ ok: false } & FormRefusal)> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    const errors: FieldErrors = new Map();
    const add = (path: string, message: string) => errors.set(path, [...(errors.get(path) ?? []), message]);
    if (err instanceof Refused) {
      for (const f of err.fields ?? []) add(f.path, f.message);
      return { ok: false, status: refusalStatus[err.kind], flash: { kind: "error", text: err.message }, errors };
    }
    if (err instanceof ZodError) {
      for (const issue of err.issues) {
        const path = issue.path.map(String).join(".");
        if (!errors.has(path)) add(path, messages[path] ?? t.adminMaster.invalidField);
      }
      return { ok: false, status: 400, flash: { kind: "error", text: t.admin.fixErrors }, errors };
    }
    throw err;
  }
}
