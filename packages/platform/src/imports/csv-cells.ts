import { formatIsoDate, parseRupiah, roundHalfUpRupiah, RupiahParseError, type IsoDate, type Rupiah } from "@naungan/core";

/*
 * Cell formats of the worker CSV as people type them or Excel (Indonesian
 * locale) writes them. Each reader returns undefined for text it cannot
 * read, so the caller names the cell in its error.
 */

/**
 * `YYYY-MM-DD`, or day first as Indonesians write dates: `DD-MM-YYYY`,
 * `DD/MM/YYYY`, `DD.MM.YYYY` (Excel drops leading zeros: `5/1/1985`).
 * Only the shape is read here; whether the day exists is the schema's check.
 */
export function readCsvDate(text: string): IsoDate | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return formatIsoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/.exec(text);
  if (dayFirst) return formatIsoDate(Number(dayFirst[4]), Number(dayFirst[3]), Number(dayFirst[1]));
  return undefined;
}

/**
 * A monthly wage: `2500000`, `2.500.000`, `Rp2.500.000`, `Rp 2.500.000,00`.
 * A wage may have cents (the UMK is Rp3.329.595,77): with a decimal comma
 * (Indonesian Excel) or a decimal point with 1–2 digits (`3329595.77`), it is
 * rounded half-up to whole rupiah as DOMAIN.md §2 prices it. A point followed
 * by three digits groups thousands.
 */
export function readCsvWage(text: string): Rupiah | undefined {
  const bare = text.replace(/^rp\.?\s*/i, "");
  try {
    const decimalComma = /^([\d.]+),(\d+)$/.exec(bare);
    if (decimalComma) return roundHalfUpRupiah(`${parseRupiah(decimalComma[1]!)}.${decimalComma[2]}`);
    if (/^\d+\.\d{1,2}$/.test(bare)) return roundHalfUpRupiah(bare);
    return parseRupiah(bare);
  } catch (err) {
    if (err instanceof RupiahParseError || err instanceof RangeError) return undefined;
    throw err;
  }
}

/** `Tenaga Teknis`, `tenaga-teknis` → `tenaga_teknis`; the schema decides whether it is a category. */
export const readCsvCategory = (text: string): string => text.toLowerCase().replace(/[\s-]+/g, "_");

const romanByDigit: Record<string, string> = { "1": "I", "2": "II", "3": "III", "4": "IV", "5": "V" };

/** `ii` → `II`, `2` → `II`; the schema decides whether it is a risk group. */
export const readCsvRiskGroup = (text: string): string => romanByDigit[text] ?? text.toUpperCase();

/** `1,50603E+15`: what Excel shows (and saves) for a 16-digit number it has already cut. */
export const looksScientific = (text: string): boolean => /^\d([.,]\d+)?e\+?\d+$/i.test(text);

/** `2026-1`, `2026/01`, `01/2026`, `1-2026` → `2026-01`; anything else unchanged (the schema names it). */
export function readCsvMonth(text: string): string {
  const ym = /^(\d{4})[-/](\d{1,2})$/.exec(text);
  if (ym) return `${ym[1]}-${ym[2]!.padStart(2, "0")}`;
  const my = /^(\d{1,2})[-/](\d{4})$/.exec(text);
  if (my) return `${my[2]}-${my[1]!.padStart(2, "0")}`;
  return text;
}

/** A whole number (`12`, `1.200`); undefined otherwise. */
export const readCsvWholeNumber = (text: string): number | undefined => (/^\d{1,3}(\.\d{3})*$|^\d+$/.test(text) ? Number(text.replace(/\./g, "")) : undefined);
