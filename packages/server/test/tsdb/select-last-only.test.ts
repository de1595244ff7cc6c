// Selects with the lastOnly hint (an instant vector selector): each series' newest sample in
// [mint, maxt], the same as the last sample of a full select, from the head, from blocks, and
// with bit-exact stale markers.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Tsdb } from "../../src/tsdb/tsdb-store.ts";
import { MemoryTsdb } from "../../src/tsdb/tsdb.ts";
import type { LabelMatcher, Querier } from "../../src/tsdb/types.ts";
import { isStaleNaN, STALE_NAN } from "../../src/tsdb/types.ts";
import { bits } from "../helpers/float-bits.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ALL: LabelMatcher[] = [{ name: "__name__", type: "=~", value: "m.*" }];

/** lastOnly must equal the newest sample of the full select, series by series, for every window. */
function assertSameAsFull(q: Querier, windows: [number, number][]): number {
  let compared = 0;
  for (const [mint, maxt] of windows) {
    const full = new Map(q.select(ALL, mint, maxt).map((s) => [JSON.stringify(s.labels), s.samples[s.samples.length - 1]]));
    const last = q.select(ALL, mint, maxt, { lastOnly: true });
    assert.deepEqual(last.map((s) => JSON.stringify(s.labels)).sort(), [...full.keys()].sort(), `series in [${mint}, ${maxt}]`);
    for (const s of last) {
      assert.equal(s.samples.length, 1);
      const want = full.get(JSON.stringify(s.labels));
      assert.equal(s.samples[0]?.t, want?.t);
      assert.equal(bits(s.samples[0]?.v as number), bits(want?.v as number), `value bits of ${JSON.stringify(s.labels)} in [${mint}, ${maxt}]`);
      compared++;
    }
  }
  return compared;
}

const WINDOWS: [number, number][] = [
  [0, 1_000_000],
  [250_000, 550_000],
  [590_000, 600_000],
  [100_000, 100_000],
  [700_000, 900_000],
  [-10, 5],
];

describe("tsdb > select lastOnly", () => {
  it("returns each series' newest sample in the window from the head, stale markers bit-exact", () => {
    const db = new MemoryTsdb();
    for (let t = 0; t <= 600_000; t += 5000) {
      db.appendSample({ __name__: "m_a", i: "1" }, t, t / 1000);
      if (t < 300_000) db.appendSample({ __name__: "m_b", i: "2" }, t, Math.sqrt(t));
    }
    db.appendSample({ __name__: "m_b", i: "2" }, 300_000, STALE_NAN);
    assert.ok(assertSameAsFull(db, WINDOWS) >= 6);
    const b = db.select([{ name: "__name__", type: "=", value: "m_b" }], 0, 400_000, { lastOnly: true });
    assert.ok(isStaleNaN(b[0]?.samples[0]?.v as number), "the newest sample of m_b is its stale marker");
  });

  it("merges blocks and head: the head's newest where it has one in the window, else the newest block's", () => {
    const dir = mkdtempSync(join(tmpdir(), "zoosight-lastonly-"));
    dirs.push(dir);
    let now = 0;
    const db = Tsdb.open({ dir, clock: { now: () => now }, blockRangeMs: 60_000 });
    try {
      for (let t = 0; t <= 600_000; t += 10_000) {
        now = t;
        db.append({ ensemble: "e", server: "s", timestampMs: t, samples: [{ name: "m_a", labels: { i: "1" }, value: t * 2 }] });
        if (t <= 200_000) db.append({ ensemble: "e", server: "s2", timestampMs: t, samples: [{ name: "m_old", labels: { i: "2" }, value: t }] });
        db.flush();
      }
      assert.ok(readdirSync(join(dir, "blocks")).length > 0, "blocks were cut, so both sources are read");
      assert.ok(assertSameAsFull(db, WINDOWS) >= 6);
    } finally {
      db.close();
    }
  });
});
