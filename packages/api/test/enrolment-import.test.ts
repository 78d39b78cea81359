import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentClient, fieldsOf, poll, worker, type Json } from "./support/enrolment-client";
import { createTestApp } from "./support/test-app";

/* CSV imports through the API: upload, background run, progress, error report, and the case it makes. */

const OPERATOR = "operator@disnaker.demo";
const HEADER = "nik;nama;tanggal_lahir;kategori;upah_bulanan;kelompok_penghasilan;kelompok_risiko";
const row = (serial: number, cells: Partial<Record<"nik" | "name" | "date" | "category" | "wage" | "bracket", string>> = {}) =>
  [cells.nik ?? worker(serial).nik, cells.name ?? `Pekerja ${serial}`, cells.date ?? "05-01-1985", cells.category ?? "honorer", cells.wage ?? "2.500.000", cells.bracket ?? "", ""].join(";");
const csv = (...rows: string[]) => `\uFEFF${[HEADER, ...rows].join("\r\n")}\r\n`;

let api: EnrolmentClient;

beforeAll(async () => {
  api = new EnrolmentClient(await createTestApp({ workflows: true }));
});

async function form(file: Blob | string | undefined, fields: Record<string, string> = {}): Promise<FormData> {
  const data = new FormData();
  if (file !== undefined) data.set("file", typeof file === "string" ? new Blob([file], { type: "text/csv" }) : file, "pekerja.csv");
  const defaults = { opdCode: "DISNAKER", budgetLineId: await api.budgetLineId("DISNAKER"), periodStart: "2026-01", months: "12" };
  for (const [k, v] of Object.entries({ ...defaults, ...fields })) data.set(k, v);
  return data;
}

async function uploaded(text: string): Promise<string> {
  const res = await api.upload(OPERATOR, await form(text));
  expect(res.status, await res.clone().text()).toBe(202);
  const { importId } = (await res.json()) as Json;
  expect(res.headers.get("location")).toBe(`/api/imports/${importId}`);
  return importId as string;
}

function finished(importId: string, email = OPERATOR): Promise<Json> {
  return poll(`import ${importId} to end`, async () => {
    const view = await api.read(email, `/api/imports/${importId}`);
    return view.status === "done" || view.status === "invalid" ? view : undefined;
  });
}


describe("an import of a small valid CSV", () => {
  it("runs in the background to done and makes the case with its workers", async () => {
    const importId = await uploaded(csv(row(101), row(102), row(103, { wage: "3551430" })));
    const view = await finished(importId);
    expect(view).toMatchObject({ status: "done", rowsTotal: 3, rowsDone: 3, errors: [], errorsTotal: 0, opdCode: "DISNAKER", filename: "pekerja.csv" });
    const c = await api.untilStatus(OPERATOR, view.caseId, "awaiting_opd_head");
    expect(c).toMatchObject({ opdCode: "DISNAKER", workersCount: 3, submittedBy: OPERATOR, amount: 2 * 162_000 + 12 * 19_177 });
    expect(c.workers.map((w: Json) => w.nik)).toEqual([101, 102, 103].map((s) => worker(s).nik));
    // The OPD head may follow the import too.
    expect((await api.read("kepala@disnaker.demo", `/api/imports/${importId}`)).caseId).toBe(view.caseId);
  });

  it("is the uploader's OPD's only", async () => {
    const importId = await uploaded(csv(row(111)));
    await finished(importId);
    expect((await api.get("operator@perikanan.demo", `/api/imports/${importId}`)).status).toBe(403);
    expect((await api.get("operator@perikanan.demo", `/api/imports/${importId}/errors.csv`)).status).toBe(403);
    expect((await api.get("verifikator@bkad.demo", `/api/imports/${importId}`)).status).toBe(403);
    expect((await api.get(OPERATOR, "/api/imports/imp_01JDXQ4H5Z8K3V9M2N7P6R5T4W")).status).toBe(404);
  });
});

describe("an import with bad rows", () => {
  it("ends invalid, names every bad line and column, and makes no case", async () => {
    const casesBefore = (await api.read(OPERATOR, "/api/cases?limit=500")).items.length;
    const text = csv(
      row(121),
      row(122, { nik: "15060105018501" }),
      row(123, { date: "31-02-1985", category: "guru" }),
      row(124, { category: "nelayan", wage: "", bracket: "tidak-ada" }),
      row(121, { name: "Pekerja 121 lagi" }),
    );
    const view = await finished(await uploaded(text));
    expect(view.status).toBe("invalid");
    expect(view.caseId).toBeUndefined();
    const byLine = (line: number) => view.errors.filter((e: Json) => e.line === line).map((e: Json) => e.column);
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual(["nik"]);
    expect(byLine(4).sort()).toEqual(["kategori", "tanggal_lahir"]);
    // Found by the enrolment service's checks (pricing), mapped back to the line and column of the file.
    expect(byLine(5)).toEqual(["kelompok_penghasilan"]);
    expect(byLine(6)).toEqual(["nik"]);
    expect(view.errorsTotal).toBe(view.errors.length);
    for (const e of view.errors) expect(e.message).toMatch(/\S/);
    expect((await api.read(OPERATOR, "/api/cases?limit=500")).items.length).toBe(casesBefore);

    const report = await api.get(OPERATOR, `/api/imports/${view.id}/errors.csv`);
    expect(report.status).toBe(200);
    expect(report.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await report.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("baris;kolom;pesan");
    expect(lines.slice(1).map((l) => l.split(";")[0])).toEqual(view.errors.map((e: Json) => String(e.line)));
  });
});

describe("POST /api/enrolments/import refuses what no row can fix", () => {
  it("names a missing file, a bad months field, a budget line of another OPD and a period outside its year", async () => {
    let res = await api.upload(OPERATOR, await form(undefined));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["file"]);

    res = await api.upload(OPERATOR, await form(csv(row(131)), { months: "13" }));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["months"]);

    res = await api.upload(OPERATOR, await form(csv(row(131)), { budgetLineId: await api.budgetLineId("PERIKANAN") }));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["budgetLineId"]);

    res = await api.upload(OPERATOR, await form(csv(row(131)), { periodStart: "2027-01" }));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["periodStart"]);
  });

  it("refuses an upload for another OPD", async () => {
    const res = await api.upload("operator@perikanan.demo", await form(csv(row(131))));
    expect(res.status).toBe(403);
  });

  it("takes a file over the app's 1 MB limit, and refuses one over 10 MB with 413", async () => {
    // 1.5 MB without a line break: stored, then reported as a file without a header line.
    const big = await api.upload(OPERATOR, await form("x".repeat(1_500_000)));
    expect(big.status).toBe(202);
    const view = await finished(((await big.json()) as Json).importId);
    expect(view).toMatchObject({ status: "invalid", size: 1_500_000 });
    expect(view.errors[0].line).toBe(1);

    const tooBig = await api.upload(OPERATOR, await form(new Blob([new Uint8Array(10 * 1024 * 1024 + 1)])));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });
});
