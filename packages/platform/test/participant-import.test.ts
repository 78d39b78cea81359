import { beforeAll, describe, expect, it } from "vitest";
import { participantBatches, PARTICIPANT_BATCH_ROWS, type Platform, type RowError } from "../src";
import { createTestPlatform } from "./support/platform";
import { utf8, validNik, withBom } from "./support/worker-csv-files";

/* The administrator's participant import: the CSV read in batches, imported per NIK, counted once, audited once. */

let platform: Platform;

beforeAll(async () => {
  ({ platform } = await createTestPlatform("participant-import"));
  for (const code of ["DISNAKER", "PERIKANAN"]) {
    await platform.opds.createIfAbsent({ code, name: `Dinas ${code}`, riskGroup: "I" }, { actor: "test", requestId: "seed" });
  }
});

const by = { actor: "admin@naungan.demo", requestId: "req-participant-upload" };
const HEADER = "nik;nama;kpj;kategori;kode_opd;mulai;selesai;bulan_iuran";
const row = (i: number, cells: Partial<Record<"nik" | "opd" | "from" | "months", string>> = {}) =>
  [cells.nik ?? validNik(i), `Peserta ${i}`, "", "honorer", cells.opd ?? "DISNAKER", cells.from ?? "2025-01", "2025-12", cells.months ?? "12"].join(";");
const csv = (rows: string[]) => withBom(`${[HEADER, ...rows].join("\r\n")}\r\n`);

async function imported(text: string, filename = "peserta.csv") {
  const { importId } = await platform.participantImports.create({ filename, file: utf8(text) }, by);
  return importId;
}

async function allErrors(importId: string) {
  const out: RowError[] = [];
  for await (const e of platform.participantImports.errors(importId)) out.push(e);
  return out;
}

describe("a file with good and bad rows", () => {
  const rows = [
    row(1), // line 2
    row(2, { nik: "1506020108" }), // line 3: short NIK
    row(3, { opd: "TIDAKADA" }), // line 4: unknown OPD
    row(4), // line 5
    row(5, { from: "2025-13", months: "dua belas" }), // line 6: two bad cells
    row(1), // line 7: NIK of line 2 again
    row(6), // line 8
  ];

  it("imports the good rows, reports every bad one by line and column, and audits the counts once", async () => {
    const importId = await imported(csv(rows));
    expect(await platform.participantImports.get(importId)).toMatchObject({ status: "parsing", rowsTotal: 7, rowsDone: 0, filename: "peserta.csv", submittedBy: by.actor });

    const view = await platform.participantImports.run(importId);
    expect(view).toMatchObject({ status: "done", rowsTotal: 7, rowsDone: 7, created: 3, updated: 0, unchanged: 0, invalid: 4, errorsTotal: 5 });
    expect(view.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "nik"],
      [4, "kode_opd"],
      [6, "mulai"],
      [6, "bulan_iuran"],
      [7, "nik"],
    ]);
    expect(view.errors[1]!.message).toBe("OPD TIDAKADA belum terdaftar. Tambahkan OPD tersebut lebih dulu.");
    expect(view.errors[4]!.message).toBe("NIK ini sudah tercantum di baris 2; baris ini dilewati.");
    expect(await allErrors(importId)).toEqual(view.errors);

    for (const i of [1, 4, 6]) {
      expect(await platform.participants.get(validNik(i))).toMatchObject({ name: `Peserta ${i}`, opdCode: "DISNAKER", periods: [{ from: "2025-01", to: "2025-12", source: "import" }] });
    }
    expect(await platform.participants.get(validNik(3))).toBeUndefined();

    const { items: events } = await platform.audit.events(`participant-import#${importId}`);
    expect(events.map((e) => [e.action, e.actor])).toEqual([["participants.imported", by.actor]]);
    expect(events[0]!.data).toEqual({ importId, file: "peserta.csv", rows: 7, created: 3, updated: 0, unchanged: 0, invalid: 4 });
  });

  it("is safe to run again: the same import keeps its counts and its one audit event; the same file again is all unchanged", async () => {
    const importId = await imported(csv(rows));
    const first = await platform.participantImports.run(importId);
    expect(first).toMatchObject({ status: "done", created: 0, unchanged: 3, invalid: 4 });
    // A retry (Lambda, or a second dispatch) of a finished import changes nothing.
    expect(await platform.participantImports.run(importId)).toEqual(first);
    expect((await platform.audit.events(`participant-import#${importId}`)).items).toHaveLength(1);
  });
});

describe("a run that died part-way", () => {
  it("is resumed by a second run without counting a batch twice", async () => {
    const n = PARTICIPANT_BATCH_ROWS + 20;
    const importId = await imported(csv(Array.from({ length: n }, (_, i) => row(1000 + i))));
    // The first batch as a dead run left it: imported and recorded, the import still `importing`.
    const batches = participantBatches(utf8(csv(Array.from({ length: n }, (_, i) => row(1000 + i)))), new Set(["DISNAKER"]));
    const first = (await batches.next()).value!;
    await platform.participants.importExisting(first.participants);
    await platform.db.put({ pk: `PIMPORT#${importId}`, sk: "BATCH#00000", type: "participant_import_batch", created: PARTICIPANT_BATCH_ROWS, updated: 0, unchanged: 0, invalid: 0, errors: 0 });
    await platform.db.update({
      Key: { pk: `PIMPORT#${importId}`, sk: "IMPORT" },
      UpdateExpression: "SET #s = :s, rowsDone = :n",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": "importing", ":n": PARTICIPANT_BATCH_ROWS },
    });

    const [a, b] = await Promise.all([platform.participantImports.run(importId), platform.participantImports.run(importId)]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: "done", rowsTotal: n, rowsDone: n, created: n, updated: 0, unchanged: 0, invalid: 0 });
    expect((await platform.audit.events(`participant-import#${importId}`)).items.map((e) => e.data)).toEqual([expect.objectContaining({ rows: n, created: n })]);
  });
});

describe("progress", () => {
  it("moves through the batches and reaches rowsTotal", async () => {
    const n = 2 * PARTICIPANT_BATCH_ROWS + 7;
    const importId = await imported(csv(Array.from({ length: n }, (_, i) => row(5000 + i))));
    const seen: number[] = [];
    const watching = (async () => {
      for (;;) {
        const view = (await platform.participantImports.get(importId))!;
        if (seen.at(-1) !== view.rowsDone) seen.push(view.rowsDone);
        if (view.status === "done") return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await platform.participantImports.run(importId);
    await watching;
    expect(seen.at(-1)).toBe(n);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1]!)).toBe(true);
    expect(await platform.participantImports.get(importId)).toMatchObject({ rowsTotal: n, rowsDone: n, created: n });
  });
});

describe("a file that cannot be read", () => {
  it("ends invalid naming the missing column, and imports nothing", async () => {
    const importId = await imported(`nik;nama;kategori\n${validNik(9000)};Peserta;honorer\n`);
    const view = await platform.participantImports.run(importId);
    expect(view).toMatchObject({ status: "invalid", created: 0, errorsTotal: 4 });
    expect(view.errors.map((e) => [e.line, e.column])).toEqual([
      [1, "kode_opd"],
      [1, "mulai"],
      [1, "selesai"],
      [1, "bulan_iuran"],
    ]);
    expect(view.errors[0]!.message).toMatch(/^Kolom wajib "kode_opd" tidak ada di baris judul/);
    expect(await platform.participants.get(validNik(9000))).toBeUndefined();
  });
});

describe("the reader", () => {
  it("streams a 42,000-row file in batches, English headers and commas too", async () => {
    const n = 42_000;
    const lines = ["nik,name,kpj,category,opdCode,coverageFrom,coverageTo,contributionMonths"];
    for (let i = 0; i < n; i++) lines.push(`${validNik(20_000 + i)},Peserta ${i},,Tenaga Teknis,disnaker,2025-1,12/2025,12`);
    let batches = 0;
    let participants = 0;
    let rowsRead = 0;
    for await (const batch of participantBatches(utf8(lines.join("\n")), new Set(["DISNAKER"]))) {
      expect(batch.index).toBe(batches++);
      expect(batch.errors).toEqual([]);
      expect(batch.participants.length).toBeLessThanOrEqual(PARTICIPANT_BATCH_ROWS);
      participants += batch.participants.length;
      rowsRead = batch.rowsRead;
    }
    expect({ batches, participants, rowsRead }).toEqual({ batches: Math.ceil(n / PARTICIPANT_BATCH_ROWS), participants: n, rowsRead: n });
  });
});

describe("a 42,000-row file", () => {
  // About half a minute on DynamoDB Local, which serialises the transactions.
  it("is imported end to end", { timeout: 300_000 }, async () => {
    const n = 42_000;
    const importId = await imported(csv(Array.from({ length: n }, (_, i) => row(100_000 + i))));
    expect(await platform.participantImports.run(importId)).toMatchObject({ status: "done", rowsDone: n, rowsTotal: n, created: n, invalid: 0, errorsTotal: 0 });
  });
});
