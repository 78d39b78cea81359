import { beforeAll, describe, expect, it } from "vitest";
import { PageClient } from "./support/page-client";
import { createTestApp, demoEmail, type TestApp } from "./support/test-app";

/* The administrator's rate-table page `/admin/tarif`, on a clock fixed at 26 November 2026 WIB. */

const ADMIN = demoEmail.admin;
const PATH = "/admin/tarif";
let t: TestApp;
let pages: PageClient;

const unescape = (s: string) => s.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
/** The new-version form as the page fills it on GET, with some fields changed. */
async function versionForm(changes: Record<string, string>): Promise<Record<string, string>> {
  const html = await pages.html(ADMIN, PATH);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input id="([^"]+)" name="[^"]+"[^>]*? value="([^"]*)"/g)) if (!m[1]!.startsWith("discount.")) fields[m[1]!] = unescape(m[2]!);
  fields["nonWageEarner.incomeBrackets"] = unescape(/<textarea id="nonWageEarner.incomeBrackets"[^>]*>([^<]*)<\/textarea>/.exec(html)![1]!);
  return { ...fields, ...changes };
}
/** The error shown under the input named `name`. */
const errorUnder = (html: string, name: string) => new RegExp(`<small id="${name.replaceAll(".", "\\.")}-error" class="field-error">([^<]*)</small>`).exec(html)?.[1];
/** The part of the page showing one stored version. */
const versionBlock = (html: string, id: string) => [...html.matchAll(/<article data-version="([^"]+)"[\s\S]*?<\/article>/g)].find((m) => m[1] === id)?.[0];
const versions = async () => (await t.platform.rateTables.list()).map((v) => v.id);

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date("2026-11-26T09:00:00Z") });
  pages = new PageClient(t);
});

describe("GET /admin/tarif", () => {
  it("shows the version in force read-only: dates in Indonesian, rates with a decimal comma, BPU in rupiah, the discount", async () => {
    const html = await pages.html(ADMIN, PATH);
    const block = versionBlock(html, "pp44-2015")!;
    expect(block).toContain('data-status="current"');
    expect(block).toContain("Berlaku");
    expect(block).toContain("mulai 1 Juli 2015");
    expect(block).toContain("PP 44/2015 jo. PP 82/2019 jo. PP 49/2023");
    for (const rate of ["0,24 %", "0,54 %", "0,89 %", "1,27 %", "1,74 %", "0,3 %", "1 %"]) expect(block).toContain(rate);
    expect(block).toContain("pemberi kerja 3,7 %, pekerja 2 %");
    expect(block).toContain("Rp6.800");
    expect(block).toContain("Rp1.000.000");
    expect(block).not.toContain("<input");

    const discount = /<tr data-discount="pp50-2025-bpu"[\s\S]*?<\/tr>/.exec(html)![0];
    expect(discount).toContain("JKK, JKM");
    expect(discount).toContain("50 %");
    expect(discount).toContain("1 April 2026 s.d. 31 Desember 2026");
    expect(discount).toContain("juga bila dibayar APBD");
    expect(discount).toContain('action="/admin/tarif/diskon/pp50-2025-bpu/akhiri"');
    expect(html).toContain("akhiri periode diskon yang sedang berjalan lalu tambahkan periode baru");
  });

  it("prefills the new-version form from the newest version, id and date left empty", async () => {
    const form = await versionForm({});
    expect(form).toMatchObject({
      id: "",
      validFrom: "",
      "wageEarner.jkkBpByRiskGroup.I": "0,24",
      "wageEarner.jkmBp": "0,3",
      "wageEarner.optional.jht.employerBp": "3,7",
      "nonWageEarner.jkmFlat": "6.800",
      "nonWageEarner.jkkBp": "1",
      "nonWageEarner.incomeBrackets": "lowest; Up to Rp1.000.000; 1.000.000",
    });
  });
});

describe("POST /admin/tarif", () => {
  it("refuses a percentage with more than 2 decimals under its field, keeps what was typed and stores nothing", async () => {
    const res = await pages.post(ADMIN, PATH, await versionForm({ id: "uji-salah", validFrom: "2027-01-01", "wageEarner.jkmBp": "0,305" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorUnder(html, "wageEarner.jkmBp")).toContain("paling banyak 2 angka di belakang koma");
    expect(errorUnder(html, "wageEarner.jkkBpByRiskGroup.I")).toBeUndefined();
    expect(html).toMatch(/<input id="wageEarner\.jkmBp"[^>]*aria-invalid="true"[^>]*value="0,305"/);
    expect(html).toMatch(/<input id="id"[^>]*value="uji-salah"/);
    expect(await versions()).toEqual(["pp44-2015"]);
  });

  it("names the bad line of the income brackets", async () => {
    const res = await pages.post(ADMIN, PATH, await versionForm({ id: "uji-salah", validFrom: "2027-01-01", "nonWageEarner.incomeBrackets": "lowest; Sampai Rp1.000.000; 1.000.000\nkedua; tanpa penghasilan" }));
    expect(res.status).toBe(400);
    expect(errorUnder(await res.text(), "nonWageEarner.incomeBrackets")).toMatch(/^Baris 2:/);
    expect(await versions()).toEqual(["pp44-2015"]);
  });

  it("refuses a start date that is not in the future, naming the field, and stores nothing", async () => {
    const res = await pages.post(ADMIN, PATH, await versionForm({ id: "uji-lampau", validFrom: "2026-11-26" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorUnder(html, "validFrom")).toContain("harus sesudah hari ini (2026-11-26)");
    expect(html).toMatch(/<input id="validFrom"[^>]*value="2026-11-26"/);
    expect(await versions()).toEqual(["pp44-2015"]);
  });

  it("stores a future version typed with a decimal point or comma, shows it as Akan berlaku and ends the version in force the day before", async () => {
    const res = await pages.post(ADMIN, PATH, await versionForm({ id: "uji-2027", validFrom: "2027-01-01", source: "PP uji 2027", "wageEarner.jkmBp": "0.4", "wageEarner.jkkBpByRiskGroup.V": "1,8", "nonWageEarner.jkmFlat": "7.200" }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Versi tarif uji-2027 ditambahkan; versi pp44-2015 berakhir pada 31 Desember 2026.");
    const added = versionBlock(html, "uji-2027")!;
    expect(added).toContain('data-status="future"');
    expect(added).toContain("Akan berlaku");
    expect(added).toContain("mulai 1 Januari 2027");
    expect(added).toContain("Rp7.200");
    expect(versionBlock(html, "pp44-2015")).toContain("1 Juli 2015 s.d. 31 Desember 2026");

    const stored = (await t.platform.rateTables.list()).find((v) => v.id === "uji-2027")!;
    expect(stored.wageEarner.jkmBp).toBe(40);
    expect(stored.wageEarner.jkkBpByRiskGroup).toEqual({ I: 24, II: 54, III: 89, IV: 127, V: 180 });
    expect(stored.nonWageEarner.jkmFlat).toBe(7_200);
    const [event] = (await t.platform.audit.events("rate-table#uji-2027")).items;
    expect(event).toMatchObject({ actor: ADMIN, action: "rate_table.created", data: { closed: [{ id: "pp44-2015", before: { validTo: null }, after: { validTo: "2026-12-31" } }] } });
    // The form now starts from the newest version.
    expect((await versionForm({}))["wageEarner.jkmBp"]).toBe("0,4");
  });
});

describe("discount periods", () => {
  it("adds a future period", async () => {
    const res = await pages.post(ADMIN, `${PATH}/diskon`, [
      ["discount.id", "bpu-2027"],
      ["discount.percent", "25"],
      ["discount.programmes", "jkm"],
      ["discount.validFrom", "2027-01-01"],
      ["discount.validTo", "2027-12-31"],
      ["discount.source", "PP uji 2027"],
    ]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Periode diskon bpu-2027 ditambahkan.");
    const row = /<tr data-discount="bpu-2027"[\s\S]*?<\/tr>/.exec(html)![0];
    expect(row).toContain("Akan berlaku");
    expect(row).toContain("tidak bila dibayar APBD");
    expect((await t.platform.rateTables.discounts()).find((d) => d.id === "bpu-2027")).toMatchObject({ programmes: ["jkm"], percentBp: 2_500, whenBudgetFunded: false });
  });

  it("refuses a period from today under its start date", async () => {
    const res = await pages.post(ADMIN, `${PATH}/diskon`, [
      ["discount.id", "bpu-hari-ini"],
      ["discount.percent", "50"],
      ["discount.programmes", "jkk"],
      ["discount.validFrom", "2026-11-26"],
      ["discount.validTo", "2026-12-31"],
      ["discount.source", "PP uji"],
    ]);
    expect(res.status).toBe(400);
    expect(errorUnder(await res.text(), "discount.validFrom")).toContain("harus sesudah hari ini");
    expect((await t.platform.rateTables.discounts()).map((d) => d.id)).not.toContain("bpu-hari-ini");
  });

  it("ends the running period early, and refuses an end in the past under that period's date", async () => {
    let res = await pages.post(ADMIN, `${PATH}/diskon/pp50-2025-bpu/akhiri`, { validTo: "2026-11-01" });
    expect(res.status).toBe(400);
    expect(errorUnder(await res.text(), "end-pp50-2025-bpu")).toContain("antara hari ini (2026-11-26)");

    res = await pages.post(ADMIN, `${PATH}/diskon/pp50-2025-bpu/akhiri`, { validTo: "2026-11-30" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Periode diskon pp50-2025-bpu kini berakhir pada 30 November 2026.");
    expect((await t.platform.rateTables.discounts()).find((d) => d.id === "pp50-2025-bpu")!.validTo).toBe("2026-11-30");
  });

  it("answers 404 for an unknown period", async () => {
    expect((await pages.post(ADMIN, `${PATH}/diskon/unknown/akhiri`, { validTo: "2026-11-30" })).status).toBe(404);
  });
});
