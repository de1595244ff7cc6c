// The engine's entry points: limits (samples loaded, timeout), cancellation, result shapes.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  instantQuery,
  MemoryQuerier,
  PromQLCanceledError,
  PromQLTimeoutError,
  PromQLTooManySamplesError,
  PromQLTypeError,
  rangeQuery,
  rangeQueryAsync,
} from "../../../src/promql/index.ts";
import { FUNCTION_IMPLS } from "../../../src/promql/functions/index.ts";
import type { FnCall, FnImpl } from "../../../src/promql/functions/types.ts";
import { STALE_NAN } from "../../../src/tsdb/types.ts";

function data(): MemoryQuerier {
  const q = new MemoryQuerier();
  for (let i = 0; i < 10; i++) {
    q.add({ __name__: "m", i: String(i) }, Array.from({ length: 100 }, (_, k) => ({ t: k * 10_000, v: k })));
  }
  return q;
}

test("PromQL > engine > too many samples stops the query", () => {
  assert.throws(() => instantQuery(data(), "m[1h]", 990_000, { maxSamples: 500 }), PromQLTooManySamplesError);
  assert.equal(instantQuery(data(), "count(m)", 990_000, { maxSamples: 1000 }).resultType, "vector");
});

test("PromQL > engine > timeout measured on the injected clock", () => {
  let now = 0;
  const clock = () => (now += 50);
  assert.throws(() => rangeQuery(data(), "sum(m)", 0, 990_000, 10_000, { timeoutMs: 1000, clock }), PromQLTimeoutError);
});

test("PromQL > engine > rangeQueryAsync yields and can be canceled", async () => {
  const abort = new AbortController();
  const p = rangeQueryAsync(data(), "sum(rate(m[1m]))", 0, 990_000, 10_000, { signal: abort.signal });
  abort.abort();
  await assert.rejects(p, PromQLCanceledError);
  const r = await rangeQueryAsync(data(), "sum(m)", 0, 20_000, 10_000);
  assert.deepEqual(r, { resultType: "matrix", series: [{ labels: {}, points: [{ t: 0, v: 0 }, { t: 10_000, v: 10 }, { t: 20_000, v: 20 }] }] });
});

test("PromQL > engine > range query of a range vector is a type error", () => {
  assert.throws(() => rangeQuery(data(), "m[5m]", 0, 10_000, 1000), PromQLTypeError);
});

test("PromQL > engine > a stale marker ends a series; lookback is 5 minutes, left-open", () => {
  const q = new MemoryQuerier();
  q.add({ __name__: "s" }, [{ t: 0, v: 1 }, { t: 10_000, v: STALE_NAN }, { t: 20_000, v: 2 }]);
  const at = (t: number) => {
    const r = instantQuery(q, "s", t);
    return r.resultType === "vector" ? r.samples.map((s) => s.v) : undefined;
  };
  assert.deepEqual(at(5_000), [1]);
  assert.deepEqual(at(15_000), []);
  assert.deepEqual(at(319_999), [2]);
  assert.deepEqual(at(320_000), []);
});

test("PromQL > engine > an instant `f(...) > n` asks the function for the passing samples only", () => {
  const q = new MemoryQuerier();
  for (let i = 0; i < 10; i++) {
    q.add({ __name__: "c_total", i: String(i) }, Array.from({ length: 100 }, (_, k) => ({ t: k * 10_000, v: k * i })));
  }
  const impls = FUNCTION_IMPLS as Record<string, FnImpl>;
  const rate = impls.rate as FnImpl;
  const calls: { keep: boolean; returned: number }[] = [];
  const spy = (c: FnCall) => {
    const v = rate(c);
    calls.push({ keep: c.keep !== undefined, returned: v.type === "vector" ? v.samples.length : -1 });
    return v;
  };
  impls.rate = Object.assign(spy, rate);
  try {
    const r = instantQuery(q, "rate(c_total[1m]) > 0.45", 500_000);
    assert.equal(r.resultType, "vector");
    if (r.resultType !== "vector") return;
    assert.deepEqual(r.samples.map((s) => s.labels.i).sort(), ["5", "6", "7", "8", "9"]);
    assert.deepEqual(calls, [{ keep: true, returned: 5 }]);
    // A range query, `bool` and a non-literal right side get the whole result, as before.
    calls.length = 0;
    const b = instantQuery(q, "rate(c_total[1m]) > bool 0.45", 500_000);
    assert.equal(b.resultType === "vector" ? b.samples.length : -1, 10);
    assert.deepEqual(calls, [{ keep: false, returned: 10 }]);
  } finally {
    impls.rate = rate;
  }
});
