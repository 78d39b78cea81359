import { beforeAll, describe, expect, it } from "vitest";
import { poll, type Json } from "../support/enrolment-client";
import { PageClient } from "../support/page-client";
import { bearer, createTestApp, demoEmail, signIn, type TestApp } from "../support/test-app";
import { expectErrorShape, tableKeys } from "./support";

/*
 * Hostile CSV files through both upload endpoints, the operator's enrolment
 * import (`POST /api/enrolments/import`) and the administrator's participant
 * import (`POST /api/admin/participant-imports`): UTF-16 (both byte orders),
 * Latin-1, missing, unknown and duplicated columns, tab and pipe separators,
 * empty files, a lone BOM, a header without rows, binary garbage, an Excel
 * workbook, NUL bytes and an unclosed quote. Each is refused at upload with
 * the error shape, or ends as an import that names the problem; never a 500,
 * never a case or a participant; the import pages show it (200).
 */

const ENROLMENT_HEADER = ["nik", "nama", "tanggal_lahir", "kategori", "upah_bulanan", "kelompok_penghasilan", "kelompok_risiko"];
const enrolmentRow = (serial: number, name = `Pekerja ${serial}`) => [`1506010501850${String(serial).padStart(3, "0")}`, name, "05-01-1985", "honorer", "2.500.000", "", ""];
const PARTICIPANT_HEADER = ["nik", "nama", "kpj", "kategori", "kode_opd", "mulai", "selesai", "bulan_iuran"];
const participantRow = (serial: number, name = `Peserta ${serial}`) => [`1506020108900${String(serial).padStart(3, "0")}`, name, "", "honorer", "DISNAKER", "2025-01", "2025-12", "12"];

const utf8 = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string) => new Uint8Array([0xff, 0xfe, ...[...s].flatMap((ch) => { const c = ch.charCodeAt(0); return [c & 0xff, c >> 8]; })]);
const utf16be = (s: string) => new Uint8Array([0xfe, 0xff, ...[...s].flatMap((ch) => { const c = ch.charCodeAt(0); return [c >> 8, c & 0xff]; })]);
const latin1 = (s: string) => new Uint8Array([...s].map((ch) => ch.charCodeAt(0) & 0xff));
/** Deterministic garbage (a linear congruential generator), NULs and all. */
const garbage = (n: number) => {
  let x = 12345;
  return new Uint8Array(Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31) >> 16) & 0xff));
};

/** The hostile files for one import's header and rows (every row of the Latin-1 file has a non-UTF-8 byte). */
function hostileFiles(header: string[], row: (serial: number, name?: string) => string[], base: number): [string, Uint8Array][] {
  const lines = (sep: string, rows: string[][]) => [header, ...rows].map((r) => r.join(sep)).join("\r\n") + "\r\n";
  const good = [row(base + 1), row(base + 2)];
  return [
    ["UTF-16LE with BOM", utf16le(lines(";", good))],
    ["UTF-16BE with BOM", utf16be(lines(";", good))],
    ["Latin-1", latin1(lines(";", [row(base + 3, "Jos\u00e9 Andr\u00e9"), row(base + 4, "Ren\u00e9e \u00c7a")]))],
    ["missing columns", utf8(lines(";", good.map((r) => r.slice(0, 2))).replace(header.join(";"), header.slice(0, 2).join(";")))],
    ["unknown columns", utf8(lines(";", good).replace(header.join(";"), header.map((h) => `${h}_x`).join(";")))],
    ["a duplicated column", utf8([[...header, header[0]], ...good.map((r) => [...r, r[0]])].map((r) => r.join(";")).join("\r\n"))],
    ["tab separated", utf8(lines("\t", good))],
    ["pipe separated", utf8(lines("|", good))],
    ["an empty file", new Uint8Array()],
    ["a lone BOM", utf8("\uFEFF")],
    ["a header without rows", utf8(`${header.join(";")}\r\n`)],
    ["binary garbage", garbage(4096)],
    ["an Excel workbook", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...garbage(500)])],
    ["NUL bytes in cells", utf8(lines(";", [row(base + 5, "Nul\u0000Nul"), [`${row(base + 6)[0]}\u0000`, ...row(base + 6).slice(1)]]))],
    ["an unclosed quote", utf8(lines(";", [row(base + 7, '"Tanpa tutup'), row(base + 8)]))],
  ];
}

let t: TestApp;
let pages: PageClient;
let operator: string;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  pages = new PageClient(t);
  operator = (await signIn(t.app, demoEmail.opd_operator)).token;
  admin = (await signIn(t.app, demoEmail.admin)).token;
});

interface Endpoint {
  name: string;
  upload: (file: Uint8Array) => Promise<Response>;
  view: (id: string) => Promise<Response>;
  page: (id: string) => Promise<Response>;
  files: [string, Uint8Array][];
}

const endpoints = (): Endpoint[] => [
  {
    name: "POST /api/enrolments/import",
    upload: async (file) => {
      const form = new FormData();
      form.set("file", new Blob([file], { type: "text/csv" }), "pekerja.csv");
      for (const [k, v] of Object.entries({ opdCode: "DISNAKER", budgetLineId: "2026-DISNAKER-5.1.02.02.02.0006+0007", periodStart: "2026-01", months: "12" })) form.set(k, v);
      return t.app.request("/api/enrolments/import", { method: "POST", headers: bearer(operator), body: form });
    },
    view: async (id) => t.app.request(`/api/imports/${id}`, { headers: bearer(operator) }),
    page: (id) => pages.get(demoEmail.opd_operator, `/imports/${id}`),
    files: hostileFiles(ENROLMENT_HEADER, enrolmentRow, 700),
  },
  {
    name: "POST /api/admin/participant-imports",
    upload: async (file) => {
      const form = new FormData();
      form.set("file", new Blob([file], { type: "text/csv" }), "peserta.csv");
      return t.app.request("/api/admin/participant-imports", { method: "POST", headers: bearer(admin), body: form });
    },
    view: async (id) => t.app.request(`/api/admin/participant-imports/${id}`, { headers: bearer(admin) }),
    page: (id) => pages.get(demoEmail.admin, `/admin/peserta/impor/${id}`),
    files: hostileFiles(PARTICIPANT_HEADER, participantRow, 700),
  },
];

/** What an import may add to the table: the import's own items and their audit trail, never a case or a participant. */
const FORBIDDEN_PREFIXES = ["CASE#", "PARTICIPANT#", "PARTICIPANTS#", "COVERAGE#", "WORKER#", "NIK#"];

describe("hostile CSV uploads", () => {
  it("are refused or end as imports naming the problem, never 500, never creating a case or a participant", { timeout: 120_000 }, async () => {
    const outcomes: string[] = [];
    let files = 0;
    for (const endpoint of endpoints()) {
      for (const [what, file] of endpoint.files) {
        const context = `${endpoint.name} with ${what}`;
        const before = await tableKeys(t);
        const res = await endpoint.upload(file);
        expect(res.status, `${context}: ${await res.clone().text()}`).toBeLessThan(500);
        if (res.status !== 202) {
          expect(res.status, context).toBeGreaterThanOrEqual(400);
          expectErrorShape(await res.json(), context);
          outcomes.push(`${context}: refused ${res.status}`);
        } else {
          const { importId } = (await res.json()) as { importId: string };
          const view = await poll(`${context} to end`, async () => {
            const r = await endpoint.view(importId);
            expect(r.status, context).toBe(200);
            const v = (await r.json()) as Json;
            return v.status === "done" || v.status === "invalid" ? v : undefined;
          });
          expect(view.errors.length, `${context}: ${JSON.stringify(view).slice(0, 300)}`).toBeGreaterThan(0);
          for (const e of view.errors as Json[]) expect(String(e.message).length, context).toBeGreaterThan(5);
          expect(view.caseId, context).toBeUndefined();
          if (view.created !== undefined) expect(view.created, context).toBe(0);
          const page = await endpoint.page(importId);
          expect(page.status, context).toBe(200);
          expect(await page.text(), context).toContain(String((view.errors as Json[])[0]!.message).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").slice(0, 20));
          outcomes.push(`${context}: ${view.status}, ${view.errors.length} error(s), first: line ${view.errors[0].line} ${view.errors[0].column ?? ""} ${String(view.errors[0].message).slice(0, 80)}`);
        }
        const added = [...(await tableKeys(t))].filter((k) => !before.has(k));
        expect(added.filter((k) => FORBIDDEN_PREFIXES.some((p) => k.startsWith(p))), `${context} created ${added.join(", ")}`).toEqual([]);
        files++;
      }
    }
    // Nothing of any file became a participant or a case.
    for (let serial = 701; serial <= 708; serial++) expect(await t.platform.participants.get(participantRow(serial)[0]!), `participant ${serial}`).toBeUndefined();
    const cases = (await (await t.app.request("/api/cases?type=enrolment", { headers: bearer(operator) })).json()) as { items: unknown[] };
    expect(cases.items).toEqual([]);
    console.log(`[security] CSV: ${files} hostile files through 2 upload endpoints\n  ${outcomes.join("\n  ")}`);
    expect(files).toBe(30);
  });
});
