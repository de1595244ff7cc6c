import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Sample } from "../../src/tsdb/types.ts";
import { ChunkEncoder, decodeChunk, MAX_ABS_TIMESTAMP } from "../../src/tsdb/xor-chunk.ts";
import { bits, fromBits } from "../helpers/float-bits.ts";


// Values travel as bit patterns (bigint): V8 may canonicalise NaNs kept in an array of doubles.
const anyDouble = fc.oneof(
  fc.double().map(bits),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, Number.MAX_VALUE).map(bits),
  fc.constantFrom(0x7ff0000000000002n, 0x7ff0000000000001n, 0xfff8000000000001n, 0x7fffffffffffffffn),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.integer({ min: 0, max: 3 }).map(bits),
);

const deltas = fc.oneof(fc.integer({ min: 1, max: 30_000 }), fc.constant(15_000), fc.integer({ min: 1, max: 2 ** 40 }));

function roundTrip(start: number, ds: number[], vbits: bigint[]): void {
  const enc = new ChunkEncoder();
  const input: { t: number; b: bigint }[] = [];
  let t = start;
  for (let i = 0; i < vbits.length; i++) {
    if (i > 0) t += ds[i % ds.length]!;
    if (t > MAX_ABS_TIMESTAMP) break;
    enc.append(t, fromBits(vbits[i]!));
    input.push({ t, b: vbits[i]! });
  }
  const out: Sample[] = [];
  decodeChunk(enc.bytes(), enc.count, out);
  assert.deepEqual(out.map((s) => s.t), input.map((s) => s.t));
  assert.deepEqual(out.map((s) => bits(s.v)), input.map((s) => s.b));
}

describe("tsdb > xor chunk", () => {
  it("round-trips timestamps and values bit-exactly (random)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
        fc.array(deltas, { minLength: 1, maxLength: 120 }),
        fc.array(anyDouble, { minLength: 1, maxLength: 120 }),
        (start, ds, vs) => roundTrip(start, ds, vs),
      ),
      { numRuns: 300 },
    );
  });

  it("round-trips the extreme delta-of-delta buckets", () => {
    roundTrip(-(2 ** 51), [2 ** 51, 1, 2 ** 50, 8192, 8193, 65536, 65537, 524288, 524289, 1], Array.from({ length: 11 }, (_, i) => bits(i * 0.1)));
    roundTrip(0, [1, 2 ** 51 - 10], [1n, 2n, 0x7ff0000000000002n]);
  });

  it("decodes only the samples inside [mint, maxt]", () => {
    const enc = new ChunkEncoder();
    for (let i = 0; i < 10; i++) enc.append(i * 10, i);
    const out: Sample[] = [];
    decodeChunk(enc.bytes(), enc.count, out, 25, 60);
    assert.deepEqual(out.map((s) => s.t), [30, 40, 50, 60]);
  });

  it("compresses regular scrapes of a constant to about two bits per sample", () => {
    const enc = new ChunkEncoder();
    for (let i = 0; i < 120; i++) enc.append(1_700_000_000_000 + i * 15_000, 42);
    assert.ok(enc.byteLength < 50, `${enc.byteLength} bytes`);
  });
});
