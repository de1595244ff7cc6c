// Bit-level writer and reader for the XOR chunk encoding. Values of up to 32 bits are written
// most-significant bit first; 64-bit quantities travel as (hi, lo) 32-bit halves.

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

  #ensure(extraBits: number): void {
    const need = (this.#bits + extraBits + 7) >>> 3;
    if (need <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(need, this.#buf.length * 2));
    next.set(this.#buf);
    this.#buf = next;
  }

  writeBit(bit: number): void {
    this.#ensure(1);
    if (bit) this.#buf[this.#bits >>> 3]! |= 0x80 >>> (this.#bits & 7);
    this.#bits++;
  }

  /** Writes the low `n` bits of `value` (0 ≤ n ≤ 32), most significant first. */
  writeBits(value: number, n: number): void {
    if (n === 0) return;
    this.#ensure(n);
    const buf = this.#buf;
    let pos = this.#bits;
    let left = n;
    while (left > 0) {
      const free = 8 - (pos & 7);
      const take = Math.min(free, left);
      const shift = left - take;
      const part = (shift >= 32 ? 0 : value >>> shift) & ((1 << take) - 1);
      buf[pos >>> 3]! |= part << (free - take);
      pos += take;
      left -= take;
    }
    this.#bits = pos;
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

  /** The live buffer (valid up to byteLength); no copy. */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.byteLength);
  }
}

export class BitReader {
  readonly #buf: Uint8Array;
  #pos = 0;

  constructor(buf: Uint8Array) {
    this.#buf = buf;
  }

  get bitPosition(): number {
    return this.#pos;
  }

  /** Bits left before the end of the buffer. */
  get remaining(): number {
    return this.#buf.length * 8 - this.#pos;
  }

  readBit(): number {
    const pos = this.#pos;
    if (pos >= this.#buf.length * 8) throw new RangeError("bit stream exhausted");
    this.#pos = pos + 1;
    return ((this.#buf[pos >>> 3] as number) >>> (7 - (pos & 7))) & 1;
  }

  /** Reads `n` bits (0 ≤ n ≤ 32) as an unsigned number. */
  readBits(n: number): number {
    if (n === 0) return 0;
    const pos = this.#pos;
    const buf = this.#buf;
    const len = buf.length;
    if (pos + n > len * 8) throw new RangeError("bit stream exhausted");
    this.#pos = pos + n;
    // The (up to) five bytes holding the bits, as one 32-bit window shifted to the read position;
    // bytes past the end read as zero (never selected: the length was checked above).
    const i = pos >>> 3;
    const off = pos & 7;
    const b0 = buf[i] as number;
    const b1 = i + 1 < len ? (buf[i + 1] as number) : 0;
    const b2 = i + 2 < len ? (buf[i + 2] as number) : 0;
    const b3 = i + 3 < len ? (buf[i + 3] as number) : 0;
    let w = ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
    if (off > 0) {
      const b4 = i + 4 < len ? (buf[i + 4] as number) : 0;
      w = ((w << off) | (b4 >>> (8 - off))) >>> 0;
    }
    return n === 32 ? w : w >>> (32 - n);
  }

  readUvarint(): number {
    let x = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.readBits(8);
      x += (b & 0x7f) * mul;
      if (b < 0x80) return x;
      mul *= 0x80;
    }
    throw new RangeError("varint too long");
  }

  readVarint(): number {
    const u = this.readUvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
}
