// Bounds-checked reading of what ByteWriter wrote; any overrun or malformed varint throws a
// RangeError, which the WAL and block readers turn into TsdbCorruptionError with file + offset.
import { joinFloat } from "./float-bits.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export class ByteReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  #need(n: number): void {
    if (this.pos + n > this.end) throw new RangeError(`needs ${n} bytes at ${this.pos}, only ${this.end - this.pos} left`);
  }

  u8(): number {
    this.#need(1);
    return this.buf[this.pos++]!;
  }

  u32(): number {
    this.#need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  uvarint(): number {
    let x = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      this.#need(1);
      const b = this.buf[this.pos++]!;
      x += (b & 0x7f) * mul;
      if (b < 0x80) return x;
      mul *= 128;
    }
    throw new RangeError(`varint too long at ${this.pos}`);
  }

  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  f64(): number {
    const hi = this.u32();
    return joinFloat(hi, this.u32());
  }

  bytes(n: number): Uint8Array {
    this.#need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    return utf8.decode(this.bytes(this.uvarint()));
  }
}
