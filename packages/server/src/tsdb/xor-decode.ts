// Decoding of the XOR chunk format written by ChunkEncoder (xor-chunk.ts). The hot read path of
// every select, so the bit stream is read inline (a 32-bit window per field) instead of through
// BitReader's per-call checks; an exhausted or truncated stream still throws RangeError.
// Samples decode into columns (two Float64Arrays, values written as their two 32-bit halves so
// NaN payloads such as the stale marker survive); the Sample-object form is built from those.
import type { Sample } from "./types.ts";
import { HI_WORD, LO_WORD } from "./float-bits.ts";

const TWO32 = 2 ** 32;
/** Delta-of-delta payload width, its sign bit and its range, after 1, 2 or 3 one-bits (xor.go). */
const DOD_BITS = [0, 14, 17, 20];
const DOD_HALF = DOD_BITS.map((n) => 2 ** (n - 1));
const DOD_FULL = DOD_BITS.map((n) => 2 ** n);

/**
 * `n` bits (1..32) at bit `pos`. Bytes past the end read as zero (the caller checks the position
 * against the length after each sample, before using what was read).
 */
function bitsAt(buf: Uint8Array, pos: number, n: number): number {
  const i = pos >>> 3;
  const off = pos & 7;
  let w = ((buf[i] as number) << 24) | ((buf[i + 1] as number) << 16) | ((buf[i + 2] as number) << 8) | (buf[i + 3] as number);
  if (off !== 0) w = (w << off) | ((buf[i + 4] as number) >>> (8 - off));
  return (w >>> 0) >>> (32 - n);
}

function exhausted(): never {
  throw new RangeError("bit stream exhausted");
}

/** Reusable columns for decodeChunk (a chunk holds at most a few hundred samples). */
let scratchT = new Float64Array(256);
let scratchV = new Float64Array(256);

/** Decodes `count` samples and pushes those with mint ≤ t ≤ maxt onto `out`. */
export function decodeChunk(bytes: Uint8Array, count: number, out: Sample[], mint = -Infinity, maxt = Infinity): void {
  if (count === 0) return;
  if (scratchT.length < count) {
    scratchT = new Float64Array(count);
    scratchV = new Float64Array(count);
  }
  decodeColumns(bytes, count, scratchT, scratchV, 0);
  for (let i = 0; i < count; i++) {
    const t = scratchT[i] as number;
    if (t > maxt) return;
    if (t >= mint) out.push({ t, v: scratchV[i] as number });
  }
}

/** Decodes all `count` samples into ts[at..at+count) and vs[at..at+count). */
export function decodeColumns(bytes: Uint8Array, count: number, ts: Float64Array, vs: Float64Array, at: number): void {
  if (count === 0) return;
  if (ts.length < at + count || vs.length < at + count) throw new RangeError("columns too short for the chunk");
  const words = new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2);
  const buf = bytes;
  const bitLen = buf.length * 8;
  let pos = 0;
  // First timestamp: zig-zag varint in whole bytes.
  let u = 0;
  let mul = 1;
  for (let i = 0; ; i++) {
    if (i === 10) throw new RangeError("varint too long");
    if (pos + 8 > bitLen) exhausted();
    const b = bitsAt(buf, pos, 8);
    pos += 8;
    u += (b & 0x7f) * mul;
    if (b < 0x80) break;
    mul *= 0x80;
  }
  let t = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  if (pos + 64 > bitLen) exhausted();
  let vHi = bitsAt(buf, pos, 32);
  let vLo = bitsAt(buf, pos + 32, 32);
  pos += 64;
  ts[at] = t;
  words[2 * at + HI_WORD] = vHi;
  words[2 * at + LO_WORD] = vLo;
  let tDelta = 0;
  let leading = 0;
  let trailing = 0;
  for (let k = 1; k < count; k++) {
    if (k === 1) {
      let d = 0;
      let m = 1;
      for (let i = 0; ; i++) {
        if (i === 10) throw new RangeError("varint too long");
        if (pos + 8 > bitLen) exhausted();
        const b = bitsAt(buf, pos, 8);
        pos += 8;
        d += (b & 0x7f) * m;
        if (b < 0x80) break;
        m *= 0x80;
      }
      tDelta = d;
    } else {
      // Up to four one-bits select the delta-of-delta width.
      const p = bitsAt(buf, pos, 4);
      if (p < 8) pos += 1;
      else if (p < 12) {
        pos += 2;
        const x = bitsAt(buf, pos, 14);
        pos += 14;
        tDelta += x > (DOD_HALF[1] as number) ? x - (DOD_FULL[1] as number) : x;
      } else if (p < 14) {
        pos += 3;
        const x = bitsAt(buf, pos, 17);
        pos += 17;
        tDelta += x > (DOD_HALF[2] as number) ? x - (DOD_FULL[2] as number) : x;
      } else if (p < 15) {
        pos += 4;
        const x = bitsAt(buf, pos, 20);
        pos += 20;
        tDelta += x > (DOD_HALF[3] as number) ? x - (DOD_FULL[3] as number) : x;
      } else {
        pos += 4;
        const h = bitsAt(buf, pos, 32) | 0;
        tDelta += h * TWO32 + bitsAt(buf, pos + 32, 32);
        pos += 64;
      }
    }
    t += tDelta;
    // Value: 0 = unchanged; 10 = XOR in the previous window; 11 = new window (5 + 6 bits), then XOR.
    if (((buf[pos >>> 3] as number) >>> (7 - (pos & 7))) & 1) {
      pos++;
      const control = ((buf[pos >>> 3] as number) >>> (7 - (pos & 7))) & 1;
      pos++;
      if (control) {
        const x = bitsAt(buf, pos, 11);
        pos += 11;
        leading = x >>> 6;
        const sig = x & 63;
        trailing = 64 - leading - (sig === 0 ? 64 : sig);
      }
      const n = 64 - leading - trailing;
      let h = 0;
      let l: number;
      if (n > 32) {
        h = bitsAt(buf, pos, n - 32);
        pos += n - 32;
        l = bitsAt(buf, pos, 32);
        pos += 32;
      } else {
        l = bitsAt(buf, pos, n);
        pos += n;
      }
      if (trailing >= 32) {
        h = (l << (trailing - 32)) >>> 0;
        l = 0;
      } else if (trailing > 0) {
        h = ((h << trailing) | (l >>> (32 - trailing))) >>> 0;
        l = (l << trailing) >>> 0;
      }
      vHi = (vHi ^ h) >>> 0;
      vLo = (vLo ^ l) >>> 0;
    } else pos++;
    if (pos > bitLen) exhausted();
    const j = at + k;
    ts[j] = t;
    words[2 * j + HI_WORD] = vHi;
    words[2 * j + LO_WORD] = vLo;
  }
}
