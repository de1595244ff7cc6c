// Evaluates the typed AST at one timestamp. Range queries call it once per step (step-aligned),
// over series selected once per selector (context.ts preload). Semantics follow Prometheus 3:
// lookback and range windows are left-open (t - window, t]; stale markers end a series.
import type { Sample, Series } from "../../tsdb/types.ts";
import { isStaleNaN, searchTime } from "../../tsdb/types.ts";
import type { BinaryExpr, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from "../ast.ts";
import { PromQLExecutionError } from "../errors.ts";
import { FUNCTION_IMPLS } from "../functions/index.ts";
import { evalAggregation } from "./aggregate.ts";
import { STREAMED } from "./aggregate-stream.ts";
import { arith, evalBinary, evalBinaryKept, isComparison } from "./binary.ts";
import { instantColumnWindows, instantVector, lastAtOrBefore } from "./instant-selectors.ts";
import type { EvalContext } from "./context.ts";
import { seriesWiseAggregation, seriesWiseCall } from "./range-functions.ts";
import { ColumnRange, type RangeSeries, type Value, type Vector } from "./values.ts";


function selected(ctx: EvalContext, vs: VectorSelector): Series[] {
  const s = ctx.selected.get(vs);
  if (!s) throw new PromQLExecutionError("internal error: selector was not preloaded");
  return s;
}

function evalVectorSelector(ctx: EvalContext, vs: VectorSelector, t: number): Value {
  const te = (vs.at ? ctx.atTime(vs.at) : t) - vs.offset;
  const all = selected(ctx, vs);
  if (ctx.instant) return { type: "vector", samples: instantVector(all, te, ctx.lookback) };
  const out: Vector = [];
  // Steps of a range query move forward: advance each series' index from the previous step
  // instead of searching again (a step back, in a subquery, searches).
  const cur = ctx.windowCursor(vs, all.length);
  const forward = te >= cur.end;
  for (let si = 0; si < all.length; si++) {
    const series = all[si] as Series;
    const samples = series.samples;
    ctx.check();
    let i: number;
    if (forward) {
      i = cur.hi[si] as number;
      while (i + 1 < samples.length && (samples[i + 1] as Sample).t <= te) i++;
    } else i = lastAtOrBefore(samples, te);
    cur.hi[si] = i;
    if (i < 0) continue;
    const s = series.samples[i] as Sample;
    if (s.t <= te - ctx.lookback || isStaleNaN(s.v)) continue;
    out.push({ labels: series.labels, v: s.v, t: s.t, dropName: false });
  }
  cur.end = te;
  return { type: "vector", samples: out };
}

function evalMatrixSelector(ctx: EvalContext, ms: MatrixSelector, t: number): Value {
  const vs = ms.vector;
  const end = (vs.at ? ctx.atTime(vs.at) : t) - vs.offset;
  const start = end - ms.range;
  const all = selected(ctx, vs);
  if (ctx.instant && ctx.cleanColumns.has(vs)) return { type: "matrix", series: instantColumnWindows(all, start, end), start, end };
  const out: RangeSeries[] = [];
  const stale = ctx.staleMarkers.get(vs);
  const cur = ctx.windowCursor(vs, all.length);
  // Steps of a range query move the window forward: advance each series' bounds from the previous
  // step instead of searching again; a window that moves back (subqueries) searches.
  const forward = end >= cur.end && start >= cur.start;
  for (let si = 0; si < all.length; si++) {
    const series = all[si] as Series;
    ctx.check();
    const cols = series.columns;
    if (cols !== undefined && stale?.[si] === false) {
      // Columns without a stale marker (range selectors of instant queries): the window is a pair of indices.
      const from = searchTime(cols.t, cols.t.length, start, true);
      const to = searchTime(cols.t, cols.t.length, end, true);
      if (to > from) out.push(new ColumnRange(series.labels, { t: cols.t, v: cols.v, from, to, origin: cols.origin, increase: undefined, regression: undefined }));
      continue;
    }
    const samples = series.samples;
    let hi: number;
    let lo: number;
    if (forward) {
      hi = cur.hi[si] as number;
      while (hi + 1 < samples.length && (samples[hi + 1] as Sample).t <= end) hi++;
      lo = cur.lo[si] as number;
      while (lo < samples.length && (samples[lo] as Sample).t <= start) lo++;
    } else {
      hi = lastAtOrBefore(samples, end);
      lo = lastAtOrBefore(samples, start) + 1;
    }
    cur.hi[si] = hi;
    cur.lo[si] = lo;
    if (hi < lo) continue;
    let points: Sample[];
    if (stale?.[si] !== false) {
      points = [];
      for (let i = lo; i <= hi; i++) {
        const s = series.samples[i] as Sample;
        if (!isStaleNaN(s.v)) points.push(s);
      }
    } else points = lo === 0 && hi === samples.length - 1 ? samples : samples.slice(lo, hi + 1); // read only: the whole window shared
    if (points.length > 0) out.push({ labels: series.labels, points, dropName: false });
  }
  cur.start = start;
  cur.end = end;
  return { type: "matrix", series: out, start, end };
}

/** Go integer division truncates toward zero; subquery alignment depends on it. */
function goDiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

function evalSubquery(ctx: EvalContext, sq: SubqueryExpr, t: number): Value {
  const end = (sq.at ? ctx.atTime(sq.at) : t) - sq.offset;
  const start = end - sq.range;
  const step = sq.step > 0 ? sq.step : ctx.noStepSubqueryInterval;
  let first = step * goDiv(start, step);
  if (first <= start) first += step;
  let memo = ctx.subqueryMemo.get(sq);
  if (!memo) {
      memo = new Map();
      ctx.subqueryMemo.set(sq, memo);
    }
  const bySeries = new Map<string, RangeSeries>();
  for (let ts = first; ts <= end; ts += step) {
    let v = memo.get(ts);
    if (!v) {
      ctx.subqueryDepth++;
      try {
        v = evaluate(ctx, sq.expr, ts);
      } finally {
        ctx.subqueryDepth--;
      }
      memo.set(ts, v);
    }
    if (v.type !== "vector") throw new PromQLExecutionError("subquery over a non-vector");
    for (const s of v.samples) {
      const k = keyOf(s.labels);
      let rs = bySeries.get(k);
      if (!rs) {
      rs = { labels: s.labels, points: [], dropName: s.dropName };
      bySeries.set(k, rs);
    }
      rs.points.push({ t: ts, v: s.v });
    }
  }
  return { type: "matrix", series: [...bySeries.values()], start, end };
}

function keyOf(l: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(l).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `f(...) > 5` or `max by (x) (...) == 1` in an instant query (the shape of most alerting rules):
 * the call or aggregation is asked only for the samples that pass, so the series that do not
 * (usually nearly all) never become sample objects. The comparison still runs on what comes back,
 * so the result is the same whether or not the inner expression honoured the request.
 */
function filteredComparison(ctx: EvalContext, e: BinaryExpr, t: number): Value | undefined {
  if (!ctx.instant || e.returnBool || !isComparison(e.op) || e.rhs.kind !== "number") return undefined;
  let lhs: Expr = e.lhs;
  while (lhs.kind === "paren") lhs = lhs.expr;
  const { op } = e;
  const threshold = e.rhs.value;
  const keep = (v: number) => arith(op, v, threshold) === 1;
  let passing: Value;
  if (lhs.kind === "call") {
    const impl = FUNCTION_IMPLS[lhs.func];
    if (impl === undefined || !("perSeries" in impl)) return undefined;
    const args = lhs.args.map((a) => evaluate(ctx, a, t));
    passing = impl({ ctx, t, call: lhs, args, keep });
  } else if (lhs.kind === "aggregation" && lhs.param === undefined && STREAMED.has(lhs.op)) {
    passing = evalAggregation(lhs, evaluate(ctx, lhs.expr, t), undefined, t, keep);
  } else {
    return undefined;
  }
  return evalBinary(e, passing, { type: "scalar", v: threshold });
}

/** Evaluates `e` at time `t` (ms). */
export function evaluate(ctx: EvalContext, e: Expr, t: number): Value {
  switch (e.kind) {
    case "number":
      return { type: "scalar", v: e.value };
    case "string":
      return { type: "string", v: e.value };
    case "paren":
      return evaluate(ctx, e.expr, t);
    case "vectorSelector":
      return evalVectorSelector(ctx, e, t);
    case "matrixSelector":
      return evalMatrixSelector(ctx, e, t);
    case "subquery":
      return evalSubquery(ctx, e, t);
    case "unary": {
      const v = evaluate(ctx, e.expr, t);
      if (e.op === "+") return v;
      if (v.type === "scalar") return { type: "scalar", v: -v.v };
      if (v.type === "vector") {
        return { type: "vector", samples: v.samples.map((s) => ({ ...s, v: -s.v, dropName: true })) };
      }
      throw new PromQLExecutionError("unary minus on a non-numeric value");
    }
    case "binary": {
      const filtered = filteredComparison(ctx, e, t);
      if (filtered) return filtered;
      const l = evaluate(ctx, e.lhs, t);
      const r = evaluate(ctx, e.rhs, t);
      return ctx.instant ? evalBinaryKept(e, l, r) : evalBinary(e, l, r);
    }
    case "aggregation": {
      const fused = seriesWiseAggregation(ctx, e, t);
      if (fused) return fused;
      const param = e.param ? evaluate(ctx, e.param, t) : undefined;
      return evalAggregation(e, evaluate(ctx, e.expr, t), param, t);
    }
    case "call": {
      const whole = seriesWiseCall(ctx, e, t);
      if (whole) return whole;
      const impl = FUNCTION_IMPLS[e.func];
      if (!impl) throw new PromQLExecutionError(`function "${e.func}" is not implemented`);
      const args = e.args.map((a) => evaluate(ctx, a, t));
      return impl({ ctx, t, call: e, args });
    }
  }
}
