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

export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;

  constructor(private readonly maxFrame: number) {}

  get buffered(): number {
    return this.#buffered;
  }

  /**
   * Adds bytes and returns every complete frame payload (without the length prefix). A `reused` chunk
   * is overwritten by the next read: the frames returned are views of it, valid until then, and the
   * bytes of an incomplete frame are copied.
   */
  push(chunk: Buffer, reused = false): Buffer[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.#buffered < 4) break;
      const head = this.#peek(4);
      const len = head.readInt32BE(0);
      if (len < MIN_FRAME || len > this.maxFrame) {
        throw new FrameError(
          len < MIN_FRAME
            ? `frame length ${len} is below the minimum reply size (${MIN_FRAME})`
            : `frame length ${len} exceeds the maximum packet length (${this.maxFrame})`,
        );
      }
      if (this.#buffered < 4 + len) break;
      frames.push(this.#take(4 + len).subarray(4));
    }
    if (reused && this.#chunks.length > 0) this.#chunks = [Buffer.concat(this.#chunks)];
    return frames;
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
