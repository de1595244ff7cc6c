import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Sample } from "../../src/tsdb/types.ts";
import { ChunkEncoder } from "../../src/tsdb/xor-chunk.ts";
import { decodeChunk } from "../../src/tsdb/xor-decode.ts";

describe("tsdb > xor decode", () => {
  it("throws RangeError on a truncated chunk instead of decoding padding as samples", () => {
    const enc = new ChunkEncoder();
    for (let i = 0; i < 120; i++) enc.append(1_700_000_000_000 + i * 15_000 + (i % 7) * 3, Math.sin(i) * 1e6);
    const bytes = enc.bytes();
    const whole: Sample[] = [];
    decodeChunk(bytes, enc.count, whole);
    assert.equal(whole.length, 120);
    for (const cut of [1, 2, 5, 9, Math.floor(bytes.length / 2), bytes.length - 8]) {
      assert.throws(() => decodeChunk(bytes.subarray(0, cut), enc.count, []), RangeError, `cut at ${cut} bytes`);
    }
    // Asking for more samples than the chunk holds runs into its end as well.
    assert.throws(() => decodeChunk(bytes, enc.count + 40, []), RangeError);
  });
});
