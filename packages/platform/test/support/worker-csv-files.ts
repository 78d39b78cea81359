/** Worker CSV files for the import tests, made here rather than shipped. */

/**
 * The i-th of many distinct valid Tanjab Barat NIKs:
 * 1506 + district 01–13 + DDMMYY (women +40 on the day) + serial.
 */
export function validNik(i: number): string {
  const district = (i % 13) + 1;
  const day = (Math.floor(i / 13) % 28) + 1;
  const month = (Math.floor(i / (13 * 28)) % 12) + 1;
  const year = 70 + (Math.floor(i / (13 * 28 * 12)) % 30);
  const serial = Math.floor(i / (13 * 28 * 12 * 30)) + 1;
  const female = i % 2 === 1;
  const two = (n: number) => String(n).padStart(2, "0");
  return `1506${two(district)}${two(female ? day + 40 : day)}${two(month)}${two(year)}${String(serial).padStart(4, "0")}`;
}

/** The birth date a validNik(i) encodes, as DD-MM-YYYY. */
export function birthDateOf(i: number): string {
  const nik = validNik(i);
  const dd = Number(nik.slice(6, 8));
  return `${String(dd > 40 ? dd - 40 : dd).padStart(2, "0")}-${nik.slice(8, 10)}-19${nik.slice(10, 12)}`;
}

export const ID_HEADER = "nik;nama;tanggal_lahir;kategori;upah_bulanan;kelompok_penghasilan;kelompok_risiko";

/** `n` valid rows, Indonesian layout, `;`, every seventh worker a nelayan. */
export function generatedCsv(n: number): string {
  const lines = [ID_HEADER];
  for (let i = 0; i < n; i++) {
    const nelayan = i % 7 === 6;
    lines.push(
      [validNik(i), `Pekerja ${i + 1}`, birthDateOf(i), nelayan ? "nelayan" : "honorer", nelayan ? "" : "Rp2.500.000", nelayan ? "lowest" : "", ""].join(";"),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const withBom = (text: string) => `\uFEFF${text}`;

export async function* inPieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
