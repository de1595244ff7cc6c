// Selects the head hands out again, unchanged, while their data stands: rules evaluated at
// different times between two collections read the same newest samples and the same windows.
// Per matcher set the last newest-sample select (instant selectors) and the last columns select
// (range selectors of instant queries) are kept; a select is valid while no sample has been stored
// (the head's data generation) for windows that only move forward. After appends, a columns copy
// is extended by the new samples instead of rebuilt. Kept copies share a bounded room.
import { ColumnArena } from "./column-arena.ts";
import { ColumnSeries } from "./column-series.ts";
import type { MemSeries } from "./mem-series.ts";
import type { TsdbStats } from "./tsdb-stats.ts";
import type { Sample, SampleColumns, Series } from "./types.ts";
import { anyStaleNaN, isStaleNaN, searchTime } from "./types.ts";

/** A kept columns select starts this much before the window asked for (see columnsFrom). */
const KEPT_COLUMNS_MARGIN_MS = 60_000;

/**
 * Room for kept columns selects, all matcher sets together (samples; 16 bytes each, the spare
 * copies included): the rules' selectors fit many times over; when full, the others are dropped.
 */
const KEPT_COLUMNS_MAX_SAMPLES = 8_000_000;

/** A kept series' columns extended: the part of the last copy still in the window, then the samples stored since. */
interface Extension {
  kept: SampleColumns | undefined;
  added: SampleColumns | undefined;
}

/** `kept` then `added` (either may be absent), copied into `arena` (whole-array copies keep NaN payloads). */
function joined(kept: SampleColumns | undefined, added: SampleColumns | undefined, arena: ColumnArena): SampleColumns {
  const k = kept?.t.length ?? 0;
  const out = arena.take(k + (added?.t.length ?? 0));
  if (kept !== undefined) {
    out.t.set(kept.t);
    out.v.set(kept.v);
  }
  if (added !== undefined) {
    out.t.set(added.t, k);
    out.v.set(added.v, k);
  }
  return { t: out.t, v: out.v, staleFree: (kept?.staleFree ?? true) && (added?.staleFree ?? true) };
}

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
  /** Per matched series (same index), its columns in `out`. */
  bySeries: (SampleColumns | undefined)[];
  /** Where `out` lives, and the room of the select before it (reused by the next one). */
  arena: ColumnArena;
  spare: ColumnArena | undefined;
}

export class KeptSelects {
  /** Samples of room held by kept columns copies and their spares. */
  #room = 0;
  readonly #max: number;
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
    if (c !== undefined) this.#room -= c.arena.capacity + (c.spare?.capacity ?? 0);
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
    // After appends only, with a window that moved forward, the last copy is extended (its tail
    // copied, the new samples added) instead of walking every chunk again. No query can still be
    // reading the copy before it (queries run to completion between appends): its room is reused.
    const extend = c !== undefined && c.gen !== gens.data && c.truncGen === gens.trunc && from >= c.mint;
    const parts: (Extension | undefined)[] = new Array(series.length);
    const scratch = extend ? new ColumnArena(series.length * 4) : undefined;
    let n = 0;
    for (let i = 0; i < series.length; i++) {
      const s = series[i] as MemSeries;
      if (extend) {
        const old = c.bySeries[i];
        const lastOld = old !== undefined && old.t.length > 0 ? (old.t[old.t.length - 1] as number) : -Infinity;
        const a = old === undefined ? 0 : searchTime(old.t, old.t.length, from);
        const added = s.lastT > lastOld ? s.columnsIn(Math.max(from, lastOld + 1), Infinity, scratch as ColumnArena) : undefined;
        const count = (old === undefined ? 0 : old.t.length - a) + (added === undefined ? 0 : added.t.length);
        const keptV = old?.v.subarray(a);
        const kept = old === undefined || keptV === undefined ? undefined : { t: old.t.subarray(a), v: keptV, staleFree: old.staleFree || !anyStaleNaN(keptV) };
        parts[i] = count === 0 ? undefined : { kept, added };
        n += count;
      } else if (s.hasSamplesIn(from, Infinity)) n += s.countUpperBound(from, Infinity);
    }
    // Over the select's sample budget, or too big to keep: the plain path reads (and refuses) it.
    if ((limit !== undefined && n > limit) || n > this.#max / 4) return undefined;
    // Its own room, not the reader's arena: the result outlives the query.
    let arena = extend ? c.spare : undefined;
    if (arena === undefined || arena.capacity < n) arena = new ColumnArena(Math.ceil(n * 1.25));
    arena.reset();
    if (c !== undefined) this.#room -= c.arena.capacity + (c.spare?.capacity ?? 0);
    entry.columns = undefined;
    const room = arena.capacity + (extend ? c.arena.capacity : 0);
    if (this.#room + room > this.#max) this.#dropAll(all);
    this.#room += room;
    const out: Series[] = [];
    const bySeries: (SampleColumns | undefined)[] = new Array(series.length);
    for (let i = 0; i < series.length; i++) {
      const s = series[i] as MemSeries;
      let columns: SampleColumns | undefined;
      if (extend) {
        const p = parts[i];
        if (p !== undefined) columns = joined(p.kept, p.added, arena);
      } else columns = s.columnsIn(from, Infinity, arena);
      bySeries[i] = columns;
      if (columns !== undefined) out.push(new ColumnSeries(s.labels, columns));
    }
    if (extend) this.#stats.keptSelectsExtended++;
    else this.#stats.keptSelectsBuilt++;
    entry.columns = { gen: gens.data, truncGen: gens.trunc, mint: from, out, bySeries, arena, spare: extend ? c.arena : undefined };
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
