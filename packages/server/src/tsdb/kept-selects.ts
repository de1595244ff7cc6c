// Selects the head hands out again, unchanged, while their data stands: rules evaluated at
// different times between two collections read the same newest samples and the same windows.
// Per matcher set the last newest-sample select (instant selectors) and the last columns select
// (range selectors of instant queries) are kept; a select is valid while no sample has been stored
// (the head's data generation) for windows that only move forward. After appends, a columns copy
// grows by the new samples in place (kept-columns.ts) instead of being rebuilt. Kept copies share
// a bounded room.
import { ColumnArena } from "./column-arena.ts";
import { type Growth, growInPlace, growthOf, layOut, type Slot } from "./kept-columns.ts";
import type { MemSeries } from "./mem-series.ts";
import type { TsdbStats } from "./tsdb-stats.ts";
import type { Sample, Series } from "./types.ts";
import { isStaleNaN } from "./types.ts";

/** A kept columns select starts this much before the window asked for (see columnsFrom). */
const KEPT_COLUMNS_MARGIN_MS = 60_000;

/**
 * Room for kept columns selects, all matcher sets together (samples; 16 bytes each, their room
 * to grow included): the rules' selectors fit many times over; when full, the others are dropped.
 */
const KEPT_COLUMNS_MAX_SAMPLES = 8_000_000;

/** The head's generations: of stored data (every sample, every truncation) and of truncations. */
export interface Generations {
  data: number;
  trunc: number;
}

/** What is kept for one matcher set (the head's memo entry carries these). */
export interface KeptSlots {
  newest: KeptNewest | undefined;
  columns: KeptColumns | undefined;
}

interface KeptNewest {
  gen: number;
  mint: number;
  maxt: number;
  /** The oldest sample handed out: a later window must still hold it. */
  oldest: number;
  out: Series[];
}

interface KeptColumns {
  gen: number;
  /** The truncation generation when built: a truncation means building anew. */
  truncGen: number;
  mint: number;
  out: Series[];
  /** Per matched series (same index), its slot. */
  slots: (Slot | undefined)[];
  /** Where the slots live (its capacity is the room the select holds). */
  arena: ColumnArena;
}

export class KeptSelects {
  /** Samples of room held by kept columns copies (their room to grow included). */
  #room = 0;
  readonly #max: number;
  /** Where an extension reads the samples stored since (a few per series). */
  readonly #scratch = new ColumnArena(1 << 12);
  readonly #stats: Pick<TsdbStats, "keptSelectsBuilt" | "keptSelectsExtended">;

  constructor(maxSamples = KEPT_COLUMNS_MAX_SAMPLES, stats = { keptSelectsBuilt: 0, keptSelectsExtended: 0 }) {
    this.#max = maxSamples;
    this.#stats = stats;
  }

  /** The head dropped every matcher set's slots. */
  forgetRoom(): void {
    this.#room = 0;
  }

  /** One matcher set's series changed: what it kept is dropped. */
  forget(entry: KeptSlots): void {
    const c = entry.columns;
    if (c !== undefined) this.#room -= c.arena.capacity;
    entry.columns = undefined;
    entry.newest = undefined;
  }

  /**
   * Columns selects (range selectors of instant queries, i.e. rules): each matched series' samples
   * from `mint` on, to the newest, kept while no sample is stored and later selects start no
   * earlier. The columns may extend past the asked window (SelectHints.columns); every rule
   * reading this selector between two collections shares one copy. Undefined when over `limit`.
   */
  columnsFrom(entry: KeptSlots, series: readonly MemSeries[], gens: Generations, mint: number, limit: number | undefined, all: Iterable<KeptSlots>): Series[] | undefined {
    const c = entry.columns;
    if (c !== undefined && c.gen === gens.data && mint >= c.mint) return c.out;
    // From a little earlier: rules slotted at different offsets may ask in any order within it.
    const from = mint - KEPT_COLUMNS_MARGIN_MS;
    // After appends only, with a window that moved forward, the kept select grows by the new samples
    // (kept-columns.ts) instead of walking every chunk again.
    const extend = c !== undefined && c.gen !== gens.data && c.truncGen === gens.trunc && from >= c.mint;
    let growth: Growth[];
    let fits = false;
    if (extend) {
      this.#scratch.reset();
      const g = growthOf(c.slots, series, from, this.#scratch);
      // Over the select's sample budget, or too big to keep: the plain path reads (and refuses) it.
      if ((limit !== undefined && g.count > limit) || g.count > this.#max / 4) return undefined;
      growth = g.growth;
      fits = g.fits;
    } else {
      let n = 0;
      for (const s of series) if (s.hasSamplesIn(from, Number.POSITIVE_INFINITY)) n += s.countUpperBound(from, Number.POSITIVE_INFINITY);
      if ((limit !== undefined && n > limit) || n > this.#max / 4) return undefined;
      const read = new ColumnArena(Math.max(n, 1));
      growth = series.map((s) => ({ slot: undefined, keepFrom: 0, added: s.columnsIn(from, Number.POSITIVE_INFINITY, read), one: false, oneT: 0, oneV: 0 }));
    }
    const out: Series[] = [];
    if (fits && c !== undefined) {
      growInPlace(growth, series, out);
      this.#stats.keptSelectsExtended++;
      entry.columns = { ...c, gen: gens.data, mint: from, out };
      return out;
    }
    const laid = layOut(growth, series, out);
    if (c !== undefined) this.#room -= c.arena.capacity;
    entry.columns = undefined;
    if (this.#room + laid.arena.capacity > this.#max) this.#dropAll(all);
    this.#room += laid.arena.capacity;
    if (extend) this.#stats.keptSelectsExtended++;
    else this.#stats.keptSelectsBuilt++;
    entry.columns = { gen: gens.data, truncGen: gens.trunc, mint: from, out, slots: laid.slots, arena: laid.arena };
    return out;
  }

  #dropAll(all: Iterable<KeptSlots>): void {
    for (const e of all) e.columns = undefined;
    this.#room = 0;
  }

  /**
   * Each matched series' newest sample in [mint, maxt]. Kept while no sample was stored since, for
   * windows that only move forward as long as no kept sample falls out of them: rules evaluated
   * at different times between two collections select the same newest samples (shared: read only).
   */
  newestSamples(entry: KeptSlots, matched: readonly MemSeries[], gen: number, mint: number, maxt: number): Series[] {
    const c = entry.newest;
    if (c !== undefined && c.gen === gen && mint >= c.mint && maxt >= c.maxt && c.oldest >= mint) return c.out;
    const out: Series[] = [];
    let oldest = Infinity;
    let beyond = false;
    for (let i = 0; i < matched.length; i++) {
      const s = matched[i] as MemSeries;
      if (s.lastT > maxt) beyond = true;
      // the newest sample held as the last one needs neither a chunk scan nor decoding
      const l = s.latestIn(mint, maxt);
      const samples = l !== undefined ? [l] : s.hasSamplesIn(mint, maxt) ? s.newestIn(mint, maxt) : [];
      if (samples.length === 0) continue;
      out.push({ labels: s.labels, samples, staleFree: !isStaleNaN((samples[0] as Sample).v) });
      oldest = Math.min(oldest, (samples[0] as Sample).t);
    }
    // A series with samples after the window would enter a later one: not kept.
    entry.newest = beyond ? undefined : { gen, mint, maxt, oldest, out };
    return out;
  }
}
