// Decoded samples of recently read chunks, so that rules and dashboards reading the same windows
// again (every evaluation interval, every refresh) do not decode the same bytes each time.
// Chunks are immutable once closed; the open chunk is identified by its encoder and its extent
// (count, first and last timestamp), so an appended sample or a reused encoder is never mistaken
// for what was cached. Samples are kept as columns (16 bytes a sample, read in memory order);
// Sample objects are built from them only for readers that ask for objects. Bounded by a total
// sample count, least recently used dropped first.
import type { Sample } from "./types.ts";
import { anyStaleNaN, isStaleNaN } from "./types.ts";
import { decodeColumns } from "./xor-decode.ts";

export interface DecodedChunk {
  readonly count: number;
  readonly minT: number;
  readonly maxT: number;
  /** Timestamps and values of samples [0, count); the arrays may be longer (room to extend). */
  readonly t: Float64Array;
  readonly v: Float64Array;
  /** Some sample is a stale marker. */
  readonly stale: boolean;
}

/** What a decoding is cached for (a closed chunk, an open chunk's encoder): hits read the slot, no lookup. */
export interface DecodeSlot {
  decoded?: DecodedChunk | undefined;
}

interface Entry extends DecodedChunk {
  count: number;
  maxT: number;
  t: Float64Array;
  v: Float64Array;
  stale: boolean;
  /** The samples as objects, built on first request (shared: callers must not modify them). */
  objects: Sample[] | undefined;
  /** Recency stamp: a hit sets it, eviction drops the smallest first. */
  used: number;
}

/** Room for an open chunk's later samples, so that extending it rarely reallocates. */
const OPEN_CAPACITY = 128;

export class DecodedChunks {
  readonly maxSamples: number;
  #total = 0;
  #clock = 0;
  /** Every cached decoding by its slot, for eviction (hits go through the slot itself). */
  readonly #entries = new Map<DecodeSlot, Entry>();
  hits = 0;
  misses = 0;

  constructor(maxSamples: number) {
    this.maxSamples = maxSamples;
  }

  get size(): number {
    return this.#total;
  }

  /** The chunk's decoding (shared: callers must not modify it); `bytes` is asked for only on a miss. */
  entry(key: DecodeSlot, count: number, minT: number, maxT: number, bytes: () => Uint8Array): DecodedChunk {
    const e = key.decoded as Entry | undefined;
    if (e !== undefined) {
      if (e.count === count && e.minT === minT && e.maxT === maxT) {
        e.used = ++this.#clock;
        this.hits++;
        return e;
      }
      this.#drop(key, e);
    }
    this.misses++;
    const size = Math.max(count, OPEN_CAPACITY);
    const t = new Float64Array(size);
    const v = new Float64Array(size);
    decodeColumns(bytes(), count, t, v, 0);
    const fresh: Entry = { count, minT, maxT, t, v, stale: anyStaleNaN(v, 0, count), objects: undefined, used: ++this.#clock };
    if (count > this.maxSamples) return fresh;
    key.decoded = fresh;
    this.#entries.set(key, fresh);
    this.#total += count;
    if (this.#total > this.maxSamples) this.#evict();
    return fresh;
  }

  /** The chunk's samples as objects (shared: callers must not modify them). */
  get(key: DecodeSlot, count: number, minT: number, maxT: number, bytes: () => Uint8Array): readonly Sample[] {
    return objectsOf(this.entry(key, count, minT, maxT, bytes));
  }

  /**
   * A sample appended to the open chunk `key` that held `count` samples before: extends the cached
   * decoding in place when it is that chunk's (so the open chunk is not decoded again after each
   * append). True when the entry was extended.
   */
  extend(key: DecodeSlot, count: number, minT: number, t: number, v: number): boolean {
    const e = key.decoded as Entry | undefined;
    if (e === undefined) return false;
    if (e.count !== count || e.minT !== minT) {
      this.#drop(key, e);
      return false;
    }
    if (e.t.length === count) {
      const grownT = new Float64Array(count * 2);
      const grownV = new Float64Array(count * 2);
      grownT.set(e.t);
      grownV.set(e.v);
      e.t = grownT;
      e.v = grownV;
    }
    e.t[count] = t;
    e.v[count] = v;
    e.objects?.push({ t, v });
    if (Number.isNaN(v) && isStaleNaN(v)) e.stale = true;
    e.count++;
    e.maxT = t;
    this.#total++;
    if (this.#total > this.maxSamples) this.#evict();
    return true;
  }

  /** The open chunk `from` was closed as `to` (same samples): its decoding, if cached, moves to the new key. */
  rekey(from: DecodeSlot, to: DecodeSlot, count: number, minT: number, maxT: number): void {
    const e = from.decoded as Entry | undefined;
    if (e === undefined) return;
    this.#drop(from, e);
    if (e.count === count && e.minT === minT && e.maxT === maxT) {
      to.decoded = e;
      this.#entries.set(to, e);
      this.#total += e.count;
    }
  }

  #drop(key: DecodeSlot, e: Entry): void {
    this.#entries.delete(key);
    if (key.decoded === e) key.decoded = undefined;
    this.#total -= e.count;
  }

  /** Drops the least recently used entries down to 90% of the bound (so that eviction is not paid on every miss). */
  #evict(): void {
    const byAge = [...this.#entries].sort((a, b) => a[1].used - b[1].used);
    const target = this.maxSamples * 0.9;
    for (const [k, e] of byAge) {
      if (this.#total <= target) break;
      this.#drop(k, e);
    }
  }
}

/** A decoding's samples as objects, built once per entry. */
export function objectsOf(d: DecodedChunk): readonly Sample[] {
  const e = d as Entry;
  if (e.objects === undefined || e.objects.length !== e.count) {
    const out: Sample[] = new Array(e.count);
    for (let i = 0; i < e.count; i++) out[i] = { t: e.t[i] as number, v: e.v[i] as number };
    e.objects = out;
  }
  return e.objects;
}

/** Pushes the samples of sorted `samples` with mint ≤ t ≤ maxt onto `out`. */
export function pushRange(samples: readonly Sample[], mint: number, maxt: number, out: Sample[]): void {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((samples[mid] as Sample).t < mint) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < samples.length; i++) {
    const s = samples[i] as Sample;
    if (s.t > maxt) return;
    out.push(s);
  }
}

/**
 * The process's cache of decoded head chunks: 4 million samples (64 MB of columns, plus objects
 * for the readers that ask for them) hold an hour of 5 s samples of 5,000 series — e.g. the
 * capacity rules' [1h] windows over 1,000 servers.
 */
export const decodedChunks = new DecodedChunks(4_000_000);
