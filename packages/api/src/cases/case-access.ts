import { canSeeOpd } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { CaseRecord, Platform, User } from "@naungan/platform";
import { ApiError } from "../http/errors";

/**
 * The case a user asks for: 404 when it does not exist, 403 when it belongs
 * to another OPD than an OPD role's own (API.md: wrong OPD is 403, like
 * asking for another OPD's budget lines).
 */
export async function loadCase(platform: Platform, user: User, caseId: string): Promise<CaseRecord> {
  const found = await platform.cases.get(caseId);
  if (!found) throw new ApiError(404, "not_found", t.cases.errors.notFound);
  if (!canSeeOpd(user, found.opdCode)) throw new ApiError(403, "forbidden", t.api.cases.otherOpd);
  return found;
}
