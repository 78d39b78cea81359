import { id as t } from "@naungan/core/i18n";

/** Why a file cannot be read as CSV text at all (not a problem of one row). */
export class CsvFileProblem extends Error {
  override name = "CsvFileProblem";
}

/** The Unicode replacement character: what the decoder puts where bytes are not UTF-8. */
export const REPLACEMENT_CHAR = "\uFFFD";

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** Refuses what is clearly not a CSV text file, by its first bytes. */
function sniff(head: Uint8Array): void {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) throw new CsvFileProblem(t.enrolment.csv.file.excel);
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) throw new CsvFileProblem(t.enrolment.csv.file.utf16);
}

/**
 * Turns the uploaded bytes into text, one piece per chunk: UTF-8 with its
 * BOM dropped, line breaks (CRLF, CR) normalised to "\n" so that line
 * numbers can be counted on "\n" alone. Bytes that are not UTF-8 become
 * U+FFFD, which the reader reports per cell (naming the line is more useful
 * than refusing the whole file). A NUL byte never occurs in a text CSV, so
 * it marks a binary file.
 */
export async function* csvText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
  let first = true;
  let heldCr = false;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    if (first) sniff(chunk);
    first = false;
    if (chunk.includes(0)) throw new CsvFileProblem(t.enrolment.csv.file.binary);
    let text = decoder.decode(chunk, { stream: true });
    if (heldCr) text = `\r${text}`;
    // A CR at the end may be the first half of a CRLF split across chunks.
    heldCr = text.endsWith("\r");
    if (heldCr) text = text.slice(0, -1);
    if (text) yield text.replace(/\r\n?/g, "\n");
  }
  const rest = (heldCr ? "\r" : "") + decoder.decode();
  if (rest) yield rest.replace(/\r\n?/g, "\n");
}

/** Counts "\n"-separated lines in `text` (a trailing text without "\n" is not counted). */
export const countNewlines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
};
