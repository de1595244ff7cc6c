import { ColumnArena } from "../../src/tsdb/column-arena.ts";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodedChunks } from "../../src/tsdb/decoded-chunks.ts";
import { isStaleNaN, type LabelMatcher, STALE_NAN } from "../../src/tsdb/types.ts";
import { MemoryTsdb } from "../../src/tsdb/tsdb.ts";
import { compileMatchers } from "../../src/tsdb/matchers.ts";
import { bits, fromBits } from "../helpers/float-bits.ts";

const eq = (name: string, value: string): LabelMatcher => ({ name, type: "=", value });

/** The same select without the memo: every series checked against freshly compiled matchers. */
function unmemoised(db: MemoryTsdb, ms: LabelMatcher[]): string[] {
  return db.head.matching(compileMatchers(ms)).map((s) => s.key).sort();
}

describe("tsdb > head > memoised series per matcher set", () => {
  it("gives the same series as matching without the memo, and sees series created and dropped since", () => {
    const db = new MemoryTsdb({ blockRangeMs: 60_000 });
    for (let i = 0; i < 20; i++) db.appendSample({ __name__: "m", server: `s${i}`, ensemble: i % 2 ? "a" : "b" }, 1000, i);
    const sets: LabelMatcher[][] = [[eq("__name__", "m")], [eq("__name__", "m"), eq("ensemble", "a")], [eq("__name__", "m"), { name: "server", type: "=~", value: "s1.*" }], [{ name: "ensemble", type: "!=", value: "a" }]];
    const check = () => {
      for (const ms of sets) {
        assert.deepEqual(db.head.matchingSelectors(ms).map((s) => s.key).sort(), unmemoised(db, ms));
        assert.deepEqual(db.head.matchingSelectors(ms).map((s) => s.key).sort(), unmemoised(db, ms)); // the memoised answer
      }
    };
    check();
    const before = db.select([eq("__name__", "m"), eq("ensemble", "a")], 0, 1e9).length;
    // a new series appears: memoised lists must include it
    db.appendSample({ __name__: "m", server: "s99", ensemble: "a" }, 2000, 1);
    check();
    assert.equal(db.select([eq("__name__", "m"), eq("ensemble", "a")], 0, 1e9).length, before + 1);
    // series dropped by a truncation: memoised lists must forget them
    db.appendSample({ __name__: "late", server: "x" }, 200_000, 1);
    db.truncateBefore(120_000);
    check();
    assert.equal(db.select([eq("__name__", "m")], 0, 1e9).length, 0);
    assert.equal(db.select([eq("__name__", "late")], 0, 1e9).length, 1);
  });

  it("still rejects an invalid regex each time", () => {
    const db = new MemoryTsdb();
    db.appendSample({ __name__: "m" }, 0, 1);
    for (let i = 0; i < 2; i++) assert.throws(() => db.select([{ name: "__name__", type: "=~", value: "(" }], 0, 1e9), /invalid matcher/);
  });
});

describe("tsdb > decoded open chunk extended on append", () => {
  it("reads after each append equal a fresh decoding, stale markers and NaN payloads bit-exact, across chunk cuts", () => {
    const db = new MemoryTsdb();
    const fresh = new MemoryTsdb();
    const sel = (d: MemoryTsdb) => d.select([eq("__name__", "m")], 0, 1e12)[0]?.samples.map((s) => `${s.t}:${bits(s.v)}`);
    const values = [0x7ff0000000000002n, 0x7ff8000000000001n, bits(-0), bits(1.5), bits(Infinity)];
    for (let i = 0; i < 400; i++) {
      const v = fromBits(values[i % values.length] as bigint);
      db.appendSample({ __name__: "m" }, i * 5000, v);
      fresh.appendSample({ __name__: "m" }, i * 5000, v);
      if (i % 3 === 0 || i > 110) {
        const got = sel(db);
        assert.equal(got?.length, i + 1);
        // `fresh` is never read before, so its chunks decode from bytes (its open chunk cache entry is a different key)
        if (i % 50 === 0) assert.deepEqual(got, sel(fresh));
      }
    }
    assert.deepEqual(sel(db), sel(fresh));
    assert.ok(decodedChunks.size <= decodedChunks.maxSamples);
  });
});

describe("tsdb > selected windows known to hold no stale marker", () => {
  it("marks a window free of stale markers only when it is, as objects and as columns", () => {
    const db = new MemoryTsdb();
    for (let i = 0; i < 200; i++) db.appendSample({ __name__: "m" }, i * 5000, i === 150 ? STALE_NAN : i);
    for (const columns of [false, true]) {
      const window = (mint: number, maxt: number, name = "m") => db.select([eq("__name__", name)], mint, maxt, { columns: columns ? new ColumnArena() : undefined })[0]!;
      const before = window(0, 100 * 5000);
      assert.equal(before.staleFree === true, before.samples.every((s) => !isStaleNaN(s.v)));
      const all = window(0, 199 * 5000);
      assert.equal(all.staleFree === true, false);
      // the marker itself survives the copy of a window across chunks, bit for bit
      assert.deepEqual(all.samples.flatMap((s, i) => (isStaleNaN(s.v) ? [i] : [])), [150]);
      assert.equal(window(140 * 5000, 160 * 5000).staleFree === true, false);
    }
    db.appendSample({ __name__: "n" }, 0, 1);
    assert.equal(db.select([eq("__name__", "n")], 0, 1e9)[0]!.staleFree, true);
    db.appendSample({ __name__: "n" }, 5000, STALE_NAN); // extends the open chunk's cached decoding
    assert.equal(db.select([eq("__name__", "n")], 0, 1e9)[0]!.staleFree === true, false);
    assert.equal(db.select([eq("__name__", "n")], 0, 1e9, { columns: new ColumnArena() })[0]!.staleFree, false);
  });

  it("gives the same samples as columns as it gives as objects, for windows across chunks and in the open chunk", () => {
    const db = new MemoryTsdb();
    for (let i = 0; i < 500; i++) db.appendSample({ __name__: "c" }, i * 5000 + (i % 3), i % 7 === 0 ? Number.NaN : Math.sin(i) * 1e9);
    for (const [mint, maxt] of [[0, 1e12], [3 * 5000, 130 * 5000], [121 * 5000, 123 * 5000 + 2], [490 * 5000, 1e12], [5001, 5001], [9e11, 1e12]] as const) {
      const objects = db.select([eq("__name__", "c")], mint, maxt)[0];
      const cols = db.select([eq("__name__", "c")], mint, maxt, { columns: new ColumnArena() })[0];
      if (objects === undefined) continue; // (a kept columns select may still hold later samples)
      assert.ok(cols?.columns, `columns for [${mint}, ${maxt}]`);
      // Columns may run past the window (a kept select is shared by windows that move forward): bound them here.
      const inWindow = cols.samples.filter((s) => s.t >= mint && s.t <= maxt);
      assert.deepEqual(inWindow.map((s) => s.t), objects.samples.map((s) => s.t), `t in [${mint}, ${maxt}]`);
      assert.deepEqual(inWindow.map((s) => s.v), objects.samples.map((s) => s.v), `v in [${mint}, ${maxt}]`);
      assert.deepEqual(cols.samples.map((s) => s.t), [...cols.columns.t]);
    }
  });
});

describe("tsdb > newest-sample selects kept between appends", () => {
  const LOOKBACK = 300_000;
  const newestAt = (db: MemoryTsdb, t: number, name = "g") => db.select([eq("__name__", name)], t - LOOKBACK, t, { lastOnly: true });
  const values = (r: { labels: Record<string, string>; samples: { t: number; v: number }[] }[]) => r.map((s) => `${s.labels.i}:${s.samples.map((x) => `${x.t}=${x.v}`).join(",")}`);

  it("hands out the same result while nothing is stored, and a fresh one after an append", () => {
    const db = new MemoryTsdb();
    for (let i = 0; i < 3; i++) db.appendSample({ __name__: "g", i: String(i) }, 10_000, i);
    const first = newestAt(db, 11_000);
    assert.equal(newestAt(db, 12_000), first, "kept: nothing stored since, the window only moved forward");
    assert.deepEqual(values(first), ["0:10000=0", "1:10000=1", "2:10000=2"]);
    db.appendSample({ __name__: "g", i: "1" }, 15_000, 7);
    const after = newestAt(db, 16_000);
    assert.notEqual(after, first);
    assert.deepEqual(values(after), ["0:10000=0", "1:15000=7", "2:10000=2"]);
    // a window that moves back is computed again
    assert.deepEqual(values(newestAt(db, 12_000)), ["0:10000=0", "1:10000=1", "2:10000=2"]);
  });

  it("drops a sample that falls out of the lookback window, and picks up one stored ahead of the window", () => {
    const db = new MemoryTsdb();
    db.appendSample({ __name__: "g", i: "old" }, 10_000, 1);
    db.appendSample({ __name__: "g", i: "new" }, 200_000, 2);
    db.appendSample({ __name__: "g", i: "ahead" }, 400_000, 3);
    assert.deepEqual(values(newestAt(db, 300_000)), ["new:200000=2", "old:10000=1"]);
    assert.deepEqual(values(newestAt(db, 320_000)), ["new:200000=2"], "old fell out of (t - 5m, t]");
    assert.deepEqual(values(newestAt(db, 400_000)), ["ahead:400000=3", "new:200000=2"], "ahead entered");
  });

  it("returns series in label order whatever order they were created in", () => {
    const db = new MemoryTsdb();
    for (const i of ["b", "10", "a", "2"]) db.appendSample({ __name__: "g", i }, 1000, 0);
    assert.deepEqual(newestAt(db, 2000).map((s) => s.labels.i), ["10", "2", "a", "b"]);
  });
});

describe("tsdb > kept columns selects are bounded", () => {
  const cols = (db: MemoryTsdb, name: string, mint: number) => db.select([eq("__name__", name)], mint, 1e12, { columns: new ColumnArena() });
  const fill = (db: MemoryTsdb, name: string, n: number) => {
    for (let i = 0; i < n; i++) db.appendSample({ __name__: name }, i * 1000, i);
  };

  it("keeps a select within the bound, drops the others when a new one does not fit, and never keeps one too big", () => {
    const db = new MemoryTsdb({ keptColumnsMaxSamples: 2000 });
    fill(db, "a", 300);
    fill(db, "b", 300);
    fill(db, "big", 600);
    const a = cols(db, "a", 0);
    assert.equal(cols(db, "a", 1000), a, "a is kept");
    // big (600 samples) is over a quarter of the room: read, never kept
    assert.notEqual(cols(db, "big", 0), cols(db, "big", 0));
    const b = cols(db, "b", 0);
    assert.equal(cols(db, "b", 1000), b, "b is kept");
    assert.equal(cols(db, "a", 1000), a, "a and b fit together (about 375 each with headroom)");
  });

  it("drops every other kept select when the room is full", () => {
    const db = new MemoryTsdb({ keptColumnsMaxSamples: 1000 });
    for (const n of ["a", "b", "c", "d", "e"]) fill(db, n, 200); // nothing is stored after this: kept selects stay valid
    const a = cols(db, "a", 0);
    for (const n of ["b", "c", "d"]) cols(db, n, 0);
    assert.equal(cols(db, "a", 0), a, "4 × 250 samples of room fit in 1000");
    cols(db, "e", 0);
    assert.notEqual(cols(db, "a", 0), a, "a was dropped to make room for e");
  });
});

describe("tsdb > kept columns selects across new series", () => {
  const cols = (db: MemoryTsdb, name: string, mint: number) => db.select([eq("__name__", name)], mint, 1e12, { columns: new ColumnArena() });
  const keys = (r: { labels: Record<string, string>; samples: unknown[] }[]) => r.map((s) => `${s.labels.i}:${s.samples.length}`);

  it("extends a kept select when series of other names appear, and builds it again (with the new series) when one of its own does", () => {
    const db = new MemoryTsdb();
    for (let t = 0; t < 60_000; t += 5000) for (const i of ["1", "2"]) db.appendSample({ __name__: "a", i }, t, t);
    assert.deepEqual(keys(cols(db, "a", 0)), ["1:12", "2:12"]);
    const { keptSelectsBuilt: built, keptSelectsExtended: extended } = db.head.stats;
    // a collection that also creates series of another name
    for (const i of ["1", "2"]) db.appendSample({ __name__: "a", i }, 60_000, 1);
    db.appendSample({ __name__: "other", i: "9" }, 60_000, 1);
    assert.deepEqual(keys(cols(db, "a", 0)), ["1:13", "2:13"]);
    assert.deepEqual([db.head.stats.keptSelectsBuilt, db.head.stats.keptSelectsExtended], [built, extended + 1], "extended, not built again");
    // a series of its own appears: built again, and it is in the result
    db.appendSample({ __name__: "a", i: "3" }, 65_000, 1);
    assert.deepEqual(keys(cols(db, "a", 0)), ["1:13", "2:13", "3:1"]);
    assert.equal(db.head.stats.keptSelectsBuilt, built + 1);
  });
});

describe("tsdb > kept columns selects grow in place", () => {
  it("equal a fresh read after every collection, across slot refills, chunk cuts and a stale marker (bit-exact)", () => {
    const db = new MemoryTsdb();
    const WINDOW = 600_000;
    const series = ["1", "2", "3"];
    let t = 0;
    const collect = () => {
      for (const i of series) {
        // series 2 goes stale for two collections, series 3 starts late
        if (i === "3" && t < 900_000) continue;
        const stale = i === "2" && (t === 700_000 || t === 705_000);
        db.appendSample({ __name__: "g", i }, t, stale ? STALE_NAN : Math.sin(t / 7e4 + Number(i)) * 1e3);
      }
      t += 5000;
    };
    while (t < WINDOW) collect();
    const buffers = new Set<ArrayBufferLike>();
    for (let k = 0; k < 400; k++) {
      collect();
      const end = t - 5000;
      const kept = db.select([eq("__name__", "g")], end - WINDOW, end, { columns: new ColumnArena() });
      const fresh = db.select([eq("__name__", "g")], end - WINDOW, end);
      const got = kept.map((s) => {
        const c = s.columns as { t: Float64Array; v: Float64Array; staleFree: boolean };
        buffers.add(c.t.buffer);
        const at = [...c.t].findIndex((x) => x >= end - WINDOW);
        if (c.staleFree) assert.ok(![...c.v].some((x) => isStaleNaN(x)), "staleFree only without stale markers");
        return `${s.labels.i}:${[...c.t.subarray(at)].join(",")}:${[...c.v.subarray(at)].map(bits).join(",")}`;
      });
      const want = fresh.map((s) => `${s.labels.i}:${s.samples.map((x) => x.t).join(",")}:${s.samples.map((x) => bits(x.v)).join(",")}`);
      assert.deepEqual(got, want, `collection ${k}`);
    }
    assert.ok(buffers.size > 1 && buffers.size < 100, `laid out anew only when a slot was full (${buffers.size} layouts)`);
  });
});
