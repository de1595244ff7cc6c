// Counter and gauge rates over range vectors. Ports promql/functions.go extrapolatedRate()
// (rate/increase/delta), instantValue() (irate/idelta), linearRegression() (deriv,
// predict_linear), funcChanges() and funcResets().
import type { Sample } from "../../tsdb/types.ts";
import { bucketedRegression } from "./regression.ts";
import type { RangeSeries, Value, Vector, WindowColumns } from "../engine/values.ts";
import type { FnCall, FnImpl } from "./types.ts";
import { scalarArg } from "./types.ts";

/** One series' window (stale markers removed; not retained by the function) → the result, or none. */
export type PerSeries = (points: Sample[], c: FnCall, start: number, end: number) => number | undefined;

/**
 * The same over a window held as columns t[from, to), v[from, to) (read only). `window`: present
 * when the arrays are the store's, whose elements never change while anyone holds them; a function
 * may keep what it derived in the window (rules between two collections share window objects).
 * Absent, the arrays may be scratch space rewritten for the next series.
 */
export type PerColumns = (
  t: Float64Array,
  v: Float64Array,
  from: number,
  to: number,
  c: FnCall,
  start: number,
  end: number,
  window?: WindowColumns,
) => number | undefined;

/** A range-vector function that works series by series (range queries evaluate it over many steps at once, engine/range-functions.ts). */
export interface SeriesWiseFn extends FnImpl {
  perSeries: PerSeries;
  /** Present when the function reads columns directly (windows the store gave as columns skip building Sample objects). */
  perColumns?: PerColumns;
  keepName: boolean;
}

/** Applies f to every series of the (first) matrix argument; dropName as Prometheus's range functions. */
export function overMatrix(f: PerSeries, keepName = false, perColumns?: PerColumns): SeriesWiseFn {
  const impl: FnImpl = (c) => {
    const m = c.args.find((a) => a.type === "matrix");
    if (m?.type !== "matrix") return { type: "vector", samples: [] };
    const out: Vector = [];
    const keep = c.keep;
    const series = m.series as RangeSeries[];
    for (let i = 0; i < series.length; i++) {
      const s = series[i] as RangeSeries;
      c.ctx.check();
      const cols = s.columns;
      let v: number | undefined;
      if (cols !== undefined && perColumns !== undefined) {
        if (cols.to === cols.from) continue;
        v = perColumns(cols.t, cols.v, cols.from, cols.to, c, m.start, m.end, cols);
      } else {
        if (s.points.length === 0) continue;
        v = f(s.points, c, m.start, m.end);
      }
      if (v !== undefined && (keep === undefined || keep(v))) out.push({ labels: s.labels, v, t: c.t, dropName: keepName ? s.dropName : true });
    }
    return { type: "vector", samples: out } satisfies Value;
  };
  return Object.assign(impl, { perSeries: f, keepName }, perColumns ? { perColumns } : {});
}

let scratchT = new Float64Array(1024);
let scratchV = new Float64Array(1024);

/** A column function over Sample objects: the window is copied into reused columns first. */
function viaColumns(f: PerColumns): PerSeries {
  return (p, c, start, end) => {
    const n = p.length;
    if (scratchT.length < n) {
      scratchT = new Float64Array(n * 2);
      scratchV = new Float64Array(n * 2);
    }
    for (let i = 0; i < n; i++) {
      const s = p[i] as Sample;
      scratchT[i] = s.t;
      scratchV[i] = s.v;
    }
    return f(scratchT, scratchV, 0, n, c, start, end);
  };
}

/** A series-wise function defined on columns (Sample-object windows go through viaColumns). */
function overColumns(f: PerColumns, keepName = false): SeriesWiseFn {
  return overMatrix(viaColumns(f), keepName, f);
}

/** A counter window's increase with resets accounted for; kept in the window for store columns (see PerColumns). */
function counterIncrease(vs: Float64Array, from: number, to: number, window: WindowColumns | undefined): number {
  if (window?.increase !== undefined) return window.increase;
  let prev = vs[from] as number;
  let increase = (vs[to - 1] as number) - prev;
  for (let i = from + 1; i < to; i++) {
    const x = vs[i] as number;
    if (x < prev) increase += prev;
    prev = x;
  }
  if (window !== undefined) window.increase = increase;
  return increase;
}

function extrapolatedRate(isCounter: boolean, isRate: boolean): PerColumns {
  return (ts, vs, from, to, _c, rangeStart, rangeEnd, window) => {
    const n = to - from;
    if (n < 2) return undefined;
    const firstT = ts[from] as number;
    const firstV = vs[from] as number;
    const lastT = ts[to - 1] as number;
    // The increase depends on the samples only; the extrapolation below on the window's bounds.
    const result = isCounter ? counterIncrease(vs, from, to, window) : (vs[to - 1] as number) - firstV;
    let durationToStart = (firstT - rangeStart) / 1000;
    const durationToEnd0 = (rangeEnd - lastT) / 1000;
    const sampledInterval = (lastT - firstT) / 1000;
    const avg = sampledInterval / (n - 1);
    const threshold = avg * 1.1;
    if (durationToStart >= threshold) durationToStart = avg / 2;
    if (isCounter) {
      let durationToZero = durationToStart;
      if (result > 0 && firstV >= 0) durationToZero = sampledInterval * (firstV / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    const durationToEnd = durationToEnd0 >= threshold ? avg / 2 : durationToEnd0;
    let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
    if (isRate) factor /= (rangeEnd - rangeStart) / 1000;
    return result * factor;
  };
}

function instantValue(isRate: boolean): PerSeries {
  return (p) => {
    if (p.length < 2) return undefined;
    const prev = p[p.length - 2] as Sample;
    const last = p[p.length - 1] as Sample;
    let v = isRate && last.v < prev.v ? last.v : last.v - prev.v;
    const interval = last.t - prev.t;
    if (interval === 0) return undefined;
    if (isRate) v /= interval / 1000;
    return v;
  };
}

/** linearRegression() in functions.go; the four sums are Kahan sums taken in one pass (kahanSumInc). */
export function linearRegression(ts: Float64Array, vs: Float64Array, from: number, to: number, interceptTime: number): [number, number] {
  const init = vs[from] as number;
  let constY = true;
  let sx = 0;
  let cx = 0;
  let sy = 0;
  let cy = 0;
  let sxy = 0;
  let cxy = 0;
  let sx2 = 0;
  let cx2 = 0;
  for (let i = from; i < to; i++) {
    const v = vs[i] as number;
    if (constY && v !== init) constY = false;
    const x = ((ts[i] as number) - interceptTime) / 1000;
    let t = sx + x;
    if (!Number.isFinite(t)) cx = 0;
    else cx += Math.abs(sx) >= Math.abs(x) ? sx - t + x : x - t + sx;
    sx = t;
    t = sy + v;
    if (!Number.isFinite(t)) cy = 0;
    else cy += Math.abs(sy) >= Math.abs(v) ? sy - t + v : v - t + sy;
    sy = t;
    const xy = x * v;
    t = sxy + xy;
    if (!Number.isFinite(t)) cxy = 0;
    else cxy += Math.abs(sxy) >= Math.abs(xy) ? sxy - t + xy : xy - t + sxy;
    sxy = t;
    const x2 = x * x;
    t = sx2 + x2;
    if (!Number.isFinite(t)) cx2 = 0;
    else cx2 += Math.abs(sx2) >= Math.abs(x2) ? sx2 - t + x2 : x2 - t + sx2;
    sx2 = t;
  }
  if (constY) return Number.isFinite(init) ? [0, init] : [Number.NaN, Number.NaN];
  const n = to - from;
  const sumX = Number.isFinite(sx) ? sx + cx : sx;
  const sumY = Number.isFinite(sy) ? sy + cy : sy;
  const covXY = (Number.isFinite(sxy) ? sxy + cxy : sxy) - (sumX * sumY) / n;
  const varX = (Number.isFinite(sx2) ? sx2 + cx2 : sx2) - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

const deriv: PerColumns = (ts, vs, from, to) => (to - from < 2 ? undefined : linearRegression(ts, vs, from, to, ts[from] as number)[0]);

/** [slope, intercept at the window's last sample, that sample's time] (regression.ts); kept in the window for store columns. */
function regressionAtLast(ts: Float64Array, vs: Float64Array, from: number, to: number, window: WindowColumns | undefined): readonly [number, number, number] {
  if (window?.regression !== undefined) return window.regression;
  const last = ts[to - 1] as number;
  const [slope, intercept] = bucketedRegression(ts, vs, from, to, last, window?.origin) ?? linearRegression(ts, vs, from, to, last);
  const r = [slope, intercept, last] as const;
  if (window !== undefined) window.regression = r;
  return r;
}

// Prometheus anchors the regression at the evaluation time; anchoring it at the window's last
// sample and moving the intercept along the line is the same line (equal to within rounding), and
// lets rules evaluated at different times over the same samples share one regression.
const predictLinear: PerColumns = (ts, vs, from, to, c, _start, _end, window) => {
  if (to - from < 2) return undefined;
  const [slope, intercept, last] = regressionAtLast(ts, vs, from, to, window);
  return slope * (scalarArg(c, 1) + (c.t - last) / 1000) + intercept;
};

const changes: PerSeries = (p) => {
  let n = 0;
  for (let i = 1; i < p.length; i++) {
    const a = (p[i - 1] as Sample).v;
    const b = (p[i] as Sample).v;
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) n++;
  }
  return n;
};

const resets: PerSeries = (p) => {
  let n = 0;
  for (let i = 1; i < p.length; i++) if ((p[i] as Sample).v < (p[i - 1] as Sample).v) n++;
  return n;
};

export const RATE_FUNCTIONS: Record<string, FnImpl> = {
  rate: overColumns(extrapolatedRate(true, true)),
  increase: overColumns(extrapolatedRate(true, false)),
  delta: overColumns(extrapolatedRate(false, false)),
  irate: overMatrix(instantValue(true)),
  idelta: overMatrix(instantValue(false)),
  deriv: overColumns(deriv),
  predict_linear: overColumns(predictLinear),
  changes: overMatrix(changes),
  resets: overMatrix(resets),
};
