// Read-only mode: a 3-server ensemble with readonlymode.enabled loses its
// quorum; a client that allows read-only connections keeps reading from the
// survivor and moves back to a read-write server when the quorum returns.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createClient, type StateChange, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { assertZkError, nextState, uniquePath, waitFor } from "../support/helpers.ts";

describe("read-only mode", () => {
  let zk: Ensemble;

  before(async () => {
    zk = await startEnsemble({ servers: 3, name: "client-readonly", readOnlyMode: true });
  });
  after(() => zk?.close());

  it("reads from a read-only server, refuses writes with NotReadonlyError, moves back to read-write", async () => {
    const survivor = zk.server(1);
    // A session created read-write cannot be resumed on a read-only server: ZooKeeper answers
    // "expired" (the server cannot validate a global session without the leader). With
    // autoRenewSession the client then opens a new, read-only session there.
    const renewing = createClient(zk.connectString, { canBeReadOnly: true, autoRenewSession: true, sessionTimeoutMs: 6000 });
    const states: StateChange[] = [];
    renewing.on("state", (s) => states.push(s));
    let fresh: ZooKeeperClient | undefined;
    let strict: ZooKeeperClient | undefined;
    try {
      await renewing.waitConnected();
      const p = uniquePath("ro");
      await renewing.create(p, "written while rw");
      await renewing.sync(p);

      // Quorum lost: the survivor turns read-only (after ~2 s of looking).
      await Promise.all([zk.server(2).kill(), zk.server(3).kill()]);
      await survivor.waitMode("read-only", 30000);
      await waitFor("state readOnly", () => renewing.state === "readOnly", 30000, 50);
      const events = states.map((s) => s.event);
      assert.deepEqual(events.slice(0, 2), ["connected", "suspended"], events.join(" "));
      assert.ok(events.includes("expired"), events.join(" "));
      assert.equal(events.at(-1), "readOnly", events.join(" "));
      assert.equal(renewing.session.server, survivor.clientAddress);

      // A client created now, with every server in its connect string, lands on the survivor read-only.
      fresh = createClient(zk.connectString, { canBeReadOnly: true, connectTimeoutMs: 1000 });
      await fresh.waitConnected(20000);
      assert.equal(fresh.state, "readOnly");
      for (const c of [renewing, fresh]) {
        assert.equal((await c.getData(p)).data.toString(), "written while rw");
        assert.deepEqual(await c.getChildren(p), []);
        assert.notEqual(await c.exists(p), null);
        await assert.rejects(c.setData(p, "nope"), (e) =>
          assertZkError(e, { name: "NotReadonlyError", code: "NOT_READONLY", path: p, op: "setData", retriable: false, server: survivor.clientAddress }),
        );
        await assert.rejects(c.create(`${p}/x`), (e) => assertZkError(e, { name: "NotReadonlyError", code: "NOT_READONLY", op: "create" }));
      }
      // A client that does not allow read-only connections is not served by it.
      strict = createClient(survivor.clientAddress, { connectTimeoutMs: 1000 });
      await assert.rejects(strict.waitConnected(3000), { name: "ConnectTimeoutError" });
      assert.ok(strict.state !== "connected" && strict.state !== "readOnly", strict.state);

      // Quorum back: both find a read-write server and write again.
      const backs = [renewing, fresh].map((c) => nextState(c, (s) => s.state === "connected", 60000));
      await Promise.all([zk.server(2).start(), zk.server(3).start()]);
      for (const back of backs) {
        const change = await back;
        assert.ok(change.event === "connected" || change.event === "reconnected", change.event);
      }
      await renewing.setData(p, "written after the quorum came back");
      await fresh.sync(p);
      assert.equal((await fresh.getData(p)).data.toString(), "written after the quorum came back");
      await fresh.create(`${p}/y`);
    } finally {
      await strict?.close();
      await fresh?.close();
      await renewing.close();
    }
  });
});
