// A Gorilla chunk as Prometheus encodes it (tsdb/chunkenc/xor.go): first timestamp as a zig-zag
// varint, first value raw; then the timestamp delta as an unsigned varint; then delta-of-delta
// timestamps in 0/14/17/20/64-bit buckets and XOR-compressed values. The sample count is kept
// beside the bytes, not inside them.
import { BitWriter } from "./bit-writer.ts";
import type { DecodedChunk } from "./decoded-chunks.ts";
import { ctz32, hiBits, loBits, splitFloat } from "./float-bits.ts";

// Reading lives in xor-decode.ts (the select hot path).
export { decodeChunk } from "./xor-decode.ts";

export const MAX_CHUNK_SAMPLES = 120;
/** Timestamps are kept within ±2^51 ms so that every delta-of-delta is an exact double. */
export const MAX_ABS_TIMESTAMP = 2 ** 51;
const TWO32 = 2 ** 32;

export class ChunkEncoder {
  readonly #w = new BitWriter(128);
  #count = 0;
  #tPrev = 0;
  #tDelta = 0;
  #vHi = 0;
  #vLo = 0;
  #leading = 0xff;
  #trailing = 0;
  minT = 0;
  maxT = 0;
  /** The open chunk's cached decoding (decoded-chunks.ts; checked against count and extent on use). */
  decoded: DecodedChunk | undefined = undefined;

  get count(): number {
    return this.#count;
  }

  get byteLength(): number {
    return this.#w.byteLength;
  }

  /** Starts a new chunk in the same buffer (a series reuses its encoder across chunks). */
  reset(): void {
    this.#w.reset();
    this.#count = 0;
    this.#tPrev = 0;
    this.#tDelta = 0;
    this.#vHi = 0;
    this.#vLo = 0;
    this.#leading = 0xff;
    this.#trailing = 0;
    this.minT = 0;
    this.maxT = 0;
  }

  /** Appends one sample; the caller guarantees t > the previous t and |t| ≤ MAX_ABS_TIMESTAMP. */
  append(t: number, v: number): void {
    const w = this.#w;
    splitFloat(v);
    const hi = hiBits();
    const lo = loBits();
    if (this.#count === 0) {
      w.writeVarint(t);
      w.writeBits(hi, 32);
      w.writeBits(lo, 32);
      this.minT = t;
    } else if (this.#count === 1) {
      this.#tDelta = t - this.#tPrev;
      w.writeUvarint(this.#tDelta);
      this.#writeXor(hi, lo);
    } else {
      const delta = t - this.#tPrev;
      const dod = delta - this.#tDelta;
      if (dod === 0) w.writeBit(0);
      else if (dod >= -8191 && dod <= 8192) {
        w.writeBits(0b10, 2);
        w.writeBits(dod & 0x3fff, 14);
      } else if (dod >= -65535 && dod <= 65536) {
        w.writeBits(0b110, 3);
        w.writeBits(dod & 0x1ffff, 17);
      } else if (dod >= -524287 && dod <= 524288) {
        w.writeBits(0b1110, 4);
        w.writeBits(dod & 0xfffff, 20);
      } else {
        w.writeBits(0b1111, 4);
        const h = Math.floor(dod / TWO32);
        w.writeBits(h >>> 0, 32);
        w.writeBits(dod - h * TWO32, 32);
      }
      this.#tDelta = delta;
      this.#writeXor(hi, lo);
    }
    this.#tPrev = t;
    this.maxT = t;
    this.#vHi = hi;
    this.#vLo = lo;
    this.#count++;
  }

  #writeXor(hi: number, lo: number): void {
    const w = this.#w;
    const dh = (hi ^ this.#vHi) >>> 0;
    const dl = (lo ^ this.#vLo) >>> 0;
    if (dh === 0 && dl === 0) {
      w.writeBit(0);
      return;
    }
    w.writeBit(1);
    let leading = dh !== 0 ? Math.clz32(dh) : 32 + Math.clz32(dl);
    const trailing = dl !== 0 ? ctz32(dl) : 32 + ctz32(dh);
    if (leading >= 32) leading = 31;
    if (this.#leading !== 0xff && leading >= this.#leading && trailing >= this.#trailing) {
      w.writeBit(0);
      writeShifted(w, dh, dl, this.#trailing, 64 - this.#leading - this.#trailing);
      return;
    }
    this.#leading = leading;
    this.#trailing = trailing;
    const sig = 64 - leading - trailing;
    w.writeBit(1);
    w.writeBits(leading, 5);
    w.writeBits(sig & 63, 6);
    writeShifted(w, dh, dl, trailing, sig);
  }

  /** The encoded bytes so far (a copy). */
  bytes(): Uint8Array {
    return this.#w.bytes();
  }
}

/** Writes the low `n` bits of (hi:lo) >>> shift. */
function writeShifted(w: BitWriter, hi: number, lo: number, shift: number, n: number): void {
  let h = hi;
  let l = lo;
  if (shift >= 32) {
    l = hi >>> (shift - 32);
    h = 0;
  } else if (shift > 0) {
    l = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    h = hi >>> shift;
  }
  w.writeBits64(h, l, n);
}
