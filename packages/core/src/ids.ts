import * as z from "zod";

/*
 * Ids look like "case_01JDXQ4H5Z8K3V9M2N7P6R5T4W": a prefix naming the kind,
 * then a ULID-style body — 10 Crockford base32 characters of millisecond
 * time and 16 of randomness (80 bits). Crockford's alphabet is in ASCII
 * order, so ids of one prefix sort by creation time as plain strings
 * (DynamoDB sort keys, URLs), and it has no characters needing escaping.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;
const MAX_TIME = 2 ** 48 - 1;

const prefixPattern = /^[a-z][a-z0-9]{0,15}$/;

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = "";
  let rest = ms;
  for (let i = 0; i < TIME_LENGTH; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomDigits(): number[] {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_LENGTH));
  return Array.from(bytes, (b) => b & 31);
}

/** Adds one to a base32 digit array, so ids within one millisecond still ascend. */
function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  throw new Error("Id randomness exhausted within one millisecond");
}

/**
 * A new id for `prefix` (lowercase, e.g. "case", "wrk"). Ids made by this
 * process in the same millisecond increase strictly; across processes
 * they are ordered to the millisecond.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  if (!prefixPattern.test(prefix)) {
    throw new RangeError(`Id prefix must be 1–16 lowercase letters or digits, starting with a letter: "${prefix}"`);
  }
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs > MAX_TIME) {
    throw new RangeError(`Id time out of range: ${nowMs}`);
  }
  lastRandom = nowMs === lastTime ? increment(lastRandom) : randomDigits();
  lastTime = nowMs;
  return `${prefix}_${encodeTime(nowMs)}${lastRandom.map((d) => ALPHABET[d]).join("")}`;
}

/** The creation time encoded in an id, in ms since the epoch. */
export function idTime(id: string): number {
  const body = id.slice(id.indexOf("_") + 1, id.indexOf("_") + 1 + TIME_LENGTH);
  let ms = 0;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`Not an id: "${id}"`);
    ms = ms * 32 + v;
  }
  if (body.length !== TIME_LENGTH) throw new RangeError(`Not an id: "${id}"`);
  return ms;
}

/** Zod schema for ids of one prefix. */
export function idSchema(prefix: string) {
  if (!prefixPattern.test(prefix)) throw new RangeError(`Invalid id prefix: "${prefix}"`);
  return z.string().regex(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`), `Expected a ${prefix}_… id`);
}
