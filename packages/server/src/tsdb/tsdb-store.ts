// The persistent store: blocks on disk + the in-memory head backed by a write-ahead log.
//   <data>/wal/00000001…   WAL segments (see wal.ts)
//   <data>/blocks/*.block  immutable compressed blocks (see block.ts)
// flush() makes everything appended so far durable, cuts blocks from the head once it spans
// 1.5 block ranges (then checkpoints the WAL) and applies retention.
import { mkdirSync, readdirSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Appender } from "../collect/appender.ts";
import type { Block } from "./block.ts";
import type { AppendBatch } from "./tsdb.ts";
import type { TsdbStats } from "./tsdb-stats.ts";
import type { LabelMatcher, Labels, Querier, SelectHints, Series } from "./types.ts";
import { readBlock, writeBlock } from "./block.ts";
import { fsyncDir } from "./fs-util.ts";
import { canonicalLabels } from "./labels.ts";
import { mergedLabelNames, mergedLabelValues, mergedSelect } from "./merge-querier.ts";
import { MemoryTsdb } from "./tsdb.ts";
import { emptyStats } from "./tsdb-stats.ts";
import { Wal } from "./wal.ts";
import { replayWal } from "./wal-replay.ts";

export interface TsdbClock {
  now(): number;
}

export interface TsdbOptions {
  dir: string;
  clock: TsdbClock;
  blockRangeMs?: number;
  /** Blocks whose newest sample is older than now − this are deleted (0 / absent: keep). */
  retentionTimeMs?: number;
  /** Oldest blocks are deleted while blocks + WAL exceed this many bytes (0 / absent: no limit). */
  retentionBytes?: number;
  warn?: (message: string) => void;
}

export class Tsdb implements Appender, Querier {
  /** Selects return series in label order (head and merged reads both sort). */
  readonly sortedSeries = true;
  readonly dir: string;
  readonly #mem: MemoryTsdb;
  readonly #wal: Wal;
  readonly #blocksDir: string;
  readonly #opts: TsdbOptions;
  #blocks: Block[];
  #closed = false;
  blocksDeleted = 0;

  private constructor(opts: TsdbOptions, mem: MemoryTsdb, wal: Wal, blocks: Block[]) {
    this.dir = opts.dir;
    this.#opts = opts;
    this.#mem = mem;
    this.#wal = wal;
    this.#blocks = blocks;
    this.#blocksDir = join(opts.dir, "blocks");
  }

  /** Opens (creating) the store in `dir`: verifies every block, replays the WAL. */
  static open(opts: TsdbOptions): Tsdb {
    const warn = opts.warn ?? (() => {});
    const walDir = join(opts.dir, "wal");
    const blocksDir = join(opts.dir, "blocks");
    mkdirSync(walDir, { recursive: true });
    mkdirSync(blocksDir, { recursive: true });
    for (const f of readdirSync(blocksDir)) if (f.endsWith(".tmp")) unlinkSync(join(blocksDir, f));
    const blocks = readdirSync(blocksDir)
      .filter((f) => f.endsWith(".block"))
      .map((f) => readBlock(join(blocksDir, f)))
      .sort((a, b) => a.mint - b.mint);
    const mem = new MemoryTsdb(opts.blockRangeMs === undefined ? {} : { blockRangeMs: opts.blockRangeMs });
    const head = mem.head;
    if (blocks.length > 0) head.minValidTime = blocks[blocks.length - 1]!.maxt;
    const byWalId = new Map<number, ReturnType<typeof head.getOrCreate>["series"]>();
    const last = replayWal(
      walDir,
      {
        series: (id, labels) => byWalId.set(id, head.getOrCreate(canonicalLabels(labels), id).series),
        sample: (id, t, v) => {
          const s = byWalId.get(id);
          if (s) head.append(s, t, v);
        },
      },
      warn,
    );
    Object.assign(head.stats, emptyStats());
    const wal = new Wal(walDir, last);
    mem.sink = wal;
    return new Tsdb(opts, mem, wal, blocks);
  }

  get stats(): TsdbStats {
    return this.#mem.stats;
  }

  get numHeadSeries(): number {
    return this.#mem.head.numSeries;
  }

  /** Compressed chunk bytes held by the head (closed + open chunks). */
  headChunkBytes(): number {
    let n = 0;
    for (const s of this.#mem.head.series()) n += s.chunkBytes;
    return n;
  }

  get blocks(): readonly Block[] {
    return this.#blocks;
  }

  append(batch: AppendBatch): void {
    if (this.#closed) return;
    this.#mem.append(batch);
  }

  appendSample(labels: Labels, t: number, v: number): boolean {
    return this.#mem.appendSample(labels, t, v);
  }

  /** Makes every appended sample durable, then compacts and applies retention. */
  flush(): void {
    if (this.#closed) return;
    this.#wal.flush();
    this.#compact();
    this.#retain();
  }

  #compact(): void {
    const head = this.#mem.head;
    const range = head.blockRangeMs;
    let cut = false;
    for (;;) {
      // the bound answers "not yet" for almost every flush without scanning every series
      const bound = head.minTLowerBound;
      if (!Number.isFinite(bound) || head.maxT - Math.floor(bound / range) * range < range * 1.5) break;
      const minT = head.minT;
      if (!Number.isFinite(minT)) break;
      const start = Math.floor(minT / range) * range;
      if (head.maxT - start < range * 1.5) break;
      const data = this.#mem.truncateBefore(start + range);
      if (data.length > 0) this.#blocks.push(writeBlock(this.#blocksDir, data));
      cut = true;
    }
    if (cut) this.#wal.checkpoint(head.series());
  }

  #retain(): void {
    const { retentionTimeMs, retentionBytes } = this.#opts;
    const keep: Block[] = [];
    const cutoff = retentionTimeMs ? this.#opts.clock.now() - retentionTimeMs : -Infinity;
    let drop: Block[] = [];
    for (const b of this.#blocks) (b.maxt < cutoff ? drop : keep).push(b);
    if (retentionBytes) {
      let total = this.walBytes() + keep.reduce((n, b) => n + b.bytes, 0);
      while (keep.length > 0 && total > retentionBytes) {
        const b = keep.shift()!;
        total -= b.bytes;
        drop = [...drop, b];
      }
    }
    if (drop.length === 0) return;
    for (const b of drop) unlinkSync(b.file);
    fsyncDir(this.#blocksDir);
    this.blocksDeleted += drop.length;
    this.#blocks = keep;
  }

  walBytes(): number {
    const walDir = join(this.dir, "wal");
    let n = 0;
    for (const f of readdirSync(walDir)) n += statSync(join(walDir, f)).size;
    return n;
  }

  /** Bytes on disk: blocks + WAL. */
  diskBytes(): number {
    return this.walBytes() + this.#blocks.reduce((n, b) => n + b.bytes, 0);
  }

  select(matchers: readonly LabelMatcher[], mint: number, maxt: number, hints?: SelectHints): Series[] {
    return mergedSelect(this.#blocks, this.#mem.head, matchers, mint, maxt, hints);
  }

  labelNames(mint: number, maxt: number, matchers: readonly LabelMatcher[] = []): string[] {
    return mergedLabelNames(this.#blocks, this.#mem.head, mint, maxt, matchers);
  }

  labelValues(name: string, mint: number, maxt: number, matchers: readonly LabelMatcher[] = []): string[] {
    return mergedLabelValues(this.#blocks, this.#mem.head, name, mint, maxt, matchers);
  }

  /** Flushes and closes the WAL; later appends are ignored. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#wal.close();
    this.#closed = true;
  }
}
