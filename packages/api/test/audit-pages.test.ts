import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { PageClient } from "./support/page-client";
import { createTestApp, type TestApp } from "./support/test-app";

/*
 * The audit pages (`/audit`, `/audit/verifikasi`): the auditor's filtered,
 * paged view of the log with NIKs masked and HTML escaped, the CSV export of
 * the same filter over the session cookie, and the chain verification in
 * words, intact and after an item was edited in the table.
 */

const AUDITOR = "auditor@inspektorat.demo";
const ADMIN = "admin@naungan.demo";
const OPERATOR = "operator@disnaker.demo";
const NIK = "1506010501850003";

/** The demo data is seeded on 2 March 2026 (WIB); the test's own events come on 5 March. */
const SEEDED = new Date("2026-03-02T03:00:00.000Z");
const LATER = new Date("2026-03-05T03:00:00.000Z");
let clock = SEEDED;

let t: TestApp;
let pages: PageClient;

/** The rows of the events table: subject, seq and action of each, top to bottom. */
function rows(html: string): { subject: string; seq: number; action: string }[] {
  return [...html.matchAll(/<tr data-testid="audit-event" data-subject="([^"]*)" data-seq="(\d+)" data-action="([^"]*)"/g)].map((m) => ({
    subject: m[1]!,
    seq: Number(m[2]),
    action: m[3]!,
  }));
}

const unescape = (href: string) => href.replace(/&amp;/g, "&");
const linkOf = (html: string, text: string) => {
  const match = new RegExp(`<a href="([^"]*)"[^>]*>${text}</a>`).exec(html);
  return match ? unescape(match[1]!) : undefined;
};
const exportHref = (html: string) => unescape(/<a href="([^"]*)"[^>]*data-testid="audit-export"/.exec(html)![1]!);

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  pages = new PageClient(t);
  clock = LATER;
  // A second apart, so newest first is the order they were recorded in (all within 10.00 WIB).
  const record = (subject: string, action: string, data: Record<string, unknown>, opdCode: string, actor = OPERATOR) => {
    clock = new Date(clock.getTime() + 1000);
    return t.platform.audit.record({ subject, actor, action, requestId: "req-audit-pages", data, opdCode });
  };
  for (let i = 1; i <= 55; i++) await record("case#AUDPGBULK", "step.reminded", { i }, "DISNAKER", "system:reminders");
  await record("case#AUDPG1", "case.submitted", { nik: NIK, note: "<script>alert('x')</script>", workers: [{ nik: NIK }], after: { amount: 162000 } }, "DISNAKER");
  await record("case#AUDPG1", "step.approve", { step: "opd_head" }, "DISNAKER", "kepala@disnaker.demo");
  await record("case#AUDPG2", "case.submitted", { note: "ikan" }, "PERIKANAN", "operator@perikanan.demo");
}, 180_000);

describe("audit page", () => {
  it("is the auditor's and the admin's, linked from their navigation", async () => {
    expect((await pages.get(OPERATOR, "/audit")).status).toBe(403);
    expect((await pages.get(OPERATOR, "/audit/verifikasi")).status).toBe(403);
    const anonymous = await pages.get(undefined, "/audit");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?next=%2Faudit");
    expect(await pages.html(OPERATOR, "/")).not.toContain('href="/audit"');
    for (const who of [AUDITOR, ADMIN]) {
      const home = await pages.html(who, "/");
      expect(home).toContain('<a href="/audit">Log audit</a>');
      expect(await pages.html(who, "/audit")).toMatch(/<a href="\/audit" aria-current="page">Log audit<\/a>/);
    }
  });

  it("lists events newest first with WIB times, case links and masked, escaped data", async () => {
    const html = await pages.html(AUDITOR, "/audit");
    // Sign-ins of the tests before are newer still.
    const listed = rows(html).filter((r) => r.subject.startsWith("case#"));
    expect(listed.slice(0, 4)).toEqual([
      { subject: "case#AUDPG2", seq: 1, action: "case.submitted" },
      { subject: "case#AUDPG1", seq: 2, action: "step.approve" },
      { subject: "case#AUDPG1", seq: 1, action: "case.submitted" },
      { subject: "case#AUDPGBULK", seq: 55, action: "step.reminded" },
    ]);
    expect(html).toContain('<a href="/cases/AUDPG1"><code>AUDPG1</code></a>');
    expect(html).toContain("5 Maret 2026 10.00 WIB");
    expect(html).toContain("Berkas diajukan");
    // The summary and the full JSON.
    expect(html).toContain("after.amount: 162000");
    expect(html).toContain("workers: 1 butir");
    expect(html).toContain("<summary>Data lengkap (JSON)</summary>");
    // NIKs masked for the auditor; the data's HTML is text.
    expect(html).not.toContain(NIK);
    expect(html).toContain("1506••••••••0003");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(");
    // The table scrolls sideways on a phone.
    expect(html).toMatch(/<div class="overflow-auto"><table class="striped" data-testid="audit-events" aria-labelledby="peristiwa">/);
  });

  it("narrows the rows by OPD, by date and by case", async () => {
    const perikanan = rows(await pages.html(AUDITOR, "/audit?opd=PERIKANAN"));
    expect(perikanan.map((r) => r.subject)).toContain("case#AUDPG2");
    expect(perikanan.map((r) => r.subject)).toContain("opd#PERIKANAN");
    expect(perikanan.some((r) => r.subject.startsWith("case#AUDPG1"))).toBe(false);

    const perikananLater = rows(await pages.html(AUDITOR, "/audit?opd=PERIKANAN&from=2026-03-05"));
    expect(perikananLater).toEqual([{ subject: "case#AUDPG2", seq: 1, action: "case.submitted" }]);

    const seedDay = rows(await pages.html(AUDITOR, "/audit?from=2026-03-02&to=2026-03-02"));
    expect(seedDay.length).toBeGreaterThan(0);
    expect(seedDay.some((r) => r.subject.startsWith("case#"))).toBe(false);
    expect(seedDay.some((r) => r.action === "opd.created")).toBe(true);

    const caseOnly = await pages.html(AUDITOR, "/audit?caseId=AUDPG1&actor=kepala%40disnaker.demo");
    expect(rows(caseOnly)).toEqual([{ subject: "case#AUDPG1", seq: 2, action: "step.approve" }]);
    // The form keeps what was asked.
    expect(caseOnly).toContain('name="caseId" value="AUDPG1"');
    expect(caseOnly).toContain('value="kepala@disnaker.demo"');

    const none = await pages.html(AUDITOR, "/audit?caseId=NOSUCHCASE");
    expect(rows(none)).toEqual([]);
    expect(none).toContain("Tidak ada peristiwa yang cocok dengan saringan ini.");
  });

  it("pages on with the cursor and back to the newest", async () => {
    const first = await pages.html(AUDITOR, "/audit?caseId=AUDPGBULK");
    expect(rows(first).map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 55 - i));
    const next = linkOf(first, "Berikutnya")!;
    expect(next).toMatch(/^\/audit\?caseId=AUDPGBULK&cursor=/);
    expect(linkOf(first, "Kembali ke yang terbaru")).toBeUndefined();
    const second = await pages.html(AUDITOR, next);
    expect(rows(second).map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(linkOf(second, "Berikutnya")).toBeUndefined();
    expect(linkOf(second, "Kembali ke yang terbaru")).toBe("/audit?caseId=AUDPGBULK");
    // A cursor of another filter starts the list again.
    const cursor = new URL(next, "http://localhost").searchParams.get("cursor")!;
    const stale = await pages.html(AUDITOR, `/audit?caseId=AUDPG1&cursor=${encodeURIComponent(cursor)}`);
    expect(rows(stale).map((r) => r.seq)).toEqual([2, 1]);
  });

  it("links the CSV export with the same filters, which the session cookie opens", async () => {
    const html = await pages.html(ADMIN, "/audit?opd=PERIKANAN&from=2026-03-05&action=case.submitted");
    const href = exportHref(html);
    expect(href).toBe("/api/audit/export.csv?action=case.submitted&opd=PERIKANAN&from=2026-03-05");
    expect(html).toContain(">Ekspor CSV</a>");
    const res = await pages.get(ADMIN, href);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("case#AUDPG2");
    // Without filters: the bare export.
    expect(exportHref(await pages.html(ADMIN, "/audit"))).toBe("/api/audit/export.csv");
  });

  it("explains a filter it cannot use", async () => {
    const cases: [string, string][] = [
      ["/audit?from=2026-02-30", "Dari tanggal harus tanggal yang sah (TTTT-BB-HH)."],
      ["/audit?from=2026-03-05&to=2026-03-01", "&quot;Dari tanggal&quot; tidak boleh sesudah &quot;Sampai tanggal&quot;."],
      ["/audit?from=2024-01-01", "rentang tanggal paling lama 366 hari"],
      [`/audit?caseId=${"x".repeat(65)}`, "ID berkas paling panjang 64 karakter."],
    ];
    for (const [path, message] of cases) {
      const res = await pages.get(AUDITOR, path);
      expect(res.status, path).toBe(400);
      const html = await res.text();
      expect(html, path).toContain(message);
      expect(html, path).toContain('role="alert"');
      expect(rows(html), path).toEqual([]);
    }
    const longCase = await pages.get(AUDITOR, `/audit/verifikasi?periksa=1&caseId=${"x".repeat(65)}`);
    expect(longCase.status).toBe(400);
    expect(await longCase.text()).toContain("ID berkas paling panjang 64 karakter.");
    // With a case id the range is not bounded.
    expect((await pages.get(AUDITOR, "/audit?caseId=AUDPG1&from=2024-01-01")).status).toBe(200);
  });

  it("verifies the whole log and one case, then names the case and event edited in the table", async () => {
    const page = await pages.html(AUDITOR, "/audit");
    expect(page).toContain('action="/audit/verifikasi"');

    // A bare visit shows the form only; the form runs the check.
    const bare = await pages.html(AUDITOR, "/audit/verifikasi");
    expect(bare).not.toContain("audit-verdict");
    expect(bare).toContain('<input type="hidden" name="periksa" value="1"/>');
    const whole = await pages.html(AUDITOR, "/audit/verifikasi?periksa=1");
    expect(whole).toContain('data-ok="true"');
    expect(whole).toMatch(/Rantai audit utuh: [\d.]+ peristiwa dalam [\d.]+ rantai\./);
    expect(whole).toContain("Belum ada jangkar");
    const one = await pages.html(ADMIN, "/audit/verifikasi?periksa=1&caseId=AUDPG1");
    expect(one).toContain("Rantai audit berkas AUDPG1 utuh: 2 peristiwa.");
    expect(one).toContain("Cakupan: berkas AUDPG1");
    expect(await pages.html(AUDITOR, "/audit/verifikasi?periksa=1&caseId=NOSUCHCASE")).toContain("Berkas NOSUCHCASE tidak memiliki peristiwa audit.");

    await t.platform.auditAnchors.anchor("system:test");
    expect(await pages.html(AUDITOR, "/audit/verifikasi?periksa=1")).toContain("Dibandingkan dengan jangkar 5 Maret 2026 10.00 WIB.");

    await t.doc.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: { pk: "AUDIT#case#AUDPG1", sk: "000000000001" },
        UpdateExpression: "SET #a = :a",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#a": "action" },
        ExpressionAttributeValues: { ":a": "case.withdrawn" },
      }),
    );
    for (const path of ["/audit/verifikasi?periksa=1", "/audit/verifikasi?periksa=1&caseId=AUDPG1"]) {
      const broken = await pages.html(AUDITOR, path);
      expect(broken, path).toContain('data-ok="false"');
      expect(broken, path).toContain('data-reason="edited"');
      expect(broken, path).toContain("Rantai rusak pada berkas AUDPG1, urutan 1: diubah.");
      expect(broken, path).toContain("Rincian: <code>event 1 does not match its hash</code>");
      expect(broken, path).toContain('<a href="/audit?caseId=AUDPG1">Lihat peristiwa rantai ini</a>');
    }
    // Other cases are still intact.
    expect(await pages.html(AUDITOR, "/audit/verifikasi?periksa=1&caseId=AUDPG2")).toContain("Rantai audit berkas AUDPG2 utuh: 1 peristiwa.");
  });
});
