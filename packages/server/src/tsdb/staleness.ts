// Prometheus scrape staleness: a series that one source (ensemble, server) reported in its
// previous batch and not in the current one gets a stale marker at the current batch's time.
import type { MemSeries } from "./mem-series.ts";

export class StalenessTracker {
  readonly #last = new Map<string, Set<MemSeries>>();

  /** Records this batch's series for `source` and returns those that went missing. */
  update(source: string, current: Set<MemSeries>): MemSeries[] {
    const prev = this.#last.get(source);
    this.#last.set(source, current);
    if (!prev) return [];
    const gone: MemSeries[] = [];
    for (const s of prev) if (!current.has(s)) gone.push(s);
    return gone;
  }

  /** Forgets a series (dropped from the head). */
  forget(s: MemSeries): void {
    for (const set of this.#last.values()) set.delete(s);
  }
}

export function sourceKey(ensemble: string, server: string): string {
  return `${ensemble.length}:${ensemble}${server}`;
}
