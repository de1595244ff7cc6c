// Session survival on a real 3-server ensemble: the connected server SIGKILLed
// or SIGSTOPped during a stream of writes and watches.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, type StateChange, type WatchEvent, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { nextState, waitFor } from "../support/helpers.ts";

let ensemble: Ensemble;

before(async () => {
  // Sessions up to 30 s, so a restart on a loaded machine stays within the session timeout.
  ensemble = await startEnsemble({ servers: 3, name: "session-failover", maxSessionTimeout: 30000 });
});
after(async () => {
  await ensemble?.close();
});

function serverOf(zk: ZooKeeperClient) {
  const s = ensemble.servers.find((x) => x.clientAddress === zk.session.server);
  assert.ok(s, `client is connected to a server of the ensemble (${zk.session.server})`);
  return s;
}

function until(zk: ZooKeeperClient, event: StateChange["event"], timeoutMs = 20000): Promise<StateChange> {
  return nextState(zk, (c) => c.event === event, timeoutMs);
}

/** Writes sequential nodes as fast as acknowledgements come; records in `acked` what was acknowledged. */
async function writeStream(zk: ZooKeeperClient, base: string, stop: () => boolean, acked: string[]) {
  const failed: string[] = [];
  let i = 0;
  while (!stop()) {
    const path = `${base}/n${String(i++).padStart(6, "0")}`;
    try {
      await zk.create(path, String(i));
      acked.push(path);
    } catch (err) {
      // Connection loss: the write may or may not have been applied; it must not be acknowledged.
      assert.equal((err as Error).name, "ConnectionLossError", `unexpected error ${(err as Error).message}`);
      failed.push(path);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return { acked, failed };
}

async function failoverScenario(fault: "kill" | "pause") {
  const base = `/failover-${fault}`;
  // The writer sits on a follower: losing the leader would send the whole ensemble into an election
  // and drop the observer's connection too, and persistent watches get no catch-up events after a
  // reconnect (ZooKeeper's rule), so the observer would lose events by design.
  const modes = await Promise.all(ensemble.servers.map((s) => s.mode()));
  const followers = ensemble.servers.filter((_, i) => modes[i] === "follower").map((s) => s.clientAddress);
  assert.equal(followers.length, 2, `two followers (modes ${modes.join(",")})`);
  const zk = await connect(followers.join(","), { sessionTimeoutMs: 8000 });
  const others = ensemble.servers.filter((s) => s.clientAddress !== zk.session.server).map((s) => s.clientAddress);
  const observer = await connect(others.join(","), { sessionTimeoutMs: 10000 });
  const observerStates: string[] = [];
  observer.on("state", (c) => observerStates.push(c.event));
  try {
    await zk.create(base);
    const ephemeral = await zk.create(`${base}-owner`, "", { mode: "ephemeral" });
    const sessionId = zk.sessionId;
    const events: WatchEvent[] = [];
    await observer.addWatch(base, (e) => events.push(e), "persistentRecursive");
    // One-shot data watches on nodes the stream does not touch: each must fire exactly once later.
    const watched = ["w1", "w2", "w3"].map((n) => `${base}-${n}`);
    const fired = new Map<string, number>();
    for (const p of watched) {
      await observer.create(p, "0");
      await zk.sync(p); // zk may sit on a server that has not applied the observer's create yet
      await zk.getData(p, { watch: (e) => fired.set(e.path, (fired.get(e.path) ?? 0) + 1) });
    }

    let stop = false;
    const acked: string[] = [];
    const stream = writeStream(zk, base, () => stop, acked);
    // Counted acknowledgements rather than fixed sleeps: writes are slow on a loaded machine.
    await waitFor("6 writes acknowledged before the fault", () => acked.length >= 6, 30000);
    const victim = serverOf(zk);
    const suspended = until(zk, "suspended");
    const reconnected = until(zk, "reconnected");
    if (fault === "kill") await victim.kill();
    else victim.pause();
    await suspended;
    const back = await reconnected;
    assert.notEqual(back.server, victim.clientAddress, "reconnected to another server");
    assert.equal(zk.sessionId, sessionId, "same session after failover");
    const ackedBefore = acked.length;
    await waitFor("6 writes acknowledged after the failover", () => acked.length >= ackedBefore + 6, 30000);
    stop = true;
    await stream;
    if (fault === "pause") victim.resume();

    // No acknowledged write lost, seen through a different client.
    await observer.sync(base);
    const children = new Set(await observer.getChildren(base));
    for (const p of acked) assert.ok(children.has(p.slice(base.length + 1)), `acknowledged ${p} exists`);
    assert.ok(acked.length >= 12, `the stream wrote before and after the fault (${acked.length} acks)`);
    assert.ok(await observer.exists(ephemeral), "the session's ephemeral node survived");

    // Watches set before the fault were restored with SetWatches and fire exactly once.
    for (const p of watched) await observer.setData(p, "1");
    for (const p of watched) await observer.setData(p, "2");
    await zk.sync("/");
    await new Promise((r) => setTimeout(r, 200));
    for (const p of watched) assert.equal(fired.get(p), 1, `one-shot watch on ${p} fired exactly once`);

    // Every created child was seen exactly once by the recursive watch of the other session.
    const created = events.filter((e) => e.type === "created").map((e) => e.path);
    const unique = new Set(created);
    assert.equal(unique.size, created.length, "no duplicate created events");
    const missing = acked.filter((p) => !unique.has(p));
    assert.deepEqual(missing, [], `created events missing (observer on ${observer.session.server}, victim ${victim.clientAddress}, events ${created.length}, acked ${acked.length}, observer states [${observerStates}])`);
  } finally {
    await zk.close();
    await observer.close();
    const victim = ensemble.servers.find((s) => s.state !== "running");
    if (victim) {
      if (victim.state === "paused") victim.resume();
      else await victim.restart();
    }
    await ensemble.waitServing();
  }
}

describe("Session > failover on a real ensemble", () => {
  it("SIGKILL of the connected server: session kept, no acknowledged write lost, watches exactly once", async () => {
    await failoverScenario("kill");
  });

  it("SIGSTOP of the connected server: detected by the read timeout, session kept on another server", async () => {
    await failoverScenario("pause");
  });

  it("restores watches with SetWatches and catches up on changes made while disconnected", async () => {
    const [s1, s2] = ensemble.servers;
    const zk = await connect(s1!.clientAddress, { sessionTimeoutMs: 30000 });
    const other = await connect(s2!.clientAddress);
    try {
      await other.create("/catch-up", "0");
      await other.create("/catch-up-parent");
      const events: WatchEvent[] = [];
      await zk.getData("/catch-up", { watch: (e) => events.push(e) });
      await zk.getChildren("/catch-up-parent", { watch: (e) => events.push(e) });
      await zk.exists("/catch-up-later", { watch: (e) => events.push(e) });
      const reconnected = until(zk, "reconnected", 30000);
      await s1!.kill();
      await other.setData("/catch-up", "1");
      await other.create("/catch-up-parent/child");
      await other.create("/catch-up-later");
      await s1!.start();
      await reconnected;
      await zk.sync("/");
      await new Promise((r) => setTimeout(r, 200));
      const seen = events.map((e) => `${e.type} ${e.path}`).sort();
      assert.deepEqual(seen, ["childrenChanged /catch-up-parent", "created /catch-up-later", "dataChanged /catch-up"]);
    } finally {
      await zk.close();
      await other.close();
      await s1!.waitServing();
    }
  });
});
