import { parse, type CsvError } from "csv-parse";
import { id as t } from "@naungan/core/i18n";
import { countNewlines, CsvFileProblem, csvText } from "./csv-text";

/*
 * The records of an uploaded CSV as a stream (the worker and the participant
 * imports read their files through here): memory holds one chunk of text and
 * the records not yet handed on, never the file.
 */

/** Longer than any real row; a longer "record" means an unclosed quote swallowing lines. */
export const MAX_CSV_LINE = 65_536;

/**
 * A record with the physical line where it starts (header = 1; quoted fields
 * may span lines), or why the rest of the file cannot be read (always the
 * last item). A file without any content yields nothing.
 */
export type CsvRecordItem = { kind: "record"; line: number; cells: string[] } | { kind: "problem"; line: number; message: string };

/** `;` when the header line has more semicolons than commas (Excel in Indonesian locale), else `,`. */
function detectDelimiter(headerLine: string): ";" | "," {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ";") semicolons++;
    else if (!quoted && ch === ",") commas++;
  }
  return semicolons > commas ? ";" : ",";
}

export async function* csvRecords(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecordItem> {
  const queue: { line: number; cells: string[] }[] = [];
  let nextLine = 1;
  let parser: ReturnType<typeof parse> | undefined;
  let head = "";

  const drain = function* (): Generator<CsvRecordItem> {
    for (const { line, cells } of queue.splice(0)) yield { kind: "record", line, cells };
  };
  const startParser = (delimiter: string) => {
    const p = parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      raw: true,
      max_record_size: MAX_CSV_LINE,
      // Records are taken here, in input order, with their raw text, so line
      // numbers are counted on the raw lines (quoted fields may span lines).
      on_record: (_record, context) => {
        // With `raw`, the record handed here is `{ record, raw }`; context.raw is the same text.
        queue.push({ line: nextLine, cells: (_record as unknown as { record: string[] }).record });
        nextLine += countNewlines(context.raw ?? "");
        return null;
      },
    });
    p.on("error", () => {}); // reported through the write/end callbacks
    p.resume();
    return p;
  };
  const feed = (text: string) => new Promise<void>((resolve, reject) => parser!.write(text, (err) => (err ? reject(err) : resolve())));
  const finish = () => new Promise<void>((resolve, reject) => parser!.end((err?: Error | null) => (err ? reject(err) : resolve())));

  try {
    for await (const text of csvText(chunks)) {
      if (!parser) {
        // The delimiter is read off the header: the first line with content.
        head += text;
        const start = head.search(/[^\s;,]/);
        const end = start === -1 ? -1 : head.indexOf("\n", start);
        if (end === -1) {
          if (start !== -1 && head.length - start > MAX_CSV_LINE) throw new CsvFileProblem(t.enrolment.csv.file.headerTooLong);
          continue;
        }
        parser = startParser(detectDelimiter(head.slice(start, end)));
        await feed(head);
        head = "";
      } else {
        await feed(text);
      }
      yield* drain();
    }
    if (!parser) {
      if (head.trim() === "") return;
      parser = startParser(detectDelimiter(head));
      await feed(head);
    }
    await finish();
    yield* drain();
  } catch (err) {
    // Records parsed before the problem are still handed on.
    yield* drain();
    if (err instanceof CsvFileProblem) {
      yield { kind: "problem", line: nextLine, message: err.message };
      return;
    }
    const code = (err as Partial<CsvError>).code;
    if (code === "CSV_QUOTE_NOT_CLOSED") yield { kind: "problem", line: nextLine, message: t.enrolment.csv.file.unclosedQuote };
    else if (code === "CSV_MAX_RECORD_SIZE") yield { kind: "problem", line: nextLine, message: t.enrolment.csv.file.lineTooLong(MAX_CSV_LINE) };
    else throw err;
  }
}
