import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { BitReader } from "../../src/tsdb/bit-stream.ts";
import { BitWriter } from "../../src/tsdb/bit-writer.ts";

// One field: its width (0..32) and a value that fits it.
const field = fc.integer({ min: 0, max: 32 }).chain((n) =>
  fc.record({ n: fc.constant(n), v: n === 0 ? fc.constant(0) : fc.integer({ min: 0, max: 2 ** n - 1 }) }),
);

describe("tsdb > bit stream", () => {
  it("reads back fields of any width at any bit offset", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(field, fc.record({ n: fc.constant(1), v: fc.integer({ min: 0, max: 1 }) })), { maxLength: 200 }), (fields) => {
        const w = new BitWriter(1);
        for (const f of fields) w.writeBits(f.v, f.n);
        const r = new BitReader(w.bytes());
        for (const f of fields) assert.equal(f.n === 1 && f.v <= 1 ? r.readBit() : r.readBits(f.n), f.v);
        assert.equal(r.bitPosition, w.bitLength);
      }),
      { numRuns: 500 },
    );
  });

  it("throws RangeError past the end instead of reading padding as data", () => {
    const w = new BitWriter(1);
    w.writeBits(0x2a, 6);
    const r = new BitReader(w.bytes());
    assert.equal(r.readBits(6), 0x2a);
    assert.equal(r.readBits(2), 0);
    assert.throws(() => r.readBit(), RangeError);
    assert.throws(() => r.readBits(1), RangeError);
    const r2 = new BitReader(new Uint8Array([0xff, 0xff, 0xff]));
    assert.throws(() => r2.readBits(25), RangeError);
    assert.equal(r2.readBits(24), 0xffffff);
  });
});
