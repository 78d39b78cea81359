import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentClient, fieldsOf, worker, type Json } from "./support/enrolment-client";
import { createTestApp } from "./support/test-app";

/* The enrolment routes that answer without running a workflow: validation, pricing, template, coverage. */

const OPERATOR = "operator@disnaker.demo";
let api: EnrolmentClient;

beforeAll(async () => {
  api = new EnrolmentClient(await createTestApp());
});


describe("POST /api/enrolments and /preview refuse bad input naming the fields", () => {
  it.each(["/api/enrolments", "/api/enrolments/preview"])("%s names workers.3.nik, a missing wage and a missing opdCode", async (path) => {
    const body = await api.submission("DISNAKER", [worker(1), worker(2), worker(3), worker(4, { nik: "15060105018" }), worker(5, { monthlyWage: undefined })]);
    let res = await api.post(OPERATOR, path, body);
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(expect.arrayContaining(["workers.3.nik", "workers.4.monthlyWage"]));

    const { opdCode: _, ...withoutOpd } = body;
    res = await api.post(OPERATOR, path, withoutOpd);
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toContain("opdCode");
  });

  it("names a NIK repeated in the batch and a budget line of another OPD", async () => {
    let res = await api.post(OPERATOR, "/api/enrolments/preview", await api.submission("DISNAKER", [worker(1), worker(2), worker(1)]));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["workers.2.nik"]);

    const body = { ...(await api.submission("DISNAKER", [worker(1)])), budgetLineId: await api.budgetLineId("PERIKANAN") };
    res = await api.post(OPERATOR, "/api/enrolments", body);
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["budgetLineId"]);
  });

  it("answers 400, not 500, to a body that is not JSON", async () => {
    const res = await api.t.app.request("/api/enrolments", {
      method: "POST",
      headers: { authorization: `Bearer ${await api.token(OPERATOR)}`, "content-type": "application/json" },
      body: "{workers:",
    });
    expect(res.status).toBe(400);
  });

  it("answers 413 to a JSON body over 1 MB", async () => {
    const workers = Array.from({ length: 8000 }, (_, i) => worker(1 + (i % 999), { name: `Pekerja dengan nama yang cukup panjang ${i}` }));
    const res = await api.post(OPERATOR, "/api/enrolments/preview", await api.submission("DISNAKER", workers));
    expect(res.status).toBe(413);
  });

  it("refuses an operator submitting for another OPD", async () => {
    const res = await api.post("operator@perikanan.demo", "/api/enrolments/preview", await api.submission("DISNAKER", [worker(1)]));
    expect(res.status).toBe(403);
  });
});

describe("POST /api/enrolments/preview", () => {
  it("prices C1 of DOMAIN.md §6: wage 2,500,000, group I → 13,500 a month, 162,000 a year", async () => {
    const month = await api.post(OPERATOR, "/api/enrolments/preview", await api.submission("DISNAKER", [worker(1)], { months: 1 }));
    expect(month.status).toBe(200);
    expect(await month.json()).toEqual({ amount: 13_500, breakdown: { jkk: 6_000, jkm: 7_500, jht: 0, jp: 0 }, workersCount: 1, perWorker: [13_500] });

    const year = (await (await api.post(OPERATOR, "/api/enrolments/preview", await api.submission("DISNAKER", [worker(1), worker(2)]))).json()) as Json;
    expect(year).toMatchObject({ amount: 324_000, workersCount: 2, perWorker: [162_000, 162_000] });
  });

  it("prices C7: a fisher at the lowest bracket for 2026 with the PP 50/2025 discount → 126,000", async () => {
    const fisher = worker(9, { category: "nelayan", monthlyWage: undefined, incomeBracket: "lowest" });
    const res = await api.post("operator@perikanan.demo", "/api/enrolments/preview", await api.submission("PERIKANAN", [fisher]));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ amount: 126_000, perWorker: [126_000] });
  });

  it("creates nothing", async () => {
    await api.post(OPERATOR, "/api/enrolments/preview", await api.submission("DISNAKER", [worker(1)]));
    expect((await api.read(OPERATOR, "/api/cases")).items).toEqual([]);
  });
});

describe("reading cases", () => {
  it("answers 404 for an unknown case and 400 for a forged cursor or a bad filter", async () => {
    expect((await api.get(OPERATOR, "/api/cases/case_01JDXQ4H5Z8K3V9M2N7P6R5T4W")).status).toBe(404);
    expect((await api.get(OPERATOR, "/api/cases?cursor=bm90LWEta2V5")).status).toBe(400);
    const res = await api.get(OPERATOR, "/api/cases?status=pending&limit=9999");
    expect(res.status).toBe(400);
    expect((await fieldsOf(res)).sort()).toEqual(["limit", "status"]);
  });

  it("refuses an OPD role asking for another OPD's cases", async () => {
    expect((await api.get("operator@perikanan.demo", "/api/cases?opd=DISNAKER")).status).toBe(403);
    expect((await api.get("auditor@inspektorat.demo", "/api/cases?opd=DISNAKER")).status).toBe(200);
  });
});

describe("GET /api/enrolments/template.csv", () => {
  it("gives the column layout as a semicolon CSV with BOM", async () => {
    const res = await api.get(OPERATOR, "/api/enrolments/template.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split("\r\n")[0]).toBe("nik;nama;tanggal_lahir;kategori;upah_bulanan;kelompok_penghasilan;kelompok_risiko");
  });
});

describe("GET /api/coverage", () => {
  it("starts from the regency's baseline: 42,000 of 112,000 (U1)", async () => {
    expect(await api.read("auditor@inspektorat.demo", "/api/coverage")).toEqual({
      workforce: 112_000,
      enrolled: 42_000,
      rate: 0.375,
      target: 0.55,
      targetCount: 61_600,
      gap: 19_600,
      baseline: 42_000,
      activated: 0,
      byOpd: [],
      byCategory: [],
    });
  });
});

describe("GET /api/dev/outbox", () => {
  it("is public on the local runtime and absent when deployed", async () => {
    const local = await api.get(undefined, "/api/dev/outbox");
    expect(local.status).toBe(200);
    expect(await local.json()).toEqual([]);
    const deployed = await createTestApp({ local: false });
    const res = await deployed.app.request("/api/dev/outbox");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("names a bad recipient filter", async () => {
    const res = await api.get(undefined, "/api/dev/outbox?to=not-an-email");
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["to"]);
  });
});
