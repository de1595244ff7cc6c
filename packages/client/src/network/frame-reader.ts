/**
 * Splits a TCP byte stream into ZooKeeper frames (4-byte big-endian length +
 * payload). A length below the smallest reply or above the configured maximum
 * is a protocol error: the stream cannot be resynchronised after it.
 */
export class FrameError extends Error {
  override name = "FrameError";
}

/** Smallest possible reply: ReplyHeader {int xid; long zxid; int err} is 16 bytes. */
export const MIN_FRAME = 16;

/** Receives one frame payload as buf[start, end). */
export type FrameSink = (buf: Buffer, start: number, end: number) => void;

export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;

  constructor(private readonly maxFrame: number) {}

  get buffered(): number {
    return this.#buffered;
  }

  /** Adds bytes and returns every complete frame payload (without the length prefix), as views of the chunks. */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    this.feed(chunk, false, (buf, start, end) => frames.push(buf.subarray(start, end)));
    return frames;
  }

  /**
   * Adds bytes and hands every complete frame payload to `sink` as buf[start, end), without making a
   * Buffer per frame. A `reused` chunk is overwritten by the next read: the frames are valid only during
   * the sink call, and the bytes of an incomplete frame are copied. Returns the number of frames.
   */
  feed(chunk: Buffer, reused: boolean, sink: FrameSink): number {
    if (this.#chunks.length > 0) return this.#feedAfterPartial(chunk, reused, sink);
    // Nothing held over from the last read (the usual case): frames are read in place.
    const end = chunk.length;
    let at = 0;
    let n = 0;
    while (end - at >= 4) {
      const len = this.#checkLength(chunk.readInt32BE(at));
      if (end - at - 4 < len) break;
      sink(chunk, at + 4, at + 4 + len);
      n++;
      at += 4 + len;
    }
    if (at < end) {
      const rest = chunk.subarray(at);
      this.#chunks.push(reused ? Buffer.from(rest) : rest);
      this.#buffered = rest.length;
    }
    return n;
  }

  #feedAfterPartial(chunk: Buffer, reused: boolean, sink: FrameSink): number {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    let n = 0;
    for (;;) {
      if (this.#buffered < 4) break;
      const len = this.#checkLength(this.#peek(4).readInt32BE(0));
      if (this.#buffered < 4 + len) break;
      sink(this.#take(4 + len), 4, 4 + len);
      n++;
    }
    if (reused && this.#chunks.length > 0) this.#chunks = [Buffer.concat(this.#chunks)];
    return n;
  }

  #checkLength(len: number): number {
    if (len < MIN_FRAME || len > this.maxFrame) {
      throw new FrameError(
        len < MIN_FRAME
          ? `frame length ${len} is below the minimum reply size (${MIN_FRAME})`
          : `frame length ${len} exceeds the maximum packet length (${this.maxFrame})`,
      );
    }
    return len;
  }

  #peek(n: number): Buffer {
    const first = this.#chunks[0]!;
    if (first.length >= n) return first;
    const merged = Buffer.concat(this.#chunks);
    this.#chunks = [merged];
    return merged;
  }

  #take(n: number): Buffer {
    const first = this.#peek(n);
    if (first.length === n) {
      this.#chunks.shift();
    } else {
      this.#chunks[0] = first.subarray(n);
    }
    this.#buffered -= n;
    return first.subarray(0, n);
  }
}
