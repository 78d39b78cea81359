import { beforeAll, describe, expect, it } from "vitest";
import type { EnrolmentWorker } from "@naungan/core";
import { errorsCsv, IMPORT_CHUNK_BYTES, ImportTooLarge, type ImportContext, type ImportedWorker, type ImportSteps, type Platform, type RowError } from "../src";
import { createTestPlatform } from "./support/platform";
import { generatedCsv, ID_HEADER, utf8, validNik, withBom } from "./support/worker-csv-files";

let platform: Platform;

beforeAll(async () => {
  ({ platform } = await createTestPlatform("imports"));
});

const by = { actor: "operator@disnaker.demo", requestId: "req-upload" };
const scope = { opdCode: "DISNAKER", budgetLineId: "2026-DISNAKER-5.1.02.02.02.0006+0007", periodStart: "2026-01", months: 12 };

/**
 * Steps as the enrolment service will supply them, recording what they are
 * given; `check` plays the registry check, `submitGate` holds submit open.
 */
function recordingSteps(options: { check?: (workers: readonly ImportedWorker[], columnOf: (f: keyof EnrolmentWorker) => string) => RowError[]; failSubmits?: number; submitGate?: Promise<void> } = {}) {
  const submits: { workers: EnrolmentWorker[]; context: ImportContext }[] = [];
  const checked: number[] = [];
  let failures = options.failSubmits ?? 0;
  const steps: ImportSteps = {
    async checkBatch(workers, context) {
      checked.push(workers.length);
      return options.check?.(workers, context.columnOf) ?? [];
    },
    async submit(workers, context) {
      submits.push({ workers, context });
      await options.submitGate;
      if (failures-- > 0) throw new Error("the case store is unreachable");
      return { caseId: `case-of-${context.importId}` };
    },
  };
  return { steps, submits, checked };
}

async function importFile(file: string | Uint8Array, filename?: string) {
  const bytes = typeof file === "string" ? utf8(file) : file;
  return (await platform.imports.create({ ...scope, ...(filename ? { filename } : {}), file: bytes }, by)).importId;
}

async function allErrors(importId: string) {
  const out: RowError[] = [];
  for await (const e of platform.imports.errors(importId)) out.push(e);
  return out;
}

const N1 = "1506025208900001";
const N2 = "1506010501850003";

describe("a valid file", () => {
  it("goes parsing → done, submits every worker once with the import's context, and audits both ends", async () => {
    const file = withBom(`${ID_HEADER}\r\n${N1};Siti Aminah;12/08/1990;honorer;Rp2.500.000;;\r\n${N2};Ahmad Yani;05-01-1985;nelayan;;lowest;\r\n`);
    const importId = await importFile(file, "pekerja.csv");
    const created = await platform.imports.get(importId);
    expect(created).toMatchObject({ status: "parsing", rowsTotal: 2, rowsDone: 0, errors: [], errorsTotal: 0, filename: "pekerja.csv", submittedBy: by.actor, ...scope });

    const { steps, submits, checked } = recordingSteps();
    const outcome = await platform.imports.run(importId, steps);
    expect(outcome).toEqual({ status: "done", caseId: `case-of-${importId}`, errorsTotal: 0 });
    expect(checked).toEqual([2]);
    expect(submits).toHaveLength(1);
    expect(submits[0]!.context).toEqual({ importId, ...scope, submittedBy: by.actor, requestId: by.requestId });
    expect(submits[0]!.workers).toEqual([
      { nik: N1, name: "Siti Aminah", birthDate: "1990-08-12", category: "honorer", monthlyWage: 2_500_000 },
      { nik: N2, name: "Ahmad Yani", birthDate: "1985-01-05", category: "nelayan", incomeBracket: "lowest" },
    ]);
    expect(await platform.imports.get(importId)).toMatchObject({ status: "done", rowsTotal: 2, rowsDone: 2, caseId: `case-of-${importId}` });

    const { items: events } = await platform.audit.events(`import#${importId}`);
    expect(events.map((e) => e.action)).toEqual(["import.created", "import.completed"]);
    expect(events[0]!.data).toMatchObject({ size: utf8(file).length, filename: "pekerja.csv", opdCode: "DISNAKER" });
    expect(events[1]!.data).toMatchObject({ rows: 2, caseId: `case-of-${importId}` });
    expect(await platform.audit.verify(`import#${importId}`)).toEqual({ ok: true, events: 2 });
  });

  it("accepts the upload as a web ReadableStream and reads English, comma-separated files", async () => {
    const text = `nik,name,birthDate,category,monthlyWage,incomeBracket,riskGroup\n${N1},Siti,1990-08-12,tenaga_teknis,3329595.77,,IV\n`;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = utf8(text);
        controller.enqueue(bytes.subarray(0, 10));
        controller.enqueue(bytes.subarray(10));
        controller.close();
      },
    });
    const { importId } = await platform.imports.create({ ...scope, file: stream }, by);
    const { steps, submits } = recordingSteps();
    expect((await platform.imports.run(importId, steps)).status).toBe("done");
    expect(submits[0]!.workers).toEqual([{ nik: N1, name: "Siti", birthDate: "1990-08-12", category: "tenaga_teknis", monthlyWage: 3_329_596, riskGroup: "IV" }]);
  });
});

describe("an invalid file", () => {
  it("ends invalid with every bad row stored (file rows and the batch check's), and submits nothing", async () => {
    const file = [
      ID_HEADER,
      `${N1};Siti Aminah;12-08-1990;honorer;2500000;;`, // 2: fine, but the registry has it
      `${N2};A;05-01-1985;nelayan;2500000;;`, // 3: name, wage, bracket… (schema)
      `1506025208900002;Rina;31-02-1990;guru;;;`, // 4: date and category
      `${N1};Siti Aminah;12-08-1990;honorer;2500000;;`, // 5: duplicate of line 2
    ].join("\n");
    const importId = await importFile(file);
    const { steps, submits, checked } = recordingSteps({
      check: (workers, columnOf) => workers.filter((w) => w.worker.nik === N1).map((w) => ({ line: w.line, column: columnOf("nik"), message: "NIK sudah terdaftar" })),
    });
    const outcome = await platform.imports.run(importId, steps);
    expect(outcome.status).toBe("invalid");
    expect(submits).toEqual([]);
    expect(checked).toEqual([1]);

    const view = await platform.imports.get(importId);
    expect(view).toMatchObject({ status: "invalid", rowsTotal: 4, rowsDone: 4, errorsTotal: outcome.errorsTotal });
    expect(view!.caseId).toBeUndefined();
    const lines = view!.errors.map((e) => [e.line, e.column]);
    expect(lines).toEqual([
      [2, "nik"],
      [3, "nama"],
      [3, "upah_bulanan"],
      [3, "kelompok_penghasilan"],
      [4, "tanggal_lahir"],
      [4, "kategori"],
      [5, "nik"],
    ]);
    expect(view!.errors.at(-1)!.message).toContain("sudah tercantum di baris 2");
    expect(await allErrors(importId)).toEqual(view!.errors);

    const { items: events } = await platform.audit.events(`import#${importId}`);
    expect(events.map((e) => e.action)).toEqual(["import.created", "import.invalid"]);
    expect(events[1]!.data).toMatchObject({ rows: 4, errorsTotal: 7, linesWithErrors: 4 });
  });

  it("reports Latin-1 bytes and binary files clearly", async () => {
    const latin1 = new Uint8Array(Buffer.from(`${ID_HEADER}\n${N1};Jos\xe9;12-08-1990;honorer;2500000;;\n`, "latin1"));
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    for (const [bytes, expected] of [
      [latin1, { line: 2, column: "nama", message: expect.stringContaining("bukan UTF-8") }],
      [binary, { line: 1, column: "", message: expect.stringContaining("bukan teks CSV") }],
    ] as const) {
      const importId = await importFile(bytes);
      const { steps, submits } = recordingSteps();
      expect((await platform.imports.run(importId, steps)).status).toBe("invalid");
      expect(submits).toEqual([]);
      expect((await platform.imports.get(importId))!.errors).toEqual([expected]);
    }
  });

  it("shows the first 500 errors and keeps all of them for the report", async () => {
    const rows = Array.from({ length: 600 }, (_, i) => `${validNik(i)};X;12-08-1990;honorer;2500000;;`);
    const importId = await importFile([ID_HEADER, ...rows].join("\n"));
    await platform.imports.run(importId, recordingSteps().steps);
    const view = await platform.imports.get(importId);
    expect(view!.errorsTotal).toBe(600);
    expect(view!.errors).toHaveLength(500);
    expect(view!.errors[499]!.line).toBe(501);
    const all = await allErrors(importId);
    expect(all.map((e) => e.line)).toEqual(Array.from({ length: 600 }, (_, i) => i + 2));
    expect(errorsCsv(all).split("\r\n")).toHaveLength(602);
  });
});

describe("a 19,000-row file", () => {
  it("is stored in chunks, shows progress while parsing, and is submitted once with every worker", { timeout: 120_000 }, async () => {
    const file = generatedCsv(19_000);
    const bytes = utf8(file);
    expect(bytes.length).toBeGreaterThan(2 * IMPORT_CHUNK_BYTES);
    const importId = await importFile(bytes);
    expect((await platform.imports.get(importId))!.rowsTotal).toBe(19_000);
    const chunks = await platform.db.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :c)",
      ExpressionAttributeValues: { ":pk": `IMPORT#${importId}`, ":c": "CHUNK#" },
      ProjectionExpression: "sk",
    });
    expect(chunks.length).toBe(Math.ceil(bytes.length / IMPORT_CHUNK_BYTES));

    const seen: { status: string; rowsDone: number }[] = [];
    let running = true;
    const poll = (async () => {
      while (running) {
        const view = await platform.imports.get(importId);
        seen.push({ status: view!.status, rowsDone: view!.rowsDone });
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const { steps, submits } = recordingSteps();
    const outcome = await platform.imports.run(importId, steps).finally(() => (running = false));
    await poll;

    expect(outcome).toEqual({ status: "done", caseId: `case-of-${importId}`, errorsTotal: 0 });
    expect(submits).toHaveLength(1);
    expect(submits[0]!.workers).toHaveLength(19_000);
    expect(new Set(submits[0]!.workers.map((w) => w.nik)).size).toBe(19_000);
    const midway = seen.filter((s) => s.status === "parsing" && s.rowsDone > 0 && s.rowsDone < 19_000);
    expect(midway.length).toBeGreaterThan(0);
    // Progress only moves forward, and is written in steps of at least 500 rows.
    const values = seen.map((s) => s.rowsDone).filter((n, i, all) => i === 0 || n !== all[i - 1]);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(midway.every((s) => s.rowsDone >= 500)).toBe(true);
  });
});

describe("running an import more than once", () => {
  it("submits once when run twice at the same time, and not again when run after it is done", async () => {
    const importId = await importFile(generatedCsv(300));
    const { steps, submits } = recordingSteps();
    const [a, b] = await Promise.all([platform.imports.run(importId, steps), platform.imports.run(importId, steps)]);
    expect(submits).toHaveLength(1);
    expect((await platform.imports.get(importId))!.status).toBe("done");
    // The run that lost the race reports what the other reached (or is reaching).
    expect([a.status, b.status]).toContain("done");
    await platform.imports.run(importId, steps);
    expect(submits).toHaveLength(1);
    const { items: events } = await platform.audit.events(`import#${importId}`);
    expect(events.map((e) => e.action)).toEqual(["import.created", "import.completed"]);
  });

  it("does not submit while another run is persisting", async () => {
    const importId = await importFile(generatedCsv(5));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = recordingSteps({ submitGate: gate });
    const running = platform.imports.run(importId, first.steps);
    while ((await platform.imports.get(importId))!.status !== "persisting") await new Promise((r) => setTimeout(r, 10));
    const second = recordingSteps();
    expect(await platform.imports.run(importId, second.steps)).toEqual({ status: "persisting", errorsTotal: 0 });
    expect(second.submits).toEqual([]);
    release();
    expect((await running).status).toBe("done");
    expect(first.submits).toHaveLength(1);
  });

  it("after a failed submit, a retry submits again with the same importId (the submitter is idempotent by it)", async () => {
    const importId = await importFile(generatedCsv(5));
    const { steps, submits } = recordingSteps({ failSubmits: 1 });
    await expect(platform.imports.run(importId, steps)).rejects.toThrow("unreachable");
    expect((await platform.imports.get(importId))!.status).toBe("persisting");
    expect(await platform.imports.run(importId, steps)).toEqual({ status: "done", caseId: `case-of-${importId}`, errorsTotal: 0 });
    expect(submits.map((s) => s.context.importId)).toEqual([importId, importId]);
    expect(submits[1]!.workers).toEqual(submits[0]!.workers);
  });
});

describe("creating an import", () => {
  it("refuses bad parameters naming the field, and files over the size limit", async () => {
    await expect(platform.imports.create({ ...scope, months: 13, file: utf8(ID_HEADER) }, by)).rejects.toThrow(/months/);
    await expect(platform.imports.create({ ...scope, periodStart: "2026-13", file: utf8(ID_HEADER) }, by)).rejects.toThrow(/periodStart/);
    async function* huge() {
      for (let i = 0; i < 11; i++) yield new Uint8Array(1024 * 1024).fill(0x41);
    }
    await expect(platform.imports.create({ ...scope, file: huge() }, by)).rejects.toBeInstanceOf(ImportTooLarge);
  });

  it("answers undefined for an unknown import", async () => {
    expect(await platform.imports.get("imp_01JDXQ4H5Z8K3V9M2N7P6R5T4W")).toBeUndefined();
  });
});
