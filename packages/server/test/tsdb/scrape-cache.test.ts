import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryTsdb } from "../../src/tsdb/tsdb.ts";
import { isStaleNaN } from "../../src/tsdb/types.ts";

type Raw = { name: string; labels: Record<string, string>; value: number };

function scrape(db: MemoryTsdb, t: number, samples: Raw[], server = "s1"): void {
  db.append({ ensemble: "e", server, timestampMs: t, samples });
}

/** name{labels} → [[t, value or "stale"]…], sorted by series. */
function dump(db: MemoryTsdb): Record<string, (number | string)[][]> {
  const out: Record<string, (number | string)[][]> = {};
  for (const s of db.select([{ name: "__name__", type: "=~", value: ".+" }], -Infinity, Infinity)) {
    const { __name__, ...rest } = s.labels;
    out[`${__name__}${JSON.stringify(rest)}`] = s.samples.map((x) => [x.t, isStaleNaN(x.v) ? "stale" : x.v]);
  }
  return out;
}

describe("tsdb > scrape cache", () => {
  it("follows a label set changed in place in the same sample object (no stale identity hit)", () => {
    const db = new MemoryTsdb();
    const x: Raw = { name: "zk_mode", labels: { server: "s1", mode: "leader" }, value: 1 };
    scrape(db, 1000, [x]);
    x.labels.mode = "follower";
    scrape(db, 2000, [x]);
    assert.deepEqual(dump(db), {
      'zk_mode{"mode":"leader","server":"s1"}': [[1000, 1], [2000, "stale"]],
      'zk_mode{"mode":"follower","server":"s1"}': [[2000, 1]],
    });
  });

  it("treats a reordered batch, a renamed metric and an added label as what they are", () => {
    const db = new MemoryTsdb();
    const a = (v: number): Raw => ({ name: "a", labels: { server: "s1" }, value: v });
    const b = (v: number): Raw => ({ name: "b", labels: { server: "s1" }, value: v });
    scrape(db, 1000, [a(1), b(1)]);
    scrape(db, 2000, [b(2), a(2)]); // same series, other positions: nothing goes stale
    scrape(db, 3000, [{ name: "c", labels: { server: "s1" }, value: 3 }, { ...a(3), labels: { server: "s1", extra: "x" } }]);
    assert.deepEqual(dump(db), {
      'a{"server":"s1"}': [[1000, 1], [2000, 2], [3000, "stale"]],
      'b{"server":"s1"}': [[1000, 1], [2000, 2], [3000, "stale"]],
      'c{"server":"s1"}': [[3000, 3]],
      'a{"extra":"x","server":"s1"}': [[3000, 3]],
    });
    assert.equal(db.stats.staleMarkers, 2);
    assert.equal(db.stats.seriesCreated, 4);
  });

  it("marks series stale once when a batch shrinks, and keeps sources apart", () => {
    const db = new MemoryTsdb();
    const batch = (v: number, n: number): Raw[] => Array.from({ length: n }, (_, i) => ({ name: `m${i}`, labels: { server: "s1" }, value: v }));
    scrape(db, 1000, batch(1, 3));
    scrape(db, 1000, batch(1, 3), "s2"); // same labels from another source: the same series
    scrape(db, 2000, batch(2, 1));
    const d = dump(db);
    assert.deepEqual(d['m0{"server":"s1"}'], [[1000, 1], [2000, 2]]);
    assert.deepEqual(d['m1{"server":"s1"}'], [[1000, 1], [2000, "stale"]]);
    assert.deepEqual(d['m2{"server":"s1"}'], [[1000, 1], [2000, "stale"]]);
    assert.equal(db.stats.staleMarkers, 2);
    assert.equal(db.stats.duplicatesIgnored, 3);
  });

  it("creates a series again after the head dropped it, instead of using the cached one", () => {
    const db = new MemoryTsdb({ blockRangeMs: 10_000 });
    scrape(db, 1000, [{ name: "a", labels: { server: "s1" }, value: 1 }]);
    const [gone] = db.truncateBefore(10_000);
    assert.equal(gone!.chunks.length, 1);
    assert.deepEqual(dump(db), {});
    scrape(db, 12_000, [{ name: "a", labels: { server: "s1" }, value: 2 }]);
    assert.deepEqual(dump(db), { 'a{"server":"s1"}': [[12_000, 2]] });
    assert.equal(db.stats.seriesCreated, 2);
  });
});
