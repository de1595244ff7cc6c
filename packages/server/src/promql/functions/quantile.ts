// Quantiles: the aggregation/quantile_over_time one and histogram_quantile over classic buckets.
// Ports promql/quantile.go quantile(), BucketQuantile(), coalesceBuckets(),
// ensureMonotonicAndIgnoreSmallDeltas(), and functions.go funcHistogramQuantile().
import type { Labels } from "../../tsdb/types.ts";
import { labelsKey, withoutLabel } from "../engine/labels.ts";
import type { Value, Vector } from "../engine/values.ts";
import { almostEqual } from "./almost.ts";
import type { FnCall } from "./types.ts";

export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const v = [...values].sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const n = v.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (v[lower] as number) * (1 - weight) + (v[upper] as number) * weight;
}

interface Bucket {
  upper: number;
  count: number;
}

export function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...input].sort((a, b) => a.upper - b.upper);
  if ((sorted[sorted.length - 1] as Bucket).upper !== Number.POSITIVE_INFINITY) return Number.NaN;
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upper === b.upper) last.count += b.count;
    else buckets.push({ ...b });
  }
  let prev = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (b.count === prev) continue;
    if (almostEqual(prev, b.count, 1e-12) || b.count < prev) {
      b.count = prev;
      continue;
    }
    prev = b.count;
  }
  if (buckets.length < 2) return Number.NaN;
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && (buckets[b] as Bucket).count < rank) b++;
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upper;
  if (b === 0 && (buckets[0] as Bucket).upper <= 0) return (buckets[0] as Bucket).upper;
  let start = 0;
  const end = (buckets[b] as Bucket).upper;
  let count = (buckets[b] as Bucket).count;
  if (b > 0) {
    const p = buckets[b - 1] as Bucket;
    start = p.upper;
    count -= p.count;
    rank -= p.count;
  }
  return start + (end - start) * (rank / count);
}

export function parseGoFloat(s: string): number | undefined {
  const t = s.trim();
  if (t !== s || s === "") return undefined;
  const l = s.toLowerCase();
  if (l === "+inf" || l === "inf" || l === "infinity" || l === "+infinity") return Number.POSITIVE_INFINITY;
  if (l === "-inf" || l === "-infinity") return Number.NEGATIVE_INFINITY;
  if (l === "nan") return Number.NaN;
  const n = Number(s);
  return Number.isNaN(n) ? undefined : n;
}

export function histogramQuantile(c: FnCall): Value {
  const qv = c.args[0];
  const vec = c.args[1];
  if (qv?.type !== "scalar" || !vec || vec.type !== "vector") return { type: "vector", samples: [] };
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of vec.samples) {
    const upper = parseGoFloat(s.labels.le ?? "");
    if (upper === undefined) continue;
    const rest = withoutLabel(s.labels, "le");
    const k = labelsKey(rest);
    let g = groups.get(k);
    if (!g) {
      g = { labels: rest, buckets: [] };
      groups.set(k, g);
    }
    g.buckets.push({ upper, count: s.v });
  }
  const out: Vector = [];
  for (const g of groups.values()) {
    out.push({ labels: g.labels, v: bucketQuantile(qv.v, g.buckets), t: c.t, dropName: true });
  }
  return { type: "vector", samples: out };
}
