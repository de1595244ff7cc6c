// The time-series store: an Appender for the collector and a Querier for PromQL and the API.
import type { Appender, Sample as CollectedSample } from "../collect/appender.ts";
import type { HeadOptions } from "./head.ts";
import type { ClosedChunk, MemSeries } from "./mem-series.ts";
import type { TsdbStats } from "./tsdb-stats.ts";
import type { LabelMatcher, Labels, Querier, SelectHints, Series } from "./types.ts";
import { Head } from "./head.ts";
import { canonicalLabels, sampleLabels } from "./labels.ts";
import { sourceKey, StalenessTracker } from "./staleness.ts";
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
  readonly head: Head;
  readonly #staleness = new StalenessTracker();
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
    const seen = new Set<MemSeries>();
    for (const x of batch.samples) {
      const s = this.#series(sampleLabels(x.name, x.labels));
      seen.add(s);
      this.#appendTo(s, t, x.value);
    }
    for (const s of this.#staleness.update(sourceKey(batch.ensemble, batch.server), seen)) {
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
    const { blocks, dropped } = this.head.truncateBefore(before);
    for (const s of dropped) this.#staleness.forget(s);
    return blocks;
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
