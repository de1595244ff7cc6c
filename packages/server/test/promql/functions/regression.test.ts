// The bucketed regression gives Prometheus's line (within rounding), and the same bits whether or
// not bucket sums were kept, however the window moved over the storage.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { linearRegression } from "../../../src/promql/functions/rate.ts";
import { bucketedRegression } from "../../../src/promql/functions/regression.ts";

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** Samples every ~5 s (jittered, sometimes a gap) of a random walk around `level`. */
function walk(n: number, level: number, step: number, seed: number): { t: Float64Array; v: Float64Array } {
  const r = rng(seed);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let at = 1_700_000_000_000 + Math.floor(r() * 300_000);
  let x = level;
  for (let i = 0; i < n; i++) {
    at += r() < 0.02 ? 60_000 : 4_000 + Math.floor(r() * 2_000);
    x += (r() - 0.45) * step;
    t[i] = at;
    v[i] = x;
  }
  return { t, v };
}

function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= 1e-9 * scale;
}

describe("PromQL > predict_linear's bucketed regression", () => {
  it("gives Prometheus's line within rounding, for small and large values and windows across buckets", () => {
    for (const [level, step] of [
      [0, 1],
      [1e6, 30],
      [1e9, 1],
      [-5e3, 1e3],
    ] as const) {
      for (let seed = 1; seed <= 20; seed++) {
        const { t, v } = walk(900, level, step, seed);
        const from = seed * 7;
        const to = 900 - seed;
        const anchor = t[to - 1] as number;
        const [slope, intercept] = linearRegression(t, v, from, to, anchor);
        const got = bucketedRegression(t, v, from, to, anchor) as [number, number];
        // The prediction 6 h ahead, the way rules use it, compared at the values' scale.
        const scale = Math.max(1, Math.abs(level), step * 900);
        assert.ok(close(got[1], intercept, scale), `intercept ${got[1]} vs ${intercept} (level ${level}, seed ${seed})`);
        assert.ok(close(got[0] * 21_600, slope * 21_600, scale), `slope ${got[0]} vs ${slope} (level ${level}, seed ${seed})`);
      }
    }
  });

  it("is exactly flat for a constant window, and leaves ±Inf and NaN to Prometheus's path", () => {
    const t = Float64Array.from({ length: 200 }, (_, i) => i * 5000);
    assert.deepEqual(bucketedRegression(t, new Float64Array(200).fill(42), 0, 200, t[199] as number), [0, 42]);
    const v = Float64Array.from({ length: 200 }, (_, i) => i);
    v[77] = Number.POSITIVE_INFINITY;
    assert.equal(bucketedRegression(t, v, 0, 200, 0), undefined);
    v[77] = Number.NaN;
    assert.equal(bucketedRegression(t, v, 0, 200, 0), undefined);
  });

  it("gives the same bits with kept bucket sums as without, as the window slides and the storage grows", () => {
    const { t, v } = walk(2000, 1e6, 50, 3);
    const storage = {};
    // Views as a growing store hands them out: [at, end) of the storage, the window the last 720 samples.
    for (let end = 800; end <= 2000; end += 1 + (end % 3)) {
      const at = Math.max(0, end - 760);
      const tv = t.subarray(at, end);
      const vv = v.subarray(at, end);
      const from = tv.length - 720;
      const anchor = tv[tv.length - 1] as number;
      const kept = bucketedRegression(tv, vv, from, tv.length, anchor, { of: storage, at });
      const fresh = bucketedRegression(tv.slice(), vv.slice(), from, tv.length, anchor);
      assert.deepEqual(kept, fresh, `window ending at ${end}`);
    }
  });
});
