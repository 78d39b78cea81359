import { coverageFigures, type CoverageFigures } from "@naungan/core";
import type { CoverageTotals, Platform } from "@naungan/platform";

/** `GET /api/coverage` and the coverage page: the regency's UCJ figures. */
export interface CoverageReport extends CoverageFigures, Pick<CoverageTotals, "byOpd" | "byCategory"> {
  /** Participants enrolled before the platform (a setting). */
  baseline: number;
  /** Participants activated by completed cases. */
  activated: number;
}

/**
 * The baseline plus everyone activated through the platform, against the
 * workforce and the target, all three from the admin's settings.
 */
export async function coverageReport(platform: Platform): Promise<CoverageReport> {
  const [totals, { coverage: baseline }] = await Promise.all([platform.coverage.totals(), platform.settings.get()]);
  const figures = coverageFigures({ workforce: baseline.workforce, enrolled: baseline.baselineEnrolled + totals.activated, target: baseline.target });
  return {
    ...figures,
    baseline: baseline.baselineEnrolled,
    activated: totals.activated,
    byOpd: [...totals.byOpd].sort((a, b) => a.opdCode.localeCompare(b.opdCode)),
    byCategory: [...totals.byCategory].sort((a, b) => a.category.localeCompare(b.category)),
  };
}
