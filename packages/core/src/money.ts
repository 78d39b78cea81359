import * as z from "zod";

/** An amount of money in whole rupiah. Never a float with cents. */
export type Rupiah = number;

/** Non-negative safe integer: amounts we store, price and pay. */
export const rupiahSchema = z.int().min(0);

/** Rates are basis points: 1 bp = 0.01 %, so 24 bp = 0.24 %. */
export type BasisPoints = number;

const BP_PER_UNIT = 10_000n;

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer, got ${value}`);
  }
}

function toSafeNumber(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} is too large: ${value}`);
  return n;
}

/**
 * amount × bp / 10,000, rounded half-up to a whole rupiah.
 * BigInt keeps the product exact: a float would misround e.g. x.5 cases
 * once amount × bp exceeds 2^53. Negative results round half away from
 * zero, so rounding is symmetric (a refund mirrors its charge).
 */
export function applyBasisPoints(amount: Rupiah, bp: BasisPoints): Rupiah {
  assertSafeInteger(amount, "Amount");
  assertSafeInteger(bp, "Basis points");
  const product = BigInt(amount) * BigInt(bp);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  let quotient = abs / BP_PER_UNIT;
  if ((abs % BP_PER_UNIT) * 2n >= BP_PER_UNIT) quotient += 1n;
  return toSafeNumber(negative ? -quotient : quotient, "Result");
}

const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Rounds a wage given with cents (e.g. the UMK "3329595.77") half-up to a
 * whole rupiah. Works on the decimal text, never on float arithmetic, so
 * "0.5" and "2.675" round the way a person reading them expects. A number
 * is first turned into its shortest decimal text, which is the literal
 * the caller wrote.
 */
export function roundHalfUpRupiah(x: number | string): Rupiah {
  let text: string;
  if (typeof x === "number") {
    if (!Number.isFinite(x)) throw new RangeError(`Cannot round ${x} to rupiah`);
    text = String(x);
    // Exponent notation only appears below 1e-6 (rounds to 0) or from 1e21 (unsafe).
    if (/e/i.test(text)) {
      if (Math.abs(x) < 1) return 0;
      throw new RangeError(`Amount is too large: ${x}`);
    }
  } else {
    text = x.trim();
  }
  const m = decimalPattern.exec(text);
  if (!m) {
    throw new RangeError(
      `Not a decimal amount: "${String(x)}" (expected digits with an optional "." and cents, e.g. 3329595.77)`,
    );
  }
  const [, sign = "", whole = "", fraction = ""] = m;
  let units = BigInt(whole);
  if (fraction !== "" && Number(fraction[0]) >= 5) units += 1n;
  const result = toSafeNumber(units, "Amount");
  return sign === "-" && result !== 0 ? -result : result;
}

/** Rp42.000.000 — Indonesian style: "." groups thousands, no space after Rp. */
export function formatRupiah(n: Rupiah): string {
  assertSafeInteger(n, "Rupiah amount");
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${n < 0 ? "-" : ""}Rp${digits}`;
}

export class RupiahParseError extends Error {
  override name = "RupiahParseError";
}

/**
 * Reads an amount typed by a person: "Rp42.000.000", "Rp 42.000.000",
 * "42.000.000" or "42000000". A trailing ",00" or ",-" (common on
 * Indonesian invoices) is accepted; non-zero cents are refused rather than
 * silently rounded. "." must group thousands properly, because "42.000.00"
 * or "42,000,000" are more likely a mistake than an amount.
 */
export function parseRupiah(input: string): Rupiah {
  const original = input;
  let text = input.trim();
  if (text.startsWith("-")) {
    throw new RupiahParseError(`Amount must not be negative: "${original}"`);
  }
  text = text.replace(/^rp\.?\s*/i, "");
  const cents = /,(\d+|-)$/.exec(text);
  if (cents) {
    if (cents[1] !== "-" && !/^0+$/.test(cents[1] ?? "")) {
      throw new RupiahParseError(`Amount must be whole rupiah, without cents: "${original}"`);
    }
    text = text.slice(0, cents.index);
  }
  if (text === "") throw new RupiahParseError(`No amount given: "${original}"`);
  if (!/^\d+$/.test(text) && !/^\d{1,3}(\.\d{3})+$/.test(text)) {
    throw new RupiahParseError(
      `Not a rupiah amount: "${original}" (expected e.g. Rp42.000.000 or 42000000)`,
    );
  }
  const n = Number(text.replaceAll(".", ""));
  if (!Number.isSafeInteger(n)) throw new RupiahParseError(`Amount is too large: "${original}"`);
  return n;
}
