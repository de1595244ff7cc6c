// Kept selector values are reused only over the times for which they are exact: at every time,
// in any order, a select that was read before gives what a fresh read of the same series gives.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { instantColumnWindows, instantVector } from "../../../src/promql/engine/instant-selectors.ts";
import type { RangeSeries } from "../../../src/promql/engine/values.ts";
import { ColumnSeries } from "../../../src/tsdb/column-series.ts";
import { STALE_NAN, type Series } from "../../../src/tsdb/types.ts";

/** Series with samples at irregular times (some gaps longer than the lookback, a stale marker). */
function fleet(): Series[] {
  const out: Series[] = [];
  for (let i = 0; i < 5; i++) {
    const samples = [];
    for (let t = i * 700; t < 60_000; t += 1_000 + i * 1_300) {
      if (i === 2 && t > 20_000 && t < 35_000) continue; // a gap
      samples.push({ t, v: i === 3 && t > 40_000 && t < 43_000 ? STALE_NAN : t / 1000 + i });
    }
    out.push({ labels: { __name__: "m", i: String(i) }, samples });
  }
  return out;
}

function asColumns(series: Series[]): Series[] {
  return series.map((s) => new ColumnSeries(s.labels, { t: Float64Array.from(s.samples, (x) => x.t), v: Float64Array.from(s.samples, (x) => x.v), staleFree: true }));
}

/** Times across every sample and every lookback expiry, forward, backward and shuffled. */
function times(): number[] {
  const ts: number[] = [];
  for (let t = -1_000; t < 70_000; t += 250) ts.push(t);
  const shuffled = [...ts];
  let seed = 7;
  for (let i = shuffled.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
  }
  return [...ts, ...[...ts].reverse(), ...shuffled];
}

function windows(r: RangeSeries[]): string {
  return JSON.stringify(r.map((s) => [s.labels, s.columns?.from, s.columns?.to]));
}

describe("PromQL > instant selectors over kept selects", () => {
  it("an instant vector selector gives a fresh read's samples at every time", () => {
    const kept = fleet();
    let reused = 0;
    for (const lookback of [3_000, 10_000]) {
      for (const te of times()) {
        const before = instantVector(kept, te, lookback);
        const fresh = instantVector([...kept], te, lookback);
        assert.deepEqual(before, fresh, `te ${te}, lookback ${lookback}`);
        if (instantVector(kept, te, lookback) === before) reused++;
      }
    }
    assert.ok(reused > 0);
  });

  it("a range selector gives a fresh read's windows for every start and end", () => {
    const kept = asColumns(fleet());
    for (const range of [2_000, 9_000]) {
      for (const end of times()) {
        const got = instantColumnWindows(kept, end - range, end);
        const fresh = instantColumnWindows([...kept], end - range, end);
        assert.equal(windows(got), windows(fresh), `window (${end - range}, ${end}]`);
      }
    }
  });

  it("hands the same value to a later time between two samples", () => {
    const kept = asColumns(fleet());
    const a = instantColumnWindows(kept, 50_100 - 9_000, 50_100);
    assert.equal(instantColumnWindows(kept, 50_150 - 9_000, 50_150), a);
    const v = instantVector(kept, 50_100, 10_000);
    assert.equal(instantVector(kept, 50_150, 10_000), v);
  });
});
