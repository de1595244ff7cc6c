// The inverted index: label name → value → ids of the series carrying that pair (ascending).
import type { CompiledMatcher } from "./matchers.ts";
import type { Labels } from "./types.ts";

export class Postings {
  readonly #index = new Map<string, Map<string, number[]>>();
  readonly #all: number[] = [];

  /** Ids must be added in ascending order. */
  add(id: number, labels: Labels): void {
    this.#all.push(id);
    for (const name in labels) {
      let values = this.#index.get(name);
      if (!values) {
        values = new Map();
        this.#index.set(name, values);
      }
      const ids = values.get(labels[name]!);
      if (ids) ids.push(id);
      else values.set(labels[name]!, [id]);
    }
  }

  get size(): number {
    return this.#all.length;
  }

  names(): IterableIterator<string> {
    return this.#index.keys();
  }

  values(name: string): IterableIterator<string> {
    return (this.#index.get(name) ?? new Map<string, number[]>()).keys();
  }

  /**
   * Candidate ids for a conjunction of matchers: the narrowest postings list among the
   * matchers that reject the empty string (the caller still checks every matcher).
   */
  candidates(ms: readonly CompiledMatcher[]): readonly number[] {
    let best: readonly number[] | undefined;
    for (const m of ms) {
      if (m.matchesEmpty) continue;
      const values = this.#index.get(m.name);
      if (!values) return [];
      let ids: readonly number[];
      if (m.equals !== undefined) ids = values.get(m.equals) ?? [];
      else {
        const lists: number[][] = [];
        for (const [v, l] of values) if (m.matches(v)) lists.push(l);
        ids = lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => a - b);
      }
      if (best === undefined || ids.length < best.length) best = ids;
      if (best.length === 0) return best;
    }
    return best ?? this.#all;
  }
}
