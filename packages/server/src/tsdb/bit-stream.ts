// Bit-level reader of the XOR chunk encoding (the writer is bit-writer.ts). Values of up to 32
// bits are read most-significant bit first; 64-bit quantities travel as (hi, lo) 32-bit halves.

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
