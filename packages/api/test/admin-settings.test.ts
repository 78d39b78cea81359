import { roles } from "@naungan/core";
import { beforeAll, describe, expect, it } from "vitest";
import { PageClient } from "./support/page-client";
import { bearer, createTestApp, demoEmail, signIn, type TestApp } from "./support/test-app";

/* The administrator's settings: `GET/PATCH /api/admin/settings` and the page `/admin/pengaturan`. */

let t: TestApp;
let pages: PageClient;
let adminToken: string;

const ADMIN = demoEmail.admin;
const api = (method: string, body?: unknown, token = adminToken) =>
  t.app.request("/api/admin/settings", {
    method,
    headers: { ...bearer(token), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
/** The value of the page's input named `name`. */
const valueOf = (html: string, name: string) => new RegExp(`<input id="${name}" name="${name}"[^>]*? value="([^"]*)"`).exec(html)?.[1];
const version = async () => (await t.platform.settings.view()).version;

/** The page's form as it is filled on GET, with some fields changed. */
async function filledForm(changes: Record<string, string>): Promise<Record<string, string>> {
  const html = await pages.html(ADMIN, "/admin/pengaturan");
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input id="([^"]+)" name="[^"]+"[^>]*? value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  fields.version = /name="version" value="(\d+)"/.exec(html)![1]!;
  fields.reminderUnit = /<option value="(\w+)" selected/.exec(html)![1]!;
  fields.holidays = /<textarea[^>]*>([^<]*)<\/textarea>/.exec(html)![1]!;
  return { ...fields, ...changes };
}

beforeAll(async () => {
  t = await createTestApp({ settings: { reminderSeconds: 60 } });
  pages = new PageClient(t);
  ({ token: adminToken } = await signIn(t.app, ADMIN));
});

describe("GET/PATCH /api/admin/settings", () => {
  it("gives the admin the settings in force and says which the environment overrides", async () => {
    const res = await api("GET");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: number; effective: { reminderSeconds: number; coverage: unknown }; stored: { reminderSeconds: number }; overridden: string[] };
    expect(body.version).toBe(0);
    expect(body.overridden).toEqual(["reminderSeconds"]);
    expect(body.effective.reminderSeconds).toBe(60);
    expect(body.stored.reminderSeconds).toBe(2 * 24 * 3600);
    expect(body.effective.coverage).toEqual({ workforce: 112_000, baselineEnrolled: 42_000, target: 0.55 });
  });

  it("refuses every other role", async () => {
    for (const role of roles.filter((r) => r !== "admin")) {
      const { token } = await signIn(t.app, demoEmail[role]);
      expect((await api("GET", undefined, token)).status, role).toBe(403);
      expect((await api("PATCH", { version: 0, jkkDeathFloor: 42_000_000 }, token)).status, role).toBe(403);
    }
    expect((await t.app.request("/api/admin/settings")).status).toBe(401);
    expect(await version()).toBe(0);
  });

  it("answers 400 naming the bad fields, and stores nothing", async () => {
    const res = await api("PATCH", { version: 0, jkkDeathFloor: -1, coverage: { workforce: 0, baselineEnrolled: 1, target: 0.5 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: { path: string }[] } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields.map((f) => f.path).sort()).toEqual(["coverage.workforce", "jkkDeathFloor"]);
    expect(await version()).toBe(0);
  });

  it("stores a change, and the coverage figures follow the stored baseline", async () => {
    const before = (await (await api("GET")).json()) as { version: number };
    const coverageBefore = (await (await t.app.request("/api/coverage", { headers: bearer(adminToken) })).json()) as { rate: number; workforce: number };
    expect(coverageBefore).toMatchObject({ workforce: 112_000, rate: 0.375 });
    const res = await api("PATCH", { version: before.version, coverage: { workforce: 84_000, baselineEnrolled: 42_000, target: 0.6 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: before.version + 1, effective: { coverage: { workforce: 84_000, target: 0.6 } } });
    const coverage = (await (await t.app.request("/api/coverage", { headers: bearer(adminToken) })).json()) as Record<string, number>;
    expect(coverage).toMatchObject({ workforce: 84_000, rate: 0.5, target: 0.6, targetCount: 50_400, gap: 8_400 });
    const html = await pages.html(demoEmail.auditor, "/cakupan");
    expect(html).toContain('<dd class="num" data-testid="rate"><strong>50 %</strong></dd>');
    const [event] = (await t.platform.audit.events("settings", { newestFirst: true })).items;
    expect(event).toMatchObject({ actor: ADMIN, action: "settings.updated", data: { before: { coverage: { workforce: 112_000 } }, after: { coverage: { workforce: 84_000 } } } });
  });

  it("answers 409 to a change made on a stale version", async () => {
    const stale = (await version()) - 1;
    const res = await api("PATCH", { version: stale, financeAgencyName: "BPKAD" });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "conflict", details: { version: stale + 1 } } });
  });
});

describe("the settings page /admin/pengaturan", () => {
  it("shows every section with the stored values, Rupiah grouped, and the environment's override", async () => {
    const html = await pages.html(ADMIN, "/admin/pengaturan");
    for (const heading of ["Instansi", "Santunan kematian", "Pengingat &amp; eskalasi", "Hari libur nasional", "Kode rekening", "Cakupan", "Tarif iuran"]) {
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(valueOf(html, "jkkDeathFloor")).toBe("20.000.000");
    expect(valueOf(html, "reminderAmount")).toBe("2");
    expect(html).toMatch(/<option value="days" selected/);
    expect(valueOf(html, "accountCodes.0.code")).toBe("5.1.02.02.02.0006");
    expect(valueOf(html, "accountCodes.4.code")).toBe("");
    expect(valueOf(html, "accountCodes.4.label")).toBe("Iuran nelayan dibayar APBD");
    expect(html).toContain("2026-08-17 Proklamasi Kemerdekaan");
    expect(valueOf(html, "target")).toBe("60");
    expect(html).toContain('<a href="/admin/tarif">Tarif iuran</a>');
    expect(html).toMatch(/data-overridden="reminderSeconds"><mark>Saat ini ditimpa oleh lingkungan server: yang berlaku 60 detik\./);
    expect(html).toContain('name="_csrf"');
    expect((await pages.get(demoEmail.opd_operator, "/admin/pengaturan")).status).toBe(403);
  });

  it("saves the form, says so, and shows the saved values", async () => {
    const v = await version();
    const res = await pages.post(
      ADMIN,
      "/admin/pengaturan",
      await filledForm({
        financeAgencyName: "Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)",
        jkkDeathFloor: "42.000.000",
        reminderAmount: "36",
        reminderUnit: "hours",
        target: "55,5",
        holidays: "2026-12-25 Kelahiran Yesus Kristus\n2026-12-24 Cuti bersama Kelahiran Yesus Kristus\n",
        "accountCodes.4.code": "5.1.02.02.02.0030",
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/pengaturan?status=saved");
    const html = await pages.html(ADMIN, res.headers.get("location")!);
    expect(html).toContain('<p role="status" class="notice-ok">Pengaturan disimpan.</p>');
    expect(valueOf(html, "financeAgencyName")).toBe("Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)");
    expect(valueOf(html, "jkkDeathFloor")).toBe("42.000.000");
    expect(valueOf(html, "reminderAmount")).toBe("36");
    expect(valueOf(html, "target")).toBe("55,5");
    const view = await t.platform.settings.view();
    expect(view.version).toBe(v + 1);
    expect(view.stored).toMatchObject({ jkkDeathFloor: 42_000_000, reminderSeconds: 36 * 3600, coverage: { target: 0.555 } });
    expect(view.stored.holidays).toEqual([
      { date: "2026-12-24", name: "Cuti bersama Kelahiran Yesus Kristus", kind: "collective_leave" },
      { date: "2026-12-25", name: "Kelahiran Yesus Kristus", kind: "national" },
    ]);
    expect(await t.platform.settings.accountCodes()).toContainEqual({ code: "5.1.02.02.02.0030", label: "Iuran nelayan dibayar APBD" });
    // The same form again changes nothing.
    const again = await pages.post(ADMIN, "/admin/pengaturan", await filledForm({}));
    expect(again.headers.get("location")).toBe("/admin/pengaturan?status=unchanged");
    expect(await version()).toBe(v + 1);
  });

  it("shows each bad value under its field, keeps what was typed, and stores nothing", async () => {
    const v = await version();
    const res = await pages.post(
      ADMIN,
      "/admin/pengaturan",
      await filledForm({ jkkDeathFloor: "dua puluh juta", backupFinanceApprover: "bukan-email", holidays: "2026-08-17 Proklamasi\nkemarin Libur\n2026-02-30 Tidak ada", "accountCodes.1.code": "5.1" }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<p role="alert" class="notice-error">Periksa isian yang ditandai.</p>');
    expect(html).toContain('<small id="jkkDeathFloor-error" class="field-error">Tulis jumlah rupiah bulat, misalnya 20.000.000.</small>');
    expect(valueOf(html, "jkkDeathFloor")).toBe("dua puluh juta");
    expect(html).toMatch(/<input id="jkkDeathFloor" name="jkkDeathFloor" aria-invalid="true"/);
    expect(html).toContain('<small id="backupFinanceApprover-error" class="field-error">Tulis alamat email yang sah.</small>');
    expect(html).toContain("Baris 2: tulis YYYY-MM-DD lalu nama hari libur. Baris 3: tanggal tidak ada di kalender.");
    expect(html).toContain('<small id="accountCodes.1.code-error" class="field-error">');
    expect(await version()).toBe(v);
  });

  it("tells the admin when someone else saved first, keeping the form", async () => {
    const form = await filledForm({ financeAgencyName: "BKAD Tanjab Barat" });
    await t.platform.settings.update({ version: await version(), remindersBeforeEscalation: 3 }, { actor: "other-admin@naungan.demo", requestId: "r" });
    const res = await pages.post(ADMIN, "/admin/pengaturan", form);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("Data ini baru saja diubah orang lain.");
    expect(valueOf(html, "financeAgencyName")).toBe("BKAD Tanjab Barat");
    expect((await t.platform.settings.get()).financeAgencyName).toBe("Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)");
  });
});
