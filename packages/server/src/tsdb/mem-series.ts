// One series in the head: closed compressed chunks plus the open one being appended to.
// Chunks are cut at 120 samples and at block-range boundaries, so a block takes whole chunks.
import type { Labels, Sample } from "./types.ts";
import { sameBits } from "./float-bits.ts";
import { decodedChunks, pushRange } from "./decoded-chunks.ts";
import { ChunkEncoder, MAX_CHUNK_SAMPLES } from "./xor-chunk.ts";

export interface ClosedChunk {
  bytes: Uint8Array;
  count: number;
  minT: number;
  maxT: number;
}

export type AppendResult = "ok" | "duplicate" | "out-of-order" | "conflict";

export class MemSeries {
  readonly id: number;
  readonly labels: Labels;
  readonly key: string;
  chunks: ClosedChunk[] = [];
  #open: ChunkEncoder | null = null;
  /** The encoder of the last closed chunk, reused for the next one (keeps its grown buffer). */
  #spare: ChunkEncoder | null = null;
  #openEnd = 0;
  /** The open chunk was read through the decoded-chunk cache: appends extend that decoding. */
  #openCached = false;
  lastT = -Infinity;
  #lastV = 0;
  /** Set when the head dropped this series (caches holding it must look it up again). */
  dropped = false;
  /** The last append batch that carried this series (staleness, see scrape-cache.ts). */
  seenStamp = 0;

  constructor(id: number, labels: Labels, key: string) {
    this.id = id;
    this.labels = labels;
    this.key = key;
  }

  /**
   * Appends one sample in time order. A repeated timestamp with the same bits is a silent
   * duplicate; with different bits a conflict; an older timestamp is out of order.
   * `blockRange` cuts chunks at multiples of it.
   */
  append(t: number, v: number, blockRange: number): AppendResult {
    if (t <= this.lastT) {
      if (t === this.lastT) return sameBits(v, this.#lastV) ? "duplicate" : "conflict";
      return "out-of-order";
    }
    let open = this.#open;
    if (open !== null && (open.count >= MAX_CHUNK_SAMPLES || t >= this.#openEnd)) {
      this.#close(open);
      open = null;
    }
    if (open === null) {
      open = this.#spare ?? new ChunkEncoder();
      this.#spare = null;
      open.reset();
      this.#open = open;
      this.#openEnd = (Math.floor(t / blockRange) + 1) * blockRange;
    }
    const before = open.count;
    const minT = open.minT;
    open.append(t, v);
    if (this.#openCached) this.#openCached = before > 0 && decodedChunks.extend(open, before, minT, t, v);
    this.lastT = t;
    this.#lastV = v;
    return "ok";
  }

  #close(open: ChunkEncoder): void {
    const closed = { bytes: open.bytes(), count: open.count, minT: open.minT, maxT: open.maxT };
    this.chunks.push(closed);
    if (this.#openCached) decodedChunks.rekey(open, closed, closed.count, closed.minT, closed.maxT);
    this.#openCached = false;
    this.#open = null;
    this.#spare = open;
  }

  get minT(): number {
    const c = this.chunks[0];
    if (c) return c.minT;
    return this.#open ? this.#open.minT : Infinity;
  }

  /** Closed chunks plus a snapshot of the open one. */
  allChunks(): ClosedChunk[] {
    const o = this.#open;
    if (o === null || o.count === 0) return this.chunks;
    return [...this.chunks, { bytes: o.bytes(), count: o.count, minT: o.minT, maxT: o.maxT }];
  }

  /** Number of samples in [mint, maxt], counting whole overlapping chunks (an upper bound). */
  countUpperBound(mint: number, maxt: number): number {
    let n = 0;
    for (const c of this.chunks) if (c.maxT >= mint && c.minT <= maxt) n += c.count;
    const o = this.#open;
    if (o !== null && o.count > 0 && o.maxT >= mint && o.minT <= maxt) n += o.count;
    return n;
  }

  /** Samples in [mint, maxt]; decoded through the shared cache (decoded-chunks.ts), the sample objects shared with other reads. */
  samples(mint: number, maxt: number, out: Sample[] = []): Sample[] {
    this.samplesInto(mint, maxt, out);
    return out;
  }

  /** Pushes the samples in [mint, maxt] onto `out`; true when none of the chunks read holds a stale marker. */
  samplesInto(mint: number, maxt: number, out: Sample[]): boolean {
    let stale = false;
    for (const c of this.chunks) {
      if (c.maxT >= mint && c.minT <= maxt) {
        const e = decodedChunks.entry(c, c.count, c.minT, c.maxT, () => c.bytes);
        if (e.stale) stale = true;
        pushRange(e.samples, mint, maxt, out);
      }
    }
    const o = this.#open;
    if (o !== null && o.count > 0 && o.maxT >= mint && o.minT <= maxt) {
      const e = decodedChunks.entry(o, o.count, o.minT, o.maxT, () => o.bytes());
      if (e.stale) stale = true;
      pushRange(e.samples, mint, maxt, out);
      this.#openCached = true;
    }
    return !stale;
  }

  /** The newest sample when it lies in [mint, maxt] and is still held here (not truncated away); no decoding. */
  latestIn(mint: number, maxt: number): Sample | undefined {
    const t = this.lastT;
    if (t < mint || t > maxt) return undefined;
    const o = this.#open;
    const newest = o !== null && o.count > 0 ? o.maxT : this.chunks[this.chunks.length - 1]?.maxT;
    return newest === t ? { t, v: this.#lastV } : undefined;
  }

  hasSamplesIn(mint: number, maxt: number): boolean {
    // Not through allChunks(): that copies the open chunk's bytes, and selects ask every candidate.
    // Newest first (reads are mostly of recent windows); chunks are in time order and disjoint.
    const o = this.#open;
    if (o !== null && o.count > 0 && o.maxT >= mint && o.minT <= maxt) return true;
    const chunks = this.chunks;
    for (let i = chunks.length - 1; i >= 0; i--) {
      const c = chunks[i] as ClosedChunk;
      if (c.maxT < mint) return false;
      if (c.minT <= maxt) return true;
    }
    return false;
  }

  /** Removes and returns the chunks entirely before `before` (the open one is closed if it qualifies). */
  takeChunksBefore(before: number): ClosedChunk[] {
    const o = this.#open;
    if (o !== null && o.count > 0 && o.maxT < before && this.#openEnd <= before) this.#close(o);
    const taken: ClosedChunk[] = [];
    while (this.chunks.length > 0 && this.chunks[0]!.maxT < before) taken.push(this.chunks.shift()!);
    return taken;
  }

  /** Compressed bytes held (closed chunks + the open chunk). */
  get chunkBytes(): number {
    let n = this.#open ? this.#open.byteLength : 0;
    for (const c of this.chunks) n += c.bytes.length;
    return n;
  }

  get empty(): boolean {
    return this.chunks.length === 0 && (this.#open === null || this.#open.count === 0);
  }
}
