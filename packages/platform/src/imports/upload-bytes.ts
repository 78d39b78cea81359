/*
 * The uploaded file as bytes, a piece at a time: cut into pieces that fit in
 * a DynamoDB item, counted as it passes (size, an estimate of the rows), and
 * never held whole.
 */

export type UploadSource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export async function* bytesOf(source: UploadSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
  } else if (typeof (source as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array>;
  }
}

/** Pieces of exactly `size` bytes (the last one shorter). */
export async function* fixedSizePieces(source: UploadSource, size: number): AsyncGenerator<Uint8Array> {
  let piece = new Uint8Array(size);
  let filled = 0;
  for await (const bytes of bytesOf(source)) {
    let offset = 0;
    while (offset < bytes.length) {
      const n = Math.min(size - filled, bytes.length - offset);
      piece.set(bytes.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === size) {
        yield piece;
        piece = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield piece.slice(0, filled);
}

const LF = 0x0a;
/** Bytes that do not make a line a row: CR, space, tab, `,`, `;`, and the BOM's bytes. */
const blank = new Set([0x0d, 0x20, 0x09, 0x2c, 0x3b, 0xef, 0xbb, 0xbf]);

/**
 * Counts lines with content, to show a progress bar while the file is read
 * (the exact row count is known only after parsing: quoted fields may span
 * lines, and the header is one of the lines).
 */
export class LineCounter {
  private lines = 0;
  private current = false;

  add(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (b === LF) {
        if (this.current) this.lines++;
        this.current = false;
      } else if (!this.current && !blank.has(b)) {
        this.current = true;
      }
    }
  }

  get total(): number {
    return this.lines + (this.current ? 1 : 0);
  }
}
