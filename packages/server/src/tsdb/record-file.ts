// The framing shared by WAL segments and block files: each record is
//   u32 length (payload bytes) | u32 CRC-32C of the payload | payload
// big-endian. A reader stops at the first record that fails and says where and why.
import { crc32c } from "./crc32.ts";

export const RECORD_HEADER = 8;
/** Sanity bound on one record (a block's series record or a WAL batch). */
export const MAX_RECORD = 256 * 1024 * 1024;

export function frameRecord(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER + payload.length);
  out.writeUInt32BE(payload.length, 0);
  out.writeUInt32BE(crc32c(payload), 4);
  out.set(payload, RECORD_HEADER);
  return out;
}

export interface ReadResult {
  records: { offset: number; payload: Uint8Array }[];
  /** End of the last good record. */
  goodEnd: number;
  /** Set when reading stopped before the end of the buffer. */
  failure?: { offset: number; reason: string; /** True when the failed record is the last thing in the file. */ atTail: boolean };
}

export function readRecords(buf: Uint8Array): ReadResult {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const records: ReadResult["records"] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < RECORD_HEADER) return { records, goodEnd: off, failure: { offset: off, reason: "truncated record header", atTail: true } };
    const len = dv.getUint32(off);
    const crc = dv.getUint32(off + 4);
    const end = off + RECORD_HEADER + len;
    if (len === 0 && crc === 0 && allZero(buf, off)) {
      return { records, goodEnd: off, failure: { offset: off, reason: "zero-filled tail", atTail: true } };
    }
    if (len > MAX_RECORD || end > buf.length) {
      return { records, goodEnd: off, failure: { offset: off, reason: `record length ${len} runs past the end of the file (${buf.length} bytes)`, atTail: true } };
    }
    if (crc32c(buf, off + RECORD_HEADER, end) !== crc) {
      return { records, goodEnd: off, failure: { offset: off, reason: "record checksum mismatch", atTail: end === buf.length } };
    }
    records.push({ offset: off, payload: buf.subarray(off + RECORD_HEADER, end) });
    off = end;
  }
  return { records, goodEnd: off };
}

function allZero(buf: Uint8Array, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}
