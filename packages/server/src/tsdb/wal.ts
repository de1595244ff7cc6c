// The write-ahead log: numbered segment files in <data>/wal/ holding series records (id and
// labels) and sample records (id, t, v as raw float64 bits). Appends are buffered in memory and
// written + fsynced by flush(). A checkpoint rewrites what the head still holds into a new
// segment (temp file, fsync, rename) and deletes the older ones.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { MemSeries } from "./mem-series.ts";
import type { AppendSink } from "./tsdb.ts";
import type { Labels } from "./types.ts";
import { frameRecord } from "./record-file.ts";
import { fsyncDir } from "./fs-util.ts";

export const REC_SERIES = 1;
export const REC_SAMPLES = 2;
export const REC_CHECKPOINT = 3;
const SAMPLE_BYTES = 20;
const MAX_SAMPLES_PER_RECORD = 8192;

export function segmentName(n: number): string {
  return String(n).padStart(8, "0");
}

/** Segment numbers present in `walDir`, ascending. */
export function listSegments(walDir: string): number[] {
  return readdirSync(walDir)
    .filter((f) => /^\d{8}$/.test(f))
    .map(Number)
    .sort((a, b) => a - b);
}

export function encodeSeries(id: number, labels: Labels): Uint8Array {
  const json = Buffer.from(JSON.stringify(labels));
  const out = Buffer.allocUnsafe(5 + json.length);
  out[0] = REC_SERIES;
  out.writeUInt32BE(id, 1);
  out.set(json, 5);
  return out;
}

/** Buffers samples as packed (u32 id, f64 t, f64 v) triples. */
class SampleBuffer {
  buf = Buffer.allocUnsafe(SAMPLE_BYTES * 1024);
  count = 0;

  add(id: number, t: number, v: number): void {
    const off = this.count * SAMPLE_BYTES;
    if (off + SAMPLE_BYTES > this.buf.length) {
      const next = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(next, 0, 0, off);
      this.buf = next;
    }
    this.buf.writeUInt32BE(id, off);
    this.buf.writeDoubleBE(t, off + 4);
    this.buf.writeDoubleBE(v, off + 12);
    this.count++;
  }

  /** Sample records of at most MAX_SAMPLES_PER_RECORD each; empties the buffer. */
  drain(): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i < this.count; i += MAX_SAMPLES_PER_RECORD) {
      const n = Math.min(MAX_SAMPLES_PER_RECORD, this.count - i);
      const payload = Buffer.allocUnsafe(1 + n * SAMPLE_BYTES);
      payload[0] = REC_SAMPLES;
      this.buf.copy(payload, 1, i * SAMPLE_BYTES, (i + n) * SAMPLE_BYTES);
      out.push(frameRecord(payload));
    }
    this.count = 0;
    return out;
  }
}

export class Wal implements AppendSink {
  readonly dir: string;
  #segment: number;
  #fd: number;
  #series: Buffer[] = [];
  #samples = new SampleBuffer();
  #bytes = 0;

  /** Opens a fresh segment after `lastSegment` (existing segments are never appended to). */
  constructor(dir: string, lastSegment: number) {
    this.dir = dir;
    this.#segment = lastSegment + 1;
    this.#fd = openSync(join(dir, segmentName(this.#segment)), "wx");
    fsyncDir(dir);
  }

  get segment(): number {
    return this.#segment;
  }

  /** Bytes waiting for the next flush. */
  get pendingBytes(): number {
    return this.#bytes + this.#samples.count * SAMPLE_BYTES;
  }

  seriesCreated(s: MemSeries): void {
    const rec = frameRecord(encodeSeries(s.id, s.labels));
    this.#series.push(rec);
    this.#bytes += rec.length;
  }

  sampleAppended(s: MemSeries, t: number, v: number): void {
    this.#samples.add(s.id, t, v);
  }

  /** Writes everything buffered and fsyncs: after it returns, those samples survive a crash. */
  flush(): void {
    const parts = [...this.#series, ...this.#samples.drain()];
    this.#series = [];
    this.#bytes = 0;
    if (parts.length === 0) return;
    const buf = Buffer.concat(parts);
    let off = 0;
    while (off < buf.length) off += writeSync(this.#fd, buf, off, buf.length - off);
    fsyncSync(this.#fd);
  }

  /**
   * Flushes, writes the head's remaining series and samples as a checkpoint segment, deletes
   * every older segment and continues in a new one.
   */
  checkpoint(series: Iterable<MemSeries>): void {
    this.flush();
    closeSync(this.#fd);
    const cp = this.#segment + 1;
    const tmp = join(this.dir, `${segmentName(cp)}.tmp`);
    const fd = openSync(tmp, "w");
    const samples = new SampleBuffer();
    const parts: Buffer[] = [frameRecord(Uint8Array.of(REC_CHECKPOINT))];
    for (const s of series) {
      parts.push(frameRecord(encodeSeries(s.id, s.labels)));
      for (const x of s.samples(-Infinity, Infinity)) samples.add(s.id, x.t, x.v);
      if (samples.count >= MAX_SAMPLES_PER_RECORD) parts.push(...samples.drain());
    }
    parts.push(...samples.drain());
    const buf = Buffer.concat(parts);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(this.dir, segmentName(cp)));
    fsyncDir(this.dir);
    for (const n of listSegments(this.dir)) if (n < cp) unlinkSync(join(this.dir, segmentName(n)));
    this.#segment = cp + 1;
    this.#fd = openSync(join(this.dir, segmentName(this.#segment)), "wx");
    fsyncDir(this.dir);
  }

  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}
