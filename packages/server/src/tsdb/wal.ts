// The write-ahead log: numbered segment files in <data>/wal/ holding series records (id and
// labels) and sample records (wal-records.ts); checkpoints carry the head's chunks as they are. Appends are encoded straight into one reusable
// buffer and written + fsynced by flush(): one write and one fsync per flush, whatever the number
// of series. A checkpoint rewrites what the head still holds into a new segment (temp file, fsync,
// rename) and deletes the older ones.
import { closeSync, fdatasyncSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { MemSeries } from "./mem-series.ts";
import type { AppendSink } from "./tsdb.ts";
import { fsyncDir } from "./fs-util.ts";
import { WalRecords } from "./wal-records.ts";

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

function writeAll(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

export class Wal implements AppendSink {
  readonly dir: string;
  #segment: number;
  #fd: number;
  readonly #records = new WalRecords();

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
    return this.#records.length;
  }

  seriesCreated(s: MemSeries): void {
    this.#records.series(s.id, s.labels);
  }

  sampleAppended(s: MemSeries, t: number, v: number): void {
    this.#records.sample(s.id, t, v);
  }

  /**
   * Writes everything buffered and syncs it: after it returns, those samples survive a crash.
   * fdatasync, as PostgreSQL's WAL on Linux: it persists the data and the file size (what reading
   * them back needs) without the timestamp-only inode update that fsync adds on every flush.
   */
  flush(): void {
    const buf = this.#records.take();
    if (buf.length === 0) return;
    writeAll(this.#fd, buf);
    fdatasyncSync(this.#fd);
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
    const recs = new WalRecords();
    recs.checkpointMarker();
    for (const s of series) {
      recs.series(s.id, s.labels);
      recs.chunks(s.id, s.allChunks());
    }
    writeAll(fd, recs.take());
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
