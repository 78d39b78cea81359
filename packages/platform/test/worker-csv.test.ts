import { describe, expect, it } from "vitest";
import { errorsCsv, templateCsv, WorkerCsvReader, type RowError, type WorkerCsvItem } from "../src";
import { ID_HEADER, inPieces, utf8, withBom } from "./support/worker-csv-files";

async function read(file: string | Uint8Array, pieceSize = 64 * 1024) {
  const reader = new WorkerCsvReader();
  const items: WorkerCsvItem[] = [];
  for await (const item of reader.rows(inPieces(typeof file === "string" ? utf8(file) : file, pieceSize))) items.push(item);
  const workers = items.flatMap((i) => (i.kind === "worker" ? [{ line: i.line, ...i.worker }] : []));
  const errors = items.flatMap((i) => (i.kind === "worker" ? [] : i.errors));
  return { reader, items, workers, errors };
}

const N1 = "1506025208900001";
const N2 = "1506010501850003";

describe("reading a worker CSV", () => {
  it("reads the template it offers: an honorer and a nelayan with valid NIKs", async () => {
    const template = templateCsv();
    expect(template.startsWith("\uFEFF")).toBe(true);
    expect(template.split("\r\n")[0]).toBe(`\uFEFF${ID_HEADER}`);
    const { workers, errors } = await read(template);
    expect(errors).toEqual([]);
    expect(workers).toEqual([
      { line: 2, nik: N1, name: "Siti Aminah", birthDate: "1990-08-12", category: "honorer", monthlyWage: 2_500_000 },
      { line: 3, nik: N2, name: "Ahmad Yani", birthDate: "1985-01-05", category: "nelayan", incomeBracket: "lowest" },
    ]);
  });

  it("reads comma-separated UTF-8 without BOM with the API's English field names", async () => {
    const file = [
      "nik,name,birthDate,category,monthlyWage,incomeBracket,riskGroup",
      `${N1},"Siti Aminah, S.Pd",1990-08-12,honorer,2500000,,II`,
      `${N2},Ahmad Yani,1985-01-05,nelayan,,lowest,`,
    ].join("\n");
    const { workers, errors, reader } = await read(file);
    expect(errors).toEqual([]);
    expect(workers).toEqual([
      { line: 2, nik: N1, name: "Siti Aminah, S.Pd", birthDate: "1990-08-12", category: "honorer", monthlyWage: 2_500_000, riskGroup: "II" },
      { line: 3, nik: N2, name: "Ahmad Yani", birthDate: "1985-01-05", category: "nelayan", incomeBracket: "lowest" },
    ]);
    expect(reader.columnOf("birthDate")).toBe("birthDate");
  });

  it("reads what Indonesian Excel writes: BOM, `;`, CRLF, day-first dates, Rp and dotted thousands, decimal comma", async () => {
    const file = withBom(
      [
        ID_HEADER,
        `${N1};Siti Aminah;12/08/1990;Honorer;Rp2.500.000;;`,
        `${N2};Ahmad Yani;5-1-1985;tenaga teknis;3.329.595,77;;iii`,
        `1506025208900002;Rina;12.08.1990;TENAGA_TEKNIS;Rp 3.551.430,00;;1`,
        ";;;;;;",
      ].join("\r\n") + "\r\n",
    );
    const { workers, errors, reader } = await read(file);
    expect(errors).toEqual([]);
    expect(workers.map((w) => [w.line, w.birthDate, w.category, w.monthlyWage, w.riskGroup])).toEqual([
      [2, "1990-08-12", "honorer", 2_500_000, undefined],
      [3, "1985-01-05", "tenaga_teknis", 3_329_596, "III"],
      [4, "1990-08-12", "tenaga_teknis", 3_551_430, "I"],
    ]);
    expect(reader.columnOf("birthDate")).toBe("tanggal_lahir");
  });

  it("reads the same file the same way whether or not it has a BOM, and however the bytes are cut", async () => {
    const file = `${ID_HEADER}\r\n${N1};Siti Ãminah;12-08-1990;honorer;2.500.000;;\r\n${N2};Ahmad Yani;05-01-1985;nelayan;;lowest;\r\n`;
    const plain = await read(file);
    const bom = await read(withBom(file));
    const byteByByte = await read(withBom(file), 1);
    expect(plain.workers).toHaveLength(2);
    expect(bom.workers).toEqual(plain.workers);
    expect(byteByByte.workers).toEqual(plain.workers);
    expect(plain.workers[0]!.name).toBe("Siti Ãminah");
  });

  it("reports every kind of bad row with its line and the column the user sees, in Bahasa Indonesia", async () => {
    const rows = [
      ID_HEADER, // 1
      `150602520890;Siti;12-08-1990;honorer;2500000;;`, // 2: NIK too short
      `1506025208900001;S;12-08-1990;honorer;2500000;;`, // 3: name too short
      `1506025208900002;Siti;31-02-1990;honorer;2500000;;`, // 4: no such date
      `1506025208900003;Siti;1990/08/12x;honorer;2500000;;`, // 5: unreadable date
      `1506025208900004;Siti;12-08-1990;guru;2500000;;`, // 6: unknown category
      `1506025208900005;Siti;12-08-1990;honorer;dua juta;;`, // 7: unreadable wage
      `1506025208900006;Siti;12-08-1990;honorer;;;`, // 8: wage missing
      `1506025208900007;Siti;12-08-1990;nelayan;2500000;lowest;`, // 9: wage for a nelayan
      `1506025208900008;Siti;12-08-1990;nelayan;;;`, // 10: bracket missing
      `1506025208900009;Siti;12-08-1990;honorer;2500000;;VI`, // 11: unknown risk group
      `1506027208900010;Siti;12-08-1990;honorer;2500000;;`, // 12: day 72 in the NIK
      `1,50603E+15;Siti;12-08-1990;honorer;2500000;;`, // 13: Excel's scientific NIK
      `;Siti;12-08-1990;honorer;2500000;;`, // 14: NIK missing
      `1506025208900011;Siti;12-08-1990;honorer`, // 15: too few cells
      `1506025208900012;Siti;12-08-1990;honorer;2500000;;;extra`, // 16: too many cells
      `1506025208900013;Siti;12-08-1990;honorer;0;;`, // 17: zero wage
    ];
    const { workers, errors } = await read(rows.join("\n"));
    expect(workers).toEqual([]);
    const at = (line: number) => errors.filter((e) => e.line === line).map((e) => [e.column, e.message]);
    expect(at(2)).toEqual([["nik", "NIK harus 16 digit; isian ini 12 karakter."]]);
    expect(at(3)).toEqual([["nama", "Nama terlalu pendek (paling sedikit 2 huruf)."]]);
    expect(at(4)).toEqual([["tanggal_lahir", 'Tanggal lahir "31-02-1990" tidak ada di kalender.']]);
    expect(at(5)).toEqual([["tanggal_lahir", expect.stringContaining('Tanggal lahir "1990/08/12x" tidak dikenali')]]);
    expect(at(6)).toEqual([["kategori", expect.stringContaining('Kategori "guru" tidak dikenal')]]);
    expect(at(7)).toEqual([["upah_bulanan", expect.stringContaining('Upah bulanan "dua juta" bukan jumlah rupiah')]]);
    expect(at(8)).toEqual([["upah_bulanan", "Kolom upah_bulanan wajib diisi untuk kategori honorer dan tenaga_teknis."]]);
    expect(at(9)).toEqual([["upah_bulanan", "Kolom upah_bulanan hanya untuk honorer dan tenaga_teknis; kosongkan untuk nelayan."]]);
    expect(at(10)).toEqual([["kelompok_penghasilan", expect.stringContaining("Kolom kelompok_penghasilan wajib diisi untuk kategori nelayan")]]);
    expect(at(11)).toEqual([["kelompok_risiko", expect.stringContaining('Kelompok risiko "VI" tidak dikenal')]]);
    expect(at(12)).toEqual([["nik", expect.stringContaining("Tanggal lahir 72 pada NIK tidak mungkin")]]);
    expect(at(13)).toEqual([["nik", expect.stringContaining("NIK tertulis sebagai angka ilmiah (1,50603E+15)")]]);
    expect(at(14)).toEqual([["nik", "Kolom nik wajib diisi."]]);
    expect(at(15)).toEqual([["upah_bulanan", expect.stringContaining("Baris ini berisi 4 kolom, seharusnya 7")]]);
    expect(at(16)).toEqual([["", expect.stringContaining("Baris ini berisi 8 kolom, seharusnya 7")]]);
    expect(at(17)).toEqual([["upah_bulanan", "Upah bulanan harus lebih dari Rp0."]]);
    expect(new Set(errors.map((e) => e.line)).size).toBe(rows.length - 1);
  });

  it("reports the category rules of a row even when another cell of it is wrong", async () => {
    const { errors } = await read(`${ID_HEADER}\n${N2};A;5/1/85;nelayan;2500000;;\n`);
    expect(errors.map((e) => e.column)).toEqual(["nama", "tanggal_lahir", "upah_bulanan", "kelompok_penghasilan"]);
  });

  it("names the columns in English when the file uses the English header", async () => {
    const { errors } = await read(`nik,name,birthDate,category\n${N1},Siti,12-08-1990,honorer\n`);
    expect(errors).toEqual([{ line: 2, column: "monthlyWage", message: "Kolom monthlyWage wajib diisi untuk kategori honorer dan tenaga_teknis." }]);
  });

  it("reports a NIK listed twice on the second line, naming the first", async () => {
    const { workers, errors } = await read(
      [ID_HEADER, `${N1};Siti;12-08-1990;honorer;2500000;;`, `${N2};Ahmad;05-01-1985;nelayan;;lowest;`, ` ${N1} ;Siti A;12-08-1990;honorer;2500000;;`].join("\n"),
    );
    expect(workers.map((w) => w.line)).toEqual([2, 3]);
    expect(errors).toEqual([{ line: 4, column: "nik", message: "NIK ini sudah tercantum di baris 2; setiap pekerja cukup dicantumkan sekali." }]);
  });

  it("counts physical lines: quoted cells spanning lines and blank lines keep later line numbers right", async () => {
    const file = [ID_HEADER, `${N1};"Siti`, `Aminah";12-08-1990;honorer;2500000;;`, "", `150602520890;Budi;12-08-1990;honorer;2500000;;`].join("\r\n");
    const { workers, errors } = await read(file);
    expect(workers.map((w) => [w.line, w.name])).toEqual([[2, "Siti\nAminah"]]);
    expect(errors.map((e) => e.line)).toEqual([5]);
  });

  it("takes the first line with content as the header, and its separator", async () => {
    const { workers, errors } = await read(`\n;;\nnik;nama;tanggal_lahir;kategori;upah_bulanan;jabatan\n${N1};Siti;12-08-1990;honorer;2500000;guru\n`);
    expect(workers.map((w) => [w.line, w.nik])).toEqual([[4, N1]]);
    expect(errors.map((e) => [e.line, e.column])).toEqual([[3, "jabatan"]]);
  });

  it("reports Latin-1 bytes as not UTF-8 at their line and column, and still reads the other rows", async () => {
    const latin1 = Buffer.from(`${ID_HEADER}\n${N2};Ahmad Yani;05-01-1985;nelayan;;lowest;\n${N1};Jos\xe9 Mar\xeda;12-08-1990;honorer;2500000;;\n`, "latin1");
    const { workers, errors } = await read(new Uint8Array(latin1));
    expect(workers.map((w) => w.line)).toEqual([2]);
    expect(errors).toEqual([{ line: 3, column: "nama", message: expect.stringContaining("bukan UTF-8") }]);
  });

  it("refuses binary files, Excel workbooks and UTF-16 with one clear error and no rows", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0]);
    const utf16 = new Uint8Array(Buffer.from(`\uFEFF${ID_HEADER}\r\n`, "utf16le"));
    for (const [bytes, text] of [
      [png, "bukan teks CSV"],
      [xlsx, "berkas Excel"],
      [utf16, "UTF-16"],
    ] as const) {
      const { items } = await read(bytes);
      expect(items).toEqual([{ kind: "file", errors: [{ line: 1, column: "", message: expect.stringContaining(text) }] }]);
    }
  });

  it("reports header problems: a missing required column, an unknown one, a duplicate", async () => {
    const missing = await read(`nik;nama;kategori\n${N1};Siti;honorer\n`);
    expect(missing.items).toEqual([{ kind: "file", errors: [{ line: 1, column: "tanggal_lahir", message: 'Kolom wajib "tanggal_lahir" tidak ada di baris judul.' }] }]);

    const unknown = await read(`${ID_HEADER};jabatan\n${N1};Siti;12-08-1990;honorer;2500000;;;guru\n`);
    expect(unknown.errors).toEqual([{ line: 1, column: "jabatan", message: expect.stringContaining('Kolom "jabatan" tidak dikenal. Kolom yang dapat dipakai: nik, nama,') }]);
    expect(unknown.workers).toHaveLength(1);

    const duplicate = await read(`nik;nama;nama;tanggal_lahir;kategori\n`);
    expect(duplicate.errors).toEqual([{ line: 1, column: "nama", message: 'Kolom "nama" muncul lebih dari sekali di baris judul.' }]);
  });

  it("reports an empty file, a header without rows, and an unclosed quote", async () => {
    expect((await read("")).errors).toEqual([{ line: 1, column: "", message: expect.stringContaining("Berkas kosong") }]);
    expect((await read(`${ID_HEADER}\n\n`)).errors).toEqual([{ line: 2, column: "", message: expect.stringContaining("hanya berisi baris judul") }]);
    const unclosed = await read([ID_HEADER, `${N2};Ahmad;05-01-1985;nelayan;;lowest;`, `${N1};"Siti;12-08-1990;honorer;2500000;;`, `${N2};x;y`].join("\n"));
    expect(unclosed.workers.map((w) => w.line)).toEqual([2]);
    expect(unclosed.errors).toEqual([{ line: 3, column: "", message: expect.stringContaining("Tanda kutip") }]);
  });
});

describe("the error report", () => {
  it("is `;`-separated with a BOM and neutralises cells a spreadsheet would run as formulas", () => {
    const errors: RowError[] = [
      { line: 2, column: "nama", message: "=HYPERLINK(\"http://x\";\"klik\")" },
      { line: 3, column: "+kolom", message: "-2+3" },
      { line: 4, column: "@nik", message: "biasa; dengan titik koma" },
    ];
    const csv = errorsCsv(errors);
    expect(csv.startsWith("\uFEFFbaris;kolom;pesan\r\n")).toBe(true);
    expect(csv.split("\r\n").slice(1, 4)).toEqual([`2;nama;"'=HYPERLINK(""http://x"";""klik"")"`, "3;'+kolom;'-2+3", `4;'@nik;"biasa; dengan titik koma"`]);
  });
});
