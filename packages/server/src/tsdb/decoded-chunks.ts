// Decoded samples of recently read chunks, so that rules and dashboards reading the same windows
// again (every evaluation interval, every refresh) do not decode the same bytes each time.
// Chunks are immutable once closed; the open chunk is identified by its encoder and its extent
// (count, first and last timestamp), so an appended sample or a reused encoder is never mistaken
// for what was cached. Bounded by a total sample count, least recently used dropped first.
import type { Sample } from "./types.ts";
import { isStaleNaN } from "./types.ts";
import { decodeChunk } from "./xor-decode.ts";

interface Entry {
  count: number;
  minT: number;
  maxT: number;
  samples: Sample[];
  /** Some sample is a stale marker. */
  stale: boolean;
}

function anyStale(samples: readonly Sample[]): boolean {
  for (let i = 0; i < samples.length; i++) {
    const v = (samples[i] as Sample).v;
    if (Number.isNaN(v) && isStaleNaN(v)) return true;
  }
  return false;
}

export class DecodedChunks {
  readonly maxSamples: number;
  #total = 0;
  /** Insertion order is recency: a hit moves its entry to the end. */
  readonly #entries = new Map<object, Entry>();
  hits = 0;
  misses = 0;

  constructor(maxSamples: number) {
    this.maxSamples = maxSamples;
  }

  get size(): number {
    return this.#total;
  }

  /** The chunk's samples (shared: callers must not modify them); `bytes` is asked for only on a miss. */
  get(key: object, count: number, minT: number, maxT: number, bytes: () => Uint8Array): readonly Sample[] {
    return this.entry(key, count, minT, maxT, bytes).samples;
  }

  /** As get, with whether the chunk holds a stale marker (the entry is shared: callers must not modify it). */
  entry(key: object, count: number, minT: number, maxT: number, bytes: () => Uint8Array): { readonly samples: readonly Sample[]; readonly stale: boolean } {
    const e = this.#entries.get(key);
    if (e !== undefined) {
      this.#entries.delete(key);
      if (e.count === count && e.minT === minT && e.maxT === maxT) {
        this.#entries.set(key, e);
        this.hits++;
        return e;
      }
      this.#total -= e.samples.length;
    }
    this.misses++;
    const samples: Sample[] = [];
    decodeChunk(bytes(), count, samples);
    const fresh: Entry = { count, minT, maxT, samples, stale: anyStale(samples) };
    if (samples.length > this.maxSamples) return fresh;
    this.#entries.set(key, fresh);
    this.#total += samples.length;
    this.#evict();
    return fresh;
  }

  /**
   * A sample appended to the open chunk `key` that held `count` samples before: extends the cached
   * decoding in place when it is that chunk's (so the open chunk is not decoded again after each
   * append). True when the entry was extended.
   */
  extend(key: object, count: number, minT: number, t: number, v: number): boolean {
    const e = this.#entries.get(key);
    if (e === undefined) return false;
    if (e.count !== count || e.minT !== minT || e.samples.length !== count) {
      this.#entries.delete(key);
      this.#total -= e.samples.length;
      return false;
    }
    e.samples.push({ t, v });
    if (Number.isNaN(v) && isStaleNaN(v)) e.stale = true;
    e.count++;
    e.maxT = t;
    this.#total++;
    this.#evict();
    return true;
  }

  /** The open chunk `from` was closed as `to` (same samples): its decoding, if cached, moves to the new key. */
  rekey(from: object, to: object, count: number, minT: number, maxT: number): void {
    const e = this.#entries.get(from);
    if (e === undefined) return;
    this.#entries.delete(from);
    if (e.count === count && e.minT === minT && e.maxT === maxT) this.#entries.set(to, e);
    else this.#total -= e.samples.length;
  }

  #evict(): void {
    for (const [k, old] of this.#entries) {
      if (this.#total <= this.maxSamples) break;
      this.#entries.delete(k);
      this.#total -= old.samples.length;
    }
  }
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
 * The process's cache of decoded head chunks: 4 million samples (about 200 MB) hold an hour of
 * 5 s samples of 5,000 series — e.g. the capacity rules' [1h] windows over 1,000 servers.
 */
export const decodedChunks = new DecodedChunks(4_000_000);
