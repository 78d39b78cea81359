import { createHash } from "node:crypto";
import { wibDate } from "@naungan/core";
import { Db, type Item } from "../storage/db";
import { AuditLog, type ChainHead } from "./audit-log";
import { canonicalJson } from "./canonical-json";

/*
 * Anchors: a dated digest of every chain's head {seq, hash}. Each chain
 * protects its own past (an edit breaks the hashes), but whoever can write
 * the table could cut a chain's newest events (with its head) or rewrite a
 * chain from some event on with fresh hashes. Against the latest anchor both
 * show: the chain is shorter than anchored, or the event at the anchored seq
 * has another hash. The anchor goes to an S3 bucket with Object Lock when one
 * is configured, out of reach of the table's writers.
 *
 * Stored in the table as
 *   summary  pk `AUDITANCHOR` / sk `<at>`: at, by, chainCount, events, digest,
 *            parts, ranges (first and last subject of each part), s3Key
 *   parts    pk `AUDITANCHOR#<at>` / sk `PART#<000001>`: chains[] (1000 each)
 * and in S3 as `anchors/<WIB date>/<at>.json`: the AnchorDocument below.
 * `digest` = SHA-256 (hex) of the canonical JSON of `chains`, which are in
 * subject order (UTF-8 bytes, as DynamoDB sorts them).
 */

const ANCHOR_PK = "AUDITANCHOR";
const PART_SIZE = 1000;
/** How far back the S3 listing looks for the latest anchor first (the Cron runs daily). */
const S3_LOOKBACK_DAYS = 40;

export interface AnchoredChain {
  subject: string;
  seq: number;
  hash: string;
}

export interface AnchorSummary {
  version: 1;
  at: string;
  by: string;
  chainCount: number;
  events: number;
  digest: string;
  s3Key?: string;
}

export interface AnchorDocument extends AnchorSummary {
  chains: AnchoredChain[];
}

export type LogVerdict =
  | { ok: true; events: number; chains: number; anchoredAt: string | null }
  | ChainBroken;

export interface ChainBroken {
  ok: false;
  subject: string;
  caseId: string | null;
  brokenAt: number;
  reason: "edited" | "deleted" | "reordered" | "inserted";
  detail: string;
}

export type CaseVerdict = { ok: true; events: number; anchoredAt: string | null } | ChainBroken;

export interface AuditAnchorsConfig {
  /**
   * The Object Lock bucket (env AUDIT_ANCHOR_BUCKET), as s3AnchorBucket
   * (./s3-anchor-bucket) gives it; without one, anchors live in the table only.
   */
  bucket?: AnchorBucket;
}

/** The few S3 operations anchors need, on one bucket (./s3-anchor-bucket; a module of its own so that only the functions that anchor or verify bundle S3). */
export interface AnchorBucket {
  /** Writes a JSON object (with a SHA-256 checksum, which Object Lock wants). */
  putJson(key: string, body: string): Promise<void>;
  /** One page of the keys under `prefix`, in order, from after `startAfter`. */
  list(prefix: string, startAfter: string | undefined, token: string | undefined): Promise<{ keys: string[]; next?: string }>;
  /** An object's body as UTF-8 text. */
  getText(key: string): Promise<string>;
}

interface LatestAnchor {
  summary: AnchorSummary;
  chains(): AsyncGenerator<AnchoredChain>;
  find(subject: string): Promise<AnchoredChain | undefined>;
}

const caseIdOf = (subject: string) => (subject.startsWith("case#") ? subject.slice("case#".length) : null);
const partSk = (n: number) => `PART#${String(n).padStart(6, "0")}`;
/** DynamoDB's order of string keys: UTF-8 bytes. */
const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
export const anchorDigest = (chains: AnchoredChain[]) => createHash("sha256").update(canonicalJson(chains)).digest("hex");
export const anchorS3Key = (at: string) => `anchors/${wibDate(at)}/${at}.json`;

export class AuditAnchors {
  private readonly bucket?: AnchorBucket;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
    config: AuditAnchorsConfig = {},
  ) {
    this.bucket = config.bucket;
  }

  /** Records every chain's head now: in the table, and in the bucket when there is one. */
  async anchor(by: string): Promise<AnchorSummary> {
    const chains: AnchoredChain[] = [];
    for await (const head of this.audit.allHeads()) chains.push({ subject: head.subject, seq: head.seq, hash: head.hash });
    const at = this.now().toISOString();
    const s3Key = this.bucket ? anchorS3Key(at) : undefined;
    const summary: AnchorSummary = {
      version: 1,
      at,
      by,
      chainCount: chains.length,
      events: chains.reduce((n, c) => n + c.seq, 0),
      digest: anchorDigest(chains),
      ...(s3Key ? { s3Key } : {}),
    };
    const document: AnchorDocument = { ...summary, chains };
    if (this.bucket && s3Key) {
      // Out of the table's reach first; the bucket's Object Lock keeps it.
      await this.bucket.putJson(s3Key, JSON.stringify(document));
    }
    const parts: Item[] = [];
    const ranges: [string, string][] = [];
    for (let i = 0; i < chains.length; i += PART_SIZE) {
      const slice = chains.slice(i, i + PART_SIZE);
      parts.push({ pk: `${ANCHOR_PK}#${at}`, sk: partSk(parts.length + 1), type: "audit_anchor_part", chains: slice });
      ranges.push([slice[0]!.subject, slice[slice.length - 1]!.subject]);
    }
    await this.db.batchPut(parts);
    // The summary last: an anchor whose parts are not all written is never the latest.
    await this.db.put({ pk: ANCHOR_PK, sk: at, type: "audit_anchor", ...summary, parts: parts.length, ranges }, { ConditionExpression: "attribute_not_exists(pk)" });
    return summary;
  }

  /** The newest anchor's summary, undefined before the first. */
  async latestSummary(): Promise<AnchorSummary | undefined> {
    return (await this.latest())?.summary;
  }

  /** Walks every chain (by its head) and compares it with the latest anchor; names the first broken one. */
  async verifyAll(): Promise<LogVerdict> {
    const anchor = await this.latest();
    const heads = this.audit.allHeads()[Symbol.asyncIterator]();
    const anchored = (anchor?.chains() ?? emptyChains())[Symbol.asyncIterator]();
    let h = await heads.next();
    let a = await anchored.next();
    let events = 0;
    let chains = 0;
    while (!h.done || !a.done) {
      const order = h.done ? 1 : a.done ? -1 : byteCompare(h.value.subject, a.value.subject);
      const head = order <= 0 ? (h.value as ChainHead) : undefined;
      const anchoredChain = order >= 0 ? (a.value as AnchoredChain) : undefined;
      const subject = (head ?? anchoredChain)!.subject;
      const verdict = await this.checkChain(subject, head, anchoredChain, anchor?.summary.at);
      if (!verdict.ok) return verdict;
      events += verdict.events;
      chains++;
      if (head) h = await heads.next();
      if (anchoredChain) a = await anchored.next();
    }
    return { ok: true, events, chains, anchoredAt: anchor?.summary.at ?? null };
  }

  /** One chain (e.g. `case#<id>`) on its own and against the latest anchor. */
  async verifySubject(subject: string): Promise<CaseVerdict> {
    const anchor = await this.latest();
    const [head, anchored] = await Promise.all([this.audit.chainHead(subject), anchor?.find(subject)]);
    const verdict = await this.checkChain(subject, head, anchored, anchor?.summary.at);
    return verdict.ok ? { ok: true, events: verdict.events, anchoredAt: anchor?.summary.at ?? null } : verdict;
  }

  async verifyCase(caseId: string): Promise<CaseVerdict> {
    return this.verifySubject(`case#${caseId}`);
  }

  private async checkChain(subject: string, head: ChainHead | undefined, anchored: AnchoredChain | undefined, anchoredAt: string | undefined): Promise<{ ok: true; events: number } | ChainBroken> {
    const broken = (brokenAt: number, reason: ChainBroken["reason"], detail: string): ChainBroken => ({ ok: false, subject, caseId: caseIdOf(subject), brokenAt, reason, detail });
    const verdict = await this.audit.verify(subject);
    if (!verdict.ok) return broken(verdict.brokenAt, verdict.reason, verdict.detail);
    const n = verdict.events;
    if (anchored) {
      if (n === 0) return broken(1, "deleted", `all ${anchored.seq} events of ${subject} anchored at ${anchoredAt} are gone`);
      if (n < anchored.seq) {
        return broken(n + 1, "deleted", `events ${n + 1}–${anchored.seq} of ${subject} were anchored at ${anchoredAt} and are gone`);
      }
      const event = await this.audit.event(subject, anchored.seq);
      if (event?.hash !== anchored.hash) {
        return broken(anchored.seq, "edited", `event ${anchored.seq} of ${subject} is not the one anchored at ${anchoredAt} (the chain was rewritten)`);
      }
    }
    if (head) {
      if (head.seq > n) return broken(n + 1, "deleted", `the head of ${subject} names event ${head.seq}; events ${n + 1}–${head.seq} are gone`);
      // The listed head may be older than the events read just now (a concurrent append): read it again.
      const fresh = head.seq < n ? await this.audit.chainHead(subject) : head;
      if (fresh && fresh.seq < n) return broken(fresh.seq + 1, "inserted", `events ${fresh.seq + 1}–${n} of ${subject} were added without moving its head`);
      if (fresh && fresh.seq <= n) {
        const event = await this.audit.event(subject, fresh.seq);
        if (event?.hash !== fresh.hash) return broken(fresh.seq, "edited", `event ${fresh.seq} of ${subject} is not the one its head names`);
      }
    }
    return { ok: true, events: n };
  }

  /** The newest anchor: the bucket's when there is one (the table's could have been removed), else the table's. */
  private async latest(): Promise<LatestAnchor | undefined> {
    if (this.bucket) {
      const fromS3 = await this.latestInBucket(this.bucket);
      if (fromS3) return fromS3;
    }
    const page = await this.db.query<Item>({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": ANCHOR_PK }, ScanIndexForward: false, Limit: 1, ConsistentRead: true });
    const item = page.items[0];
    if (!item) return undefined;
    const { version, at, by, chainCount, events, digest, s3Key } = item as unknown as AnchorSummary;
    const summary: AnchorSummary = { version, at, by, chainCount, events, digest, ...(s3Key ? { s3Key } : {}) };
    const parts = Number(item.parts ?? 0);
    const ranges = (item.ranges ?? []) as [string, string][];
    const loadPart = async (n: number) => ((await this.db.get<Item>(`${ANCHOR_PK}#${at}`, partSk(n), true))?.chains ?? []) as AnchoredChain[];
    return {
      summary,
      async *chains() {
        for (let n = 1; n <= parts; n++) yield* await loadPart(n);
      },
      async find(subject) {
        const index = ranges.findIndex(([first, last]) => byteCompare(first, subject) <= 0 && byteCompare(subject, last) <= 0);
        if (index < 0) return undefined;
        return (await loadPart(index + 1)).find((c) => c.subject === subject);
      },
    };
  }

  private async latestInBucket(bucket: AnchorBucket): Promise<LatestAnchor | undefined> {
    const since = wibDate(new Date(this.now().getTime() - S3_LOOKBACK_DAYS * 86_400_000));
    let key = await lastKey(bucket, `anchors/${since}/`);
    key ??= await lastKey(bucket, undefined);
    if (!key) return undefined;
    const document = JSON.parse(await bucket.getText(key)) as AnchorDocument;
    const { chains, ...summary } = document;
    return {
      summary,
      async *chains() {
        yield* chains;
      },
      async find(subject) {
        return chains.find((c) => c.subject === subject);
      },
    };
  }
}

/** The greatest `anchors/…json` key (keys are listed in order), from `startAfter` on. */
async function lastKey(bucket: AnchorBucket, startAfter: string | undefined): Promise<string | undefined> {
  let last: string | undefined;
  let token: string | undefined;
  do {
    const page = await bucket.list("anchors/", startAfter, token);
    for (const key of page.keys) if (key.endsWith(".json")) last = key;
    token = page.next;
  } while (token);
  return last;
}

async function* emptyChains(): AsyncGenerator<AnchoredChain> {}
