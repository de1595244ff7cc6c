// Per-source series cache and staleness, as Prometheus's scrape cache: a source (ensemble,
// server) sends the same samples in the same order every cycle, so the series of position i in
// the previous batch is remembered with the raw name and labels it came from. A hit costs a
// comparison of those strings, instead of canonicalising the labels (copy, sort), building the
// series key and a map lookup. The cache also is the previous batch for staleness: a series of
// the previous batch that the current batch did not touch went missing.
import type { MemSeries } from "./mem-series.ts";

interface Entry {
  name: string;
  /** The raw labels as the source gave them: name, value, name, value… in their own order. */
  pairs: string[];
  series: MemSeries;
}

export class SourceCache {
  readonly #entries: (Entry | undefined)[] = [];
  /** Series of the previous batch displaced from the cache in this batch (staleness candidates). */
  readonly #displaced: MemSeries[] = [];

  /** The cached series of position `i` if the source sent the same name and labels there last time. */
  lookup(i: number, name: string, labels: Readonly<Record<string, string>>): MemSeries | undefined {
    const e = this.#entries[i];
    if (e === undefined || e.name !== name || e.series.dropped) return undefined;
    const p = e.pairs;
    let j = 0;
    for (const n in labels) {
      if (p[j] !== n || p[j + 1] !== labels[n]) return undefined;
      j += 2;
    }
    return j === p.length ? e.series : undefined;
  }

  /** Remembers `series` at position `i` (after a miss). */
  store(i: number, name: string, labels: Readonly<Record<string, string>>, series: MemSeries): void {
    const old = this.#entries[i];
    if (old !== undefined && old.series !== series) this.#displaced.push(old.series);
    const pairs: string[] = [];
    for (const n in labels) pairs.push(n, labels[n]!);
    this.#entries[i] = { name, pairs, series };
  }

  /**
   * Ends a batch of `size` samples whose series were marked with `stamp`; returns the series of
   * the previous batch that this one did not carry (still in the head).
   */
  endBatch(size: number, stamp: number): MemSeries[] {
    const gone: MemSeries[] = [];
    const consider = (s: MemSeries) => {
      if (s.seenStamp === stamp || s.dropped) return;
      s.seenStamp = stamp; // once per batch, however often it was displaced
      gone.push(s);
    };
    for (const s of this.#displaced) consider(s);
    this.#displaced.length = 0;
    for (let i = size; i < this.#entries.length; i++) {
      const e = this.#entries[i];
      if (e !== undefined) consider(e.series);
    }
    if (this.#entries.length > size) this.#entries.length = size;
    return gone;
  }
}

export function sourceKey(ensemble: string, server: string): string {
  return `${ensemble.length}:${ensemble}${server}`;
}
