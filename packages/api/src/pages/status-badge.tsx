import type { CaseStatus } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";

/** A case status as a coloured badge; the colour only repeats what the words say. */
export function StatusBadge({ status }: { status: CaseStatus }) {
  return (
    <span class={`badge status-${status}`} data-status={status}>
      {t.cases.status[status]}
    </span>
  );
}
