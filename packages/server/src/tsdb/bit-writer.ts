// The bit writer of the XOR chunk encoder (ingest hot path). Values of up to 32 bits are written
// most-significant bit first, a whole byte at a time where the position allows; 64-bit quantities
// travel as (hi, lo) 32-bit halves. reset() keeps the buffer, so a series reuses one encoder
// buffer for all its chunks instead of growing a new one per chunk.

export class BitWriter {
  #buf: Uint8Array;
  /** Number of bits written. */
  #bits = 0;

  constructor(initialBytes = 32) {
    this.#buf = new Uint8Array(initialBytes);
  }

  get bitLength(): number {
    return this.#bits;
  }

  get byteLength(): number {
    return (this.#bits + 7) >>> 3;
  }

  /** Empties the writer, keeping (and zeroing) its buffer. */
  reset(): void {
    this.#buf.fill(0, 0, this.byteLength);
    this.#bits = 0;
  }

  #grow(extraBits: number): void {
    const need = (this.#bits + extraBits + 7) >>> 3;
    const next = new Uint8Array(Math.max(need, this.#buf.length * 2));
    next.set(this.#buf);
    this.#buf = next;
  }

  writeBit(bit: number): void {
    const p = this.#bits;
    if (p >>> 3 >= this.#buf.length) this.#grow(1);
    if (bit) this.#buf[p >>> 3]! |= 0x80 >>> (p & 7);
    this.#bits = p + 1;
  }

  /** Writes the low `n` bits of `value` (0 ≤ n ≤ 32), most significant first. */
  writeBits(value: number, n: number): void {
    if (n === 0) return;
    const p = this.#bits;
    if ((p + n + 7) >>> 3 > this.#buf.length) this.#grow(n);
    const buf = this.#buf;
    const v = n < 32 ? value & ((1 << n) - 1) : value >>> 0;
    let i = p >>> 3;
    const free = 8 - (p & 7);
    if (n <= free) buf[i]! |= v << (free - n);
    else {
      // bytes after the first are untouched so far (zero): plain stores, truncated to 8 bits
      let left = n - free;
      buf[i]! |= v >>> left;
      while (left >= 8) {
        left -= 8;
        buf[++i] = v >>> left;
      }
      if (left > 0) buf[++i] = v << (8 - left);
    }
    this.#bits = p + n;
  }

  /** Writes the low `n` bits (0 ≤ n ≤ 64) of the 64-bit value hi:lo. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.writeBits(hi, n - 32);
      this.writeBits(lo, 32);
    } else {
      this.writeBits(lo, n);
    }
  }

  /** Unsigned LEB128 of a safe non-negative integer, in whole bytes of the bit stream. */
  writeUvarint(x: number): void {
    while (x >= 0x80) {
      this.writeBits((x % 0x80) | 0x80, 8);
      x = Math.floor(x / 0x80);
    }
    this.writeBits(x, 8);
  }

  /** Zig-zag signed varint of a safe integer. */
  writeVarint(x: number): void {
    this.writeUvarint(x >= 0 ? x * 2 : -x * 2 - 1);
  }

  /** A copy of the bytes written so far (the last byte zero-padded). */
  bytes(): Uint8Array {
    return this.#buf.slice(0, this.byteLength);
  }
}
