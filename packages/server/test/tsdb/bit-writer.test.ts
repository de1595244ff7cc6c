import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Sample } from "../../src/tsdb/types.ts";
import { BitReader } from "../../src/tsdb/bit-stream.ts";
import { BitWriter } from "../../src/tsdb/bit-writer.ts";
import { ChunkEncoder, decodeChunk } from "../../src/tsdb/xor-chunk.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe("tsdb > bit writer", () => {
  it("writes any mix of 0–32-bit fields that the reader gets back, growing from a tiny buffer", () => {
    const rand = rng(7);
    const w = new BitWriter(1);
    const fields: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const n = Math.floor(rand() * 33);
      // values with high garbage above n bits: only the low n bits may be written
      const raw = Math.floor(rand() * 2 ** 32);
      if (rand() < 0.2) {
        w.writeBit(raw & 1);
        fields.push([1, raw & 1]);
      }
      w.writeBits(raw, n);
      fields.push([n, n === 32 ? raw : raw % 2 ** n]);
    }
    const r = new BitReader(w.bytes());
    for (const [i, [n, v]] of fields.entries()) assert.equal(r.readBits(n), v, `field ${i} (${n} bits)`);
    assert.ok(r.remaining < 8);
  });

  it("encodes a chunk after reset() byte-identically to a fresh encoder", () => {
    const rand = rng(11);
    const used = new ChunkEncoder();
    for (let i = 0; i < 120; i++) used.append(i * 997, rand() * 1e6);
    const samples: [number, number][] = Array.from({ length: 90 }, (_, i) => [5_000_000 + i * 15_000 + (i % 3), i % 4 === 0 ? Number.NaN : rand()]);
    used.reset();
    const fresh = new ChunkEncoder();
    for (const [t, v] of samples) {
      used.append(t, v);
      fresh.append(t, v);
    }
    assert.deepEqual(used.bytes(), fresh.bytes());
    assert.deepEqual([used.count, used.minT, used.maxT], [90, 5_000_000, samples[89]![0]]);
    const out: Sample[] = [];
    decodeChunk(used.bytes(), used.count, out);
    assert.deepEqual(out.map((s) => s.t), samples.map(([t]) => t));
  });
});
