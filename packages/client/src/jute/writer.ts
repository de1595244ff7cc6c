/**
 * Jute binary writer (big-endian, as org.apache.jute.BinaryOutputArchive).
 * Writes a batch of frames into a slab; `finish()` hands out the batch as a
 * view and the next batch continues after it in the same slab (never
 * overwriting what was handed out), so a connection allocates a new slab
 * only when one fills up. Frames get a length placeholder patched at the end.
 */
/** Strings up to this many UTF-16 units are tried as ASCII first. */
const ASCII_FAST_MAX = 256;

export class JuteWriter {
  #buf: Buffer;
  #start = 0;
  #pos = 0;
  readonly #slabSize: number;

  constructor(slabSize = 256) {
    this.#slabSize = slabSize;
    this.#buf = Buffer.allocUnsafe(slabSize);
  }

  /** Bytes in the current batch. */
  get length(): number {
    return this.#pos - this.#start;
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const batch = this.#pos - this.#start;
    let size = this.#slabSize;
    while (size < batch + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.#buf.copy(next, 0, this.#start, this.#pos);
    this.#buf = next;
    this.#start = 0;
    this.#pos = batch;
  }

  int(v: number): void {
    this.#ensure(4);
    this.#buf.writeInt32BE(v, this.#pos);
    this.#pos += 4;
  }

  long(v: bigint): void {
    this.#ensure(8);
    this.#buf.writeBigInt64BE(BigInt.asIntN(64, v), this.#pos);
    this.#pos += 8;
  }

  bool(v: boolean): void {
    this.#ensure(1);
    this.#buf[this.#pos++] = v ? 1 : 0;
  }

  /** A jute buffer: int length (-1 for null) then bytes. */
  buffer(v: Uint8Array | null): void {
    if (v === null) {
      this.int(-1);
      return;
    }
    this.int(v.length);
    this.#ensure(v.length);
    this.#buf.set(v, this.#pos);
    this.#pos += v.length;
  }

  /** A jute ustring: int byte length (-1 for null) then UTF-8. */
  ustring(v: string | null): void {
    if (v === null) {
      this.int(-1);
      return;
    }
    if (v.length <= ASCII_FAST_MAX && this.#ascii(v)) return;
    const max = Buffer.byteLength(v, "utf8");
    this.#ensure(4 + max);
    const n = this.#buf.write(v, this.#pos + 4, "utf8");
    this.#buf.writeInt32BE(n, this.#pos);
    this.#pos += 4 + n;
  }

  /**
   * Writes a short all-ASCII string byte by byte (paths nearly always are): cheaper than the two native
   * calls of the UTF-8 path. Returns false, having written nothing that counts, at the first non-ASCII char.
   */
  #ascii(v: string): boolean {
    const n = v.length;
    this.#ensure(4 + n);
    const buf = this.#buf;
    const at = this.#pos + 4;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[at + i] = c;
    }
    buf.writeInt32BE(n, this.#pos);
    this.#pos = at + n;
    return true;
  }

  /** Reserves 4 bytes for a frame length; returns the batch offset to pass to `endFrame`. */
  beginFrame(): number {
    this.int(0);
    return this.#pos - 4 - this.#start;
  }

  /** Patches the frame length; returns the payload length (without the 4 length bytes). */
  endFrame(at: number): number {
    const len = this.#pos - this.#start - at - 4;
    this.#buf.writeInt32BE(len, this.#start + at);
    return len;
  }

  /** Drops everything written from batch offset `at` on (a frame that was refused). */
  truncate(at: number): void {
    this.#pos = this.#start + at;
  }

  /** The current batch as a view; later writes go after it and never touch it. */
  finish(): Buffer {
    const out = this.#buf.subarray(this.#start, this.#pos);
    this.#start = this.#pos;
    return out;
  }
}
