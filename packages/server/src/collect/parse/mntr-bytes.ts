// mntr straight from the answer's bytes. On the fast path (each line the known layout's next key
// with a plain number) nothing is decoded: the key is compared byte by byte with the layout's
// encoded keys and the digits are read in place, about twice as fast as the same walk over a
// string, and the 16 kB answer never becomes a string. Any other line is decoded alone and
// parsed exactly as parseMntr parses it.
import { MntrReader } from "./mntr-reader.ts";
import { type KeyBytes, layoutKeyBytes } from "./layout-key-bytes.ts";
import type { MonitorData } from "./monitor.ts";
import type { MonitorLayout } from "./monitor-values.ts";
import { POW10 } from "./numbers.ts";

const keyBytes = layoutKeyBytes((key) => `zk_${key}\t`);

/**
 * knownLine (monitor.ts) over bytes: the line at `start` is exactly prefix `slot` and a plain
 * number ending in \n, \r\n or the end; stores the number and returns where the next line
 * starts, or -1.
 */
function knownLine(b: Uint8Array, start: number, end: number, keys: KeyBytes, out: Float64Array, slot: number): number {
  const from = keys.offsets[slot]!;
  const prefix = keys.offsets[slot + 1]! - from;
  if (start + prefix > end) return -1;
  const kb = keys.bytes;
  for (let j = 0; j < prefix; j++) if (b[start + j] !== kb[from + j]) return -1;
  let i = start + prefix;
  const negative = i < end && b[i] === 45;
  if (negative) i++;
  let n = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0 && digits > 0) fraction = 0;
    else break;
  }
  if (digits === 0 || digits > 15 || fraction === 0) return -1;
  let next = i;
  if (i < end) {
    const c = b[i];
    if (c === 13 && i + 1 < end && b[i + 1] === 10) next = i + 2;
    else if (c === 10) next = i + 1;
    else return -1;
  }
  const v = fraction > 0 ? n / POW10[fraction]! : n;
  out[slot] = negative ? -v : v;
  return next;
}

/** parseMntr over the UTF-8 bytes of an answer: the same result for the same text. */
export function parseMntrBytes(bytes: Buffer, layout?: MonitorLayout): MonitorData {
  const r = new MntrReader(layout);
  const keys = layout ? keyBytes(layout) : undefined;
  const length = bytes.length;
  let start = 0;
  while (start < length) {
    if (r.expecting()) {
      const next = knownLine(bytes, start, length, keys!, r.fast!, r.slot);
      if (next >= 0) {
        start = next;
        r.slot++;
        r.samples++;
        continue;
      }
    }
    let end = bytes.indexOf(10, start);
    if (end < 0) end = length;
    // A line never splits a UTF-8 sequence (no sequence contains the byte \n): decoded alone, it
    // is the same text as in the whole answer decoded.
    const line = bytes.toString("utf8", start, end);
    r.line(line, 0, line.length);
    start = end + 1;
  }
  return r.finish(length);
}
