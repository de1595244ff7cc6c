// Counter and gauge rates over range vectors. Ports promql/functions.go extrapolatedRate()
// (rate/increase/delta), instantValue() (irate/idelta), linearRegression() (deriv,
// predict_linear), funcChanges() and funcResets().
import type { Sample } from "../../tsdb/types.ts";
import type { RangeSeries, Value, Vector } from "../engine/values.ts";
import type { FnCall, FnImpl } from "./types.ts";
import { scalarArg } from "./types.ts";

/** One series' window (stale markers removed; not retained by the function) → the result, or none. */
export type PerSeries = (points: Sample[], c: FnCall, start: number, end: number) => number | undefined;

/** A range-vector function that works series by series (range queries evaluate it over many steps at once, engine/range-functions.ts). */
export interface SeriesWiseFn extends FnImpl {
  perSeries: PerSeries;
  keepName: boolean;
}

/** Applies f to every series of the (first) matrix argument; dropName as Prometheus's range functions. */
export function overMatrix(f: PerSeries, keepName = false): SeriesWiseFn {
  const impl: FnImpl = (c) => {
    const m = c.args.find((a) => a.type === "matrix");
    if (m?.type !== "matrix") return { type: "vector", samples: [] };
    const out: Vector = [];
    for (const s of m.series as RangeSeries[]) {
      if (s.points.length === 0) continue;
      c.ctx.check();
      const v = f(s.points, c, m.start, m.end);
      if (v !== undefined) out.push({ labels: s.labels, v, t: c.t, dropName: keepName ? s.dropName : true });
    }
    return { type: "vector", samples: out } satisfies Value;
  };
  return Object.assign(impl, { perSeries: f, keepName });
}

function extrapolatedRate(isCounter: boolean, isRate: boolean): PerSeries {
  return (p, _c, rangeStart, rangeEnd) => {
    if (p.length < 2) return undefined;
    const first = p[0] as Sample;
    const last = p[p.length - 1] as Sample;
    let result = last.v - first.v;
    if (isCounter) {
      for (let i = 1; i < p.length; i++) {
        const prev = (p[i - 1] as Sample).v;
        if ((p[i] as Sample).v < prev) result += prev;
      }
    }
    let durationToStart = (first.t - rangeStart) / 1000;
    const durationToEnd0 = (rangeEnd - last.t) / 1000;
    const sampledInterval = (last.t - first.t) / 1000;
    const avg = sampledInterval / (p.length - 1);
    const threshold = avg * 1.1;
    if (durationToStart >= threshold) durationToStart = avg / 2;
    if (isCounter) {
      let durationToZero = durationToStart;
      if (result > 0 && first.v >= 0) durationToZero = sampledInterval * (first.v / result);
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
export function linearRegression(p: Sample[], interceptTime: number): [number, number] {
  const init = (p[0] as Sample).v;
  let constY = true;
  let sx = 0;
  let cx = 0;
  let sy = 0;
  let cy = 0;
  let sxy = 0;
  let cxy = 0;
  let sx2 = 0;
  let cx2 = 0;
  for (let i = 0; i < p.length; i++) {
    const s = p[i] as Sample;
    if (constY && s.v !== init) constY = false;
    const x = (s.t - interceptTime) / 1000;
    let t = sx + x;
    if (!Number.isFinite(t)) cx = 0;
    else cx += Math.abs(sx) >= Math.abs(x) ? sx - t + x : x - t + sx;
    sx = t;
    t = sy + s.v;
    if (!Number.isFinite(t)) cy = 0;
    else cy += Math.abs(sy) >= Math.abs(s.v) ? sy - t + s.v : s.v - t + sy;
    sy = t;
    const xy = x * s.v;
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
  const n = p.length;
  const sumX = Number.isFinite(sx) ? sx + cx : sx;
  const sumY = Number.isFinite(sy) ? sy + cy : sy;
  const covXY = (Number.isFinite(sxy) ? sxy + cxy : sxy) - (sumX * sumY) / n;
  const varX = (Number.isFinite(sx2) ? sx2 + cx2 : sx2) - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

const deriv: PerSeries = (p) => (p.length < 2 ? undefined : linearRegression(p, (p[0] as Sample).t)[0]);

const predictLinear: PerSeries = (p, c) => {
  if (p.length < 2) return undefined;
  const [slope, intercept] = linearRegression(p, c.t);
  return slope * scalarArg(c, 1) + intercept;
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
  rate: overMatrix(extrapolatedRate(true, true)),
  increase: overMatrix(extrapolatedRate(true, false)),
  delta: overMatrix(extrapolatedRate(false, false)),
  irate: overMatrix(instantValue(true)),
  idelta: overMatrix(instantValue(false)),
  deriv: overMatrix(deriv),
  predict_linear: overMatrix(predictLinear),
  changes: overMatrix(changes),
  resets: overMatrix(resets),
};
