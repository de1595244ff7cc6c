// Range queries: a range-vector function over a plain matrix selector (rate(x[5m]),
// avg_over_time(y[10m]), ...) is evaluated series by series for a block of steps at once, as
// Prometheus's rangeEval does, instead of step by step over every series. Each series' window
// bounds only move forward, the window is copied into one reused array (no per-step slices), and
// the results wait in flat typed arrays until the evaluator asks for their step.
import type { Labels, Sample, SampleColumns, Series } from "../../tsdb/types.ts";
import { isStaleNaN } from "../../tsdb/types.ts";
import type { Aggregation, Call, Expr, MatrixSelector } from "../ast.ts";
import { FUNCTION_IMPLS } from "../functions/index.ts";
import type { PerColumns, SeriesWiseFn } from "../functions/rate.ts";
import type { FnCall } from "../functions/types.ts";
import { groupLabels } from "./aggregate.ts";
import { STREAMED, streamAggregateColumns } from "./aggregate-stream.ts";
import type { EvalContext } from "./context.ts";
import type { Value, Vector } from "./values.ts";

/** Steps computed per block: bounds memory at series × BLOCK values however long the range. */
const BLOCK = 32;

export interface SeriesWiseState {
  fn: SeriesWiseFn;
  ms: MatrixSelector;
  fc: FnCall;
  series: Series[];
  labels: Labels[];
  stale: boolean[];
  /** Per series: first sample after the window start / last at or before its end, at the last computed step. */
  lo: Int32Array;
  hi: Int32Array;
  /** Step index of the block's first step; -1 before the first block. */
  first: number;
  /** Step-major (index j * series + si): reading one step's vector walks memory in order. */
  vals: Float64Array;
  has: Uint8Array;
  /** Per series, its samples as columns once a function with a column form read them. */
  columns: (SampleColumns | undefined)[];
}

function isSeriesWise(f: unknown): f is SeriesWiseFn {
  return typeof f === "function" && "perSeries" in f;
}

/** The call's matrix selector when the call qualifies: other arguments must be number literals (constant over the steps). */
function matrixArg(call: Call): MatrixSelector | undefined {
  let ms: MatrixSelector | undefined;
  for (const a of call.args) {
    if (a.kind === "matrixSelector") {
      if (ms) return undefined;
      ms = a;
    } else if (a.kind !== "number") return undefined;
  }
  return ms;
}

function init(ctx: EvalContext, call: Call): SeriesWiseState | null {
  const fn = FUNCTION_IMPLS[call.func];
  const ms = matrixArg(call);
  if (!isSeriesWise(fn) || !ms) return null;
  const series = ctx.selected.get(ms.vector);
  const stale = ctx.staleMarkers.get(ms.vector);
  if (!series || !stale) return null;
  const args: Value[] = call.args.map((a: Expr) =>
    a.kind === "number" ? { type: "scalar", v: a.value } : { type: "matrix", series: [], start: 0, end: 0 },
  );
  const n = series.length;
  return {
    fn,
    ms,
    fc: { ctx, t: 0, call, args },
    series,
    labels: series.map((s) => s.labels),
    stale,
    lo: new Int32Array(n),
    hi: new Int32Array(n).fill(-1),
    first: -1,
    vals: new Float64Array(n * BLOCK),
    has: new Uint8Array(n * BLOCK),
    columns: new Array(n),
  };
}

function computeBlock(ctx: EvalContext, st: SeriesWiseState, first: number): void {
  const { start, end: rangeEnd, step } = ctx.range;
  if (st.first >= 0 && first < st.first) {
    // Windows only advance; a step before the current block starts the bounds over.
    st.lo.fill(0);
    st.hi.fill(-1);
  }
  st.first = first;
  const count = Math.min(BLOCK, Math.floor((rangeEnd - start) / step) - first + 1);
  const vs = st.ms.vector;
  const at = vs.at ? ctx.atTime(vs.at) : undefined;
  const f = st.fn.perSeries;
  const fc = st.fc;
  const points: Sample[] = [];
  st.has.fill(0);
  for (let si = 0; si < st.series.length; si++) {
    ctx.check();
    const series = st.series[si] as Series;
    const stale = st.stale[si] === true;
    const byColumns = st.fn.perColumns;
    if (byColumns !== undefined && !stale) {
      columnsBlock(st, si, first, count, byColumns);
      continue;
    }
    const samples = series.samples;
    let lo = st.lo[si] as number;
    let hi = st.hi[si] as number;
    const n = st.series.length;
    for (let j = 0; j < count; j++) {
      const t = start + (first + j) * step;
      const wEnd = (at ?? t) - vs.offset;
      const wStart = wEnd - st.ms.range;
      while (hi + 1 < samples.length && (samples[hi + 1] as Sample).t <= wEnd) hi++;
      while (lo < samples.length && (samples[lo] as Sample).t <= wStart) lo++;
      if (hi < lo) continue;
      points.length = 0;
      for (let i = lo; i <= hi; i++) {
        const s = samples[i] as Sample;
        if (!stale || !isStaleNaN(s.v)) points.push(s);
      }
      if (points.length === 0) continue;
      fc.t = t;
      const v = f(points, fc, wStart, wEnd);
      if (v === undefined) continue;
      st.vals[j * n + si] = v;
      st.has[j * n + si] = 1;
    }
    st.lo[si] = lo;
    st.hi[si] = hi;
  }
}

/**
 * One series' steps of the block through the function's column form: the series is turned into
 * columns once per query (or its store columns are used), and each step's window is an index range.
 */
function columnsBlock(st: SeriesWiseState, si: number, first: number, count: number, f: PerColumns): void {
  const { start, step } = st.fc.ctx.range;
  const vs = st.ms.vector;
  const at = vs.at ? st.fc.ctx.atTime(vs.at) : undefined;
  let cols = st.columns[si];
  if (cols === undefined) {
    const series = st.series[si] as Series;
    if (series.columns !== undefined) cols = series.columns;
    else {
      const samples = series.samples;
      const t = new Float64Array(samples.length);
      const v = new Float64Array(samples.length);
      for (let i = 0; i < samples.length; i++) {
        const x = samples[i] as Sample;
        t[i] = x.t;
        v[i] = x.v;
      }
      cols = { t, v, staleFree: true };
    }
    st.columns[si] = cols;
  }
  const ts = cols.t;
  const len = ts.length;
  let lo = st.lo[si] as number;
  let hi = st.hi[si] as number;
  const n = st.series.length;
  const fc = st.fc;
  for (let j = 0; j < count; j++) {
    const t = start + (first + j) * step;
    const wEnd = (at ?? t) - vs.offset;
    const wStart = wEnd - st.ms.range;
    while (hi + 1 < len && (ts[hi + 1] as number) <= wEnd) hi++;
    while (lo < len && (ts[lo] as number) <= wStart) lo++;
    if (hi < lo) continue;
    fc.t = t;
    const v = f(ts, cols.v, lo, hi + 1, fc, wStart, wEnd);
    if (v === undefined) continue;
    st.vals[j * n + si] = v;
    st.has[j * n + si] = 1;
  }
  st.lo[si] = lo;
  st.hi[si] = hi;
}

/** The call's block state and the step's index in it, when `t` is a step of the range query and the call qualifies. */
function stepOf(ctx: EvalContext, call: Call, t: number): { st: SeriesWiseState; j: number } | undefined {
  const { start, end, step } = ctx.range;
  if (step <= 0 || ctx.subqueryDepth > 0 || t < start || t > end) return undefined;
  const k = (t - start) / step;
  if (!Number.isInteger(k)) return undefined;
  let st = ctx.seriesWise.get(call);
  if (st === undefined) {
    st = init(ctx, call);
    ctx.seriesWise.set(call, st);
  }
  if (st === null) return undefined;
  if (st.first < 0 || k < st.first || k >= st.first + BLOCK) computeBlock(ctx, st, k);
  return { st, j: k - st.first };
}

/** The call's result at `t`; undefined when not a range query step or the call does not qualify (evaluate it step-wise). */
export function seriesWiseCall(ctx: EvalContext, call: Call, t: number): Value | undefined {
  const at = stepOf(ctx, call, t);
  if (!at) return undefined;
  const { st, j } = at;
  const dropName = !st.fn.keepName;
  const out: Vector = [];
  const n = st.labels.length;
  const { has, vals, labels } = st;
  for (let si = 0, i = j * n; si < n; si++, i++) {
    if (has[i] === 1) out.push({ labels: labels[si] as Labels, v: vals[i] as number, t, dropName });
  }
  return { type: "vector", samples: out };
}

/**
 * sum/avg/count/group/min/max over such a call (sum by (job) (rate(x[5m]))), folded straight from
 * the block's columns: the per-series input vector of each step is never built.
 */
export function seriesWiseAggregation(ctx: EvalContext, e: Aggregation, t: number): Value | undefined {
  if (e.param || !STREAMED.has(e.op)) return undefined;
  let inner: Expr = e.expr;
  while (inner.kind === "paren") inner = inner.expr;
  if (inner.kind !== "call") return undefined;
  const at = stepOf(ctx, inner, t);
  if (!at) return undefined;
  const { st, j } = at;
  const samples = streamAggregateColumns(e, st.labels, st.vals, st.has, j * st.labels.length, t, (l) => groupLabels(e, l));
  return { type: "vector", samples };
}
