import { wibDate } from "@naungan/core";
import { beforeAll, describe, expect, it } from "vitest";
import { GENESIS_HASH, InvalidCursor, Refused, auditEventItem, auditHeadItem, hashEvent, type AuditEvent, type AuditFilter, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

/*
 * A few thousand events across cases, users, actors, OPDs and ~7 weeks of
 * WIB days, written straight into the table (as `record` writes them), plus
 * a few through `record` itself. Every filter and combination must answer
 * exactly the matching events, newest first, each once across pages.
 */

let platform: Platform;
let clock: { now: Date };
const all: AuditEvent[] = [];

const actors = ["operator@disnaker.demo", "kepala@disnaker.demo", "verifikator@bkad.demo", "bud@bkad.demo", "system:workflow", "admin@naungan.demo"];
const opds = ["DISNAKER", "PERIKANAN", "BKAD", "DINKES"];
const actions = ["case.submitted", "case.decided", "budget.reserved", "coverage.activated", "auth.login_succeeded"];
const NOW = new Date("2026-11-26T09:00:00Z");
const SPAN_MS = 48 * 86_400_000;
const COUNT = 3000;

/** Deterministic pseudo-random numbers (a test must fail the same way twice). */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function buildEvents(): AuditEvent[] {
  const random = lcg(42);
  const times = Array.from({ length: COUNT }, () => NOW.getTime() - Math.floor(random() * SPAN_MS)).sort((a, b) => a - b);
  const subjects = [...Array.from({ length: 60 }, (_, i) => `case#C${String(i).padStart(3, "0")}`), ...actors.map((a) => `user#${a}`)];
  const heads = new Map<string, AuditEvent>();
  const events: AuditEvent[] = [];
  for (const ms of times) {
    const subject = subjects[Math.floor(random() * subjects.length)]!;
    const head = heads.get(subject);
    const caseOpd = subject.startsWith("case#") ? opds[Number(subject.slice(6)) % opds.length] : undefined;
    const unhashed = {
      subject,
      seq: (head?.seq ?? 0) + 1,
      at: new Date(ms).toISOString(),
      actor: actors[Math.floor(random() * actors.length)]!,
      action: actions[Math.floor(random() * actions.length)]!,
      requestId: `req-${events.length}`,
      data: { n: events.length },
      ...(caseOpd ? { opdCode: caseOpd } : {}),
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) };
    heads.set(subject, event);
    events.push(event);
  }
  return events;
}

const ref = (e: AuditEvent) => `${e.at}#${e.subject}#${String(e.seq).padStart(12, "0")}`;
const id = (e: { subject: string; seq: number }) => `${e.subject}#${e.seq}`;

const dayStartMs = (date: string) => Date.parse(`${date}T00:00:00+07:00`);
function boundMs(value: string, side: "start" | "end") {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return side === "start" ? dayStartMs(value) : dayStartMs(value) + 86_400_000 - 1;
  return Date.parse(value);
}

/** What the query must answer, computed the slow, obvious way. */
function expected(filter: AuditFilter): string[] {
  const subject = filter.caseId ? `case#${filter.caseId}` : filter.subject;
  let lo = filter.from ? boundMs(filter.from, "start") : -Infinity;
  const hi = filter.to ? boundMs(filter.to, "end") : subject || filter.actor || filter.opd ? Infinity : clock.now.getTime();
  if (!filter.from && !subject && !filter.actor && !filter.opd) lo = dayStartMs(wibDate(new Date(hi))) - 30 * 86_400_000;
  const matching = all.filter((e) => {
    const t = Date.parse(e.at);
    return (
      (!subject || e.subject === subject) &&
      (!filter.actor || e.actor === filter.actor) &&
      (!filter.opd || e.opdCode === filter.opd) &&
      (!filter.action || e.action === filter.action) &&
      t >= lo &&
      t <= hi
    );
  });
  const sorted = subject ? matching.sort((a, b) => b.seq - a.seq) : matching.sort((a, b) => (ref(a) < ref(b) ? 1 : -1));
  return sorted.map(id);
}

async function pageThrough(filter: AuditFilter, limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await platform.auditQuery.page(filter, { cursor, limit });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    for (const item of page.items) {
      expect(item.caseId).toBe(item.subject.startsWith("case#") ? item.subject.slice(5) : null);
      seen.push(id(item));
    }
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { seen, pages };
}

beforeAll(async () => {
  ({ platform, clock } = await createTestPlatform("audit-query"));
  clock.now = NOW;
  const events = buildEvents();
  const lastOf = new Map(events.map((e) => [e.subject, e]));
  const items = [...events.map(auditEventItem), ...[...lastOf.values()].map(auditHeadItem)];
  await Promise.all(Array.from({ length: 8 }, (_, w) => platform.db.batchPut(items.filter((_, i) => i % 8 === w))));
  all.push(...events);
  // And a few through the log itself, on a chain of their own.
  for (let n = 1; n <= 5; n++) {
    clock.now = new Date(NOW.getTime() - (6 - n) * 3_600_000);
    all.push(await platform.audit.record({ subject: "case#RECORDED", actor: "operator@perikanan.demo", action: "case.submitted", requestId: `r${n}`, data: { n }, opdCode: "PERIKANAN" }));
  }
  clock.now = NOW;
}, 120_000);

describe("audit query", () => {
  const filters: [string, AuditFilter][] = [
    ["a case", { caseId: "C007" }],
    ["a recorded case", { caseId: "RECORDED" }],
    ["a user's chain", { subject: `user#${actors[1]}` }],
    ["an actor", { actor: actors[2] }],
    ["an OPD", { opd: "PERIKANAN" }],
    ["an action (last 31 days)", { action: "case.decided" }],
    ["nothing (last 31 days)", {}],
    ["a day range", { from: "2026-10-20", to: "2026-10-29" }],
    ["one WIB day", { from: "2026-11-03", to: "2026-11-03" }],
    ["ISO instants", { from: "2026-11-01T10:30:00+07:00", to: "2026-11-10T18:00:00Z" }],
    ["from only (to now)", { from: "2026-11-20" }],
    ["a case in a range with an action", { caseId: "C012", from: "2026-10-15", to: "2026-11-15", action: "case.submitted" }],
    ["a case by an actor at its OPD", { caseId: "C004", actor: actors[0], opd: "DISNAKER" }],
    ["a case at another OPD (none)", { caseId: "C004", opd: "BKAD" }],
    ["an actor at an OPD doing an action", { actor: actors[4], opd: "BKAD", action: "budget.reserved" }],
    ["an actor up to a day", { actor: actors[3], to: "2026-10-31" }],
    ["an OPD in a range", { opd: "DINKES", from: "2026-10-12", to: "2026-11-02T12:00:00+07:00" }],
    ["an OPD and an action", { opd: "DISNAKER", action: "coverage.activated" }],
    ["an action in an old range", { action: "auth.login_succeeded", from: "2026-10-09", to: "2026-10-25" }],
  ];

  for (const [name, filter] of filters) {
    it(`answers ${name} exactly, newest first, each once across pages`, async () => {
      const want = expected(filter);
      for (const limit of [7, 50, 500]) {
        const { seen } = await pageThrough(filter, limit);
        expect(seen).toEqual(want);
      }
    });
  }

  it("holds thousands of events and the filters are not vacuous", () => {
    expect(all.length).toBe(COUNT + 5);
    expect(expected({ opd: "PERIKANAN" }).length).toBeGreaterThan(300);
    expect(expected({}).length).toBeLessThan(all.length);
    expect(expected({}).length).toBeGreaterThan(1000);
  });

  it("defaults to 50 a page and caps at 500", async () => {
    expect((await platform.auditQuery.page({ opd: "DISNAKER" })).items).toHaveLength(50);
    expect((await platform.auditQuery.page({ opd: "DISNAKER" }, { limit: 10_000 })).items).toHaveLength(500);
  });

  it("keeps the default range fixed across pages while the clock moves", async () => {
    const first = await platform.auditQuery.page({}, { limit: 100 });
    clock.now = new Date(NOW.getTime() + 5 * 86_400_000);
    try {
      let cursor = first.nextCursor;
      const seen = first.items.map(id);
      while (cursor) {
        const page = await platform.auditQuery.page({}, { cursor, limit: 500 });
        seen.push(...page.items.map(id));
        cursor = page.nextCursor;
      }
      clock.now = NOW;
      expect(seen).toEqual(expected({}));
    } finally {
      clock.now = NOW;
    }
  });

  it("streams every matching event page by page", async () => {
    const seen: string[] = [];
    for await (const e of platform.auditQuery.stream({ opd: "BKAD" }, { pageSize: 100 })) seen.push(id(e));
    expect(seen).toEqual(expected({ opd: "BKAD" }));
  });

  it("refuses bad ranges and foreign or forged cursors", async () => {
    await expect(platform.auditQuery.page({ from: "2026-11-10", to: "2026-11-01" })).rejects.toBeInstanceOf(Refused);
    await expect(platform.auditQuery.page({ from: "2025-01-01", to: "2026-11-01" })).rejects.toMatchObject({ kind: "invalid" });
    await expect(platform.auditQuery.page({ from: "2026-02-30" })).rejects.toMatchObject({ kind: "invalid", fields: [{ path: "from" }] });
    await expect(platform.auditQuery.page({ to: "2026-11-01T10:00:00" })).rejects.toMatchObject({ kind: "invalid", fields: [{ path: "to" }] });
    // A long range is fine on a narrower key.
    expect((await platform.auditQuery.page({ actor: actors[0], from: "2020-01-01" }, { limit: 1 })).items).toHaveLength(1);
    const { nextCursor } = await platform.auditQuery.page({ actor: actors[0] }, { limit: 5 });
    await expect(platform.auditQuery.page({ actor: actors[1] }, { cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(platform.auditQuery.page({}, { cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursor);
    const forged = Buffer.from(JSON.stringify({ v: 1, f: "x", k: 3 })).toString("base64url");
    await expect(platform.auditQuery.page({}, { cursor: forged })).rejects.toBeInstanceOf(InvalidCursor);
  });

  it("indexes recorded events by OPD and keeps a head per chain", async () => {
    const item = await platform.db.get<Record<string, unknown>>("AUDIT#case#RECORDED", "000000000005");
    expect(item).toMatchObject({ gsi1pk: "AUDITOPD#PERIKANAN", gsi2pk: "AUDITACTOR#operator@perikanan.demo" });
    expect(await platform.audit.chainHead("case#RECORDED")).toMatchObject({ seq: 5, hash: all[all.length - 1]!.hash });
    const heads: string[] = [];
    for await (const h of platform.audit.allHeads()) heads.push(h.subject);
    expect(heads).toHaveLength(60 + actors.length + 1);
    expect(heads).toEqual([...heads].sort());
  });
});
