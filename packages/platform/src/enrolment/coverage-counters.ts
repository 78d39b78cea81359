import type { WorkerCategory } from "@naungan/core";
import type { Db, TransactItem } from "../storage/db";

/** People covered through the platform (the configured baseline is added by the caller). */
export interface CoverageTotals {
  byOpd: { opdCode: string; enrolled: number }[];
  byCategory: { category: WorkerCategory; enrolled: number }[];
  /** Every person activated through the platform: the sum over OPDs (or categories). */
  activated: number;
}

interface CounterItem {
  opdCode: string;
  category: WorkerCategory;
  enrolled: number;
}

const PARTITION = "COVERAGE";
const counterKey = (opdCode: string, category: string) => ({ pk: PARTITION, sk: `${opdCode}#${category}` });

/**
 * The counters of people covered, one item per OPD and category in the
 * `COVERAGE` partition, so the coverage figures are one query however many
 * participants there are. Only the participant registry moves them, in the
 * transaction that records a case's activation (see Participants.activate).
 */
export class CoverageCounters {
  constructor(private readonly db: Db) {}

  async totals(): Promise<CoverageTotals> {
    const items = await this.db.queryAll<CounterItem>({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": PARTITION },
      ConsistentRead: true,
    });
    const byOpd = new Map<string, number>();
    const byCategory = new Map<WorkerCategory, number>();
    let activated = 0;
    for (const { opdCode, category, enrolled } of items) {
      byOpd.set(opdCode, (byOpd.get(opdCode) ?? 0) + enrolled);
      byCategory.set(category, (byCategory.get(category) ?? 0) + enrolled);
      activated += enrolled;
    }
    return {
      byOpd: [...byOpd].map(([opdCode, enrolled]) => ({ opdCode, enrolled })),
      byCategory: [...byCategory].map(([category, enrolled]) => ({ category, enrolled })),
      activated,
    };
  }
}

/** Transaction entries adding `added[category]` people to the OPD's counters (none for zeros). */
export function coverageIncrements(opdCode: string, added: Partial<Record<WorkerCategory, number>>): TransactItem[] {
  return Object.entries(added)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([category, n]) => ({
      Update: {
        Key: counterKey(opdCode, category),
        UpdateExpression: "SET #type = :type, #opd = :opd, #category = :category ADD #enrolled :n",
        ExpressionAttributeNames: { "#type": "type", "#opd": "opdCode", "#category": "category", "#enrolled": "enrolled" },
        ExpressionAttributeValues: { ":type": "coverage_counter", ":opd": opdCode, ":category": category, ":n": n },
      },
    }));
}
