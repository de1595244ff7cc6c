import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DecodedChunks } from "../../src/tsdb/decoded-chunks.ts";
import { MemoryTsdb } from "../../src/tsdb/tsdb.ts";
import { ChunkEncoder } from "../../src/tsdb/xor-chunk.ts";

function chunk(t0: number, n: number, v0 = 0): ChunkEncoder {
  const e = new ChunkEncoder();
  for (let i = 0; i < n; i++) e.append(t0 + i * 1000, v0 + i);
  return e;
}

describe("tsdb > decoded chunks cache", () => {
  it("decodes a chunk once while its extent is unchanged, again when it grew", () => {
    const cache = new DecodedChunks(1000);
    const e = chunk(0, 10);
    let reads = 0;
    const get = () => cache.get(e, e.count, e.minT, e.maxT, () => (reads++, e.bytes()));
    assert.equal(get().length, 10);
    assert.equal(get().length, 10);
    assert.equal(reads, 1);
    e.append(10_000, 99);
    const grown = get();
    assert.equal(reads, 2);
    assert.deepEqual(grown[10], { t: 10_000, v: 99 });
  });

  it("never serves another chunk's samples for a reused key of the same count", () => {
    const cache = new DecodedChunks(1000);
    const key = {};
    const a = chunk(0, 5);
    const b = chunk(60_000, 5, 100);
    assert.equal(cache.get(key, a.count, a.minT, a.maxT, () => a.bytes())[0]?.v, 0);
    assert.equal(cache.get(key, b.count, b.minT, b.maxT, () => b.bytes())[0]?.v, 100);
  });

  it("stays within its sample budget, dropping the least recently used", () => {
    const cache = new DecodedChunks(25);
    const cs = [chunk(0, 10), chunk(100_000, 10), chunk(200_000, 10)];
    const reads = [0, 0, 0];
    const get = (i: number) => {
      const c = cs[i] as ChunkEncoder;
      return cache.get(c, c.count, c.minT, c.maxT, () => ((reads[i] as number)++, c.bytes()));
    };
    get(0);
    get(1);
    get(0); // 0 is now the most recent
    get(2); // over budget: 1 goes
    assert.ok(cache.size <= 25);
    get(0);
    get(2);
    assert.deepEqual(reads, [1, 1, 1]);
    get(1);
    assert.deepEqual(reads, [1, 2, 1]);
  });

  it("a store read through the cache sees every appended sample", () => {
    const db = new MemoryTsdb();
    const sel = () => db.select([{ name: "__name__", type: "=", value: "m" }], 0, 10_000_000)[0]?.samples.map((s) => s.v);
    for (let i = 0; i < 300; i++) {
      db.appendSample({ __name__: "m" }, i * 1000, i);
      if (i % 37 === 0) assert.deepEqual(sel(), Array.from({ length: i + 1 }, (_, k) => k));
    }
    assert.deepEqual(sel(), Array.from({ length: 300 }, (_, k) => k));
  });
});
