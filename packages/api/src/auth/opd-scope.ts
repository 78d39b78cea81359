import { rolesScopedToOpd } from "@naungan/core";
import type { User } from "@naungan/platform";
import { ApiError } from "../http/errors";

/**
 * The OPD a request may look at: OPD roles are pinned to their own OPD (asking
 * for another is refused), the other roles see the one they ask for or all.
 */
export function scopeOpd(user: User, requested: string | undefined): string | undefined {
  if (!rolesScopedToOpd.includes(user.role)) return requested;
  if (requested && requested !== user.opdCode) {
    throw new ApiError(403, "forbidden", `A ${user.role} sees only the OPD ${user.opdCode}`);
  }
  return user.opdCode;
}
