import { beforeAll, describe, expect, it } from "vitest";
import { eventually, PageClient } from "./support/page-client";
import { createTestApp, demoEmail, type TestApp } from "./support/test-app";

/* The administrator's participant import pages: the upload form and template, the live progress page, the result. */

const ADMIN = demoEmail.admin;
const HEADER = "nik;nama;kpj;kategori;kode_opd;mulai;selesai;bulan_iuran";
let t: TestApp;
let pages: PageClient;

beforeAll(async () => {
  t = await createTestApp();
  pages = new PageClient(t);
});

function fileForm(text: string): FormData {
  const form = new FormData();
  form.set("file", new Blob([text], { type: "text/csv" }), "peserta.csv");
  return form;
}

describe("/admin/peserta/impor", () => {
  it("shows the admin tabs, the columns, the template and an upload form with the form token; others are refused", async () => {
    const html = await pages.html(ADMIN, "/admin/peserta/impor");
    expect(html).toContain('<a href="/admin/peserta/impor" aria-current="page">Impor peserta</a>');
    expect(html).toContain("<h1>Impor peserta</h1>");
    for (const column of HEADER.split(";")) expect(html).toContain(`<code>${column}</code>`);
    expect(html).toContain('href="/admin/peserta/templat.csv"');
    expect(html).toMatch(/<form method="post" action="\/admin\/peserta\/impor" enctype="multipart\/form-data"><input type="hidden" name="_csrf" value="[^"]+"/);
    for (const role of ["opd_operator", "auditor"] as const) expect((await pages.get(demoEmail[role], "/admin/peserta/impor")).status).toBe(403);

    const template = await pages.get(ADMIN, "/admin/peserta/templat.csv");
    expect(template.headers.get("content-type")).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await template.arrayBuffer());
    // The BOM, so that Excel reads UTF-8 (Response.text() would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split("\r\n")[0]).toBe(HEADER);
  });

  it("asks for a file", async () => {
    const res = await pages.upload(ADMIN, "/admin/peserta/impor", new FormData());
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Pilih berkas CSV yang akan diimpor.");
  });

  it("shows a live progress bar while the import waits or runs", async () => {
    const { importId } = await t.platform.participantImports.create({ file: new TextEncoder().encode(`${HEADER}\r\n1;2\r\n`) }, { actor: ADMIN, requestId: "test" });
    const html = await pages.html(ADMIN, `/admin/peserta/impor/${importId}`);
    expect(html).toContain(`data-poll="/api/admin/participant-imports/${importId}"`);
    expect(html).toMatch(/<progress id="import-progress" value="0" max="1"/);
    expect(html).toContain('<script src="/js/import-progress.js" defer=""></script>');
    expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="2"\s*\/?><\/noscript>/);
    expect((await pages.get(ADMIN, "/admin/peserta/impor/pimp_01JDXQ4H5Z8K3V9M2N7P6R5T4W")).status).toBe(404);
  });

  it("uploads, follows the import to its end and shows the counts, the bad row and the error report", async () => {
    const text = `${HEADER}\r\n1506020108900201;Peserta Halaman;;honorer;DISNAKER;2025-01;2025-12;12\r\n1506020108900202;OPD Salah;;honorer;ENTAHLAH;2025-01;2025-12;12\r\n`;
    const res = await pages.upload(ADMIN, "/admin/peserta/impor", fileForm(text));
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/admin\/peserta\/impor\/pimp_/);

    const html = await eventually(
      () => pages.html(ADMIN, location),
      (page) => page.includes('data-testid="import-status">Selesai'),
    );
    expect(html).not.toContain("<progress");
    expect(html).toMatch(/<dt>Peserta baru<\/dt><dd data-count="created">1<\/dd>/);
    expect(html).toMatch(/<dt>Baris salah \(dilewati\)<\/dt><dd data-count="invalid">1<\/dd>/);
    expect(html).toMatch(/<td class="num">3<\/td><td><code>kode_opd<\/code><\/td><td>OPD ENTAHLAH belum terdaftar/);
    const id = location.split("/").pop()!;
    expect(html).toContain(`href="/api/admin/participant-imports/${id}/errors.csv"`);
    expect((await pages.get(ADMIN, `/api/admin/participant-imports/${id}/errors.csv`)).status).toBe(200);
    expect(await t.platform.participants.get("1506020108900201")).toMatchObject({ name: "Peserta Halaman" });
  });
});
