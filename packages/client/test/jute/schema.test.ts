// Jute codec: writer/reader round trips for every record type (fast-check),
// the exact wire layout of a few records, null handling, and truncation.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { JuteDecodeError, JuteReader, LongMemo } from "../../src/jute/reader.ts";
import { buffer, record, ustring, vector } from "../../src/jute/schema.ts";
import { JuteWriter } from "../../src/jute/writer.ts";
import { readConnectResponse } from "../../src/records/connect.ts";
import { ReplyHeaderRecord } from "../../src/records/headers.ts";
import { StatRecord } from "../../src/records/stat.ts";
import { arbitraryFor, RECORDS } from "../support/records.ts";

function encode(write: (w: JuteWriter) => void): Buffer {
  const w = new JuteWriter(8);
  write(w);
  return Buffer.from(w.finish());
}

describe("jute records", () => {
  it("covers every record of the protocol", () => {
    const names = new Set(RECORDS.map((r) => r.name));
    for (const n of ["Stat", "ACL", "ConnectRequest", "ReplyHeader", "MultiHeader", "WatcherEvent", "SetWatches2", "CreateTTLRequest", "Create2Response", "ReconfigRequest", "WhoAmIResponse", "GetEphemeralsResponse"]) {
      assert.ok(names.has(n), n);
    }
    assert.equal(RECORDS.length, 42);
  });

  for (const rec of RECORDS) {
    it(`${rec.name}: write then read gives the value back and consumes exactly the bytes written`, () => {
      fc.assert(
        fc.property(arbitraryFor(rec.name), (value) => {
          const bytes = encode((w) => rec.write(w, value as never));
          assert.ok(bytes.length >= rec.minSize, `${bytes.length} >= minSize ${rec.minSize}`);
          const r = new JuteReader(bytes);
          assert.deepEqual(rec.read(r), value);
          assert.equal(r.remaining, 0);
          // Every strict prefix is refused as truncated, never misread.
          for (const cut of [0, 1, bytes.length >> 1, bytes.length - 1]) {
            if (cut >= bytes.length) continue;
            assert.throws(() => rec.read(new JuteReader(bytes.subarray(0, cut))), JuteDecodeError);
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it("lays out records as ZooKeeper does (big-endian, length-prefixed, no tags)", () => {
    const header = encode((w) => ReplyHeaderRecord.write(w, { xid: 7, zxid: 0x0102030405060708n, err: -101 }));
    assert.equal(header.toString("hex"), "00000007" + "0102030405060708" + "ffffff9b");
    const stat = encode((w) =>
      StatRecord.write(w, { czxid: 1n, mzxid: 2n, ctime: 3n, mtime: 4n, version: 5, cversion: 6, aversion: 7, ephemeralOwner: -1n, dataLength: 8, numChildren: 9, pzxid: 10n }),
    );
    assert.equal(stat.length, 68);
    assert.equal(stat.readBigInt64BE(44), -1n);
    const strings = record("T", { s: ustring, v: vector(ustring), b: buffer });
    const bytes = encode((w) => strings.write(w, { s: "é", v: ["a", ""], b: Buffer.from([0xff]) }));
    assert.equal(bytes.toString("hex"), "00000002c3a9" + "00000002" + "0000000161" + "00000000" + "00000001ff");
  });

  it("writes null buffers and strings as length -1 and reads them back as empty", () => {
    const bytes = encode((w) => {
      w.buffer(null);
      w.ustring(null);
      w.int(-1); // a null vector
    });
    assert.equal(bytes.toString("hex"), "ffffffff".repeat(3));
    const r = new JuteReader(bytes);
    assert.deepEqual(r.buffer(), Buffer.alloc(0));
    assert.equal(r.ustring(), "");
    assert.deepEqual(vector(ustring).read(new JuteReader(bytes.subarray(8))), []);
  });

  it("refuses negative and oversized lengths without allocating", () => {
    const neg = Buffer.from("fffffffe", "hex");
    assert.throws(() => new JuteReader(neg).buffer(), JuteDecodeError);
    assert.throws(() => new JuteReader(neg).ustring(), JuteDecodeError);
    assert.throws(() => vector(ustring).read(new JuteReader(neg)), JuteDecodeError);
    const huge = Buffer.from("7fffffff00", "hex");
    assert.throws(() => new JuteReader(huge).buffer(), /exceeds/);
    assert.throws(() => vector(StatRecord).read(new JuteReader(huge)), /cannot fit/);
  });

  it("wraps long values to 64-bit two's complement", () => {
    const bytes = encode((w) => w.long(2n ** 64n - 1n));
    assert.equal(new JuteReader(bytes).long(), -1n);
  });

  it("reads longs as Buffer#readBigInt64BE does, on both sides of the 53-bit fast path", () => {
    const edges = [0n, 1n, -1n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 63n - 1n, -(2n ** 63n)];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n })), (v) => {
        const bytes = Buffer.alloc(8);
        bytes.writeBigInt64BE(v);
        assert.equal(new JuteReader(bytes).long(), bytes.readBigInt64BE(0));
        assert.equal(new JuteReader(bytes).long(), v);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads longs through a memo as without one, whether a value repeats or changes", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(0n, 1n, -1n, 2n ** 32n), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })), { maxLength: 20 }), (values) => {
        const memo = new LongMemo();
        for (const v of values) {
          const bytes = Buffer.alloc(8);
          bytes.writeBigInt64BE(v);
          assert.equal(new JuteReader(bytes).long(memo), v);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("writes ASCII and non-ASCII strings of any length as UTF-8", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme-ascii", minLength: 250, maxLength: 300 })), (s) => {
        const bytes = encode((w) => w.ustring(s));
        const utf8 = Buffer.from(s, "utf8");
        assert.equal(bytes.readInt32BE(0), utf8.length);
        assert.deepEqual(bytes.subarray(4), utf8);
      }),
      { numRuns: 500 },
    );
    // A string that turns non-ASCII late leaves nothing of its ASCII attempt behind.
    const bytes = encode((w) => {
      w.ustring(`${"a".repeat(100)}é`);
      w.int(7);
    });
    assert.equal(bytes.length, 4 + 102 + 4);
    assert.equal(bytes.readInt32BE(106), 7);
  });

  it("reads a ConnectResponse with or without the trailing readOnly byte", () => {
    const body = encode((w) => {
      w.int(0);
      w.int(4000);
      w.long(0x1234n);
      w.buffer(Buffer.alloc(16, 1));
    });
    assert.deepEqual(readConnectResponse(new JuteReader(body)), { protocolVersion: 0, timeOut: 4000, sessionId: 0x1234n, passwd: Buffer.alloc(16, 1), readOnly: false });
    const ro = Buffer.concat([body, Buffer.from([1])]);
    assert.equal(readConnectResponse(new JuteReader(ro)).readOnly, true);
    assert.throws(() => readConnectResponse(new JuteReader(body.subarray(0, 20))), JuteDecodeError);
  });
});
