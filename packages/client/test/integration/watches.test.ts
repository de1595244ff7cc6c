// Watch semantics per kind against a real ZooKeeper 3.8 server: one-shot data,
// exist and child watches, persistent and persistent recursive watches,
// de-duplication of listeners, ordering against replies, and chroot.
//
// "No event" assertions rest on ZooKeeper's ordering guarantee: a session's
// notifications are sent before the replies to requests it makes after the
// change, so after `settleEvents` (a round trip made after the write was
// acknowledged, on a single server) every event the write caused has arrived.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, type WatchEvent, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { recorder, settleEvents, uniquePath } from "../support/helpers.ts";

const kinds = (events: WatchEvent[]) => events.map((e) => `${e.type} ${e.path}`);

// One server for the whole file.
let zk: Ensemble;
before(async () => {
  zk = await startEnsemble({ servers: 1, name: "client-watches" });
});
after(() => zk?.close());

describe("watches", () => {
  let c: ZooKeeperClient;
  let writer: ZooKeeperClient;

  before(async () => {
    c = await connect(zk.connectString);
    writer = await connect(zk.connectString);
  });
  after(async () => {
    await c?.close();
    await writer?.close();
  });

  it("a data watch fires once on setData, not again", async () => {
    const p = uniquePath("data");
    await writer.create(p, "0");
    const w = recorder();
    await c.getData(p, { watch: w.listener });
    await writer.setData(p, "1");
    await writer.setData(p, "2");
    await settleEvents(c);
    assert.deepEqual(kinds(w.events), [`dataChanged ${p}`]);
    assert.equal(typeof w.events[0]!.zxid, "bigint");
  });

  it("a data watch fires on delete", async () => {
    const p = uniquePath("data-del");
    await writer.create(p, "0");
    const w = recorder();
    await c.getData(p, { watch: w.listener });
    await writer.delete(p);
    await settleEvents(c);
    assert.deepEqual(kinds(w.events), [`deleted ${p}`]);
  });

  it("exists on an existing node sets a data watch (fires on change)", async () => {
    const p = uniquePath("exists-data");
    await writer.create(p, "0");
    const w = recorder();
    assert.notEqual(await c.exists(p, { watch: w.listener }), null);
    await writer.setData(p, "1");
    await settleEvents(c);
    assert.deepEqual(kinds(w.events), [`dataChanged ${p}`]);
  });

  it("an exist watch on a missing node fires once on create", async () => {
    const p = uniquePath("exist");
    const w = recorder();
    assert.equal(await c.exists(p, { watch: w.listener }), null);
    await writer.create(p, "x");
    await writer.setData(p, "y");
    await writer.delete(p);
    await settleEvents(c);
    assert.deepEqual(kinds(w.events), [`created ${p}`]);
  });

  it("getData on a missing node fails and sets no watch", async () => {
    const p = uniquePath("nodata");
    const w = recorder();
    await assert.rejects(c.getData(p, { watch: w.listener }), { name: "NoNodeError" });
    await writer.create(p);
    await settleEvents(c);
    assert.deepEqual(w.events, []);
    assert.equal(c.session.watches.has("data", p), false);
    assert.equal(c.session.watches.has("exist", p), false);
  });

  it("a child watch fires on child create and on child delete, not on a child's data change", async () => {
    const p = uniquePath("child");
    await writer.create(p);
    await writer.create(`${p}/k0`);
    const w1 = recorder();
    await c.getChildren(p, { watch: w1.listener });
    await writer.setData(`${p}/k0`, "data change of a child");
    await settleEvents(c);
    assert.deepEqual(w1.events, [], "a child's data change does not fire a child watch");
    await writer.create(`${p}/k1`);
    await settleEvents(c);
    assert.deepEqual(kinds(w1.events), [`childrenChanged ${p}`]);
    const w2 = recorder();
    await c.getChildrenWithStat(p, { watch: w2.listener });
    await writer.delete(`${p}/k0`);
    await writer.delete(`${p}/k1`);
    await settleEvents(c);
    assert.deepEqual(kinds(w2.events), [`childrenChanged ${p}`]);
    // Its own data change does not fire it either; its deletion does.
    const w3 = recorder();
    await c.getChildren(p, { watch: w3.listener });
    await writer.setData(p, "own data");
    await settleEvents(c);
    assert.deepEqual(w3.events, []);
    await writer.delete(p);
    await settleEvents(c);
    assert.deepEqual(kinds(w3.events), [`deleted ${p}`]);
    assert.deepEqual(kinds(w1.events), [`childrenChanged ${p}`], "one-shot watches fired only once");
  });

  it("a persistent watch fires repeatedly for the node itself and stays after deletion", async () => {
    const p = uniquePath("persistent");
    const w = recorder();
    await c.addWatch(p, w.listener, "persistent");
    await writer.create(p, "a");
    await writer.setData(p, "b");
    await writer.setData(p, "c");
    await writer.create(`${p}/kid`);
    await writer.setData(`${p}/kid`, "not watched"); // grandchild-level data: no event
    await writer.delete(`${p}/kid`);
    await writer.delete(p);
    await writer.create(p, "again");
    await settleEvents(c);
    assert.deepEqual(kinds(w.events), [
      `created ${p}`,
      `dataChanged ${p}`,
      `dataChanged ${p}`,
      `childrenChanged ${p}`,
      `childrenChanged ${p}`,
      `deleted ${p}`,
      `created ${p}`,
    ]);
    assert.ok(c.session.watches.has("persistent", p));
    await c.removeWatches(p, "any");
  });

  it("a persistent recursive watch fires for descendants but never childrenChanged", async () => {
    const p = uniquePath("recursive");
    const w = recorder();
    await c.addWatch(p, w.listener, "persistentRecursive");
    await writer.create(p);
    await writer.create(`${p}/a`, "1");
    await writer.create(`${p}/a/b`, "2");
    await writer.setData(`${p}/a/b`, "3");
    await writer.setData(`${p}/a`, "4");
    await writer.delete(`${p}/a/b`);
    await writer.delete(`${p}/a`);
    // A sibling whose name starts with the watched one's is not a descendant.
    await writer.create(`${p}x`);
    await writer.delete(`${p}x`);
    await settleEvents(c);
    assert.deepEqual(kinds(w.events), [
      `created ${p}`,
      `created ${p}/a`,
      `created ${p}/a/b`,
      `dataChanged ${p}/a/b`,
      `dataChanged ${p}/a`,
      `deleted ${p}/a/b`,
      `deleted ${p}/a`,
    ]);
    assert.ok(!w.events.some((e) => e.type === "childrenChanged"));
    await c.removeWatches(p, "any");
  });

  it("one listener registered several times (and through several kinds) gets one event", async () => {
    const p = uniquePath("dedup");
    await writer.create(p, "0");
    const w = recorder();
    const other = recorder();
    await c.getData(p, { watch: w.listener });
    await c.getData(p, { watch: w.listener });
    await c.exists(p, { watch: w.listener });
    await c.getData(p, { watch: other.listener });
    // Last: a ZooKeeper 3.8 server keeps one watch mode per session and path, the last one set
    // (ZOOKEEPER-4466, fixed in 3.9), so a one-shot watch set after this would end the persistent one.
    await c.addWatch(p, w.listener, "persistent");
    await writer.setData(p, "1");
    await settleEvents(c);
    assert.deepEqual(kinds(w.events), [`dataChanged ${p}`]);
    assert.deepEqual(kinds(other.events), [`dataChanged ${p}`]);
    // The one-shot registrations are spent, the persistent one stays: one more event.
    await writer.setData(p, "2");
    await settleEvents(c);
    assert.deepEqual(kinds(w.events), [`dataChanged ${p}`, `dataChanged ${p}`]);
    assert.equal(other.events.length, 1);
    await c.removeWatches(p, "any");
  });

  it("events of many watches arrive in the order of the changes", async () => {
    const p = uniquePath("order-many");
    await writer.create(p);
    const seen: string[] = [];
    const names = Array.from({ length: 20 }, (_, i) => `${p}/n${i}`);
    for (const n of names) await c.exists(n, { watch: (e) => seen.push(e.path) });
    for (const n of names) await writer.create(n);
    await settleEvents(c);
    assert.deepEqual(seen, names);
  });
});

describe("chroot", () => {
  let root: ZooKeeperClient;
  let c: ZooKeeperClient;
  let chroot: string;

  before(async () => {
    root = await connect(zk.connectString);
    chroot = uniquePath("app");
    await root.create(chroot);
    c = await connect(`${zk.connectString}${chroot}`);
  });
  after(async () => {
    await c?.close();
    await root?.close();
  });

  it("maps paths in and out of the chroot for every kind of result", async () => {
    assert.equal(c.chroot, chroot);
    assert.equal(await c.create("/a", "x"), "/a");
    assert.equal((await root.getData(`${chroot}/a`)).data.toString(), "x");
    const seq = await c.create("/a/s-", null, { mode: "ephemeralSequential" });
    assert.equal(seq, "/a/s-0000000000");
    const { path } = await c.createWithStat("/b", "y");
    assert.equal(path, "/b");
    assert.deepEqual((await c.getChildren("/")).sort(), ["a", "b"]);
    assert.deepEqual(await c.getEphemerals("/"), ["/a/s-0000000000"]);
    assert.deepEqual(await c.getEphemerals("/a/s"), ["/a/s-0000000000"]);
    assert.deepEqual(await root.getEphemerals(chroot), []);
    const res = await c.multi([
      { type: "create", path: "/m", data: "1" },
      { type: "create", path: "/m/q-", mode: "persistentSequential" },
    ]);
    assert.deepEqual(
      res.map((r) => (r as { path: string }).path),
      ["/m", "/m/q-0000000000"],
    );
    const read = await c.multiRead([{ type: "getChildren", path: "/m" }]);
    assert.deepEqual(read, [{ type: "getChildren", children: ["q-0000000000"] }]);
    assert.notEqual(await c.exists("/"), null);
    const err = (await c.getData("/missing").catch((e: unknown) => e)) as { path: string };
    assert.equal(err.path, "/missing");
    // /zookeeper/config lives outside every chroot.
    const { config } = await c.getConfig();
    assert.equal(typeof config, "string");
  });

  it("strips the chroot from watch events, including on the chroot itself", async () => {
    const data = recorder();
    const rec = recorder();
    const child = recorder();
    // The child watch from a second session: on a 3.8 server a recursive watch and a child watch on
    // the same path in one session interfere (ZOOKEEPER-4466), and that is not what this test is about.
    const c2 = await connect(`${zk.connectString}${chroot}`);
    await c.create("/w", "0");
    await c.getData("/w", { watch: data.listener });
    await c2.getChildren("/", { watch: child.listener });
    await c.addWatch("/", rec.listener, "persistentRecursive");
    await root.setData(`${chroot}/w`, "1");
    await root.create(`${chroot}/w/k`);
    await root.setData(chroot, "root of the chroot");
    await settleEvents(c);
    await settleEvents(c2);
    assert.deepEqual(kinds(data.events), ["dataChanged /w"]);
    assert.deepEqual(kinds(child.events), []);
    assert.deepEqual(kinds(rec.events), ["dataChanged /w", "created /w/k", "dataChanged /"]);
    await root.create(`${chroot}/new`);
    await settleEvents(c);
    await settleEvents(c2);
    assert.deepEqual(kinds(child.events), ["childrenChanged /"]);
    assert.deepEqual(kinds(rec.events).slice(3), ["created /new"]);
    await c.removeWatches("/", "any");
    await c2.close();
  });
});
