import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { auditEventKey, createPlatform, type Platform } from "@naungan/platform";
import { createTestTable } from "../../platform/test/support/test-table";
import { createAdmin } from "../src/admin/create-admin";
import { readCsv } from "../src/admin/csv";
import { importBudgetLines } from "../src/admin/import-budget-lines";
import { importOpds } from "../src/admin/import-opds";
import { importParticipantsCsv } from "../src/admin/import-participants";
import { parseArgs, runAdmin } from "../src/admin/main";
import { setRateTable } from "../src/admin/set-rate-table";
import { AdminUsageError, resolveTarget, tableFromOutputs } from "../src/admin/target";
import { verifyAudit } from "../src/admin/verify-audit";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "admin");
const fixture = (name: string) => join(fixtures, name);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const by = { actor: "admin-cli:test", requestId: "req-admin-test" };

let platform: Platform;
let tableName: string;
const clock = { now: new Date("2026-11-26T09:00:00Z") };

async function freshPlatform(label: string) {
  const t = await createTestTable(label);
  return { tableName: t.tableName, platform: createPlatform({ dynamo: { endpoint: inject("dynamoEndpoint") }, tableName: t.tableName, sessionSecret: "test-secret-0123456789-0123456789-0123456789", now: () => clock.now }) };
}

async function itemCount(p: Platform): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await p.db.doc.send(new ScanCommand({ TableName: p.db.tableName, Select: "COUNT", ExclusiveStartKey: start }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

async function auditEvents(p: Platform, subject: string) {
  return p.db.queryAll<{ action: string; data: Record<string, unknown> }>({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `AUDIT#${subject}` } });
}

beforeAll(async () => {
  ({ platform, tableName } = await freshPlatform("admin-cli"));
});

describe("target and arguments", () => {
  it("parses the command, its file and the target options", () => {
    expect(parseArgs(["import-opds", "a.csv", "--endpoint", "http://x:1", "--table=T"])).toEqual({ command: "import-opds", positional: ["a.csv"], options: { endpoint: "http://x:1", table: "T" } });
    expect(() => parseArgs(["verify-audit", "--bogus", "1"])).toThrow(AdminUsageError);
  });

  it("defaults to the local runtime and reads a stage's table from .sst/outputs.json", async () => {
    expect(resolveTarget({})).toMatchObject({ kind: "local", endpoint: "http://127.0.0.1:8000", tableName: "local-naungan-Main" });
    expect(resolveTarget({ stage: "prod", table: "T1" })).toMatchObject({ kind: "aws", tableName: "T1", stage: "prod" });
    const dir = await mkdtemp(join(tmpdir(), "admin-outputs-"));
    expect(() => tableFromOutputs("prod", dir)).toThrow(/--table/);
    await import("node:fs/promises").then((fs) => fs.mkdir(join(dir, ".sst")));
    await writeFile(join(dir, ".sst", "outputs.json"), JSON.stringify({ "prod-naungan-Storage": { TableName: "prod-naungan-Main" }, "prod-naungan-Api": { ApiUrl: "https://x" } }));
    expect(resolveTarget({ stage: "prod" }, dir)).toMatchObject({ kind: "aws", tableName: "prod-naungan-Main" });
    expect(() => tableFromOutputs("staging", dir)).toThrow(/--table/);
  });
});

describe("CSV reading", () => {
  it("names the physical line where a row starts, across blank lines, CRLF and quoted line breaks", async () => {
    const dir = await mkdtemp(join(tmpdir(), "admin-csv-"));
    await writeFile(join(dir, "c.csv"), 'code,name,riskGroup\r\n\r\nAA,Nama A,I\r\n"BB","Nama\r\nB",IX\r\n  \r\nCC,Nama C,II');
    const rows = await readCsv(join(dir, "c.csv"), [{ field: "code", required: true }, { field: "name", required: true }, { field: "riskGroup", required: true }]);
    expect(rows.map((r) => [r.line, r.cells.code])).toEqual([[3, "AA"], [4, "BB"], [7, "CC"]]);
    await writeFile(join(dir, "h.csv"), "kode,nama\nAA,Nama A\n");
    await expect(readCsv(join(dir, "h.csv"), [{ field: "code", required: true, aliases: ["kode"] }, { field: "riskGroup", required: true }])).rejects.toThrow(/no "riskGroup" column/);
  });
});

describe("create-admin", () => {
  it("creates the admin once, shows a generated password once, and refuses another role", async () => {
    const first = await createAdmin(platform, { email: "Admin@Kabupaten.go.id", name: "Admin Kabupaten" }, by);
    expect(first.outcome).toBe("created");
    expect(first.generatedPassword).toMatch(/^[\w-]{20,}$/);
    expect(await platform.users.get("admin@kabupaten.go.id")).toMatchObject({ role: "admin", active: true });
    const again = await createAdmin(platform, { email: "admin@kabupaten.go.id", name: "Admin Kabupaten" }, by);
    expect(again).toEqual({ outcome: "exists", email: "admin@kabupaten.go.id" });
    await platform.users.createIfAbsent({ email: "op@kabupaten.go.id", name: "Operator", role: "auditor", password: "a-long-password-123" }, by);
    await expect(createAdmin(platform, { email: "op@kabupaten.go.id", name: "Operator" }, by)).rejects.toThrow(/role auditor/);
    const events = await auditEvents(platform, "user#admin@kabupaten.go.id");
    expect(events.map((e) => e.action)).toEqual(["user.created"]);
    expect(JSON.stringify(events)).not.toContain(first.generatedPassword!);
  });

  it("takes the password from NAUNGAN_ADMIN_PASSWORD without printing it", async () => {
    const lines: string[] = [];
    const code = await runAdmin(["create-admin", "--email", "kedua@kabupaten.go.id", "--name", "Admin Kedua"], { platform, log: (l) => lines.push(l), env: { NAUNGAN_ADMIN_PASSWORD: "rahasia-sekali-123" } });
    expect(code).toBe(0);
    expect(lines.join("\n")).not.toContain("rahasia-sekali-123");
    expect(lines.join("\n")).not.toContain("password");
    const short = await runAdmin(["create-admin", "--email", "ketiga@kabupaten.go.id", "--name", "Admin Ketiga"], { platform, log: () => {}, error: (l) => lines.push(l), env: { NAUNGAN_ADMIN_PASSWORD: "pendek" } });
    expect(short).toBe(1);
    expect(lines.at(-1)).toMatch(/NAUNGAN_ADMIN_PASSWORD: must be at least 12/);
  });
});

describe("import-opds", () => {
  it("creates, then re-running changes nothing", async () => {
    expect(await importOpds(platform, fixture("opds.csv"), by)).toEqual({ created: 3, updated: 0, unchanged: 0, invalid: [] });
    const items = await itemCount(platform);
    expect(await importOpds(platform, fixture("opds.csv"), by)).toEqual({ created: 0, updated: 0, unchanged: 3, invalid: [] });
    expect(await itemCount(platform)).toBe(items);
    expect(await platform.opds.get("BKAD")).toEqual({ code: "BKAD", name: "Badan Keuangan dan Aset Daerah", riskGroup: "I" });
  });

  it("reports exactly the bad lines of a semicolon CSV with BOM and applies the rest", async () => {
    const lines: string[] = [];
    const code = await runAdmin(["import-opds", fixture("opds-bad-rows.csv")], { platform, log: (l) => lines.push(l) });
    expect(code).toBe(2);
    expect(lines[0]).toBe("OPDs: 3 created, 0 updated, 0 unchanged, 2 invalid");
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^line 3: kode: /), expect.stringMatching(/^line 5: kelompok_risiko: /)]);
    expect(await platform.opds.get("DISHUB")).toMatchObject({ riskGroup: "II" });
    expect(await platform.opds.get("SATPOLPP")).toBeDefined();
  });

  it("updates a changed OPD with before and after in the audit log", async () => {
    const dir = await mkdtemp(join(tmpdir(), "admin-opds-"));
    await writeFile(join(dir, "o.csv"), "code,name,riskGroup\nPERIKANAN,Dinas Perikanan dan Kelautan,IV\n");
    expect(await importOpds(platform, join(dir, "o.csv"), by)).toMatchObject({ updated: 1 });
    expect(await platform.opds.get("PERIKANAN")).toEqual({ code: "PERIKANAN", name: "Dinas Perikanan dan Kelautan", riskGroup: "IV" });
    const events = await auditEvents(platform, "opd#PERIKANAN");
    expect(events.at(-1)).toMatchObject({ action: "opd.updated", data: { before: { name: "Dinas Perikanan", riskGroup: "III" }, after: { riskGroup: "IV" } } });
  });
});

describe("create-user", () => {
  it("creates a user of an OPD role once and refuses a different role or OPD", async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const io = { platform, log: (l: string) => lines.push(l), error: (l: string) => errors.push(l), env: {} };
    const argv = ["create-user", "--email", "operator@disnaker.go.id", "--name", "Operator Disnaker", "--role", "opd_operator", "--opd", "DISNAKER"];
    expect(await runAdmin(argv, io)).toBe(0);
    expect(lines[0]).toBe("user (opd_operator) operator@disnaker.go.id created");
    expect(lines[1]).toMatch(/^generated password \(shown only now/);
    expect(await platform.users.get("operator@disnaker.go.id")).toMatchObject({ role: "opd_operator", opdCode: "DISNAKER" });
    expect(await runAdmin(argv, io)).toBe(0);
    expect(lines.at(-1)).toBe("user (opd_operator) operator@disnaker.go.id already exists; nothing changed");
    expect(await runAdmin(argv.map((a) => (a === "DISNAKER" ? "BKAD" : a)), io)).toBe(1);
    expect(await runAdmin(["create-user", "--email", "x@y.go.id", "--name", "X Y", "--role", "opd_head"], io)).toBe(1);
    expect(await runAdmin(["create-user", "--email", "x@y.go.id", "--name", "X Y", "--role", "boss"], io)).toBe(1);
    expect(errors).toEqual([
      "operator@disnaker.go.id already exists as role opd_operator of DISNAKER; it was not changed.",
      "--opd: an OPD role needs an OPD",
      expect.stringMatching(/^--role must be one of /),
    ]);
  });
});

describe("import-budget-lines", () => {
  it("creates, is idempotent, updates the name, and never drops the pagu below reserved + spent", async () => {
    expect(await importBudgetLines(platform, fixture("budget-lines.csv"), by)).toEqual({ created: 3, updated: 0, unchanged: 0, invalid: [] });
    const items = await itemCount(platform);
    expect(await importBudgetLines(platform, fixture("budget-lines.csv"), by)).toEqual({ created: 0, updated: 0, unchanged: 3, invalid: [] });
    expect(await itemCount(platform)).toBe(items);
    const id = "2026-DISNAKER-5.1.02.02.02.0006+0007";
    expect(await platform.budgetLines.get("2026-PERIKANAN-5.1.02.02.02.0006+0007")).toMatchObject({ pagu: 2_500_000_000, available: 2_500_000_000 });
    // As the ledger would: Rp1.000.000.000 reserved, Rp500.000.000 spent.
    await platform.db.update({
      Key: { pk: `BUDGETLINE#${id}`, sk: "BUDGETLINE" },
      UpdateExpression: "SET reserved = :r, spent = :s, available = :a",
      ExpressionAttributeValues: { ":r": 1_000_000_000, ":s": 500_000_000, ":a": 3_500_000_000 },
    });
    const dir = await mkdtemp(join(tmpdir(), "admin-lines-"));
    await writeFile(
      join(dir, "l.csv"),
      "opdCode;year;accountCode;name;pagu\nDISNAKER;2026;5.1.02.02.02.0006+0007;Iuran JKK dan JKM (perubahan);2.000.000.000\nDISNAKER;2026;5.1.02.02.02.0006+0007;dup;1\nBKAD;2026;5.1.02.02.02.0006;Iuran JKK;100000000\nNOPE;2026;5.1.02.02.02.0006;Tidak ada;1000\n",
    );
    const lower = await importBudgetLines(platform, join(dir, "l.csv"), by);
    expect(lower).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(lower.invalid.map((p) => [p.line, p.column])).toEqual([[3, "accountCode"], [5, "opdCode"]]);
    expect(await platform.budgetLines.get(id)).toMatchObject({ name: "Iuran JKK dan JKM (perubahan)", pagu: 2_000_000_000, available: 500_000_000 });

    await writeFile(join(dir, "floor.csv"), "opdCode,year,accountCode,name,pagu\nDISNAKER,2026,5.1.02.02.02.0006+0007,Iuran JKK dan JKM (perubahan),1499999999\n");
    const floor = await importBudgetLines(platform, join(dir, "floor.csv"), by);
    expect(floor.invalid).toEqual([{ line: 2, column: "pagu", message: expect.stringMatching(/lebih kecil dari yang sudah dicadangkan dan terealisasi \(Rp1.500.000.000\)/) }]);
    expect(await platform.budgetLines.get(id)).toMatchObject({ pagu: 2_000_000_000, available: 500_000_000 });
    const events = await auditEvents(platform, `budget-line#${id}`);
    expect(events.map((e) => e.action)).toEqual(["budget_line.created", "budget_line.updated"]);
    expect(events[1]!.data).toMatchObject({ before: { pagu: 5_000_000_000 }, after: { pagu: 2_000_000_000, available: 500_000_000 } });
  });
});

describe("import-participants", () => {
  it("upserts per NIK with an import period, idempotently, with one audit event per run", async () => {
    expect(await importParticipantsCsv(platform, fixture("participants.csv"), by)).toEqual({ created: 4, updated: 0, unchanged: 0, invalid: [] });
    const items = await itemCount(platform);
    expect(await importParticipantsCsv(platform, fixture("participants.csv"), by)).toEqual({ created: 0, updated: 0, unchanged: 4, invalid: [] });
    // Only the run's audit event and its chain head moved.
    expect(await itemCount(platform)).toBe(items + 1);
    expect(await platform.participants.get("1506020108900002")).toMatchObject({
      name: "Siti Pekerja",
      category: "tenaga_teknis",
      opdCode: "DISNAKER",
      periods: [{ from: "2025-01", to: "2025-12", source: "import" }],
      contributionMonths: 12,
    });
    expect((await platform.participants.get("1506020108900001"))?.kpj).toBe("12345678901");
    const runs = await auditEvents(platform, "participant-import");
    expect(runs.map((r) => r.data)).toEqual([
      expect.objectContaining({ created: 4, updated: 0, unchanged: 0, invalid: 0 }),
      expect.objectContaining({ created: 0, updated: 0, unchanged: 4, invalid: 0 }),
    ]);
  });

  it("updates a changed row and keeps the periods of cases", async () => {
    await platform.participants.activate(
      { caseId: "case_ADMIN000001", attempt: 1, opdCode: "DISNAKER", period: { from: "2026-01", to: "2026-12" }, workers: [{ nik: "1506020108900001", name: "Ahmad Pekerja", category: "honorer" }] },
      { actor: "system:workflow", requestId: "req-act" },
    );
    const dir = await mkdtemp(join(tmpdir(), "admin-part-"));
    await writeFile(join(dir, "p.csv"), "nik,name,kpj,category,opdCode,coverageFrom,coverageTo,contributionMonths\n1506020108900001,Ahmad Pekerja,12345678901,honorer,DISNAKER,2024-01,2025-12,24\n");
    expect(await importParticipantsCsv(platform, join(dir, "p.csv"), by)).toMatchObject({ updated: 1, unchanged: 0 });
    const p = await platform.participants.get("1506020108900001");
    expect(p?.periods).toEqual([
      { from: "2024-01", to: "2025-12", source: "import" },
      { from: "2026-01", to: "2026-12", caseId: "case_ADMIN000001", source: "enrolment" },
    ]);
    expect(p?.contributionMonths).toBe(36);
    expect(await importParticipantsCsv(platform, join(dir, "p.csv"), by)).toMatchObject({ updated: 0, unchanged: 1 });
    // A later case still appends once.
    expect(await platform.participants.findOverlapping(["1506020108900001"], { from: "2025-06", to: "2025-06" })).toHaveProperty("size", 1);
  });

  it("reports exactly the 2 bad lines and imports the rest", async () => {
    const lines: string[] = [];
    const code = await runAdmin(["import-participants", fixture("participants-bad-rows.csv")], { platform, log: (l) => lines.push(l) });
    expect(code).toBe(2);
    expect(lines[0]).toBe("participants: 3 created, 0 updated, 0 unchanged, 2 invalid");
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^line 3: nik: /), expect.stringMatching(/^line 5: coverageFrom: /)]);
    for (const nik of ["1506020108900011", "1506020108900012", "1506020108900014"]) expect(await platform.participants.get(nik)).toBeDefined();
    expect(await platform.participants.get("1506020108900013")).toBeUndefined();
  });

  it("imports in chunks: 250 rows, then the same again unchanged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "admin-many-"));
    const nik = (n: number) => `1506020208900${String(n + 1).padStart(3, "0")}`;
    const rows = Array.from({ length: 250 }, (_, n) => `${nik(n)};Pekerja ${n};;honorer;DISNAKER;2025-01;2025-12;12`);
    await writeFile(join(dir, "many.csv"), ["nik;name;kpj;category;opdCode;coverageFrom;coverageTo;contributionMonths", ...rows].join("\n"));
    expect(await importParticipantsCsv(platform, join(dir, "many.csv"), by)).toEqual({ created: 250, updated: 0, unchanged: 0, invalid: [] });
    const items = await itemCount(platform);
    expect(await importParticipantsCsv(platform, join(dir, "many.csv"), by)).toEqual({ created: 0, updated: 0, unchanged: 250, invalid: [] });
    expect(await itemCount(platform)).toBe(items + 1);
  });
});

describe("set-rate-table", () => {
  it("adds a future version, closes the open one, is idempotent, and refuses rewrites", async () => {
    await platform.rateTables.createIfAbsent(
      { id: "pp44-2015", validFrom: "2015-07-01", source: "PP 44/2015", wageEarner: { jkkBpByRiskGroup: { I: 24, II: 54, III: 89, IV: 127, V: 174 }, jkmBp: 30, optional: { jht: { employerBp: 370, workerBp: 200 }, jp: { employerBp: 200, workerBp: 100 } } }, nonWageEarner: { jkmFlat: 6800, jkkBp: 100, incomeBrackets: [{ id: "lowest", label: "x", declaredIncome: 1_000_000 }] } },
      by,
    );
    expect(await setRateTable(platform, fixture("rate-table-2027.json"), by)).toEqual({ outcome: "created", id: "pp-2027-test", closed: { id: "pp44-2015", validTo: "2026-12-31" } });
    const tables = await platform.rateTables.list();
    expect(tables.find((t) => t.id === "pp44-2015")?.validTo).toBe("2026-12-31");
    const { rateTableOn } = await import("@naungan/core");
    expect(rateTableOn(tables, "2026-12-31").id).toBe("pp44-2015");
    expect(rateTableOn(tables, "2027-01-01").id).toBe("pp-2027-test");
    const items = await itemCount(platform);
    expect(await setRateTable(platform, fixture("rate-table-2027.json"), by)).toEqual({ outcome: "unchanged", id: "pp-2027-test" });
    expect(await itemCount(platform)).toBe(items);

    const dir = await mkdtemp(join(tmpdir(), "admin-rates-"));
    const base = JSON.parse(await import("node:fs/promises").then((fs) => fs.readFile(fixture("rate-table-2027.json"), "utf8")));
    await writeFile(join(dir, "changed.json"), JSON.stringify({ ...base, source: "other" }));
    await expect(setRateTable(platform, join(dir, "changed.json"), by)).rejects.toThrow(/versi tidak pernah diubah/);
    await writeFile(join(dir, "past.json"), JSON.stringify({ ...base, id: "past", validFrom: "2026-01-01" }));
    await expect(setRateTable(platform, join(dir, "past.json"), by)).rejects.toThrow(/harus sesudah hari ini/);
    await writeFile(join(dir, "before.json"), JSON.stringify({ ...base, id: "earlier", validFrom: "2026-12-01" }));
    await expect(setRateTable(platform, join(dir, "before.json"), by)).rejects.toThrow(/harus sesudah versi pp-2027-test/);
    await writeFile(join(dir, "bad.json"), JSON.stringify({ ...base, id: "Bad Id" }));
    await expect(setRateTable(platform, join(dir, "bad.json"), by)).rejects.toThrow(/id: /);
    const events = await auditEvents(platform, "rate-table#pp-2027-test");
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ closed: [{ id: "pp44-2015", before: { validTo: null }, after: { validTo: "2026-12-31" } }] });
  });
});

describe("set-rate-table on a fresh stage", () => {
  it("accepts a first version in force already, and stores core's defaults idempotently", async () => {
    const { platform: fresh } = await freshPlatform("admin-cli-rates");
    const dir = await mkdtemp(join(tmpdir(), "admin-rates0-"));
    const base = JSON.parse(await import("node:fs/promises").then((fs) => fs.readFile(fixture("rate-table-2027.json"), "utf8")));
    await writeFile(join(dir, "first.json"), JSON.stringify({ ...base, id: "first", validFrom: "2020-01-01" }));
    expect(await setRateTable(fresh, join(dir, "first.json"), by)).toEqual({ outcome: "created", id: "first" });

    const { platform: empty } = await freshPlatform("admin-cli-defaults");
    const lines: string[] = [];
    expect(await runAdmin(["set-rate-table", "--defaults"], { platform: empty, log: (l) => lines.push(l) })).toBe(0);
    expect(await runAdmin(["set-rate-table", "--defaults"], { platform: empty, log: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual([
      "default rates: 1 rate tables and 1 discounts created (the others already stored)",
      "default rates: 0 rate tables and 0 discounts created (the others already stored)",
    ]);
  });
});

describe("verify-audit", () => {
  it("is ok, then broken after an audit item is edited", async () => {
    const ok = await verifyAudit(platform);
    expect(ok.verdict.ok).toBe(true);
    expect(ok.lines[0]).toMatch(/^audit log ok: \d+ events/);
    await platform.db.update({ Key: auditEventKey("opd#DISNAKER", 1), UpdateExpression: "SET actor = :a", ExpressionAttributeValues: { ":a": "someone-else" } });
    const errors: string[] = [];
    expect(await runAdmin(["verify-audit"], { platform, log: () => {}, error: (l) => errors.push(l) })).toBe(3);
    expect(errors[0]).toMatch(/^audit log BROKEN: opd#DISNAKER at event 1/);
  });

  it("runs as `npm run admin -- verify-audit` against a given endpoint and table", async () => {
    const { platform: other, tableName: otherTable } = await freshPlatform("admin-cli-sub");
    await other.opds.createIfAbsent({ code: "DISNAKER", name: "Dinas Tenaga Kerja", riskGroup: "I" }, by);
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile("npm", ["run", "--silent", "admin", "--", "verify-audit", "--endpoint", inject("dynamoEndpoint"), "--table", otherTable], { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`table ${otherTable}`);
    expect(result.stdout).toMatch(/audit log ok: 1 events in 1 chains/);
    expect(tableName).not.toBe(otherTable);
  }, 60_000);
});
