// multi / multiRead: the request as it goes on the wire, and how raw per-op
// results become typed results or a MultiError (with an injected transport).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MultiError } from "../../src/errors.ts";
import { JuteReader } from "../../src/jute/reader.ts";
import { JuteWriter } from "../../src/jute/writer.ts";
import { runMulti, runMultiRead } from "../../src/multi.ts";
import { multi, multiRead, type WireOpResult } from "../../src/ops/multi.ts";
import { OP_CODES } from "../../src/protocol/op-codes.ts";
import { MultiHeaderRecord } from "../../src/records/headers.ts";

const STAT = { czxid: 1n, mzxid: 1n, ctime: 0n, mtime: 0n, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, dataLength: 0, numChildren: 0, pzxid: 1n };

/** Runs runMulti against a fake transport; returns the wire ops it was given and its outcome. */
async function capture<T>(run: (call: (op: unknown, body: unknown) => Promise<WireOpResult[]>) => Promise<T>, answer: WireOpResult[]) {
  let sent: unknown;
  let opCode = 0;
  const outcome = await run(async (op, body) => {
    sent = body;
    opCode = (op as { opCode: number }).opCode;
    return answer;
  }).catch((e: unknown) => e);
  return { sent: sent as Record<string, unknown>[], opCode, outcome };
}

describe("multi", () => {
  it("picks create2 / createContainer / createTTL per mode and applies the chroot", async () => {
    const { sent, opCode } = await capture(
      (call) =>
        runMulti(
          [
            { type: "create", path: "/a", data: "x" },
            { type: "create", path: "/c", mode: "container" },
            { type: "create", path: "/t", mode: "persistentWithTTL", ttl: 5000 },
            { type: "create", path: "/s-", mode: "ephemeralSequential" },
            { type: "setData", path: "/a", data: "y", version: 3 },
            { type: "check", path: "/a", version: 4 },
            { type: "delete", path: "/a" },
          ],
          { chroot: "/app", maxBuffer: 1 << 20, call: call as never },
        ),
      [],
    );
    assert.equal(opCode, OP_CODES.multi);
    assert.deepEqual(
      sent.map((o) => [o.type, o.opCode, o.path, o.flags, o.ttl, o.version]),
      [
        ["create", OP_CODES.create2, "/app/a", 0, 0n, undefined],
        ["create", OP_CODES.createContainer, "/app/c", 4, 0n, undefined],
        ["create", OP_CODES.createTTL, "/app/t", 5, 5000n, undefined],
        ["create", OP_CODES.create2, "/app/s-", 3, 0n, undefined],
        ["setData", undefined, "/app/a", undefined, undefined, 3],
        ["check", undefined, "/app/a", undefined, undefined, 4],
        ["delete", undefined, "/app/a", undefined, undefined, -1],
      ],
    );
  });

  it("encodes each op behind a MultiHeader{type, done=false, err=-1} and ends with {-1, true, -1}", () => {
    const w = new JuteWriter(64);
    multi.request.write(w, [
      { type: "delete", path: "/a", version: 2 },
      { type: "check", path: "/b", version: 7 },
    ]);
    const bytes = Buffer.from(w.finish());
    const r = new JuteReader(bytes);
    assert.deepEqual(MultiHeaderRecord.read(r), { type: OP_CODES.delete, done: false, err: -1 });
    assert.equal(r.ustring(), "/a");
    assert.equal(r.int(), 2);
    assert.deepEqual(MultiHeaderRecord.read(r), { type: OP_CODES.check, done: false, err: -1 });
    assert.equal(r.ustring(), "/b");
    assert.equal(r.int(), 7);
    assert.deepEqual(MultiHeaderRecord.read(r), { type: -1, done: true, err: -1 });
    assert.equal(r.remaining, 0);
  });

  it("multiRead encodes getData/getChildren with watch=false", () => {
    const w = new JuteWriter(64);
    multiRead.request.write(w, [
      { type: "getData", path: "/a" },
      { type: "getChildren", path: "/b" },
    ]);
    const r = new JuteReader(Buffer.from(w.finish()));
    assert.deepEqual(MultiHeaderRecord.read(r), { type: OP_CODES.getData, done: false, err: -1 });
    assert.equal(r.ustring(), "/a");
    assert.equal(r.bool(), false);
    assert.deepEqual(MultiHeaderRecord.read(r), { type: OP_CODES.getChildren, done: false, err: -1 });
    assert.equal(r.ustring(), "/b");
    assert.equal(r.bool(), false);
    assert.deepEqual(MultiHeaderRecord.read(r), { type: -1, done: true, err: -1 });
  });

  it("maps results, stripping the chroot from created paths", async () => {
    const { outcome } = await capture(
      (call) =>
        runMulti(
          [
            { type: "create", path: "/a" },
            { type: "setData", path: "/a", data: "" },
            { type: "check", path: "/a", version: 1 },
            { type: "delete", path: "/a" },
          ],
          { chroot: "/app", maxBuffer: 1 << 20, call: call as never },
        ),
      [{ type: "create", path: "/app/a", stat: STAT }, { type: "setData", stat: STAT }, { type: "check" }, { type: "delete" }],
    );
    assert.deepEqual(outcome, [{ type: "create", path: "/a", stat: STAT }, { type: "setData", stat: STAT }, { type: "check" }, { type: "delete" }]);
  });

  it("a failed multi throws MultiError naming the first failing op, with every result", async () => {
    const { outcome } = await capture(
      (call) =>
        runMulti(
          [
            { type: "create", path: "/a" },
            { type: "create", path: "/b" },
            { type: "delete", path: "/c" },
          ],
          { chroot: "", maxBuffer: 1 << 20, call: call as never },
        ),
      [
        { type: "error", err: 0 },
        { type: "error", err: -110 },
        { type: "error", err: -2 },
      ],
    );
    assert.ok(outcome instanceof MultiError);
    assert.equal(outcome.name, "NodeExistsError");
    assert.equal(outcome.failedIndex, 1);
    assert.equal(outcome.path, "/b");
    assert.equal(outcome.op, "multi");
    const results = outcome.results as { type: string; code: number; error: { name: string; path: string } | null }[];
    assert.deepEqual(
      results.map((r) => [r.type, r.code, r.error?.name ?? null, r.error?.path ?? null]),
      [
        ["error", 0, null, null],
        ["error", -110, "NodeExistsError", "/b"],
        ["error", -2, "RuntimeInconsistencyError", "/c"],
      ],
    );
  });

  it("multiRead keeps per-op errors as results", async () => {
    const { outcome, opCode } = await capture(
      (call) =>
        runMultiRead(
          [
            { type: "getData", path: "/a" },
            { type: "getChildren", path: "/b" },
          ],
          { chroot: "", maxBuffer: 1 << 20, call: call as never },
        ),
      [{ type: "error", err: -101 }, { type: "getChildren", children: ["x"] }],
    );
    assert.equal(opCode, OP_CODES.multiRead);
    const res = outcome as { type: string; code?: number; error?: { name: string; path: string } }[];
    assert.equal(res[0]!.type, "error");
    assert.equal(res[0]!.code, -101);
    assert.equal(res[0]!.error!.name, "NoNodeError");
    assert.equal(res[0]!.error!.path, "/a");
    assert.deepEqual(res[1], { type: "getChildren", children: ["x"] });
  });
});
