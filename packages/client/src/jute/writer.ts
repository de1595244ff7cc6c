/**
 * Jute binary writer (big-endian, as org.apache.jute.BinaryOutputArchive).
 * One growable buffer; frames are written with a length placeholder that is
 * patched at the end, so a whole batch of requests ends up in one allocation.
 */
export class JuteWriter {
  #buf: Buffer;
  #pos = 0;

  constructor(initialSize = 256) {
    this.#buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.#pos;
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
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
    const max = Buffer.byteLength(v, "utf8");
    this.#ensure(4 + max);
    const n = this.#buf.write(v, this.#pos + 4, "utf8");
    this.#buf.writeInt32BE(n, this.#pos);
    this.#pos += 4 + n;
  }

  /** Reserves 4 bytes for a frame length; returns the position to pass to `endFrame`. */
  beginFrame(): number {
    const at = this.#pos;
    this.int(0);
    return at;
  }

  /** Patches the frame length; returns the payload length (without the 4 length bytes). */
  endFrame(at: number): number {
    const len = this.#pos - at - 4;
    this.#buf.writeInt32BE(len, at);
    return len;
  }

  /** Drops everything written from `at` on (a frame that was refused). */
  truncate(at: number): void {
    this.#pos = at;
  }

  /** The bytes written so far (a copy-free view; the writer must not be reused after). */
  finish(): Buffer {
    return this.#buf.subarray(0, this.#pos);
  }
}
