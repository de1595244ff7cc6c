// Bad input is refused with InvalidArgumentError (or RequestTooLargeError)
// before anything is sent: checked against a scripted fake server that
// records every request it receives.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, InvalidArgumentError, RequestTooLargeError, type ZooKeeperClient } from "@zoosight/client";
import { GetDataResponse } from "../src/ops/get-data.ts";
import { OP_CODES } from "../src/protocol/op-codes.ts";
import { encode, FakeServer } from "./support/fake-server.ts";

const STAT = { czxid: 1n, mzxid: 1n, ctime: 0n, mtime: 0n, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, dataLength: 2, numChildren: 0, pzxid: 1n };

describe("arguments refused before sending", () => {
  let fake: FakeServer;
  let c: ZooKeeperClient;

  before(async () => {
    fake = await FakeServer.start({
      onRequest: (conn, req) => {
        if (req.type === OP_CODES.getData) {
          conn.reply(req.xid, 0, encode((w) => GetDataResponse.write(w, { data: Buffer.from("ok"), stat: STAT })));
          return "handled";
        }
        return undefined;
      },
    });
    c = await connect(fake.address, { maxBufferBytes: 4096 });
  });
  after(async () => {
    await c?.close();
    await fake?.close();
  });

  /** Runs `call`, expects it to fail with `type` before anything reached the server. */
  async function refused(what: string, call: () => unknown, type: new (...a: never[]) => Error = InvalidArgumentError, re?: RegExp): Promise<void> {
    const before = fake.requests.length;
    await assert.rejects(
      async () => call(),
      (e: unknown) => {
        assert.ok(e instanceof type, `${what}: expected ${type.name}, got ${String(e)}`);
        if (re) assert.match((e as Error).message, re, what);
        return true;
      },
      what,
    );
    assert.equal(c.session.outstanding, 0, `${what}: nothing queued`);
    // A request that did go out would be on the wire by now: one round trip to be sure.
    await c.getData("/probe");
    const sent = fake.requests.slice(before).map((r) => r.type);
    assert.deepEqual(sent, [OP_CODES.getData], `${what}: only the probe reached the server`);
  }

  const BAD_PATHS = ["", "relative", "/trailing/", "//", "/a//b", "/.", "/..", "/a/./b", "/a/../b", "/ctl\u0001", "/nul\u0000", "/del\u007f"];

  it("refuses invalid paths for every operation", async () => {
    for (const p of BAD_PATHS) {
      await refused(`create ${JSON.stringify(p)}`, () => c.create(p, "x"));
      await refused(`createWithStat ${JSON.stringify(p)}`, () => c.createWithStat(p));
      await refused(`delete ${JSON.stringify(p)}`, () => c.delete(p));
      await refused(`exists ${JSON.stringify(p)}`, () => c.exists(p));
      await refused(`getData ${JSON.stringify(p)}`, () => c.getData(p));
      await refused(`setData ${JSON.stringify(p)}`, () => c.setData(p, "x"));
      await refused(`getACL ${JSON.stringify(p)}`, () => c.getACL(p));
      await refused(`setACL ${JSON.stringify(p)}`, () => c.setACL(p, [{ perms: 31, id: { scheme: "world", id: "anyone" } }]));
      await refused(`getChildren ${JSON.stringify(p)}`, () => c.getChildren(p));
      await refused(`getChildrenWithStat ${JSON.stringify(p)}`, () => c.getChildrenWithStat(p));
      await refused(`getAllChildrenNumber ${JSON.stringify(p)}`, () => c.getAllChildrenNumber(p));
      await refused(`sync ${JSON.stringify(p)}`, () => c.sync(p));
      await refused(`addWatch ${JSON.stringify(p)}`, () => c.addWatch(p, () => {}));
      await refused(`checkWatches ${JSON.stringify(p)}`, () => c.checkWatches(p, "data"));
      await refused(`multi ${JSON.stringify(p)}`, () => c.multi([{ type: "create", path: "/ok" }, { type: "delete", path: p }]));
      await refused(`multiRead ${JSON.stringify(p)}`, () => c.multiRead([{ type: "getData", path: p }]));
    }
    await refused("getEphemerals relative", () => c.getEphemerals("relative"));
    await refused("create /a/ not sequential", () => c.create("/a/", "x", { mode: "persistent" }));
    await refused("non-string path", () => c.getData(42 as unknown as string));
  });

  it("refuses bad versions", async () => {
    for (const v of [-2, 1.5, 2 ** 31, Number.NaN, "1" as unknown as number]) {
      await refused(`delete version ${v}`, () => c.delete("/a", v), InvalidArgumentError, /version must be an integer/);
      await refused(`setData version ${v}`, () => c.setData("/a", "x", v));
      await refused(`setACL version ${v}`, () => c.setACL("/a", [{ perms: 31, id: { scheme: "world", id: "anyone" } }], v));
      await refused(`multi check version ${v}`, () => c.multi([{ type: "check", path: "/a", version: v }]));
    }
  });

  it("refuses unknown modes and types", async () => {
    await refused("create mode", () => c.create("/a", "x", { mode: "bogus" as never }), InvalidArgumentError, /unknown create mode "bogus"/);
    await refused("multi create mode", () => c.multi([{ type: "create", path: "/a", mode: "bogus" as never }]));
    await refused("addWatch mode", () => c.addWatch("/a", () => {}, "bogus" as never), InvalidArgumentError, /unknown addWatch mode/);
    await refused("removeWatches type", () => c.removeWatches("/a", "bogus" as never), InvalidArgumentError, /unknown watcher type/);
    await refused("multi op type", () => c.multi([{ type: "getData", path: "/a" } as never]), InvalidArgumentError, /multi op #0 has unknown type "getData"/);
    await refused("multi op not an object", () => c.multi([null as never]));
    await refused("multi not an array", () => c.multi("ops" as never));
    await refused("multiRead op type", () => c.multiRead([{ type: "setData", path: "/a" } as never]), InvalidArgumentError, /must be getData or getChildren/);
  });

  it("refuses bad TTLs", async () => {
    await refused("TTL mode without ttl", () => c.create("/t", "x", { mode: "persistentWithTTL" }), InvalidArgumentError, /needs a ttl/);
    for (const ttl of [0, -1, 1.5, 0x10000000000, 2n ** 40n]) {
      await refused(`ttl ${ttl}`, () => c.create("/t", "x", { mode: "persistentWithTTL", ttl }), InvalidArgumentError, /ttl must be an integer from 1/);
    }
    await refused("ttl with a non-TTL mode", () => c.create("/t", "x", { mode: "persistent", ttl: 1000 }), InvalidArgumentError, /only valid with a TTL create mode/);
    await refused("multi ttl", () => c.multi([{ type: "create", path: "/t", mode: "persistentSequentialWithTTL", ttl: 0 }]));
  });

  it("refuses bad ACLs, data and listeners", async () => {
    const bad = [[], "acl", [{ perms: 32, id: { scheme: "world", id: "anyone" } }], [{ perms: -1, id: { scheme: "world", id: "anyone" } }], [{ perms: 31 }], [{ perms: 31, id: { scheme: "world" } }], [null]];
    for (const acl of bad) {
      await refused(`create acl ${JSON.stringify(acl)}`, () => c.create("/a", "x", { acl: acl as never }), InvalidArgumentError, /acl/);
      await refused(`setACL ${JSON.stringify(acl)}`, () => c.setACL("/a", acl as never));
    }
    await refused("data number", () => c.create("/a", 42 as never), InvalidArgumentError, /data must be a Buffer, Uint8Array or string/);
    await refused("data object", () => c.setData("/a", {} as never));
    await refused("addWatch without listener", () => c.addWatch("/a", "nope" as never), InvalidArgumentError, /listener/);
    await refused("getData watch not a function", () => c.getData("/a", { watch: "nope" as never }));
    await refused("addAuth without scheme", () => c.addAuth("", "x"), InvalidArgumentError, /scheme/);
  });

  it("refuses data over jute.maxbuffer without sending, and keeps working", async () => {
    const big = Buffer.alloc(4097);
    await refused("create big", () => c.create("/big", big), RequestTooLargeError, /4097 bytes exceeds jute\.maxbuffer \(4096 bytes\)/);
    await refused("setData big", () => c.setData("/big", big), RequestTooLargeError);
    await refused("multi big op", () => c.multi([{ type: "setData", path: "/big", data: big }]), RequestTooLargeError);
    // Each op fits, the whole request does not: refused when the frame is built, still before sending.
    const ops = Array.from({ length: 3 }, (_, i) => ({ type: "create" as const, path: `/part-${i}`, data: Buffer.alloc(2000) }));
    await refused("multi over the limit in total", () => c.multi(ops), RequestTooLargeError, /exceeds jute\.maxbuffer/);
    const err = (await c.setData("/big", big).catch((e: unknown) => e)) as RequestTooLargeError;
    assert.equal(err.name, "RequestTooLargeError");
    assert.equal(err.code, "REQUEST_TOO_LARGE");
    assert.equal(err.path, "/big");
    assert.equal(err.op, "setData");
    assert.equal(err.retriable, false);
    assert.equal(err.size, 4097);
    assert.equal(err.limit, 4096);
    assert.equal((await c.getData("/still-working")).data.toString(), "ok");
    assert.equal(c.state, "connected");
  });

  it("an empty multi is not sent at all", async () => {
    const before = fake.requests.length;
    assert.deepEqual(await c.multi([]), []);
    assert.deepEqual(await c.multiRead([]), []);
    assert.equal(fake.requests.length, before);
  });
});
