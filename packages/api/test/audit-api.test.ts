import { roles, type Role } from "@naungan/core";
import { GENESIS_HASH, auditEventItem, auditHeadItem, hashEvent, type AuditEvent } from "@naungan/platform";
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, createTestApp, demoEmail, signIn, type TestApp } from "./support/test-app";

/*
 * GET /api/audit/events, /export.csv and /verify (API.md "Audit"): auditor
 * and admin only, filters from the query string, NIKs masked, CSV cells a
 * spreadsheet would run neutralised, and the export streamed in bounded
 * memory however long the log.
 */


const NIK = "1506010501850003";
const ACCOUNT = "1234567890";

let t: TestApp;
const tokens = new Map<string, string>();
async function get(who: Role | undefined, path: string) {
  let headers = {};
  if (who) {
    if (!tokens.has(who)) tokens.set(who, (await signIn(t.app, demoEmail[who])).token);
    headers = bearer(tokens.get(who)!);
  }
  return t.app.request(path, { headers });
}

/** RFC 4180 records of a small CSV text (quoted cells may hold commas, quotes, CR and LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

beforeAll(async () => {
  t = await createTestApp();
  const record = (subject: string, action: string, data: Record<string, unknown>, actor = "clerk@test.demo", opdCode: string | undefined = "AUDTEST1") =>
    t.platform.audit.record({ subject, actor, action, requestId: "req-audit-api", data, ...(opdCode ? { opdCode } : {}) });
  await record("case#AUD1", "case.submitted", { nik: NIK, heirs: [{ nik: NIK, bankAccount: { bank: "Bank Jambi", number: ACCOUNT } }] });
  await record("case#AUD1", "=SUM(1)", { note: "=SUM(1)" });
  await record("case#AUD1", "+cmd", { note: "-2+3" }, "@attacker", "AUDTEST1");
  await record("case#AUD2", "-x", { note: "@import" }, "checker@test.demo", "AUDTEST2");
  await record("case#AUD2", "case.decided", { note: 'quote " and, comma\r\nnewline' }, "checker@test.demo", "AUDTEST2");
}, 180_000);

describe("audit API", () => {
  it("admits the auditor and the admin only", async () => {
    for (const path of ["/api/audit/events", "/api/audit/export.csv", "/api/audit/verify", "/api/audit/verify?caseId=AUD1"]) {
      expect((await get(undefined, path)).status, path).toBe(401);
      for (const role of roles) {
        const res = await get(role, path);
        expect(res.status, `${path} as ${role}`).toBe(role === "auditor" || role === "admin" ? 200 : 403);
        await res.body?.cancel();
      }
    }
  });

  it("filters events from the query string, newest first, NIKs and accounts masked", async () => {
    const one = (await (await get("auditor", "/api/audit/events?caseId=AUD1")).json()) as { items: any[]; nextCursor?: string };
    expect(one.items.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(one.items[2]).toMatchObject({ caseId: "AUD1", subject: "case#AUD1", seq: 1, action: "case.submitted", opdCode: "AUDTEST1", prevHash: GENESIS_HASH });
    expect(one.items[2].hash).toMatch(/^[0-9a-f]{64}$/);
    const text = JSON.stringify(one);
    expect(text).not.toContain(NIK);
    expect(text).not.toContain(ACCOUNT);
    expect(one.items[2].data.nik).toBe("1506••••••••0003");
    expect(one.items[2].data.heirs[0].bankAccount.number).toBe("••••••7890");

    const byActor = (await (await get("admin", "/api/audit/events?actor=checker%40test.demo&opd=AUDTEST2")).json()) as { items: any[] };
    expect(byActor.items.map((e) => [e.caseId, e.seq])).toEqual([
      ["AUD2", 2],
      ["AUD2", 1],
    ]);
    const byAction = (await (await get("auditor", `/api/audit/events?action=${encodeURIComponent("=SUM(1)")}`)).json()) as { items: any[] };
    expect(byAction.items.map((e) => e.caseId)).toEqual(["AUD1"]);
    const byOpd = (await (await get("auditor", "/api/audit/events?opd=AUDTEST1&limit=2")).json()) as { items: any[]; nextCursor: string };
    expect(byOpd.items.map((e) => [e.caseId, e.seq])).toEqual([
      ["AUD1", 3],
      ["AUD1", 2],
    ]);
    const rest = (await (await get("auditor", `/api/audit/events?opd=AUDTEST1&limit=2&cursor=${byOpd.nextCursor}`)).json()) as { items: any[]; nextCursor?: string };
    expect(rest.items.map((e) => [e.caseId, e.seq])).toEqual([["AUD1", 1]]);
    const future = (await (await get("auditor", "/api/audit/events?caseId=AUD1&from=2099-01-01")).json()) as { items: any[] };
    expect(future.items).toEqual([]);
    const seeded = (await (await get("auditor", "/api/audit/events?limit=500")).json()) as { items: any[] };
    expect(seeded.items.some((e) => e.subject.startsWith("user#") && e.caseId === null)).toBe(true);
  });

  it("refuses bad filters and cursors with 400", async () => {
    for (const query of ["from=2026-13-01", "to=yesterday", "from=2026-11-10&to=2026-11-01", "from=2020-01-01&to=2026-11-01", "cursor=bogus", "limit=501"]) {
      const res = await get("auditor", `/api/audit/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "validation_failed" } });
    }
    expect((await get("auditor", "/api/audit/export.csv?from=nope")).status).toBe(400);
  });

  it("exports CSV with a BOM, RFC 4180 quoting, formula cells neutralised and NIKs masked", async () => {
    const res = await get("auditor", "/api/audit/export.csv?opd=AUDTEST1");
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text).not.toContain(NIK);
    expect(text).not.toContain(ACCOUNT);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(["at", "subject", "caseId", "seq", "actor", "action", "opdCode", "data", "prevHash", "hash"]);
    expect(rows).toHaveLength(4);
    const [, third, second, first] = rows as [string[], string[], string[], string[]];
    expect(third[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
    expect(third.slice(1, 7)).toEqual(["case#AUD1", "AUD1", "3", "'@attacker", "'+cmd", "AUDTEST1"]);
    expect(JSON.parse(third[7]!)).toEqual({ note: "-2+3" });
    expect(second[5]).toBe("'=SUM(1)");
    expect(JSON.parse(first[7]!).nik).toBe("1506••••••••0003");
    // No cell a spreadsheet would run.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const bkad = parseCsv(new TextDecoder().decode(await (await get("admin", "/api/audit/export.csv?opd=AUDTEST2")).arrayBuffer()));
    expect(bkad.map((r) => r[5])).toEqual(["action", "case.decided", "'-x"]);
    expect(JSON.parse(bkad[1]![7]!)).toEqual({ note: 'quote " and, comma\r\nnewline' });
  });

  it("verifies a case's chain and the whole log, and names an edited event", async () => {
    expect(await (await get("auditor", "/api/audit/verify?caseId=AUD1")).json()).toMatchObject({ ok: true, events: 3 });
    await t.platform.auditAnchors.anchor("system:test");
    const whole = (await (await get("admin", "/api/audit/verify")).json()) as { ok: boolean; events: number; chains: number };
    expect(whole).toMatchObject({ ok: true });
    expect(whole.chains).toBeGreaterThan(2);
    await t.platform.db.update({
      Key: { pk: "AUDIT#case#AUD2", sk: "000000000001" },
      UpdateExpression: "SET #a = :a",
      ExpressionAttributeNames: { "#a": "actor" },
      ExpressionAttributeValues: { ":a": "someone-else" },
    });
    expect(await (await get("auditor", "/api/audit/verify?caseId=AUD2")).json()).toMatchObject({ ok: false, caseId: "AUD2", brokenAt: 1, reason: "edited" });
    expect(await (await get("auditor", "/api/audit/verify")).json()).toMatchObject({ ok: false, subject: "case#AUD2", brokenAt: 1, reason: "edited" });
  });

  it(
    "streams 100,000 events in bounded memory",
    async () => {
      const TOTAL = 100_000;
      const start = Date.now() - 60 * 60_000;
      // Prepared items through BatchWriteItem: one chain per 1,000 events, as `record` would chain them.
      const BATCH = 5_000;
      for (let from = 0; from < TOTAL; from += BATCH) {
        const items: Record<string, unknown>[] = [];
        let prev: AuditEvent | undefined;
        for (let i = from; i < from + BATCH; i++) {
          const seq = (i % 1000) + 1;
          if (seq === 1) prev = undefined;
          const unhashed = {
            subject: `case#BULK${String(Math.floor(i / 1000)).padStart(3, "0")}`,
            seq,
            at: new Date(start + i * 30).toISOString(),
            actor: "system:bulk",
            action: i % 10 === 0 ? "=SUM(1)" : "bulk.step",
            requestId: `bulk-${i}`,
            data: { nik: NIK, i, note: "padding ".repeat(10) },
            opdCode: "BULKOPD",
            prevHash: prev?.hash ?? GENESIS_HASH,
          };
          prev = { ...unhashed, hash: hashEvent(unhashed) };
          items.push(auditEventItem(prev));
          if (seq === 1000) items.push(auditHeadItem(prev));
        }
        await Promise.all(Array.from({ length: 10 }, (_, w) => t.platform.db.batchPut(items.filter((_, j) => j % 10 === w))));
      }

      const res = await get("auditor", "/api/audit/export.csv?opd=BULKOPD");
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      const baseline = process.memoryUsage().heapUsed;
      let peak = 0;
      let lines = 0;
      let chunks = 0;
      let bom = false;
      let leaked = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (chunks === 0) bom = value[0] === 0xef && value[1] === 0xbb && value[2] === 0xbf;
        chunks++;
        const text = decoder.decode(value, { stream: true });
        for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
        if (text.includes(NIK)) leaked = true;
        if (chunks % 20 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      expect(bom).toBe(true);
      expect(leaked).toBe(false);
      expect(lines).toBe(TOTAL + 1);
      expect(chunks).toBeGreaterThan(100);
      console.log(`export of ${TOTAL} events: ${chunks} chunks, heap growth peak ${(peak / 1024 / 1024).toFixed(1)} MB`);
      expect(peak).toBeLessThan(150 * 1024 * 1024);
    },
    600_000,
  );
});
