import type { Db, TransactItem } from "@naungan/platform";

/** DynamoDB's limits on one TransactWriteItems: 100 items, 4 MB. */
const MAX_ITEMS = 100;
const MAX_BYTES = 3_500_000;
/** Transactions in flight at once; more commits wait and go together in the next one. */
const MAX_IN_FLIGHT = 2;

interface Pending {
  items: TransactItem[];
  bytes: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: the commits of different executions that arrive while a
 * transaction is in flight go together in the next one. DynamoDB Local's
 * cost is mostly per request, so this multiplies the engine's throughput
 * under load and adds no wait when it is idle (a lone commit goes at once).
 *
 * Each commit keeps its own meaning: its promise settles only with a
 * transaction that held all its items. A refused group (one commit's
 * condition failed, or anything else went wrong) is tried again commit by
 * commit, so each caller gets its own answer, as if it had been alone.
 */
export class CommitBatcher {
  private readonly queue: Pending[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  commit(items: TransactItem[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, bytes: Buffer.byteLength(JSON.stringify(items)), resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.send(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The oldest commits that fit together in one transaction (always at least one). */
  private takeGroup(): Pending[] {
    const group = [this.queue.shift()!];
    let items = group[0]!.items.length;
    let bytes = group[0]!.bytes;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (items + next.items.length > MAX_ITEMS || bytes + next.bytes > MAX_BYTES) break;
      group.push(this.queue.shift()!);
      items += next.items.length;
      bytes += next.bytes;
    }
    return group;
  }

  private async send(group: Pending[]) {
    try {
      await this.db.transact(group.flatMap((p) => p.items));
      for (const p of group) p.resolve();
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      for (const p of group) {
        await this.db.transact(p.items).then(p.resolve, p.reject);
      }
    }
  }
}
