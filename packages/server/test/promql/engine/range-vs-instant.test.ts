// A range query must equal the instant query at each of its steps: range queries evaluate
// range-vector functions series by series over blocks of steps and aggregate with cached groups
// (engine/range-functions.ts, aggregate-stream.ts), instant queries step by step; the two paths
// must agree on windows, stale markers, gaps, offset, @, subqueries and block boundaries.
import assert from "node:assert/strict";
import { test } from "node:test";
import { instantQuery, MemoryQuerier, type QueryResult, rangeQuery } from "../../../src/promql/index.ts";
import type { Sample } from "../../../src/tsdb/types.ts";
import { STALE_NAN } from "../../../src/tsdb/types.ts";

const STEP = 60_000;
const START = 600_000;
const STEPS = 150; // several blocks of steps

function data(): MemoryQuerier {
  const q = new MemoryQuerier();
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 12; i++) {
    const counter: Sample[] = [];
    const gauge: Sample[] = [];
    let c = 0;
    // Irregular intervals, a reset, a gap and (for some series) stale markers and NaN.
    for (let t = 0; t < START + STEPS * STEP + 600_000; t += 10_000 + Math.floor(rnd() * 25_000)) {
      if (t > 3_000_000 && t < 3_600_000 && i % 3 === 0) continue;
      c = t > 5_000_000 && t < 5_040_000 && i % 2 === 0 ? 1 : c + Math.floor(rnd() * 10);
      const stale = i % 4 === 1 && rnd() < 0.05;
      counter.push({ t, v: stale ? STALE_NAN : c });
      gauge.push({ t, v: stale ? STALE_NAN : i === 5 && rnd() < 0.05 ? Number.NaN : rnd() * 100 - 20 });
    }
    const labels = { job: `j${i % 3}`, instance: `i${i}` };
    q.add({ __name__: "c_total", ...labels }, counter);
    q.add({ __name__: "g", ...labels }, gauge);
  }
  return q;
}

const EXPRESSIONS = [
  "rate(c_total[5m])",
  "increase(c_total[3m])",
  "irate(c_total[2m])",
  "resets(c_total[10m])",
  "changes(g[4m])",
  "deriv(g[5m])",
  "predict_linear(g[5m], 600)",
  "avg_over_time(g[7m])",
  "sum_over_time(g[2m])",
  "min_over_time(g[5m])",
  "max_over_time(g[5m])",
  "last_over_time(g[3m])",
  "first_over_time(g[3m])",
  "count_over_time(g[90s])",
  "stddev_over_time(g[10m])",
  "quantile_over_time(0.9, g[10m])",
  "mad_over_time(g[10m])",
  "double_exponential_smoothing(g[10m], 0.5, 0.3)",
  "rate(c_total[5m] offset 7m)",
  "rate(c_total[5m] @ 2400)",
  "avg_over_time(g[5m] @ 6000)",
  "max_over_time(rate(c_total[2m])[10m:1m])",
  "sum by (job) (rate(c_total[5m]))",
  "avg by (job) (avg_over_time(g[5m]))",
  "count without (instance) (g > 10)",
  "min by (job) (g)",
  "max(max_over_time(g[1m]))",
  "group by (job) (c_total)",
  "sum(rate(c_total[5m])) by (job) / on (job) count by (job) (g)",
  "topk(3, rate(c_total[5m]))",
  // Instant queries ask the call or aggregation for the passing samples only (evaluator.ts filteredComparison).
  "rate(c_total[5m]) > 0.2",
  "(predict_linear(g[5m], 600)) <= 30",
  "deriv(g[5m]) > 0",
  "changes(g[4m]) != 5",
  "avg_over_time(g[5m]) >= 20",
  "sum_over_time(g[2m]) > bool 50",
  "max by (job) (g) > 50",
  "count by (job) (g > 10) >= 3",
  "(sum without (instance) (rate(c_total[5m]))) < 1",
  "avg(g) != 0",
];

function byLabels(r: QueryResult): Map<string, number> {
  const out = new Map<string, number>();
  if (r.resultType !== "vector") throw new Error(`expected a vector, got ${r.resultType}`);
  for (const s of r.samples) out.set(JSON.stringify(Object.entries(s.labels).sort()), s.v);
  return out;
}

for (const expr of EXPRESSIONS) {
  test(`PromQL > engine > range query equals instant queries at each step: ${expr}`, () => {
    const q = data();
    const end = START + (STEPS - 1) * STEP;
    const range = rangeQuery(q, expr, START, end, STEP);
    assert.equal(range.resultType, "matrix");
    if (range.resultType !== "matrix") return;
    const steps = new Map<number, Map<string, number>>();
    for (const s of range.series) {
      const k = JSON.stringify(Object.entries(s.labels).sort());
      for (const p of s.points) {
        let m = steps.get(p.t);
        if (!m) {
          m = new Map();
          steps.set(p.t, m);
        }
        m.set(k, p.v);
      }
    }
    let compared = 0;
    for (let t = START; t <= end; t += STEP) {
      const want = byLabels(instantQuery(q, expr, t));
      const got = steps.get(t) ?? new Map();
      assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `${expr} at ${t}: series`);
      for (const [k, v] of want) assert.ok(Object.is(got.get(k), v), `${expr} at ${t} ${k}: ${got.get(k)} != ${v}`);
      compared += want.size;
    }
    assert.ok(compared > 0, `${expr}: no samples compared`);
  });
}
