// Least-squares regression of a window (predict_linear), summed per 5-minute bucket of sample time.
// Each bucket's sums are taken with x measured from the bucket's start, then moved to the anchor;
// the partition depends on the samples' times only, so a window's result depends on its samples
// alone (whether or not sums were kept, however the store laid them out). Over storage that only
// grows (ColumnsOrigin), a full bucket's sums are kept: a window that moved by one collection sums
// its edge buckets again, not its hour. Same line as Prometheus's linearRegression(), equal within
// rounding; windows holding ±Inf or NaN take Prometheus's own path.
import type { ColumnsOrigin } from "../../tsdb/types.ts";
import { searchTime } from "../../tsdb/types.ts";

const BUCKET_MS = 300_000;

/** Sums of one bucket's samples [i, j), x in seconds from the bucket's start; Neumaier-compensated. */
interface BucketSums {
  absFrom: number;
  absTo: number;
  start: number;
  n: number;
  sx: number;
  sy: number;
  sxy: number;
  sx2: number;
  /** Every value equals `first`. */
  constY: boolean;
  first: number;
  finite: boolean;
}

/** Kept sums of buckets, by storage and bucket number (start / BUCKET_MS: a small integer key hashes fast). */
const keptBuckets = new WeakMap<object, Map<number, BucketSums>>();

/** A running Neumaier sum: [sum, compensation]. */
function add(acc: Float64Array, k: number, x: number): void {
  const s = acc[k] as number;
  const t = s + x;
  acc[k + 1] = (acc[k + 1] as number) + (Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s);
  acc[k] = t;
}

const scratch = new Float64Array(8);

function bucketSums(ts: Float64Array, vs: Float64Array, i: number, j: number, start: number, absFrom: number): BucketSums {
  const acc = scratch.fill(0);
  const first = vs[i] as number;
  let constY = true;
  let finite = true;
  for (let k = i; k < j; k++) {
    const v = vs[k] as number;
    if (constY && v !== first) constY = false;
    if (!Number.isFinite(v)) finite = false;
    const x = ((ts[k] as number) - start) / 1000;
    add(acc, 0, x);
    add(acc, 2, v);
    add(acc, 4, x * v);
    add(acc, 6, x * x);
  }
  return {
    absFrom,
    absTo: absFrom + j - i,
    start,
    n: j - i,
    sx: (acc[0] as number) + (acc[1] as number),
    sy: (acc[2] as number) + (acc[3] as number),
    sxy: (acc[4] as number) + (acc[5] as number),
    sx2: (acc[6] as number) + (acc[7] as number),
    constY,
    first,
    finite,
  };
}

const total = new Float64Array(8);

/**
 * [slope, intercept at `anchor`] of the samples [from, to) (at least two), or undefined when a value
 * is not finite (the caller then takes Prometheus's path). `origin`: the columns are elements of
 * storage that only grows, and full buckets' sums may be kept by it.
 */
export function bucketedRegression(ts: Float64Array, vs: Float64Array, from: number, to: number, anchor: number, origin?: ColumnsOrigin): [number, number] | undefined {
  const acc = total.fill(0);
  let kept = origin === undefined ? undefined : keptBuckets.get(origin.of);
  let constY = true;
  const init = vs[from] as number;
  for (let i = from; i < to; ) {
    const start = Math.floor((ts[i] as number) / BUCKET_MS) * BUCKET_MS;
    const j = searchTime(ts, to, start + BUCKET_MS, false, i);
    // Kept sums are used only for the very same samples (the same elements of the same storage).
    let b: BucketSums | undefined;
    if (origin !== undefined) {
      const key = start / BUCKET_MS;
      b = kept?.get(key);
      if (b === undefined || b.absFrom !== origin.at + i || b.absTo !== origin.at + j) {
        b = bucketSums(ts, vs, i, j, start, origin.at + i);
        if (kept === undefined) {
          kept = new Map();
          keptBuckets.set(origin.of, kept);
        }
        kept.set(key, b);
      }
    } else b = bucketSums(ts, vs, i, j, start, i);
    if (!b.finite) return undefined;
    if (!b.constY || b.first !== init) constY = false;
    const d = (start - anchor) / 1000;
    add(acc, 0, b.sx + b.n * d);
    add(acc, 2, b.sy);
    add(acc, 4, b.sxy + d * b.sy);
    add(acc, 6, b.sx2 + 2 * d * b.sx + b.n * d * d);
    i = j;
  }
  if (kept !== undefined && kept.size > 64) forgetOld(kept, ts[from] as number);
  if (constY) return [0, init];
  const n = to - from;
  const sumX = (acc[0] as number) + (acc[1] as number);
  const sumY = (acc[2] as number) + (acc[3] as number);
  const covXY = (acc[4] as number) + (acc[5] as number) - (sumX * sumY) / n;
  const varX = (acc[6] as number) + (acc[7] as number) - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

/** Buckets before the window are not read again (windows move forward). */
function forgetOld(kept: Map<number, BucketSums>, before: number): void {
  for (const key of kept.keys()) if ((key + 1) * BUCKET_MS <= before) kept.delete(key);
}
