// The engine's entry points: parse + type-check, then evaluate an instant query or a range query
// (one evaluation per step, start + k*step). Result shapes mirror Prometheus's API data.
import type { Labels, Querier, Sample } from "../../tsdb/types.ts";
import type { Expr } from "../ast.ts";
import { PromQLExecutionError, PromQLTypeError } from "../errors.ts";
import { check, typeName } from "../parse/check.ts";
import { parseToAst } from "../parse/from-lezer.ts";
import { EvalContext, type EngineOptions } from "./context.ts";
import { evaluate } from "./evaluator.ts";
import { compareLabels, dropName as withoutName, labelsKey } from "./labels.ts";
import type { Value, Vector } from "./values.ts";

export type QueryResult =
  | { resultType: "scalar"; t: number; v: number }
  | { resultType: "string"; t: number; v: string }
  | { resultType: "vector"; samples: { labels: Labels; t: number; v: number }[] }
  | { resultType: "matrix"; series: { labels: Labels; points: Sample[] }[] };

/** Parses and type-checks a query; throws PromQLSyntaxError / PromQLTypeError with positions. */
export function parseQuery(text: string): Expr {
  const e = parseToAst(text);
  check(e);
  return e;
}

function cleanup(v: Vector): { labels: Labels; v: number }[] {
  const seen = new Set<string>();
  const out = v.map((s) => ({ labels: s.dropName ? withoutName(s.labels) : s.labels, v: s.v }));
  for (const s of out) {
    const k = labelsKey(s.labels);
    if (seen.has(k)) throw new PromQLExecutionError("vector cannot contain metrics with the same labelset");
    seen.add(k);
  }
  return out;
}

/**
 * Parsed queries by text, most recently used last. Rules and dashboards send the same texts again
 * and again; parsing (lezer + type check) costs more than evaluating a small rule. The AST is
 * never mutated by evaluation, so one tree serves every query with that text.
 */
const parsed = new Map<string, Expr>();
const PARSED_MAX = 4096;

function toExpr(q: string | Expr): Expr {
  if (typeof q !== "string") return q;
  let e = parsed.get(q);
  if (e) {
    parsed.delete(q);
  } else {
    e = parseQuery(q);
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
  }
  parsed.set(q, e);
  return e;
}

export function instantQuery(querier: Querier, query: string | Expr, t: number, options: EngineOptions = {}): QueryResult {
  const expr = toExpr(query);
  const ctx = new EvalContext(querier, { start: t, end: t, step: 0 }, options);
  try {
    ctx.preload(expr);
    const v: Value = evaluate(ctx, expr, t);
    // The result is built from copies: nothing in it refers to the selected series' columns.
    switch (v.type) {
      case "scalar":
        return { resultType: "scalar", t, v: v.v };
      case "string":
        return { resultType: "string", t, v: v.v };
      case "vector":
        return { resultType: "vector", samples: cleanup(v.samples).map((s) => ({ ...s, t })) };
      case "matrix": {
        const series = v.series.map((s) => ({ labels: s.dropName ? withoutName(s.labels) : s.labels, points: s.points.map((p) => ({ t: p.t, v: p.v })) }));
        series.sort((a, b) => compareLabels(a.labels, b.labels));
        return { resultType: "matrix", series };
      }
    }
  } finally {
    ctx.release();
  }
}

/** The range query as a generator that yields after every step (so a server can interleave work). */
function* rangeSteps(
  querier: Querier,
  query: string | Expr,
  start: number,
  end: number,
  step: number,
  options: EngineOptions,
): Generator<void, QueryResult> {
  const expr = toExpr(query);
  const type = check(expr);
  if (type !== "scalar" && type !== "vector") {
    throw new PromQLTypeError(`invalid expression type "${typeName(type)}" for range query, must be Scalar or instant Vector`, expr.from, expr.to);
  }
  if (!(step > 0)) throw new PromQLExecutionError("zero or negative query resolution step widths are not accepted");
  if (end < start) throw new PromQLExecutionError("end timestamp must not be before start time");
  const ctx = new EvalContext(querier, { start, end, step }, options);
  ctx.preload(expr);
  const bySeries = new Map<string, { labels: Labels; points: Sample[] }>();
  for (let t = start; t <= end; t += step) {
    ctx.checkNow();
    const v = evaluate(ctx, expr, t);
    const samples = v.type === "scalar" ? [{ labels: {}, v: v.v }] : v.type === "vector" ? cleanup(v.samples) : [];
    for (const s of samples) {
      const k = labelsKey(s.labels);
      let rs = bySeries.get(k);
      if (!rs) {
        rs = { labels: s.labels, points: [] };
        bySeries.set(k, rs);
      }
      rs.points.push({ t, v: s.v });
    }
    yield;
  }
  const series = [...bySeries.values()].sort((a, b) => compareLabels(a.labels, b.labels));
  return { resultType: "matrix", series };
}

/** Evaluates `query` at start, start + step, ..., end (ms); the result is always a matrix. */
export function rangeQuery(
  querier: Querier,
  query: string | Expr,
  start: number,
  end: number,
  step: number,
  options: EngineOptions = {},
): QueryResult {
  const steps = rangeSteps(querier, query, start, end, step, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * rangeQuery that gives the event loop a turn every `sliceMs` of evaluation (measured with
 * options.clock; without one, every 16 steps), so that a long query neither starves the rest of
 * the process nor misses a cancellation (options.signal).
 */
export async function rangeQueryAsync(
  querier: Querier,
  query: string | Expr,
  start: number,
  end: number,
  step: number,
  options: EngineOptions = {},
  sliceMs = 10,
): Promise<QueryResult> {
  const steps = rangeSteps(querier, query, start, end, step, options);
  const clock = options.clock;
  let mark = clock?.() ?? 0;
  let n = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    n++;
    if (clock ? clock() - mark >= sliceMs : n % 16 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      mark = clock?.() ?? 0;
    }
  }
}
