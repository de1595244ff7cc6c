// WAL record encoding into one reusable buffer, framed in place (record-file.ts framing: u32
// length | u32 CRC-32C | payload), so a flush is a single write of the buffer.
//   series record  (5): u8 type | u32 id | uvarint label count | (string name, string value)*
//   samples record (4): u8 type | u32 base id | f64 base t |
//                       per sample: varint (id − base id) | varint (t − base t) | f64 bits of v
//   chunks record  (6): u8 type | u32 id | uvarint chunks | (uvarint samples, uvarint bytes, XOR bytes)*
//                       (checkpoints only: the head's chunks copied as they are, ~1.8 instead
//                       of ~10 bytes a sample and no decoding when a block is cut)
// A samples record is open while appends arrive and closed by a series record, by reaching
// MAX_SAMPLES_PER_RECORD, or by a flush. Within one scrape round ids are close together and
// t is the same, so a sample costs about 10 bytes instead of 20 of fixed fields.
import type { Labels } from "./types.ts";
import { ByteWriter } from "./byte-writer.ts";
import { crc32c } from "./crc32.ts";
import { RECORD_HEADER } from "./record-file.ts";

/** Earlier versions' records, still replayed: series with JSON labels, fixed 20-byte samples. */
export const REC_SERIES_JSON = 1;
export const REC_SAMPLES_FIXED = 2;
export const REC_CHECKPOINT = 3;
export const REC_SAMPLES = 4;
export const REC_SERIES = 5;
/** A checkpoint's copy of one series' chunks, compressed as they are in the head. */
export const REC_CHUNKS = 6;
const MAX_SAMPLES_PER_RECORD = 8192;

export class WalRecords {
  readonly w = new ByteWriter(64 * 1024);
  /** Start of the open samples record's frame, or −1. */
  #open = -1;
  #count = 0;
  #baseId = 0;
  #baseT = 0;

  get length(): number {
    return this.w.len;
  }

  checkpointMarker(): void {
    this.#closeSamples();
    const at = this.#begin();
    this.w.u8(REC_CHECKPOINT);
    this.#end(at);
  }

  series(id: number, labels: Labels): void {
    this.#closeSamples();
    const w = this.w;
    const at = this.#begin();
    w.u8(REC_SERIES);
    w.u32(id);
    let n = 0;
    for (const _ in labels) n++;
    w.uvarint(n);
    for (const name in labels) {
      w.string(name);
      w.string(labels[name]!);
    }
    this.#end(at);
  }

  sample(id: number, t: number, v: number): void {
    const w = this.w;
    if (this.#open < 0) {
      this.#open = this.#begin();
      w.u8(REC_SAMPLES);
      w.u32(id);
      w.f64(t);
      this.#baseId = id;
      this.#baseT = t;
    }
    w.varint(id - this.#baseId);
    w.varint(t - this.#baseT);
    w.f64(v);
    if (++this.#count >= MAX_SAMPLES_PER_RECORD) this.#closeSamples();
  }

  chunks(id: number, chunks: readonly { count: number; bytes: Uint8Array }[]): void {
    this.#closeSamples();
    const w = this.w;
    const at = this.#begin();
    w.u8(REC_CHUNKS);
    w.u32(id);
    w.uvarint(chunks.length);
    for (const c of chunks) {
      w.uvarint(c.count);
      w.uvarint(c.bytes.length);
      w.bytes(c.bytes);
    }
    this.#end(at);
  }

  /** Closes the open record and returns every framed record written since the last take. */
  take(): Uint8Array {
    this.#closeSamples();
    const out = this.w.view();
    this.w.len = 0;
    return out;
  }

  #begin(): number {
    const at = this.w.len;
    this.w.ensure(RECORD_HEADER);
    this.w.len += RECORD_HEADER;
    return at;
  }

  #end(at: number): void {
    const w = this.w;
    const start = at + RECORD_HEADER;
    w.setU32(at, w.len - start);
    w.setU32(at + 4, crc32c(w.buf, start, w.len));
  }

  #closeSamples(): void {
    if (this.#open < 0) return;
    this.#end(this.#open);
    this.#open = -1;
    this.#count = 0;
  }
}
