// The time-series store: an Appender for the collector and a Querier for PromQL and the API.
import type { Appender, Sample as CollectedSample } from "../collect/appender.ts";
import type { HeadOptions } from "./head.ts";
import type { ClosedChunk, MemSeries } from "./mem-series.ts";
import type { TsdbStats } from "./tsdb-stats.ts";
import type { LabelMatcher, Labels, Querier, SelectHints, Series } from "./types.ts";
import { Head } from "./head.ts";
import { canonicalLabels, sampleLabels } from "./labels.ts";
import { SourceCache, sourceKey } from "./scrape-cache.ts";
import { STALE_NAN } from "./types.ts";

export interface AppendBatch {
  ensemble: string;
  server: string;
  timestampMs: number;
  samples: CollectedSample[];
}

/** Receives what the head accepted (the write-ahead log implements it). */
export interface AppendSink {
  seriesCreated(s: MemSeries): void;
  sampleAppended(s: MemSeries, t: number, v: number): void;
}

export class MemoryTsdb implements Appender, Querier {
  /** Selects are the head's: in label order. */
  readonly sortedSeries = true;
  readonly head: Head;
  readonly #sources = new Map<string, SourceCache>();
  #stamp = 0;
  sink: AppendSink | null = null;

  constructor(options: HeadOptions = {}) {
    this.head = new Head(options);
  }

  get stats(): TsdbStats {
    return this.head.stats;
  }

  /** Appends one labelled sample outside any scrape source (no staleness tracking). */
  appendSample(labels: Labels, t: number, v: number): boolean {
    return this.#appendTo(this.#series(canonicalLabels(labels)), t, v);
  }

  append(batch: AppendBatch): void {
    const t = batch.timestampMs;
    const key = sourceKey(batch.ensemble, batch.server);
    let cache = this.#sources.get(key);
    if (cache === undefined) {
      cache = new SourceCache();
      this.#sources.set(key, cache);
    }
    const stamp = ++this.#stamp;
    const samples = batch.samples;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i]!;
      let s = cache.lookup(i, x.name, x.labels);
      if (s === undefined) {
        s = this.#series(sampleLabels(x.name, x.labels));
        cache.store(i, x.name, x.labels, s);
      }
      s.seenStamp = stamp;
      this.#appendTo(s, t, x.value);
    }
    for (const s of cache.endBatch(samples.length, stamp)) {
      if (s.lastT < t && this.#appendTo(s, t, STALE_NAN)) this.head.stats.staleMarkers++;
    }
  }

  #series(labels: Labels): MemSeries {
    const { series, created } = this.head.getOrCreate(labels);
    if (created) this.sink?.seriesCreated(series);
    return series;
  }

  #appendTo(s: MemSeries, t: number, v: number): boolean {
    if (!this.head.append(s, t, v)) return false;
    this.sink?.sampleAppended(s, t, v);
    return true;
  }

  /** Moves every head chunk that ends before `before` out (for a block); forgets dropped series. */
  truncateBefore(before: number): { labels: Labels; chunks: ClosedChunk[] }[] {
    // dropped series are marked by the head; the source caches skip them from then on
    return this.head.truncateBefore(before).blocks;
  }

  select(matchers: readonly LabelMatcher[], mint: number, maxt: number, hints?: SelectHints): Series[] {
    return this.head.select(matchers, mint, maxt, hints);
  }

  labelNames(mint: number, maxt: number, matchers?: readonly LabelMatcher[]): string[] {
    return this.head.labelNames(mint, maxt, matchers);
  }

  labelValues(name: string, mint: number, maxt: number, matchers?: readonly LabelMatcher[]): string[] {
    return this.head.labelValues(name, mint, maxt, matchers);
  }
}
