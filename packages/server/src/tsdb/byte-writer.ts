// A growable byte buffer for the binary WAL records and block files: varints, big-endian u32,
// float64 bits (through the bit-exact halves of float-bits.ts, so NaN payloads survive) and
// length-prefixed UTF-8. One buffer is reused across flushes; nothing is allocated per value.
import { hiBits, loBits, splitFloat } from "./float-bits.ts";

const utf8 = new TextEncoder();

export class ByteWriter {
  buf: Uint8Array;
  len = 0;

  constructor(initial = 4096) {
    this.buf = new Uint8Array(initial);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.len + n, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(x: number): void {
    this.ensure(1);
    this.buf[this.len++] = x;
  }

  u32(x: number): void {
    this.ensure(4);
    this.setU32(this.len, x);
    this.len += 4;
  }

  /** Overwrites 4 bytes at `at` (a header reserved earlier). */
  setU32(at: number, x: number): void {
    const b = this.buf;
    b[at] = x >>> 24;
    b[at + 1] = x >>> 16;
    b[at + 2] = x >>> 8;
    b[at + 3] = x;
  }

  /** Unsigned LEB128 of a safe non-negative integer. */
  uvarint(x: number): void {
    this.ensure(8);
    const b = this.buf;
    let p = this.len;
    while (x >= 0x80) {
      b[p++] = (x & 0x7f) | 0x80;
      x = x < 0x80000000 ? x >>> 7 : Math.floor(x / 128);
    }
    b[p++] = x;
    this.len = p;
  }

  /** Zig-zag signed LEB128 of a safe integer. */
  varint(x: number): void {
    this.uvarint(x >= 0 ? x * 2 : -x * 2 - 1);
  }

  /** The 64 bits of a float64, big-endian, bit-exactly. */
  f64(v: number): void {
    splitFloat(v);
    this.ensure(8);
    this.setU32(this.len, hiBits());
    this.setU32(this.len + 4, loBits());
    this.len += 8;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.len);
    this.len += src.length;
  }

  /** uvarint byte length, then the UTF-8 bytes. */
  string(s: string): void {
    this.ensure(s.length * 3 + 5);
    const at = this.len;
    // ASCII (the usual label) needs no encoder: the length is known before writing
    let ascii = true;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) ascii = false;
    if (ascii) {
      this.uvarint(s.length);
      for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
      return;
    }
    const enc = utf8.encode(s);
    this.len = at;
    this.uvarint(enc.length);
    this.bytes(enc);
  }

  /** The written bytes (a view, valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
