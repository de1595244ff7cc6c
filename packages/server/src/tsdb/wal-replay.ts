// Reads the WAL back at start: from the newest checkpoint segment on, every series and sample
// record in order. A torn tail of the newest segment (the last record incomplete or failing its
// checksum, as a crash mid-write leaves it) is cut off with a warning, as Prometheus does; any
// other damage stops the start with TsdbCorruptionError naming the file and offset.
import { readdirSync, readFileSync, truncateSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Labels, Sample } from "./types.ts";
import { TsdbCorruptionError } from "./errors.ts";
import { readRecords } from "./record-file.ts";
import { ByteReader } from "./byte-reader.ts";
import { listSegments, segmentName } from "./wal.ts";
import { REC_CHECKPOINT, REC_CHUNKS, REC_SAMPLES, REC_SAMPLES_FIXED, REC_SERIES, REC_SERIES_JSON } from "./wal-records.ts";
import { decodeChunk } from "./xor-chunk.ts";

export interface ReplayTarget {
  series(id: number, labels: Labels): void;
  sample(id: number, t: number, v: number): void;
}

/** Replays `walDir` into `target`; returns the highest segment number seen (0 when empty). */
export function replayWal(walDir: string, target: ReplayTarget, warn: (msg: string) => void): number {
  for (const f of readdirTmp(walDir)) unlinkSync(join(walDir, f));
  const segments = listSegments(walDir);
  let start = 0;
  for (let i = segments.length - 1; i >= 0 && start === 0; i--) {
    const buf = readFileSync(join(walDir, segmentName(segments[i]!)));
    const first = readRecords(buf.subarray(0, Math.min(buf.length, 9))).records[0];
    if (first && first.payload.length === 1 && first.payload[0] === REC_CHECKPOINT) start = i;
  }
  for (let i = 0; i < start; i++) unlinkSync(join(walDir, segmentName(segments[i]!)));
  for (let i = start; i < segments.length; i++) {
    const file = join(walDir, segmentName(segments[i]!));
    const buf = readFileSync(file);
    const r = readRecords(buf);
    for (const rec of r.records) decode(file, rec.offset, rec.payload, target);
    if (r.failure) {
      const last = i === segments.length - 1;
      if (!last || !r.failure.atTail) throw new TsdbCorruptionError(file, r.failure.offset, r.failure.reason);
      warn(`WAL segment ${file}: ${r.failure.reason} at byte offset ${r.failure.offset}; torn tail of ${buf.length - r.goodEnd} bytes cut off`);
      truncateSync(file, r.goodEnd);
    }
  }
  return segments.length > 0 ? segments[segments.length - 1]! : 0;
}

function readdirTmp(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".tmp"));
}

function decode(file: string, offset: number, p: Uint8Array, target: ReplayTarget): void {
  const type = p[0];
  try {
    if (type === REC_SAMPLES) decodeSamples(p, target);
    else if (type === REC_SERIES) decodeSeries(p, target);
    else if (type === REC_CHUNKS) decodeChunks(p, target);
    else if (type === REC_SERIES_JSON || type === REC_SAMPLES_FIXED) decodeV1(file, offset, p, target);
    else if (type !== REC_CHECKPOINT) throw new TsdbCorruptionError(file, offset, `unknown record type ${type}`);
  } catch (err) {
    if (err instanceof RangeError || err instanceof TypeError) throw new TsdbCorruptionError(file, offset, `unreadable record of type ${type} (${err.message})`);
    throw err;
  }
}

function decodeSamples(p: Uint8Array, target: ReplayTarget): void {
  const r = new ByteReader(p, 1);
  const baseId = r.u32();
  const baseT = r.f64();
  while (!r.done) {
    const id = baseId + r.varint();
    const t = baseT + r.varint();
    target.sample(id, t, r.f64());
  }
}

function decodeSeries(p: Uint8Array, target: ReplayTarget): void {
  const r = new ByteReader(p, 1);
  const id = r.u32();
  const n = r.uvarint();
  const labels: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const name = r.string();
    labels[name] = r.string();
  }
  if (!r.done) throw new RangeError("trailing bytes after the labels");
  target.series(id, labels);
}

function decodeChunks(p: Uint8Array, target: ReplayTarget): void {
  const r = new ByteReader(p, 1);
  const id = r.u32();
  const n = r.uvarint();
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const count = r.uvarint();
    decodeChunk(r.bytes(r.uvarint()), count, out);
  }
  if (!r.done) throw new RangeError("trailing bytes after the chunks");
  for (const x of out) target.sample(id, x.t, x.v);
}

/** Records of the first WAL version: JSON labels, fixed (u32 id, f64 t, f64 v) samples. */
function decodeV1(file: string, offset: number, p: Uint8Array, target: ReplayTarget): void {
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  if (p[0] === REC_SERIES_JSON) {
    let labels: Labels;
    try {
      labels = JSON.parse(Buffer.from(p.buffer, p.byteOffset + 5, p.byteLength - 5).toString("utf8")) as Labels;
    } catch {
      throw new TsdbCorruptionError(file, offset, "series record with unreadable labels");
    }
    target.series(dv.getUint32(1), labels);
    return;
  }
  if ((p.length - 1) % 20 !== 0) throw new TsdbCorruptionError(file, offset, "samples record of odd length");
  for (let o = 1; o < p.length; o += 20) target.sample(dv.getUint32(o), dv.getFloat64(o + 4), dv.getFloat64(o + 12));
}
