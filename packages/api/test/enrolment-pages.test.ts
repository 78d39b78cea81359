import { Script } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { PageClient, enrolmentForm, eventually, formWorker } from "./support/page-client";
import { ORIGIN, createTestApp, type TestApp } from "./support/test-app";

/* The pages that need no running workflow: the enrolment form, CSV uploads that fail, approval links, the outbox, coverage. */

const OPERATOR = "operator@disnaker.demo";
let t: TestApp;
let pages: PageClient;

beforeAll(async () => {
  t = await createTestApp();
  pages = new PageClient(t);
});

describe("the enrolment form", () => {
  it("renders for an operator with the OPD fixed and its budget line, and is refused to other roles", async () => {
    const html = await pages.html(OPERATOR, "/enrolments/new");
    expect(html).toContain("<h1>Pendaftaran baru</h1>");
    expect(html).toContain('value="Dinas Tenaga Kerja (DISNAKER)" readonly');
    expect(html).toMatch(/<option value="2026-DISNAKER-5\.1\.02\.02\.02\.0006\+0007" selected/);
    expect(html).toContain('name="workers.0.nik"');
    expect(html).toContain('<label for="workers.0.nik">NIK</label>');
    expect(html).toContain('href="/api/enrolments/template.csv"');
    expect(html).toContain('enctype="multipart/form-data"');
    // The navigation offers it to operators only.
    expect(html).toContain('<a href="/enrolments/new" aria-current="page">Pendaftaran baru</a>');
    for (const email of ["kepala@disnaker.demo", "verifikator@bkad.demo", "bud@bkad.demo", "auditor@inspektorat.demo", "admin@naungan.demo"]) {
      const res = await pages.get(email, "/enrolments/new");
      expect(res.status, email).toBe(403);
      expect(await res.text()).toContain("Akses ditolak");
    }
    expect(await pages.html("kepala@disnaker.demo", "/")).not.toContain('href="/enrolments/new"');
  });

  it("prices with Hitung: C1 is Rp162.000 for the worker and in total, and keeps what was typed", async () => {
    const res = await pages.post(OPERATOR, "/enrolments/new", enrolmentForm("price", [formWorker(1)]));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong data-testid="total">Rp162.000</strong>');
    expect(html).toContain("Iuran: <strong>Rp162.000</strong>");
    expect(html).toContain("Rp72.000"); // JKK 0.24 % × 2.500.000 × 12
    expect(html).toContain("Rp90.000"); // JKM 0.30 % × 2.500.000 × 12
    expect(html).toContain('value="1506020501850001"');
    expect(html).toContain('value="2.500.000"');
    expect(html).not.toContain('data-testid="form-error"');
  });

  it("adds a row without JavaScript and keeps the rows typed so far", async () => {
    const html = await (await pages.post(OPERATOR, "/enrolments/new", enrolmentForm("add", [formWorker(1, { name: "Siti Aminah" })]))).text();
    expect(html).toContain('value="Siti Aminah"');
    expect(html).toContain('name="workers.1.nik"');
    expect(html).toContain("Pekerja 2");
    expect(html).not.toContain('name="workers.2.nik"');
  });

  it("shows each error next to its field, in Bahasa Indonesia, and escapes HTML typed in a name", async () => {
    const evil = "<script>alert(1)</script>";
    const res = await pages.post(OPERATOR, "/enrolments/new", enrolmentForm("price", [formWorker(1, { nik: "123", name: evil }), formWorker(2, { monthlyWage: "" })]));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).not.toContain(evil);
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    // The message right after its input, which names it as its description.
    expect(html).toMatch(
      /<input id="workers\.0\.nik" name="workers\.0\.nik" aria-invalid="true" aria-describedby="workers\.0\.nik-error" type="text" value="123"[^>]*\/?>\s*<small id="workers\.0\.nik-error" class="field-error">NIK harus 16 digit; isian ini 3 karakter\.<\/small>/,
    );
    expect(html).toMatch(/<small id="workers\.1\.monthlyWage-error" class="field-error">[^<]*wajib diisi untuk kategori honorer/);
    expect(html).not.toContain('id="workers.0.name-error"');
    expect(html).toContain("Periksa isian yang ditandai.");
    expect(html).not.toContain('data-testid="total"');
  });

  it("names a NIK given twice by the worker it repeats, and a period outside the budget year", async () => {
    const html = await (
      await pages.post(OPERATOR, "/enrolments/new", enrolmentForm("price", [formWorker(1), formWorker(1, { name: "Kembar" })], { periodStart: "2027-01" }))
    ).text();
    expect(html).toContain('<small id="workers.1.nik-error" class="field-error">NIK ini sudah ada pada pekerja nomor 1</small>');
    const period = await pages.post(OPERATOR, "/enrolments/new", [...enrolmentForm("price", [formWorker(1)]).filter(([k]) => k !== "periodStart"), ["periodStart", "2027-01"]]);
    expect(period.status).toBe(400);
    expect(await period.text()).toContain('<small id="periodStart-error" class="field-error">Periode harus dimulai pada tahun anggaran 2026</small>');
  });

  it("drops rows left blank and asks for at least one worker", async () => {
    const res = await pages.post(OPERATOR, "/enrolments/new", enrolmentForm("price", [{ nik: "", name: "" }]));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Isi paling sedikit satu pekerja.");
  });

  it("serves its enhancing scripts from our origin (the CSP forbids inline ones), as valid JavaScript", async () => {
    for (const name of ["enrolment-form.js", "import-progress.js"]) {
      const res = await t.app.request(`/js/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/javascript");
      const code = await res.text();
      expect(() => new Script(code)).not.toThrow();
    }
    expect((await t.app.request("/js/constructor")).status).toBe(404);
    expect(await pages.html(OPERATOR, "/enrolments/new")).toContain('<script src="/js/enrolment-form.js" defer=""></script>');
  });

  it("refuses a form post without the session's token", async () => {
    const { cookie } = await pages.session(OPERATOR);
    const res = await t.app.request("/enrolments/new", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie },
      body: new URLSearchParams(enrolmentForm("price", [formWorker(1)])),
    });
    expect(res.status).toBe(403);
  });
});

describe("the CSV upload", () => {
  const upload = (csv: string, name = "pekerja.csv") => {
    const form = new FormData();
    form.set("budgetLineId", "2026-DISNAKER-5.1.02.02.02.0006+0007");
    form.set("periodStart", "2026-01");
    form.set("months", "12");
    form.set("file", new File([csv], name, { type: "text/csv" }));
    return pages.upload(OPERATOR, "/enrolments/import", form);
  };

  it("shows every bad row of an invalid file with a link to the error report", async () => {
    const csv = "nik;nama;tanggal_lahir;kategori;upah_bulanan;kelompok_penghasilan;kelompok_risiko\r\n123;Siti;05-01-1985;honorer;2500000;;\r\n1506020501850009;<b>Budi</b>;05-01-1985;petani;2500000;;\r\n";
    const res = await upload(csv);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/imports\/imp_/);
    const html = await eventually(
      () => pages.html(OPERATOR, location),
      (page) => page.includes('data-testid="import-status">Ada data yang salah'),
    );
    expect(html).toContain("2 kesalahan ditemukan");
    expect(html).toContain(`href="/api/imports/${location.split("/").pop()}/errors.csv"`);
    const rows = html.slice(html.indexOf('data-testid="import-errors"'));
    expect(rows).toMatch(/<td class="num">2<\/td><td><code>nik<\/code><\/td><td>NIK harus 16 digit; isian ini 3 karakter\.<\/td>/);
    expect(rows).toMatch(/<td class="num">3<\/td><td><code>kategori<\/code><\/td><td>Kategori &quot;petani&quot; tidak dikenal/);
    expect(html).not.toContain('<progress id="import-progress"');
  });

  it("shows a live progress bar while the import runs (script, or a refresh without JavaScript)", async () => {
    const job = await t.platform.imports.create(
      { opdCode: "DISNAKER", budgetLineId: "2026-DISNAKER-5.1.02.02.02.0006+0007", periodStart: "2026-01", months: 12, file: new TextEncoder().encode("nik;nama\r\n1;2\r\n") },
      { actor: OPERATOR, requestId: "test" },
    );
    const html = await pages.html(OPERATOR, `/imports/${job.importId}`);
    expect(html).toMatch(/<progress id="import-progress" value="0" max="1" data-import-id="imp_[^"]+"/);
    expect(html).toContain('<script src="/js/import-progress.js" defer=""></script>');
    expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="2"\s*\/?><\/noscript>/);
    const script = await t.app.request("/js/import-progress.js");
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(await script.text()).toContain("setTimeout(poll, 500)");
    expect((await pages.get("operator@perikanan.demo", `/imports/${job.importId}`)).status).toBe(404);
  });

  it("asks for a file, and takes a file larger than the app's 1 MB limit", async () => {
    const form = new FormData();
    form.set("budgetLineId", "2026-DISNAKER-5.1.02.02.02.0006+0007");
    form.set("periodStart", "2026-01");
    form.set("months", "12");
    const missing = await pages.upload(OPERATOR, "/enrolments/import", form);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Pilih berkas CSV untuk diunggah.");
    // One line longer than any row: read (and refused) at once, but first accepted as an upload.
    const big = await upload(`nik;nama;tanggal_lahir;kategori\r\n${"x".repeat(1_500_000)}\r\n`);
    expect(big.status).toBe(303);
  });
});

describe("approval links without a workflow", () => {
  it("answers an unknown token with 404 and an expired one with 410, each with its sentence", async () => {
    const unknown = await t.app.request(`/approve/${"A".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Tautan persetujuan ini tidak dikenal.");
    const { token } = await t.platform.approvals.issue(
      { caseId: "case_expired", attempt: 1, step: "finance", approverEmail: "verifikator@bkad.demo", expiresAt: new Date(Date.now() + 800) },
      { actor: "test", requestId: "test" },
    );
    await new Promise((r) => setTimeout(r, 1000));
    const expired = await t.app.request(`/approve/${token}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("Tautan persetujuan ini sudah kedaluwarsa.");
    const posted = await pages.post(undefined, `/approve/${token}`, { decision: "approve" }, {});
    expect(posted.status).toBe(410);
    expect(posted.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a decision posted from another site", async () => {
    const res = await pages.post(undefined, `/approve/${"A".repeat(43)}`, { decision: "approve" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});

describe("the outbox", () => {
  it("lists the mails newest first with clickable links, escaped, and filters by recipient", async () => {
    await t.platform.mailer.send({ to: "kepala@disnaker.demo", subject: "Mohon verifikasi: case_A", text: "Buka http://localhost:3000/approve/abc.\n<b>tebal</b>", html: "<p>x</p>" });
    await t.platform.mailer.send({ to: "verifikator@bkad.demo", subject: "Mohon persetujuan: case_B", text: "Halo", html: "<p>y</p>" });
    const html = await pages.html(undefined, "/dev/outbox");
    expect(html.indexOf("case_B")).toBeLessThan(html.indexOf("case_A"));
    expect(html).toContain('<a href="http://localhost:3000/approve/abc">http://localhost:3000/approve/abc.</a>');
    expect(html).toContain("&lt;b&gt;tebal&lt;/b&gt;");
    const filtered = await pages.html(undefined, "/dev/outbox?to=kepala%40disnaker.demo");
    expect(filtered).toContain("case_A");
    expect(filtered).not.toContain("case_B");
    expect(await pages.html(undefined, "/dev/outbox?to=bukan-email")).toContain("Alamat email penerima tidak sah.");
    expect(await pages.html(undefined, "/login")).toContain('href="/dev/outbox"');
  });

  it("does not exist outside the local runtime", async () => {
    const deployed = await createTestApp({ local: false });
    expect((await deployed.app.request("/dev/outbox")).status).toBe(404);
    expect(await (await deployed.app.request("/login")).text()).not.toContain('href="/dev/outbox"');
  });
});

describe("coverage", () => {
  it("shows 37,5 %, the target and the gap of 19.600 on a fresh table, with a chart", async () => {
    const html = await pages.html("auditor@inspektorat.demo", "/cakupan");
    expect(html).toContain('<dd class="num" data-testid="rate"><strong>37,5 %</strong></dd>');
    expect(html).toContain('<dd class="num" data-testid="gap"><strong>19.600</strong></dd>');
    expect(html).toContain("61.600");
    expect(html).toContain("112.000");
    expect(html).toContain("Target 55 %");
    expect(html).toMatch(/<svg viewBox="0 0 400 48" width="100%" role="img" aria-labelledby="coverage-chart-title coverage-chart-desc"/);
    expect(html).toContain("<title id=\"coverage-chart-title\">Cakupan menuju target</title>");
    expect(html).toContain("Belum ada peserta yang diaktifkan melalui Naungan.");
    expect((await pages.get(undefined, "/cakupan")).status).toBe(302);
  });
});

describe("the case list", () => {
  it("starts the finance approver and the treasurer on what waits for them, and lets them see every status", async () => {
    const finance = await pages.html("verifikator@bkad.demo", "/cases");
    expect(finance).toMatch(/<option value="awaiting_finance" selected/);
    const treasurer = await pages.html("bud@bkad.demo", "/cases");
    expect(treasurer).toMatch(/<option value="awaiting_disbursement" selected/);
    const all = await pages.html("verifikator@bkad.demo", "/cases?type=&status=");
    expect(all).not.toMatch(/<option value="awaiting_finance" selected/);
    expect(all).toContain("Tidak ada berkas yang cocok dengan pilihan ini.");
    expect(await pages.html(OPERATOR, "/cases?cursor=rusak")).toContain("<h1>Berkas</h1>");
  });
});
