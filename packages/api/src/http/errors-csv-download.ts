import type { Context } from "hono";
import { errorsCsvLines, type RowError } from "@naungan/platform";

/**
 * Every error of an import as a CSV download, streamed: an import of
 * 20,000 bad rows is never one string in memory.
 */
export function errorsCsvDownload(c: Context, errors: AsyncIterable<RowError>, id: string) {
  const lines = errorsCsvLines(errors);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="kesalahan-${id}.csv"`,
  });
}
