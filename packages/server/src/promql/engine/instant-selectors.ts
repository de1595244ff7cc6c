// Selectors of instant queries (rules) over selects a store hands to many queries unchanged (the
// head's kept selects between two collections): the selector's value is kept with the span of
// times over which it stays the same, so rules evaluated at different times read it without a
// per-series pass. A span is exact: it ends where any series' sample enters or leaves the window.
import type { Sample, SampleColumns, Series } from "../../tsdb/types.ts";
import { isStaleNaN, searchTime } from "../../tsdb/types.ts";
import { ColumnRange, type RangeSeries, type Vector } from "./values.ts";

/** Times te in [lo, hi) select the same samples. */
interface Span {
  lo: number;
  hi: number;
}

interface KeptVector extends Span {
  lookback: number;
  samples: Vector;
}

interface KeptMatrix {
  range: number;
  /** Window starts in [start.lo, start.hi) and ends in [end.lo, end.hi) select the same samples. */
  start: Span;
  end: Span;
  series: RangeSeries[];
}

// Keyed by the select's array: a select handed to several queries is never changed (Querier).
const vectors = new WeakMap<readonly Series[], KeptVector>();
const matrices = new WeakMap<readonly Series[], KeptMatrix>();

/** Index of the last sample with t <= ts, or -1. */
export function lastAtOrBefore(samples: Sample[], ts: number): number {
  let lo = 0;
  let hi = samples.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((samples[mid] as Sample).t <= ts) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/**
 * An instant vector selector's samples at `te` (each series' newest sample at or before te, within
 * the lookback, not a stale marker). Shared with other queries: read only.
 */
export function instantVector(all: readonly Series[], te: number, lookback: number): Vector {
  const kept = vectors.get(all);
  if (kept !== undefined && kept.lookback === lookback && te >= kept.lo && te < kept.hi) return kept.samples;
  const out: Vector = [];
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (let si = 0; si < all.length; si++) {
    const samples = (all[si] as Series).samples;
    const i = lastAtOrBefore(samples, te);
    if (i + 1 < samples.length) hi = Math.min(hi, (samples[i + 1] as Sample).t);
    if (i < 0) continue;
    const s = samples[i] as Sample;
    lo = Math.max(lo, s.t);
    const expires = s.t + lookback;
    if (te >= expires) {
      lo = Math.max(lo, expires);
      continue;
    }
    hi = Math.min(hi, expires);
    if (!isStaleNaN(s.v)) out.push({ labels: (all[si] as Series).labels, v: s.v, t: s.t, dropName: false });
  }
  vectors.set(all, { lookback, lo, hi, samples: out });
  return out;
}

/**
 * A range selector's windows (start, end] over a select whose every series is held as columns
 * without stale markers. Shared with other queries: read only.
 */
export function instantColumnWindows(all: readonly Series[], start: number, end: number): RangeSeries[] {
  const range = end - start;
  const kept = matrices.get(all);
  if (kept !== undefined && kept.range === range && within(kept.start, start) && within(kept.end, end)) return kept.series;
  const out: RangeSeries[] = [];
  const s: Span = { lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY };
  const e: Span = { lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY };
  for (let si = 0; si < all.length; si++) {
    const series = all[si] as Series;
    const { t, v, origin } = series.columns as SampleColumns;
    const n = t.length;
    const from = searchTime(t, n, start, true);
    const to = searchTime(t, n, end, true);
    narrow(s, t, from, n);
    narrow(e, t, to, n);
    if (to > from) out.push(new ColumnRange(series.labels, { t, v, from, to, origin, increase: undefined, regression: undefined }));
  }
  matrices.set(all, { range, start: s, end: e, series: out });
  return out;
}

function within(span: Span, x: number): boolean {
  return x >= span.lo && x < span.hi;
}

/** A bound that falls between t[i - 1] and t[i] stays there for bounds in [t[i - 1], t[i]). */
function narrow(span: Span, t: Float64Array, i: number, n: number): void {
  if (i > 0) span.lo = Math.max(span.lo, t[i - 1] as number);
  if (i < n) span.hi = Math.min(span.hi, t[i] as number);
}
