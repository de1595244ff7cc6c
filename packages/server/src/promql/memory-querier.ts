// A small in-memory Querier for tests, the conformance runner and benchmarks. Samples are kept
// as {t, v} objects (never packed number arrays, which would canonicalize the stale NaN).
import type { LabelMatcher, Labels, Querier, Sample, SelectHints, Series } from "../tsdb/types.ts";
import { isStaleNaN } from "../tsdb/types.ts";
import { ColumnSeries } from "../tsdb/column-series.ts";
import { labelsKey } from "./engine/labels.ts";
import { compileMatcher, compileMatchers, matchesAll } from "../tsdb/matchers.ts";


/** One series' labels against one matcher, with the store's matcher semantics (RE2, anchored, dot-all). */
export function matches(labels: Labels, m: LabelMatcher): boolean {
  return compileMatcher(m).matches(labels[m.name] ?? "");
}

export class MemoryQuerier implements Querier {
  private readonly series = new Map<string, Series>();

  /** Adds samples to a series (kept sorted by time; a sample at an existing time replaces it). */
  add(labels: Labels, samples: readonly Sample[]): void {
    const k = labelsKey(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { labels: { ...labels }, samples: [] };
      this.series.set(k, s);
    }
    for (const x of samples) s.samples.push({ t: x.t, v: x.v });
    s.samples.sort((a, b) => a.t - b.t);
    const dedup: Sample[] = [];
    for (const x of s.samples) {
      const last = dedup[dedup.length - 1];
      if (last && last.t === x.t) dedup[dedup.length - 1] = x;
      else dedup.push(x);
    }
    s.samples = dedup;
  }

  clear(): void {
    this.series.clear();
  }

  get size(): number {
    return this.series.size;
  }

  /** With hints.columns the series carry columns, as the store's head gives them (so that both engine paths are exercised). */
  select(matchers: readonly LabelMatcher[], mint: number, maxt: number, hints?: SelectHints): Series[] {
    const compiled = compileMatchers(matchers);
    const out: Series[] = [];
    for (const s of this.series.values()) {
      if (!matchesAll(s.labels, compiled)) continue;
      const samples = s.samples.filter((x) => x.t >= mint && x.t <= maxt);
      if (samples.length === 0) continue;
      out.push(hints?.columns ? asColumns(s.labels, samples) : { labels: s.labels, samples });
    }
    return out;
  }

  labelNames(mint: number, maxt: number, matchers: readonly LabelMatcher[] = []): string[] {
    const names = new Set<string>();
    for (const s of this.select(matchers, mint, maxt)) for (const n of Object.keys(s.labels)) names.add(n);
    return [...names].sort();
  }

  labelValues(name: string, mint: number, maxt: number, matchers: readonly LabelMatcher[] = []): string[] {
    const values = new Set<string>();
    for (const s of this.select(matchers, mint, maxt)) {
      const v = s.labels[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }
}

function asColumns(labels: Labels, samples: readonly Sample[]): Series {
  const t = new Float64Array(samples.length);
  const v = new Float64Array(samples.length);
  let staleFree = true;
  samples.forEach((x, i) => {
    t[i] = x.t;
    v[i] = x.v;
    if (isStaleNaN(x.v)) staleFree = false;
  });
  return new ColumnSeries(labels, { t, v, staleFree });
}
