// The engine over the store's head (column windows, kept selects between appends) gives what it
// gives over the plain in-memory querier, at times that move forward, back, and across appends.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { instantQuery } from "../../../src/promql/engine/query.ts";
import { MemoryQuerier } from "../../../src/promql/memory-querier.ts";
import { MemoryTsdb } from "../../../src/tsdb/tsdb.ts";
import { STALE_NAN } from "../../../src/tsdb/types.ts";

const EXPRS = [
  "rate(c[5m])",
  "increase(c[15m]) > 3",
  "delta(g[5m]) / delta(c[5m])",
  "predict_linear(g[1h], 3600)",
  "deriv(g[10m])",
  "max_over_time(g[10m])",
  "g",
  "max without (i) (g) == 1",
  "g > 50 or c < 10",
];

function fill(upTo: number, from: number, db: MemoryTsdb, mem: MemoryQuerier): void {
  for (let t = from; t < upTo; t += 5000) {
    for (let i = 0; i < 4; i++) {
      const k = t / 5000;
      // series 3 goes stale for a while (stale markers inside some windows)
      const stale = i === 3 && k % 200 > 150 && k % 200 < 160;
      const c = stale ? STALE_NAN : k * (i + 1) - (k % 97 === 0 ? 50 : 0);
      const g = stale ? STALE_NAN : Math.sin(k / 30 + i) * 100;
      for (const [name, v] of [["c", c], ["g", g]] as const) {
        db.appendSample({ __name__: name, i: String(i) }, t, v);
        mem.add({ __name__: name, i: String(i) }, [{ t, v }]);
      }
    }
  }
}

function same(a: unknown): string {
  return JSON.stringify(a, (_k, v) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : v));
}

describe("PromQL > engine over the store's head equals the in-memory querier", () => {
  it("agrees for range functions and instant selectors at forward, backward and post-append times", () => {
    const db = new MemoryTsdb();
    const mem = new MemoryQuerier();
    fill(2 * 3600_000, 0, db, mem);
    const times = [3600_000, 3601_000, 3602_500, 3660_000, 3500_000, 7195_000, 7199_000];
    const check = (t: number, exprs = EXPRS) => {
      for (const e of exprs) assert.equal(same(instantQuery(db, e, t)), same(instantQuery(mem, e, t)), `${e} at ${t}`);
    };
    for (const t of times) check(t);
    fill(2 * 3600_000 + 60_000, 2 * 3600_000, db, mem);
    for (const t of [7199_000, 7201_000, 7230_000, 7259_000, 7262_000]) check(t);
    // One collection at a time, each expression in turn first (kept selects extended by what was appended).
    for (let k = 0; k < EXPRS.length * 2; k++) {
      const t = 2 * 3600_000 + 60_000 + k * 5000;
      fill(t + 5000, t, db, mem);
      const first = k % EXPRS.length;
      check(t + 1000, [...EXPRS.slice(first), ...EXPRS.slice(0, first)]);
    }
  });
});
