// Every operation against a real 3-server ZooKeeper 3.8 ensemble (TTL nodes
// enabled, a super user for reconfig): results, Stats, and the typed errors
// the server answers with.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ClientClosedError,
  connect,
  CREATOR_ALL_ACL,
  digestAcl,
  MultiError,
  OPEN_ACL_UNSAFE,
  PERMS,
  READ_ACL_UNSAFE,
  type ZooKeeperClient,
} from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { assertZkError, recorder, uniquePath, waitFor } from "../support/helpers.ts";


describe("operations against a 3-server ensemble", () => {
  let zk: Ensemble;
  let c: ZooKeeperClient;
  let other: ZooKeeperClient;

  before(async () => {
    zk = await startEnsemble({ servers: 3, name: "client-ops", extendedTypes: true, superDigest: { user: "super", password: "s3cret" } });
    c = await connect(zk.connectString);
    other = await connect(zk.connectString);
  });
  after(async () => {
    await c?.close();
    await other?.close();
    await zk?.close();
  });

  const here = () => ({ server: c.session.server! });

  it("creates persistent nodes with data and returns the path", async () => {
    const p = uniquePath("persistent");
    assert.equal(await c.create(p, "hello"), p);
    const { data, stat } = await c.getData(p);
    assert.equal(data.toString(), "hello");
    assert.equal(stat.version, 0);
    assert.equal(stat.dataLength, 5);
    assert.equal(stat.ephemeralOwner, 0n);
    assert.equal(stat.czxid, stat.mzxid);
    // A second client sees it (possibly through another server after sync).
    await other.sync(p);
    assert.equal((await other.getData(p)).data.toString(), "hello");
    await assert.rejects(c.create(p, "again"), (e) => assertZkError(e, { name: "NodeExistsError", code: "NODE_EXISTS", path: p, op: "create", retriable: false, ...here() }));
    await assert.rejects(c.create(`${p}/missing/child`), (e) =>
      assertZkError(e, { name: "NoNodeError", code: "NO_NODE", path: `${p}/missing/child`, op: "create", ...here() }),
    );
  });

  it("creates ephemeral nodes owned by the session, which may not have children", async () => {
    const p = uniquePath("ephemeral");
    await c.create(p, null, { mode: "ephemeral" });
    const stat = await c.exists(p);
    assert.equal(stat?.ephemeralOwner, c.sessionId);
    await assert.rejects(c.create(`${p}/child`), (e) =>
      assertZkError(e, { name: "NoChildrenForEphemeralsError", code: "NO_CHILDREN_FOR_EPHEMERALS", path: `${p}/child`, op: "create" }),
    );
  });

  it("creates sequential nodes (persistent and ephemeral) with a 10-digit suffix from the parent's cversion", async () => {
    const parent = uniquePath("seq");
    await c.create(parent);
    const a = await c.create(`${parent}/n-`, "a", { mode: "persistentSequential" });
    const b = await c.create(`${parent}/n-`, "b", { mode: "ephemeralSequential" });
    const d = await c.create(`${parent}/`, "d", { mode: "persistentSequential" });
    assert.equal(a, `${parent}/n-0000000000`);
    assert.equal(b, `${parent}/n-0000000001`);
    assert.equal(d, `${parent}/0000000002`);
    assert.equal((await c.exists(a))?.ephemeralOwner, 0n);
    assert.equal((await c.exists(b))?.ephemeralOwner, c.sessionId);
    assert.deepEqual((await c.getChildren(parent)).sort(), ["0000000002", "n-0000000000", "n-0000000001"]);
  });

  it("creates container nodes, which the server removes once their last child is gone", async () => {
    const p = uniquePath("container");
    const { path, stat } = await c.createWithStat(p, "x", { mode: "container" });
    assert.equal(path, p);
    // The server keeps a marker as the owner but reports 0 to clients (DataNode.getClientEphemeralOwner).
    assert.equal(stat.ephemeralOwner, 0n);
    // Not deleted while never used (that takes znode.container.maxNeverUsedIntervalMs, 5 min).
    await c.create(`${p}/child`);
    await c.delete(`${p}/child`);
    await waitFor("the empty container to be deleted", async () => (await c.exists(p)) === null, 20000, 100);
  });

  it("creates TTL nodes (extendedTypes on): owner marker, sequential variant, expiry", async () => {
    const p = uniquePath("ttl");
    const { stat } = await c.createWithStat(p, "t", { mode: "persistentWithTTL", ttl: 60000 });
    // As for containers, the TTL marker stays on the server; clients see 0.
    assert.equal(stat.ephemeralOwner, 0n);
    const seq = await c.create(`${p}-s-`, "t", { mode: "persistentSequentialWithTTL", ttl: 60000n });
    assert.match(seq, new RegExp(`^${p}-s-\\d{10}$`));
    assert.equal((await c.exists(seq))?.ephemeralOwner, 0n);
    const short = uniquePath("ttl-short");
    await c.create(short, "gone soon", { mode: "persistentWithTTL", ttl: 300 });
    await waitFor("the TTL node to expire", async () => (await c.exists(short)) === null, 20000, 100);
  });

  it("createWithStat returns the new node's Stat", async () => {
    const p = uniquePath("create2");
    const { path, stat } = await c.createWithStat(p, Buffer.from([1, 2, 3]));
    assert.equal(path, p);
    assert.equal(stat.dataLength, 3);
    assert.equal(stat.version, 0);
    assert.equal(stat.numChildren, 0);
    assert.deepEqual(await c.exists(p), stat);
  });

  it("deletes with and without a version", async () => {
    const p = uniquePath("delete");
    await c.create(p, "v0");
    await c.setData(p, "v1");
    await assert.rejects(c.delete(p, 0), (e) => assertZkError(e, { name: "BadVersionError", code: "BAD_VERSION", path: p, op: "delete", ...here() }));
    await c.create(`${p}/kid`);
    await assert.rejects(c.delete(p, 1), (e) => assertZkError(e, { name: "NotEmptyError", code: "NOT_EMPTY", path: p, op: "delete" }));
    await c.delete(`${p}/kid`);
    await c.delete(p, 1);
    assert.equal(await c.exists(p), null);
    await assert.rejects(c.delete(p), (e) => assertZkError(e, { name: "NoNodeError", code: "NO_NODE", path: p, op: "delete" }));
    const q = uniquePath("delete-any");
    await c.create(q);
    await c.setData(q, "x");
    await c.delete(q); // version -1: any
    assert.equal(await c.exists(q), null);
  });

  it("exists returns null for a missing node and the Stat otherwise", async () => {
    const p = uniquePath("exists");
    assert.equal(await c.exists(p), null);
    const w = recorder();
    assert.equal(await c.exists(p, { watch: w.listener }), null);
    await other.create(p, "now");
    const [ev] = await w.next();
    assert.deepEqual(ev, { type: "created", path: p, zxid: ev!.zxid });
    const stat = await c.exists(p);
    assert.equal(stat?.dataLength, 3);
  });

  it("setData with a version: BadVersionError on mismatch, the new Stat on success", async () => {
    const p = uniquePath("setdata");
    await c.create(p, "a");
    const s1 = await c.setData(p, "bb", 0);
    assert.equal(s1.version, 1);
    assert.equal(s1.dataLength, 2);
    await assert.rejects(c.setData(p, "ccc", 0), (e) =>
      assertZkError(e, { name: "BadVersionError", code: "BAD_VERSION", path: p, op: "setData", retriable: false, ...here() }),
    );
    const s2 = await c.setData(p, "", -1);
    assert.equal(s2.version, 2);
    assert.equal(s2.dataLength, 0);
    assert.equal((await c.getData(p)).data.length, 0);
    await assert.rejects(c.setData(uniquePath("nope"), "x"), (e) => assertZkError(e, { name: "NoNodeError", code: "NO_NODE", op: "setData" }));
  });

  it("getACL / setACL with versions", async () => {
    const p = uniquePath("acl");
    const readAdmin = [{ perms: PERMS.read | PERMS.admin, id: { scheme: "world", id: "anyone" } }];
    await c.create(p, "x", { acl: readAdmin });
    const { acl, stat } = await c.getACL(p);
    assert.deepEqual(acl, readAdmin);
    assert.equal(stat.aversion, 0);
    await assert.rejects(c.setData(p, "y"), (e) => assertZkError(e, { name: "NoAuthError", code: "NO_AUTH", path: p, op: "setData" }));
    const newAcl = [...OPEN_ACL_UNSAFE, digestAcl("someone", "pw", PERMS.read)];
    await assert.rejects(c.setACL(p, newAcl, 5), (e) => assertZkError(e, { name: "BadVersionError", code: "BAD_VERSION", path: p, op: "setACL" }));
    const s = await c.setACL(p, newAcl, 0);
    assert.equal(s.aversion, 1);
    assert.deepEqual((await c.getACL(p)).acl, newAcl);
    await c.setData(p, "y");
    const ro = uniquePath("acl-ro");
    await c.create(ro, "x", { acl: READ_ACL_UNSAFE });
    await assert.rejects(c.setACL(ro, OPEN_ACL_UNSAFE), (e) => assertZkError(e, { name: "NoAuthError", code: "NO_AUTH", path: ro, op: "setACL" }));
    // "auth" ids need an authenticated session: without one the ACL is invalid.
    await assert.rejects(c.setACL(p, CREATOR_ALL_ACL), (e) => assertZkError(e, { name: "InvalidAclError", code: "INVALID_ACL", path: p, op: "setACL" }));
    await assert.rejects(c.create(uniquePath("bad-acl"), "x", { acl: [{ perms: PERMS.all, id: { scheme: "digest", id: "no-colon" } }] }), (e) =>
      assertZkError(e, { name: "InvalidAclError", code: "INVALID_ACL", op: "create" }),
    );
  });

  it("getChildren and getChildrenWithStat", async () => {
    const p = uniquePath("children");
    await c.create(p);
    assert.deepEqual(await c.getChildren(p), []);
    for (const name of ["b", "a", "ü-unicode"]) await c.create(`${p}/${name}`);
    assert.deepEqual((await c.getChildren(p)).sort(), ["a", "b", "ü-unicode"]);
    const { children, stat } = await c.getChildrenWithStat(p);
    assert.deepEqual(children.sort(), ["a", "b", "ü-unicode"]);
    assert.equal(stat.numChildren, 3);
    assert.equal(stat.cversion, 3);
    await assert.rejects(c.getChildren(`${p}/zz`), (e) => assertZkError(e, { name: "NoNodeError", code: "NO_NODE", path: `${p}/zz`, op: "getChildren" }));
  });

  it("getAllChildrenNumber counts every descendant", async () => {
    const p = uniquePath("count");
    await c.create(p);
    await c.create(`${p}/a`);
    await c.create(`${p}/a/b`);
    await c.create(`${p}/a/b/c`);
    await c.create(`${p}/d`);
    assert.equal(await c.getAllChildrenNumber(p), 4);
    assert.equal(await c.getAllChildrenNumber(`${p}/a/b/c`), 0);
    await assert.rejects(c.getAllChildrenNumber(`${p}/x`), (e) => assertZkError(e, { name: "NoNodeError", code: "NO_NODE", op: "getAllChildrenNumber" }));
  });

  it("getEphemerals lists this session's ephemerals by string prefix", async () => {
    const p = uniquePath("ephs");
    await c.create(p);
    await c.create(`${p}/a`, null, { mode: "ephemeral" });
    await c.create(`${p}/ab`, null, { mode: "ephemeral" });
    await c.create(`${p}/b`, null, { mode: "ephemeral" });
    await c.create(`${p}/persistent`);
    await other.create(`${p}/theirs`, null, { mode: "ephemeral" });
    // String prefix, not path segments: "/a" matches "/ab" too.
    assert.deepEqual((await c.getEphemerals(`${p}/a`)).sort(), [`${p}/a`, `${p}/ab`]);
    assert.deepEqual((await c.getEphemerals(`${p}/`)).sort(), [`${p}/a`, `${p}/ab`, `${p}/b`]);
    const all = await c.getEphemerals();
    for (const e of [`${p}/a`, `${p}/ab`, `${p}/b`]) assert.ok(all.includes(e), `${e} in ${all}`);
    assert.ok(!all.includes(`${p}/theirs`));
    assert.deepEqual(await other.getEphemerals(p), [`${p}/theirs`]);
  });

  it("sync then read sees another client's write", async () => {
    const p = uniquePath("sync");
    await other.create(p, "fresh");
    await c.sync(p);
    assert.equal((await c.getData(p)).data.toString(), "fresh");
  });

  it("multi: typed results on success", async () => {
    const p = uniquePath("multi");
    await c.create(p, "base");
    const results = await c.multi([
      { type: "create", path: `${p}/a`, data: "A" },
      { type: "create", path: `${p}/s-`, mode: "persistentSequential" },
      { type: "setData", path: p, data: "changed", version: 0 },
      { type: "check", path: p, version: 1 },
      { type: "delete", path: `${p}/a` },
    ]);
    assert.equal(results.length, 5);
    assert.equal(results[0]!.type, "create");
    assert.equal((results[0] as { path: string }).path, `${p}/a`);
    assert.equal((results[1] as { path: string }).path, `${p}/s-0000000001`);
    assert.equal(results[2]!.type, "setData");
    assert.equal((results[2] as { stat: { version: number } }).stat.version, 1);
    assert.deepEqual(results[3], { type: "check" });
    assert.deepEqual(results[4], { type: "delete" });
    assert.equal((await c.getData(p)).data.toString(), "changed");
    assert.deepEqual(await c.getChildren(p), ["s-0000000001"]);
    assert.deepEqual(await c.multi([]), []);
  });

  it("multi: a failing op gives MultiError with [0..., real code, -2...] and nothing applied", async () => {
    const p = uniquePath("multi-fail");
    await c.create(p, "v");
    const err = await c
      .multi([
        { type: "create", path: `${p}/a` },
        { type: "setData", path: p, data: "x" },
        { type: "check", path: p, version: 7 },
        { type: "delete", path: `${p}/nope` },
        { type: "create", path: `${p}/b` },
      ])
      .then(
        () => assert.fail("multi should fail"),
        (e: unknown) => e,
      );
    assert.ok(err instanceof MultiError);
    assertZkError(err, { name: "BadVersionError", code: "BAD_VERSION", path: p, op: "multi", retriable: false });
    assert.equal(err.failedIndex, 2);
    assert.equal(err.zkCode, -103);
    assert.deepEqual(
      err.results.map((r) => (r as { code: number }).code),
      [0, 0, -103, -2, -2],
    );
    assert.ok(err.results.every((r) => (r as { type: string }).type === "error"));
    assert.equal((err.results[0] as { error: unknown }).error, null);
    assert.equal((err.results[3] as { error: { name: string } }).error.name, "RuntimeInconsistencyError");
    assert.equal((err.results[2] as { error: { name: string; path: string } }).error.path, p);
    // Atomic: nothing of it happened.
    assert.equal(await c.exists(`${p}/a`), null);
    assert.equal((await c.getData(p)).data.toString(), "v");
    // The first op failing: its code first, then -2 for the rest.
    const first = await c.multi([{ type: "delete", path: `${p}/none` }, { type: "create", path: `${p}/c` }]).catch((e: MultiError) => e);
    assert.ok(first instanceof MultiError);
    assert.equal(first.name, "NoNodeError");
    assert.deepEqual(
      first.results.map((r) => (r as { code: number }).code),
      [-101, -2],
    );
  });

  it("multiRead: each op succeeds or fails on its own", async () => {
    const p = uniquePath("multiread");
    await c.create(p, "data");
    await c.create(`${p}/kid`);
    const res = await c.multiRead([
      { type: "getData", path: p },
      { type: "getData", path: `${p}/missing` },
      { type: "getChildren", path: p },
      { type: "getChildren", path: `${p}/missing` },
    ]);
    assert.equal(res[0]!.type, "getData");
    assert.equal((res[0] as { data: Buffer }).data.toString(), "data");
    assert.equal((res[0] as { stat: { numChildren: number } }).stat.numChildren, 1);
    assert.equal(res[1]!.type, "error");
    assert.equal((res[1] as { code: number }).code, -101);
    assertZkError((res[1] as { error: unknown }).error, { name: "NoNodeError", code: "NO_NODE", path: `${p}/missing`, op: "multiRead" });
    assert.deepEqual(res[2], { type: "getChildren", children: ["kid"] });
    assert.equal((res[3] as { code: number }).code, -101);
  });

  it("whoAmI lists the session's identities", async () => {
    const fresh = await connect(zk.connectString);
    try {
      assert.deepEqual(await fresh.whoAmI(), [{ authScheme: "ip", user: "127.0.0.1" }]);
      await fresh.addAuth("digest", "alice:pw");
      const ids = await fresh.whoAmI();
      assert.deepEqual(
        ids.map((i) => `${i.authScheme}:${i.user}`).sort(),
        ["digest:alice", "ip:127.0.0.1"],
      );
    } finally {
      await fresh.close();
    }
  });

  it("getConfig lists every server of the ensemble", async () => {
    const { config, stat } = await c.getConfig();
    for (const s of zk.servers) {
      assert.match(config, new RegExp(`^server\\.${s.id}=127\\.0\\.0\\.1:\\d+:\\d+:participant;127\\.0\\.0\\.1:${s.clientPort}$`, "m"), config);
    }
    assert.match(config, /^version=[0-9a-f]+$/m);
    assert.ok(stat.dataLength > 0);
  });

  it("close deletes the session's ephemerals at once and refuses later calls", async () => {
    const p = uniquePath("close");
    const mine = await connect(zk.connectString);
    await mine.create(p, "e", { mode: "ephemeral" });
    await other.sync(p);
    assert.notEqual(await other.exists(p), null);
    const states: string[] = [];
    mine.on("state", (s) => states.push(s.event));
    await mine.close();
    assert.deepEqual(states, ["closed"]);
    assert.equal(mine.state, "closed");
    // No waiting for a session timeout: the node is gone as soon as close resolved.
    await other.sync(p);
    assert.equal(await other.exists(p), null);
    await assert.rejects(mine.getData("/"), (e) => e instanceof ClientClosedError && assertZkError(e, { name: "ClientClosedError", code: "CLIENT_CLOSED", path: "/", op: "getData", retriable: false }));
    await mine.close(); // idempotent
  });
});
