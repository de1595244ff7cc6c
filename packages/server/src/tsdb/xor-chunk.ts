// A Gorilla chunk as Prometheus encodes it (tsdb/chunkenc/xor.go): first timestamp as a zig-zag
// varint, first value raw; then the timestamp delta as an unsigned varint; then delta-of-delta
// timestamps in 0/14/17/20/64-bit buckets and XOR-compressed values. The sample count is kept
// beside the bytes, not inside them.
import type { Sample } from "./types.ts";
import { BitReader, BitWriter } from "./bit-stream.ts";
import { ctz32, hiBits, joinFloat, loBits, splitFloat } from "./float-bits.ts";

export const MAX_CHUNK_SAMPLES = 120;
/** Timestamps are kept within ±2^51 ms so that every delta-of-delta is an exact double. */
export const MAX_ABS_TIMESTAMP = 2 ** 51;
const TWO32 = 2 ** 32;
/** Payload width after a prefix of 1, 2 or 3 one-bits (then a zero). */
const DOD_BITS = [0, 14, 17, 20];

export class ChunkEncoder {
  readonly #w = new BitWriter(64);
  #count = 0;
  #tPrev = 0;
  #tDelta = 0;
  #vHi = 0;
  #vLo = 0;
  #leading = 0xff;
  #trailing = 0;
  minT = 0;
  maxT = 0;

  get count(): number {
    return this.#count;
  }

  get byteLength(): number {
    return this.#w.byteLength;
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

/** Decodes `count` samples and pushes those with mint ≤ t ≤ maxt onto `out`. */
export function decodeChunk(bytes: Uint8Array, count: number, out: Sample[], mint = -Infinity, maxt = Infinity): void {
  if (count === 0) return;
  const r = new BitReader(bytes);
  let t = r.readVarint();
  let vHi = r.readBits(32);
  let vLo = r.readBits(32);
  if (t >= mint && t <= maxt) out.push({ t, v: joinFloat(vHi, vLo) });
  let tDelta = 0;
  let leading = 0;
  let trailing = 0;
  for (let i = 1; i < count; i++) {
    if (i === 1) tDelta = r.readUvarint();
    else {
      let ones = 0;
      while (ones < 4 && r.readBit() === 1) ones++;
      if (ones === 4) {
        const h = r.readBits(32) | 0;
        tDelta += h * TWO32 + r.readBits(32);
      } else if (ones > 0) {
        const n = DOD_BITS[ones]!;
        tDelta += signed(r.readBits(n), n);
      }
    }
    t += tDelta;
    if (r.readBit() === 1) {
      if (r.readBit() === 1) {
        leading = r.readBits(5);
        const sig = r.readBits(6);
        trailing = 64 - leading - (sig === 0 ? 64 : sig);
      }
      const n = 64 - leading - trailing;
      let h = n > 32 ? r.readBits(n - 32) : 0;
      let l = r.readBits(Math.min(n, 32));
      if (trailing >= 32) {
        h = (l << (trailing - 32)) >>> 0;
        l = 0;
      } else if (trailing > 0) {
        h = ((h << trailing) | (l >>> (32 - trailing))) >>> 0;
        l = (l << trailing) >>> 0;
      }
      vHi = (vHi ^ h) >>> 0;
      vLo = (vLo ^ l) >>> 0;
    }
    if (t > maxt) return;
    if (t >= mint) out.push({ t, v: joinFloat(vHi, vLo) });
  }
}

function signed(bits: number, n: number): number {
  return bits > 2 ** (n - 1) ? bits - 2 ** n : bits;
}
