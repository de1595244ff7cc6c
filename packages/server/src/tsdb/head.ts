// The in-memory head: series by canonical label key, an inverted index, compressed chunks.
import type { CompiledMatcher } from "./matchers.ts";
import type { ClosedChunk } from "./mem-series.ts";
import type { TsdbStats } from "./tsdb-stats.ts";
import type { LabelMatcher, Labels, Querier, Sample, SampleColumns, SelectHints, Series } from "./types.ts";
import { compareLabelSets, labelsKey } from "./labels.ts";
import { compileMatchers, matchesAll } from "./matchers.ts";
import { MemSeries } from "./mem-series.ts";
import { Postings } from "./postings.ts";
import { emptyStats } from "./tsdb-stats.ts";
import { isStaleNaN, SampleLimitError, searchTime } from "./types.ts";
import { ColumnArena } from "./column-arena.ts";
import { ColumnSeries } from "./column-series.ts";
import { MAX_ABS_TIMESTAMP } from "./xor-chunk.ts";

export const DEFAULT_BLOCK_RANGE_MS = 2 * 60 * 60 * 1000;

/** A kept columns select starts this much before the window asked for (see #columnsFrom). */
const KEPT_COLUMNS_MARGIN_MS = 60_000;

/**
 * Room for kept columns selects, all matcher sets together (samples; 16 bytes each, the spare
 * copies included): the rules' selectors fit many times over; when full, the others are dropped.
 */
const KEPT_COLUMNS_MAX_SAMPLES = 8_000_000;

function hasStaleNaN(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (Number.isNaN(x) && isStaleNaN(x)) return true;
  }
  return false;
}

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

/** Most matcher sets whose series Head.matchingSelectors keeps (all dropped when full). */
const MATCHED_MAX = 2048;

export interface HeadOptions {
  /** Chunks are cut at multiples of this (and blocks cover one such range). */
  blockRangeMs?: number;
  /** Room for kept columns selects, samples (default KEPT_COLUMNS_MAX_SAMPLES). */
  keptColumnsMaxSamples?: number;
}

interface Matched {
  compiled: CompiledMatcher[];
  series: MemSeries[];
  /** The last newest-sample select (see #newestSamples). */
  newest: { gen: number; mint: number; maxt: number; oldest: number; out: Series[] } | undefined;
  /** The last columns select (see #columnsFrom). */
  columns: KeptColumns | undefined;
}

interface KeptColumns {
  gen: number;
  /** #truncGen when built: a truncation means building anew. */
  truncGen: number;
  mint: number;
  out: Series[];
  /** Per matched series (same index), its columns in `out`. */
  bySeries: (SampleColumns | undefined)[];
  /** Where `out` lives, and the room of the select before it (reused by the next one). */
  arena: ColumnArena;
  spare: ColumnArena | undefined;
}

export class Head implements Querier {
  /** Selects return series in label order (the matched series are kept sorted). */
  readonly sortedSeries = true;
  readonly blockRangeMs: number;
  readonly stats: TsdbStats = emptyStats();
  /** Samples at or before this time are refused (they belong to persisted blocks). */
  minValidTime = -Infinity;
  #byKey = new Map<string, MemSeries>();
  #byId = new Map<number, MemSeries>();
  #postings = new Postings();
  #nextId = 1;
  /** Bumped whenever the set of series changes (a series created, series dropped): invalidates #matched. */
  #seriesGen = 0;
  /** Series per matcher set (rules and dashboards select the same selectors again and again), valid for #matchedGen. */
  #matched = new Map<string, Matched>();
  #matchedGen = 0;
  /** Bumped by every stored sample and every truncation: a cached newest-sample select is valid while it stands. */
  #dataGen = 0;
  /** Bumped by every truncation (kept selects are then built anew rather than extended). */
  #truncGen = 0;
  /** Samples of room held by kept columns selects (see KEPT_COLUMNS_MAX_SAMPLES). */
  #keptRoom = 0;
  maxT = -Infinity;
  /** ≤ the oldest sample in the head: lowered on append, made exact after a truncation. */
  #minTBound = Infinity;

  readonly #keptMax: number;

  constructor(options: HeadOptions = {}) {
    this.blockRangeMs = options.blockRangeMs ?? DEFAULT_BLOCK_RANGE_MS;
    this.#keptMax = options.keptColumnsMaxSamples ?? KEPT_COLUMNS_MAX_SAMPLES;
  }

  get numSeries(): number {
    return this.#byKey.size;
  }

  series(): IterableIterator<MemSeries> {
    return this.#byKey.values();
  }

  byId(id: number): MemSeries | undefined {
    return this.#byId.get(id);
  }

  /** Finds or creates the series of canonical `labels`; `id` is given when replaying a WAL. */
  getOrCreate(labels: Labels, id?: number): { series: MemSeries; created: boolean } {
    const key = labelsKey(labels);
    const found = this.#byKey.get(key);
    if (found) return { series: found, created: false };
    const sid = id ?? this.#nextId;
    if (sid >= this.#nextId) this.#nextId = sid + 1;
    const s = new MemSeries(sid, labels, key);
    this.#byKey.set(key, s);
    this.#byId.set(sid, s);
    this.#postings.add(sid, labels);
    this.#seriesGen++;
    this.stats.seriesCreated++;
    return { series: s, created: true };
  }

  /** Appends to one series and counts the outcome; true when the sample was stored. */
  append(s: MemSeries, t: number, v: number): boolean {
    if (t <= this.minValidTime || !(t >= -MAX_ABS_TIMESTAMP && t <= MAX_ABS_TIMESTAMP) || !Number.isInteger(t)) {
      this.stats.outOfBounds++;
      return false;
    }
    const r = s.append(t, v, this.blockRangeMs);
    if (r === "ok") {
      this.#dataGen++;
      this.stats.samplesAppended++;
      if (t > this.maxT) this.maxT = t;
      if (t < this.#minTBound) this.#minTBound = t;
      return true;
    }
    if (r === "duplicate") this.stats.duplicatesIgnored++;
    else if (r === "conflict") this.stats.duplicateConflicts++;
    else this.stats.outOfOrder++;
    return false;
  }

  /** The oldest sample's time (a scan over every series). */
  get minT(): number {
    let m = Infinity;
    for (const s of this.#byKey.values()) m = Math.min(m, s.minT);
    return m;
  }

  /** A lower bound of minT without the scan (exact right after a truncation). */
  get minTLowerBound(): number {
    return this.#minTBound;
  }

  /**
   * Removes every chunk that ends before `before` and returns them per series; series left
   * without samples are dropped and the index rebuilt.
   */
  truncateBefore(before: number): { blocks: { labels: Labels; chunks: ClosedChunk[] }[]; dropped: MemSeries[] } {
    const blocks: { labels: Labels; chunks: ClosedChunk[] }[] = [];
    const dropped: MemSeries[] = [];
    for (const s of this.#byKey.values()) {
      const chunks = s.takeChunksBefore(before);
      if (chunks.length > 0) blocks.push({ labels: s.labels, chunks });
      if (s.empty) dropped.push(s);
    }
    this.#dataGen++;
    this.#truncGen++;
    for (const s of dropped) s.dropped = true;
    if (dropped.length > 0) this.#rebuild();
    this.minValidTime = Math.max(this.minValidTime, before - 1);
    this.#minTBound = this.minT;
    return { blocks, dropped };
  }

  #rebuild(): void {
    const keep = [...this.#byKey.values()].filter((s) => !s.empty).sort((a, b) => a.id - b.id);
    this.#byKey = new Map(keep.map((s) => [s.key, s]));
    this.#byId = new Map(keep.map((s) => [s.id, s]));
    this.#postings = new Postings();
    for (const s of keep) this.#postings.add(s.id, s.labels);
    this.#seriesGen++;
  }

  /**
   * Series matching `matchers` (no time restriction) in label order, memoised per matcher set while
   * the set of series is unchanged: the returned array is shared, callers must not modify it. Throws
   * InvalidMatcherError as compileMatchers does (errors are not memoised).
   */
  matchingSelectors(matchers: readonly LabelMatcher[]): MemSeries[] {
    return this.#matchedEntry(matchers).series;
  }

  #matchedEntry(matchers: readonly LabelMatcher[]): Matched {
    if (this.#matchedGen !== this.#seriesGen) {
      this.#matched.clear();
      this.#keptRoom = 0;
      this.#matchedGen = this.#seriesGen;
    }
    let key = "";
    for (const m of matchers) key += `${m.name}\u0000${m.type}\u0000${m.value}\u0001`;
    const hit = this.#matched.get(key);
    if (hit !== undefined) return hit;
    const compiled = compileMatchers(matchers);
    // In label order, as Prometheus's storage returns them (readers then need not sort).
    const series = this.matching(compiled).sort((a, b) => compareLabelSets(a.labels, b.labels));
    if (this.#matched.size >= MATCHED_MAX) {
      this.#matched.clear();
      this.#keptRoom = 0;
    }
    const entry: Matched = { compiled, series, newest: undefined, columns: undefined };
    this.#matched.set(key, entry);
    return entry;
  }

  /** Series matching compiled matchers (no time restriction). */
  matching(ms: readonly CompiledMatcher[]): MemSeries[] {
    const out: MemSeries[] = [];
    for (const id of this.#postings.candidates(ms)) {
      const s = this.#byId.get(id);
      if (s && matchesAll(s.labels, ms)) out.push(s);
    }
    return out;
  }

  select(matchers: readonly LabelMatcher[], mint: number, maxt: number, hints?: SelectHints): Series[] {
    const entry = this.#matchedEntry(matchers);
    const matched = entry.series;
    const limit = hints?.sampleLimit;
    if (hints?.lastOnly) {
      const out = this.#newestSamples(entry, mint, maxt);
      if (limit !== undefined && out.length > limit) throw new SampleLimitError(limit);
      return out;
    }
    if (hints?.columns !== undefined) {
      const kept = this.#columnsFrom(entry, mint, limit);
      if (kept !== undefined) return kept;
    }
    const found = matched.filter((s) => s.hasSamplesIn(mint, maxt));
    if (limit !== undefined) {
      let n = 0;
      for (const s of found) n += s.countUpperBound(mint, maxt);
      if (n > limit) {
        let exact = 0;
        for (const s of found) exact += s.samples(mint, maxt).length;
        if (exact > limit) throw new SampleLimitError(limit);
      }
    }
    const out: Series[] = [];
    const arena = hints?.columns;
    for (let i = 0; i < found.length; i++) {
      const s = found[i] as MemSeries;
      if (arena !== undefined) {
        const columns = s.columnsIn(mint, maxt, arena);
        if (columns !== undefined) out.push(new ColumnSeries(s.labels, columns));
        continue;
      }
      const samples: Sample[] = [];
      const staleFree = s.samplesInto(mint, maxt, samples);
      if (samples.length === 0) continue; // chunks overlap the window, samples do not
      out.push(staleFree ? { labels: s.labels, samples, staleFree } : { labels: s.labels, samples });
    }
    return out;
  }

  /**
   * Columns selects (range selectors of instant queries, i.e. rules): each matched series' samples
   * from `mint` on, to the newest, kept while no sample is stored and later selects start no
   * earlier. The columns may extend past the asked window (SelectHints.columns); every rule
   * reading this selector between two collections shares one copy. Undefined when over `limit`.
   */
  #columnsFrom(entry: Matched, mint: number, limit: number | undefined): Series[] | undefined {
    const c = entry.columns;
    if (c !== undefined && c.gen === this.#dataGen && mint >= c.mint) return c.out;
    // From a little earlier: rules slotted at different offsets may ask in any order within it.
    const from = mint - KEPT_COLUMNS_MARGIN_MS;
    // After appends only, with a window that moved forward, the last copy is extended (its tail
    // copied, the new samples added) instead of walking every chunk again. No query can still be
    // reading the copy before it (queries run to completion between appends): its room is reused.
    const extend = c !== undefined && c.gen !== this.#dataGen && c.truncGen === this.#truncGen && from >= c.mint;
    const series = entry.series;
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
        const kept = old === undefined || keptV === undefined ? undefined : { t: old.t.subarray(a), v: keptV, staleFree: old.staleFree || !hasStaleNaN(keptV) };
        parts[i] = count === 0 ? undefined : { kept, added };
        n += count;
      } else if (s.hasSamplesIn(from, Infinity)) n += s.countUpperBound(from, Infinity);
    }
    // Over the select's sample budget, or too big to keep: the plain path reads (and refuses) it.
    if ((limit !== undefined && n > limit) || n > this.#keptMax / 4) return undefined;
    // Its own room, not the reader's arena: the result outlives the query.
    let arena = extend ? c.spare : undefined;
    if (arena === undefined || arena.capacity < n) arena = new ColumnArena(Math.ceil(n * 1.25));
    arena.reset();
    if (c !== undefined) this.#keptRoom -= c.arena.capacity + (c.spare?.capacity ?? 0);
    entry.columns = undefined;
    const room = arena.capacity + (extend ? c.arena.capacity : 0);
    if (this.#keptRoom + room > this.#keptMax) this.#dropKeptColumns();
    this.#keptRoom += room;
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
    entry.columns = { gen: this.#dataGen, truncGen: this.#truncGen, mint: from, out, bySeries, arena, spare: extend ? c.arena : undefined };
    return out;
  }

  #dropKeptColumns(): void {
    for (const e of this.#matched.values()) e.columns = undefined;
    this.#keptRoom = 0;
  }

  /**
   * Each matched series' newest sample in [mint, maxt]. Kept while no sample was stored since, for
   * windows that only move forward as long as no kept sample falls out of them: rules evaluated
   * at different times between two collections select the same newest samples (shared: read only).
   */
  #newestSamples(entry: Matched, mint: number, maxt: number): Series[] {
    const c = entry.newest;
    if (c !== undefined && c.gen === this.#dataGen && mint >= c.mint && maxt >= c.maxt && c.oldest >= mint) return c.out;
    const out: Series[] = [];
    let oldest = Infinity;
    let beyond = false;
    const matched = entry.series;
    for (let i = 0; i < matched.length; i++) {
      const s = matched[i] as MemSeries;
      if (s.lastT > maxt) beyond = true;
      // the newest sample held as the last one needs neither a chunk scan nor decoding
      const l = s.latestIn(mint, maxt);
      const samples = l !== undefined ? [l] : s.hasSamplesIn(mint, maxt) ? newest(s, mint, maxt) : [];
      if (samples.length === 0) continue;
      out.push({ labels: s.labels, samples, staleFree: !isStaleNaN((samples[0] as Sample).v) });
      oldest = Math.min(oldest, (samples[0] as Sample).t);
    }
    // A series with samples after the window would enter a later one: not kept.
    entry.newest = beyond ? undefined : { gen: this.#dataGen, mint, maxt, oldest, out };
    return out;
  }

  labelNames(mint: number, maxt: number, matchers: readonly LabelMatcher[] = []): string[] {
    const names = new Set<string>();
    for (const s of this.matchingSelectors(matchers)) if (s.hasSamplesIn(mint, maxt)) for (const n in s.labels) names.add(n);
    return [...names].sort();
  }

  labelValues(name: string, mint: number, maxt: number, matchers: readonly LabelMatcher[] = []): string[] {
    const values = new Set<string>();
    for (const s of this.matchingSelectors(matchers)) {
      const v = s.labels[name];
      if (v !== undefined && !values.has(v) && s.hasSamplesIn(mint, maxt)) values.add(v);
    }
    return [...values].sort();
  }
}

/** A series' newest sample in [mint, maxt] (decoding only when the head no longer holds it as its last). */
export function newest(s: MemSeries, mint: number, maxt: number): Sample[] {
  const l = s.latestIn(mint, maxt);
  if (l) return [l];
  const all = s.samples(mint, maxt);
  return all.length > 0 ? [all[all.length - 1] as Sample] : [];
}
