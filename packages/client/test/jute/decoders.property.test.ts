// Property-based: every decoder the client runs on server bytes (FrameReader,
// ReplyHeader, ConnectResponse, WatcherEvent, every op's response codec, the
// multi response) fed random and mutated frames either decodes or throws
// JuteDecodeError / FrameError; never another error, never a hang, never a
// read past the end of the frame.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { JuteDecodeError, JuteReader } from "../../src/jute/reader.ts";
import type { Codec } from "../../src/jute/schema.ts";
import { JuteWriter } from "../../src/jute/writer.ts";
import { FrameError, FrameReader, MIN_FRAME } from "../../src/network/frame-reader.ts";
import { addWatch } from "../../src/ops/add-watch.ts";
import { closeSession } from "../../src/ops/close-session.ts";
import { create, create2, createContainer, createTTL } from "../../src/ops/create.ts";
import { deleteOp } from "../../src/ops/delete.ts";
import { exists } from "../../src/ops/exists.ts";
import { getACL } from "../../src/ops/get-acl.ts";
import { getAllChildrenNumber } from "../../src/ops/get-all-children-number.ts";
import { getChildren, getChildren2 } from "../../src/ops/get-children.ts";
import { getData } from "../../src/ops/get-data.ts";
import { getEphemerals } from "../../src/ops/get-ephemerals.ts";
import { multi, multiRead } from "../../src/ops/multi.ts";
import type { Operation } from "../../src/ops/operation.ts";
import { reconfig } from "../../src/ops/reconfig.ts";
import { checkWatches, removeWatches } from "../../src/ops/remove-watches.ts";
import { setACL } from "../../src/ops/set-acl.ts";
import { setData } from "../../src/ops/set-data.ts";
import { sync } from "../../src/ops/sync.ts";
import { whoAmI } from "../../src/ops/who-am-i.ts";
import { OP_CODES } from "../../src/protocol/op-codes.ts";
import { readConnectResponse } from "../../src/records/connect.ts";
import { ErrorResponseRecord, MultiHeaderRecord, ReplyHeaderRecord, WatcherEventRecord } from "../../src/records/headers.ts";
import { StatRecord } from "../../src/records/stat.ts";
import { arbitraryFor } from "../support/records.ts";

type Decoder = { name: string; read: (r: JuteReader) => unknown; valid: fc.Arbitrary<Buffer> };

const OPS: Operation<unknown, unknown>[] = [
  create, create2, createContainer, createTTL, deleteOp, exists, getACL, getAllChildrenNumber, getChildren, getChildren2,
  getData, getEphemerals, reconfig, removeWatches, checkWatches, setACL, setData, sync, whoAmI, addWatch, closeSession,
] as Operation<unknown, unknown>[];

function encode(write: (w: JuteWriter) => void): Buffer {
  const w = new JuteWriter(16);
  write(w);
  return Buffer.from(w.finish());
}

function recordDecoder(name: string, codec: Codec<unknown>): Decoder {
  return { name, read: (r) => codec.read(r), valid: arbitraryFor(codec.kind).map((v) => encode((w) => codec.write(w, v))) };
}

const stat = arbitraryFor("Stat");
/** A valid multi response: per op a MultiHeader and its result, then the done header. */
const multiResponse = fc
  .array(
    fc.oneof(
      fc.record({ type: fc.constant(OP_CODES.create2), path: fc.string(), stat }),
      fc.record({ type: fc.constant(OP_CODES.setData), stat }),
      fc.record({ type: fc.constant(OP_CODES.delete) }),
      fc.record({ type: fc.constant(OP_CODES.check) }),
      fc.record({ type: fc.constant(OP_CODES.getData), data: fc.uint8Array({ maxLength: 8 }), stat }),
      fc.record({ type: fc.constant(OP_CODES.getChildren), children: fc.array(fc.string(), { maxLength: 3 }) }),
      fc.record({ type: fc.constant(OP_CODES.error), err: fc.integer({ min: -130, max: 0 }) }),
    ),
    { maxLength: 6 },
  )
  .map((results) =>
    encode((w) => {
      for (const r of results as unknown as Record<string, never>[]) {
        MultiHeaderRecord.write(w, { type: r.type, done: false, err: r.type === OP_CODES.error ? r.err : 0 });
        if (r.path !== undefined) w.ustring(r.path);
        if (r.data !== undefined) w.buffer(r.data);
        if (r.stat !== undefined) StatRecord.write(w, r.stat);
        if (r.children !== undefined) {
          w.int((r.children as string[]).length);
          for (const c of r.children as string[]) w.ustring(c);
        }
        if (r.type === OP_CODES.error) ErrorResponseRecord.write(w, { err: r.err });
      }
      MultiHeaderRecord.write(w, { type: -1, done: true, err: -1 });
    }),
  );

const connectResponse = fc
  .record({ timeOut: fc.integer(), sessionId: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), passwd: fc.uint8Array({ maxLength: 16 }), ro: fc.option(fc.boolean()) })
  .map((v) =>
    encode((w) => {
      w.int(0);
      w.int(v.timeOut);
      w.long(v.sessionId);
      w.buffer(v.passwd);
      if (v.ro !== null) w.bool(v.ro);
    }),
  );

const DECODERS: Decoder[] = [
  recordDecoder("ReplyHeader", ReplyHeaderRecord as Codec<unknown>),
  recordDecoder("WatcherEvent", WatcherEventRecord as Codec<unknown>),
  { name: "ConnectResponse", read: readConnectResponse, valid: connectResponse },
  { name: "multi response", read: (r) => multi.response.read(r), valid: multiResponse },
  { name: "multiRead response", read: (r) => multiRead.response.read(r), valid: multiResponse },
  ...OPS.map((op) => recordDecoder(`${op.name} (${op.opCode}) response`, op.response)),
];

/** A valid frame with some bytes overwritten, some cut, or some inserted. */
function mutated(valid: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc.tuple(valid, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(), fc.uint8Array({ maxLength: 6 }), fc.integer({ min: 0, max: 2 })).map(
    ([buf, flips, cut, extra, how]) => {
      const b = Buffer.from(buf);
      for (const [at, byte] of flips) if (b.length > 0) b[at % b.length] = byte;
      if (how === 0) return b;
      if (how === 1) return b.subarray(0, b.length === 0 ? 0 : cut % b.length);
      const at = b.length === 0 ? 0 : cut % b.length;
      return Buffer.concat([b.subarray(0, at), Buffer.from(extra), b.subarray(at)]);
    },
  );
}

/** Runs a decoder on `frame` placed inside a larger buffer with sentinels on both sides. */
function decodeInside(d: Decoder, frame: Buffer): void {
  const sentinel = Buffer.alloc(8, 0x7f);
  const big = Buffer.concat([sentinel, frame, sentinel]);
  const r = new JuteReader(big, sentinel.length, sentinel.length + frame.length);
  try {
    d.read(r);
  } catch (err) {
    if (!(err instanceof JuteDecodeError)) throw new Error(`${d.name} threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
  }
  assert.ok(r.offset <= sentinel.length + frame.length, `${d.name} read past the frame (offset ${r.offset})`);
  assert.ok(r.offset >= sentinel.length);
}

describe("decoders on random and mutated frames", () => {
  for (const d of DECODERS) {
    it(`${d.name}: valid frames decode and consume the whole frame`, () => {
      fc.assert(
        fc.property(d.valid, (frame) => {
          const r = new JuteReader(frame);
          d.read(r);
          assert.equal(r.remaining, 0);
        }),
        { numRuns: 40 },
      );
    });

    it(`${d.name}: random and mutated bytes decode or throw JuteDecodeError, within the frame`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)), mutated(d.valid)), (frame) => decodeInside(d, frame)),
        { numRuns: 300 },
      );
    });
  }

  it("absurd counts are refused before anything is allocated", () => {
    const frame = Buffer.from("7ffffff0", "hex");
    for (const d of DECODERS) {
      try {
        d.read(new JuteReader(frame));
      } catch (err) {
        assert.ok(err instanceof JuteDecodeError, `${d.name}: ${err}`);
      }
    }
    const multiBomb = encode((w) => {
      MultiHeaderRecord.write(w, { type: OP_CODES.getChildren, done: false, err: 0 });
      w.int(0x7fffffff);
    });
    assert.throws(() => multi.response.read(new JuteReader(multiBomb)), /cannot fit/);
    const unknownType = encode((w) => MultiHeaderRecord.write(w, { type: 99, done: false, err: 0 }));
    assert.throws(() => multi.response.read(new JuteReader(unknownType)), /unexpected op type 99/);
  });
});

describe("FrameReader", () => {
  const MAX = 4096;
  const frameOf = (payload: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeInt32BE(payload.length);
    return Buffer.concat([head, payload]);
  };
  const payloads = fc.array(
    fc.uint8Array({ minLength: MIN_FRAME, maxLength: 300 }).map((a) => Buffer.from(a)),
    { maxLength: 6 },
  );

  it("returns the same frames however the stream is split into chunks", () => {
    fc.assert(
      fc.property(payloads, fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }), (frames, sizes) => {
        const stream = Buffer.concat(frames.map(frameOf));
        const reader = new FrameReader(MAX);
        const out: Buffer[] = [];
        let at = 0;
        for (let i = 0; at < stream.length; i++) {
          const n = sizes[i % sizes.length]!;
          out.push(...reader.push(stream.subarray(at, at + n)));
          at += n;
        }
        assert.deepEqual(out, frames);
        assert.equal(reader.buffered, 0);
      }),
      { numRuns: 200 },
    );
  });

  it("with a reused read buffer, returns the same frames and keeps a partial frame's bytes across reads", () => {
    fc.assert(
      fc.property(payloads, fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }), (frames, sizes) => {
        const stream = Buffer.concat(frames.map(frameOf));
        const reader = new FrameReader(MAX);
        // One buffer for every read, scribbled over after each: frames must be used before the next read.
        const shared = Buffer.alloc(64);
        const out: Buffer[] = [];
        let at = 0;
        for (let i = 0; at < stream.length; i++) {
          const n = Math.min(sizes[i % sizes.length]!, stream.length - at);
          stream.copy(shared, 0, at, at + n);
          reader.feed(shared.subarray(0, n), true, (buf, start, end) => out.push(Buffer.from(buf.subarray(start, end))));
          shared.fill(0xee);
          at += n;
        }
        assert.deepEqual(out, frames);
        assert.equal(reader.buffered, 0);
      }),
      { numRuns: 200 },
    );
  });

  it("random bytes give frames or a FrameError, nothing else; a frame never spans past its length", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const reader = new FrameReader(MAX);
        try {
          for (const c of chunks) {
            for (const f of reader.push(Buffer.from(c))) {
              assert.ok(f.length >= MIN_FRAME && f.length <= MAX);
            }
          }
        } catch (err) {
          if (!(err instanceof FrameError)) throw err;
        }
        assert.ok(reader.buffered >= 0);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses negative, too small and too large lengths as soon as the 4 length bytes are in", () => {
    for (const [len, re] of [
      [-1, /below the minimum/],
      [-2147483648, /below the minimum/],
      [0, /below the minimum/],
      [MIN_FRAME - 1, /below the minimum/],
      [MAX + 1, /exceeds the maximum packet length/],
      [0x7fffffff, /exceeds/],
    ] as const) {
      const head = Buffer.alloc(4);
      head.writeInt32BE(len);
      const reader = new FrameReader(MAX);
      assert.deepEqual(reader.push(head.subarray(0, 3)), []);
      assert.throws(() => reader.push(head.subarray(3)), (e: unknown) => e instanceof FrameError && re.test((e as Error).message));
    }
  });

  it("holds a half-written frame until the rest arrives", () => {
    const reader = new FrameReader(MAX);
    const f = frameOf(Buffer.alloc(20, 3));
    assert.deepEqual(reader.push(f.subarray(0, 10)), []);
    assert.equal(reader.buffered, 10);
    assert.deepEqual(reader.push(f.subarray(10)), [Buffer.alloc(20, 3)]);
  });
});
