// checkWatches / removeWatches against a real 1-server ZooKeeper 3.8: NoWatcherError, removal
// events per kind, and persistent watches (wire types 4/5 are 3.9+; the client falls back to "any").
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { assertZkError, recorder, uniquePath } from "../support/helpers.ts";

describe("removeWatches and checkWatches", () => {
  let zk: Ensemble;
  let c: ZooKeeperClient;
  let other: ZooKeeperClient;

  before(async () => {
    zk = await startEnsemble({ servers: 1, name: "client-remove-watches" });
    c = await connect(zk.connectString);
    other = await connect(zk.connectString);
  });
  after(async () => {
    await c?.close();
    await other?.close();
    await zk?.close();
  });

  const here = () => ({ server: c.session.server! });

  it("checkWatches / removeWatches: NoWatcherError when none, removal events otherwise", async () => {
    const p = uniquePath("watches");
    await c.create(p, "x");
    await assert.rejects(c.checkWatches(p, "data"), (e) =>
      assertZkError(e, { name: "NoWatcherError", code: "NO_WATCHER", path: p, op: "checkWatches", ...here() }),
    );
    await assert.rejects(c.removeWatches(p, "data"), (e) => assertZkError(e, { name: "NoWatcherError", code: "NO_WATCHER", path: p, op: "removeWatches" }));
    const data = recorder();
    const child = recorder();
    await c.getData(p, { watch: data.listener });
    await c.getChildren(p, { watch: child.listener });
    await c.checkWatches(p, "data");
    await c.checkWatches(p, "children");
    await c.checkWatches(p, "any");
    await c.removeWatches(p, "data");
    assert.deepEqual((await data.next()).map((e) => e.type), ["dataWatchRemoved"]);
    await assert.rejects(c.checkWatches(p, "data"), (e) => assertZkError(e, { name: "NoWatcherError", code: "NO_WATCHER" }));
    await c.checkWatches(p, "children");
    // The removed data watch no longer fires; the child watch still does.
    await other.setData(p, "y");
    await other.create(`${p}/k`);
    assert.deepEqual((await child.next()).map((e) => e.type), ["childrenChanged"]);
    assert.equal(data.events.length, 1);
    // A persistent watch: ZooKeeper 3.8 knows only the watcher types children/data/any on the wire
    // (types 4 and 5 came with 3.9), so it is checked and removed as "any".
    const q = uniquePath("watches-persistent");
    await c.create(q);
    const pers = recorder();
    await c.addWatch(q, pers.listener, "persistent");
    await c.checkWatches(q, "any");
    await c.removeWatches(q, "any");
    assert.equal((await pers.next()).length, 1);
    assert.match(pers.events[0]!.type, /WatchRemoved$/);
    await assert.rejects(c.checkWatches(q, "any"), (e) => assertZkError(e, { name: "NoWatcherError", code: "NO_WATCHER" }));
    await other.setData(q, "after removal");
    await c.sync(q);
    await c.getData(q);
    assert.equal(pers.events.length, 1, "no event after the persistent watch was removed");

    // Removing by the persistent type: 3.8 refuses wire type 4, the client falls back to "any" (nothing
    // else watched here) and drops the local listener only after the server agreed.
    const r = uniquePath("watches-persistent-type");
    await c.create(r);
    const pers2 = recorder();
    await c.addWatch(r, pers2.listener, "persistent");
    await c.removeWatches(r, "persistent");
    assert.deepEqual((await pers2.next()).map((e) => e.type), ["persistentWatchRemoved"]);
    await assert.rejects(c.checkWatches(r, "any"), (e) => assertZkError(e, { name: "NoWatcherError", code: "NO_WATCHER" }));
  });

});
