import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { crc32c } from "../../src/tsdb/crc32.ts";

/** Bit-at-a-time CRC-32C, the definition the table-driven one must match. */
function reference(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe("tsdb > crc32c", () => {
  it("gives the standard check value for '123456789'", () => {
    assert.equal(crc32c(Buffer.from("123456789")), 0xe3069283);
  });

  it("matches the bitwise definition for every length and start offset up to 64 bytes", () => {
    const buf = randomBytes(80);
    for (let start = 0; start < 8; start++)
      for (let end = start; end <= start + 64; end++) assert.equal(crc32c(buf, start, end), reference(buf.subarray(start, end)), `bytes ${start}..${end}`);
  });
});
