// The *_over_time family. Ports promql/functions.go funcAvgOverTime ... funcMadOverTime,
// compareOverTime (min/max, NaN handling), varianceOverTime, funcQuantileOverTime and
// funcDoubleExponentialSmoothing (holt_winters in Prometheus 2).
import type { Sample } from "../../tsdb/types.ts";
import { average, kahanSum } from "../engine/aggregate.ts";
import { PromQLExecutionError } from "../errors.ts";
import { quantile } from "./quantile.ts";
import { overMatrix } from "./rate.ts";
import type { FnImpl } from "./types.ts";
import { scalarArg } from "./types.ts";

const values = (p: Sample[]) => p.map((s) => s.v);

function avg(p: Sample[]): number {
  return average(values(p));
}

function variance(p: Sample[]): number {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (const s of p) {
    count++;
    const delta = s.v - mean;
    mean += delta / count;
    m2 += delta * (s.v - mean);
  }
  return m2 / count;
}

/** compareOverTime(): a NaN is replaced by any later value; returnTs gives the (last) winning timestamp. */
function extreme(isMax: boolean, returnTs: boolean) {
  return (p: Sample[]) => {
    let best = p[0] as Sample;
    for (const s of p.slice(1)) {
      const better = isMax ? s.v > best.v : s.v < best.v;
      if (better || (Number.isNaN(best.v) && !Number.isNaN(s.v)) || (returnTs && s.v === best.v)) best = s;
    }
    return returnTs ? best.t / 1000 : best.v;
  };
}

function mad(p: Sample[]): number {
  const v = values(p);
  if (v.some(Number.isNaN)) return Number.NaN;
  const median = quantile(0.5, v);
  return quantile(
    0.5,
    v.map((x) => Math.abs(x - median)),
  );
}

/** funcDoubleExponentialSmoothing: sf smoothing factor, tf trend factor, both in (0, 1). */
const doubleExponentialSmoothing = overMatrix((p, c) => {
  const sf = scalarArg(c, 1);
  const tf = scalarArg(c, 2);
  if (!(sf > 0 && sf < 1)) throw new PromQLExecutionError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf}`);
  if (!(tf > 0 && tf < 1)) throw new PromQLExecutionError(`invalid trend factor. Expected: 0 < tf < 1, got: ${tf}`);
  if (p.length < 2) return undefined;
  let s1 = (p[0] as Sample).v;
  let b = (p[1] as Sample).v - s1;
  let s0 = s1;
  for (let i = 1; i < p.length; i++) {
    const x = (p[i] as Sample).v;
    if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
    s0 = s1;
    s1 = sf * x + (1 - sf) * (s1 + b);
  }
  return s1;
});

export const OVER_TIME_FUNCTIONS: Record<string, FnImpl> = {
  avg_over_time: overMatrix(avg),
  sum_over_time: overMatrix((p) => kahanSum(values(p))),
  count_over_time: overMatrix((p) => p.length),
  min_over_time: overMatrix(extreme(false, false)),
  max_over_time: overMatrix(extreme(true, false)),
  ts_of_min_over_time: overMatrix(extreme(false, true)),
  ts_of_max_over_time: overMatrix(extreme(true, true)),
  last_over_time: overMatrix((p) => (p[p.length - 1] as Sample).v, true),
  first_over_time: overMatrix((p) => (p[0] as Sample).v, true),
  ts_of_last_over_time: overMatrix((p) => (p[p.length - 1] as Sample).t / 1000),
  ts_of_first_over_time: overMatrix((p) => (p[0] as Sample).t / 1000),
  present_over_time: overMatrix(() => 1),
  stdvar_over_time: overMatrix(variance),
  stddev_over_time: overMatrix((p) => Math.sqrt(variance(p))),
  mad_over_time: overMatrix(mad),
  quantile_over_time: overMatrix((p, c) => quantile(scalarArg(c, 0), values(p))),
  double_exponential_smoothing: doubleExponentialSmoothing,
};
