// The in-memory head: series by canonical label key, an inverted index, compressed chunks.
import type { CompiledMatcher } from "./matchers.ts";
import type { ClosedChunk } from "./mem-series.ts";
import type { TsdbStats } from "./tsdb-stats.ts";
import type { LabelMatcher, Labels, Querier, Sample, SelectHints, Series } from "./types.ts";
import { compareLabelSets, labelsKey } from "./labels.ts";
import { compileMatchers, matchesAll } from "./matchers.ts";
import { MemSeries } from "./mem-series.ts";
import { KeptSelects, type KeptSlots } from "./kept-selects.ts";
import { Postings } from "./postings.ts";
import { emptyStats } from "./tsdb-stats.ts";
import { SampleLimitError } from "./types.ts";
import { ColumnSeries } from "./column-series.ts";
import { MAX_ABS_TIMESTAMP } from "./xor-chunk.ts";

export const DEFAULT_BLOCK_RANGE_MS = 2 * 60 * 60 * 1000;

/** Most matcher sets whose series Head.matchingSelectors keeps (all dropped when full). */
const MATCHED_MAX = 2048;

export interface HeadOptions {
  /** Chunks are cut at multiples of this (and blocks cover one such range). */
  blockRangeMs?: number;
  /** Room for kept columns selects, samples (default: kept-selects.ts). */
  keptColumnsMaxSamples?: number;
}

interface Matched extends KeptSlots {
  compiled: CompiledMatcher[];
  series: MemSeries[];
  /** The series generation `series` was matched at. */
  gen: number;
}

function sameSeries(a: readonly MemSeries[], b: readonly MemSeries[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
  /** Bumped whenever the set of series changes (a series created, series dropped): #matched entries are matched again. */
  #seriesGen = 0;
  /** Series per matcher set (rules and dashboards select the same selectors again and again), each valid for its `gen`. */
  #matched = new Map<string, Matched>();
  /** Bumped by every stored sample and every truncation: a cached newest-sample select is valid while it stands. */
  #dataGen = 0;
  /** Bumped by every truncation (kept selects are then built anew rather than extended). */
  #truncGen = 0;
  maxT = -Infinity;
  /** ≤ the oldest sample in the head: lowered on append, made exact after a truncation. */
  #minTBound = Infinity;

  readonly #kept: KeptSelects;

  constructor(options: HeadOptions = {}) {
    this.blockRangeMs = options.blockRangeMs ?? DEFAULT_BLOCK_RANGE_MS;
    this.#kept = new KeptSelects(options.keptColumnsMaxSamples, this.stats);
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
    let key = "";
    for (const m of matchers) key += `${m.name}\u0000${m.type}\u0000${m.value}\u0001`;
    const hit = this.#matched.get(key);
    if (hit !== undefined) {
      if (hit.gen === this.#seriesGen) return hit;
      // Series came or went somewhere: a matcher set whose own series are the same keeps what it kept
      // (a new series elsewhere does not send every rule back to reading chunks).
      const series = this.#sortedMatching(hit.compiled);
      if (!sameSeries(series, hit.series)) {
        this.#kept.forget(hit);
        hit.series = series;
      }
      hit.gen = this.#seriesGen;
      return hit;
    }
    const compiled = compileMatchers(matchers);
    const series = this.#sortedMatching(compiled);
    if (this.#matched.size >= MATCHED_MAX) {
      this.#matched.clear();
      this.#kept.forgetRoom();
    }
    const entry: Matched = { compiled, series, gen: this.#seriesGen, newest: undefined, columns: undefined };
    this.#matched.set(key, entry);
    return entry;
  }

  /** In label order, as Prometheus's storage returns them (readers then need not sort). */
  #sortedMatching(compiled: readonly CompiledMatcher[]): MemSeries[] {
    return this.matching(compiled).sort((a, b) => compareLabelSets(a.labels, b.labels));
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
      const out = this.#kept.newestSamples(entry, matched, this.#dataGen, mint, maxt);
      if (limit !== undefined && out.length > limit) throw new SampleLimitError(limit);
      return out;
    }
    if (hints?.columns !== undefined) {
      const kept = this.#kept.columnsFrom(entry, matched, { data: this.#dataGen, trunc: this.#truncGen }, mint, limit, this.#matched.values());
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
