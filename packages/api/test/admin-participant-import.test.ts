import { beforeAll, describe, expect, it } from "vitest";
import { poll, type Json } from "./support/enrolment-client";
import { bearer, createTestApp, demoEmail, signIn, type TestApp } from "./support/test-app";

/* The administrator's participant import through the API: upload, background run, counts, errors and their CSV. */

const ADMIN = demoEmail.admin;
const HEADER = "nik;nama;kpj;kategori;kode_opd;mulai;selesai;bulan_iuran";
const GOOD = ["1506020108900101;Peserta Satu;;honorer;DISNAKER;2025-01;2025-12;12", "1506020108900102;Peserta Dua;KPJ12345;nelayan;PERIKANAN;2024-07;2025-06;12"];
const BAD = ["15060201;NIK Pendek;;honorer;DISNAKER;2025-01;2025-12;12", "1506020108900103;Bulan Salah;;honorer;DISNAKER;2025-01;2024-12;12"];
const csv = (rows: string[]) => `\uFEFF${[HEADER, ...rows].join("\r\n")}\r\n`;

let t: TestApp;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
});

async function auth(email: string) {
  if (!tokens.has(email)) tokens.set(email, (await signIn(t.app, email)).token);
  return bearer(tokens.get(email)!);
}

const get = async (email: string, path: string) => t.app.request(path, { headers: await auth(email) });

async function upload(email: string, file: Blob) {
  const form = new FormData();
  form.set("file", file, "peserta.csv");
  return t.app.request("/api/admin/participant-imports", { method: "POST", headers: await auth(email), body: form });
}

function finished(importId: string): Promise<Json> {
  return poll(`participant import ${importId} to end`, async () => {
    const res = await get(ADMIN, `/api/admin/participant-imports/${importId}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as Json;
    return view.status === "done" || view.status === "invalid" ? view : undefined;
  });
}

describe("POST /api/admin/participant-imports", () => {
  it("imports the good rows in the background, lists the bad ones, and serves every error as CSV", async () => {
    const res = await upload(ADMIN, new Blob([csv([GOOD[0]!, BAD[0]!, GOOD[1]!, BAD[1]!])], { type: "text/csv" }));
    expect(res.status, await res.clone().text()).toBe(202);
    const { importId } = (await res.json()) as Json;
    expect(res.headers.get("location")).toBe(`/api/admin/participant-imports/${importId}`);

    const view = await finished(importId);
    expect(view).toMatchObject({ status: "done", rowsTotal: 4, rowsDone: 4, created: 2, updated: 0, unchanged: 0, invalid: 2, errorsTotal: 2, filename: "peserta.csv", submittedBy: ADMIN });
    expect(view.errors.map((e: Json) => [e.line, e.column])).toEqual([
      [3, "nik"],
      [5, "selesai"],
    ]);
    expect(await t.platform.participants.get("1506020108900102")).toMatchObject({ kpj: "KPJ12345", opdCode: "PERIKANAN" });

    const report = await get(ADMIN, `/api/admin/participant-imports/${importId}/errors.csv`);
    expect(report.status).toBe(200);
    expect(report.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await report.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("baris;kolom;pesan");
    expect(lines.slice(1).map((l) => l.split(";").slice(0, 2).join(";"))).toEqual(["3;nik", "5;selesai"]);

    // The same file again: nothing new, nothing changed.
    const again = (await (await upload(ADMIN, new Blob([csv([GOOD[0]!, BAD[0]!, GOOD[1]!, BAD[1]!])]))).json()) as Json;
    expect(await finished(again.importId)).toMatchObject({ status: "done", created: 0, updated: 0, unchanged: 2, invalid: 2 });
  });

  it("is the administrator's only", async () => {
    for (const role of ["opd_operator", "opd_head", "finance_approver", "treasurer", "auditor"] as const) {
      const res = await upload(demoEmail[role], new Blob([csv(GOOD)]));
      expect(res.status, role).toBe(403);
    }
    const { importId } = (await (await upload(ADMIN, new Blob([csv(GOOD)]))).json()) as Json;
    await finished(importId);
    expect((await get(demoEmail.opd_operator, `/api/admin/participant-imports/${importId}`)).status).toBe(403);
    expect((await get(demoEmail.auditor, `/api/admin/participant-imports/${importId}/errors.csv`)).status).toBe(403);
    expect((await get(ADMIN, "/api/admin/participant-imports/pimp_01JDXQ4H5Z8K3V9M2N7P6R5T4W")).status).toBe(404);
  });

  it("refuses a missing file (400) and a file over 10 MB (413)", async () => {
    const none = await t.app.request("/api/admin/participant-imports", { method: "POST", headers: await auth(ADMIN), body: new FormData() });
    expect(none.status).toBe(400);
    // Above the app's 1 MB default: the upload path has the 10 MB limit.
    const large = await upload(ADMIN, new Blob([csv(GOOD) + `${"x".repeat(1_500_000)}\r\n`]));
    expect(large.status).toBe(202);
    const tooBig = await upload(ADMIN, new Blob([new Uint8Array(10 * 1024 * 1024 + 1)]));
    expect(tooBig.status).toBe(413);
  });

  it("ends invalid when a required column is missing", async () => {
    const { importId } = (await (await upload(ADMIN, new Blob(["nik;nama\r\n1506020108900104;Tanpa OPD\r\n"]))).json()) as Json;
    const view = await finished(importId);
    expect(view).toMatchObject({ status: "invalid", created: 0, invalid: 0 });
    expect(view.errors.map((e: Json) => e.column)).toEqual(["kategori", "kode_opd", "mulai", "selesai", "bulan_iuran"]);
  });

  it("is described in /openapi.json", async () => {
    const doc = (await (await t.app.request("/openapi.json")).json()) as Json;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/admin/participant-imports", "/api/admin/participant-imports/{id}", "/api/admin/participant-imports/{id}/errors.csv"]),
    );
  });
});
