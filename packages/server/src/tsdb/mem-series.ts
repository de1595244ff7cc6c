// One series in the head: closed compressed chunks plus the open one being appended to.
// Chunks are cut at 120 samples and at block-range boundaries, so a block takes whole chunks.
import type { Labels, Sample, SampleColumns } from "./types.ts";
import { searchTime } from "./types.ts";
import type { ColumnArena } from "./column-arena.ts";
import { sameBits } from "./float-bits.ts";
import { type DecodedChunk, type DecodeSlot, decodedChunks, objectsOf, pushRange } from "./decoded-chunks.ts";
import { ChunkEncoder, MAX_CHUNK_SAMPLES } from "./xor-chunk.ts";

export interface ClosedChunk extends DecodeSlot {
  bytes: Uint8Array;
  count: number;
  minT: number;
  maxT: number;
}

export type AppendResult = "ok" | "duplicate" | "out-of-order" | "conflict";

/** The chunks columnsIn reads (reused: it runs to completion before it is called again). */
const scratchParts: DecodedChunk[] = [];

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
  /** The sample before the newest one's timestamp: with lastT, tells whether exactly one sample came after a time. */
  prevT = -Infinity;
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
    this.prevT = this.lastT;
    this.lastT = t;
    this.#lastV = v;
    return "ok";
  }

  #close(open: ChunkEncoder): void {
    const closed: ClosedChunk = { bytes: open.bytes(), count: open.count, minT: open.minT, maxT: open.maxT, decoded: undefined };
    this.chunks.push(closed);
    if (this.#openCached) decodedChunks.rekey(open, closed, closed.count, closed.minT, closed.maxT);
    this.#openCached = false;
    this.#open = null;
    this.#spare = open;
  }

  /** The newest sample's value (with lastT). */
  get lastV(): number {
    return this.#lastV;
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
    const chunks = this.chunks;
    for (let i = this.#firstOverlapping(mint); i < chunks.length; i++) {
      const c = chunks[i] as ClosedChunk;
      if (c.minT > maxt) break;
      n += c.count;
    }
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
    const chunks = this.chunks;
    for (let i = this.#firstOverlapping(mint); i < chunks.length; i++) {
      const c = chunks[i] as ClosedChunk;
      if (c.minT > maxt) break;
      const e = decodedChunks.entry(c, c.count, c.minT, c.maxT, () => c.bytes);
      if (e.stale) stale = true;
      pushRange(objectsOf(e), mint, maxt, out);
    }
    const e = this.#openDecoded(mint, maxt);
    if (e !== undefined) {
      if (e.stale) stale = true;
      pushRange(objectsOf(e), mint, maxt, out);
    }
    return !stale;
  }

  /**
   * The samples in [mint, maxt] as columns (a view into the decoded-chunk cache when the window lies
   * in one chunk, else a copy in `arena`): read only. Undefined when there are none.
   */
  columnsIn(mint: number, maxt: number, arena: ColumnArena): SampleColumns | undefined {
    const parts = scratchParts;
    parts.length = 0;
    const chunks = this.chunks;
    for (let i = this.#firstOverlapping(mint); i < chunks.length; i++) {
      const c = chunks[i] as ClosedChunk;
      if (c.minT > maxt) break;
      parts.push(decodedChunks.entry(c, c.count, c.minT, c.maxT, () => c.bytes));
    }
    const open = this.#openDecoded(mint, maxt);
    if (open !== undefined) parts.push(open);
    if (parts.length === 0) return undefined;
    // Chunks are disjoint and in time order: only the first and the last can stick out of the window.
    const first = parts[0] as DecodedChunk;
    const last = parts[parts.length - 1] as DecodedChunk;
    const from = first.minT >= mint ? 0 : searchTime(first.t, first.count, mint);
    const to = last.maxT <= maxt ? last.count : searchTime(last.t, last.count, maxt, true);
    let staleFree = true;
    for (const e of parts) if (e.stale) staleFree = false;
    if (parts.length === 1) return from < to ? { t: first.t.subarray(from, to), v: first.v.subarray(from, to), staleFree } : undefined;
    let n = first.count - from + to;
    for (let i = 1; i < parts.length - 1; i++) n += (parts[i] as DecodedChunk).count;
    if (n === 0) return undefined;
    const { t, v } = arena.take(n);
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      const e = parts[i] as DecodedChunk;
      const a = i === 0 ? from : 0;
      const b = i === parts.length - 1 ? to : e.count;
      // Element by element: typed-array element copies keep NaN payloads (the stale marker) intact.
      const et = e.t;
      const ev = e.v;
      for (let k = a; k < b; k++, at++) {
        t[at] = et[k] as number;
        v[at] = ev[k] as number;
      }
    }
    return { t, v, staleFree };
  }

  /**
   * Index of the first closed chunk that ends at or after `mint`, searched from the newest: reads are
   * mostly of recent windows, and every chunk looked at is a pointer chase through a large heap.
   */
  #firstOverlapping(mint: number): number {
    const chunks = this.chunks;
    let i = chunks.length;
    while (i > 0 && (chunks[i - 1] as ClosedChunk).maxT >= mint) i--;
    return i;
  }

  /** The open chunk's decoding when it overlaps [mint, maxt] (later appends extend it in the cache). */
  #openDecoded(mint: number, maxt: number): DecodedChunk | undefined {
    const o = this.#open;
    if (o === null || o.count === 0 || o.maxT < mint || o.minT > maxt) return undefined;
    this.#openCached = true;
    return decodedChunks.entry(o, o.count, o.minT, o.maxT, () => o.bytes());
  }

  /** The newest sample when it lies in [mint, maxt] and is still held here (not truncated away); no decoding. */
  latestIn(mint: number, maxt: number): Sample | undefined {
    const t = this.lastT;
    if (t < mint || t > maxt) return undefined;
    const o = this.#open;
    const newest = o !== null && o.count > 0 ? o.maxT : this.chunks[this.chunks.length - 1]?.maxT;
    return newest === t ? { t, v: this.#lastV } : undefined;
  }

  /** The newest sample in [mint, maxt], as a one-element array (decoding only when it is no longer held as the last). */
  newestIn(mint: number, maxt: number): Sample[] {
    const l = this.latestIn(mint, maxt);
    if (l) return [l];
    const all = this.samples(mint, maxt);
    return all.length > 0 ? [all[all.length - 1] as Sample] : [];
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
