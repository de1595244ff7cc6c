// A 3-server ensemble through the faults tests will inflict on it:
// SIGKILL of the leader, SIGSTOP/SIGCONT of a follower, restart.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { type Ensemble, type ServerHandle, startEnsemble } from "../src/index.ts";
import { processState } from "../src/process-state.ts";

describe("3-server ensemble", () => {
  let zk: Ensemble;
  before(async () => {
    zk = await startEnsemble({ servers: 3, name: "quorum" });
  });
  after(() => zk?.close());

  /** Any server but the leader, once the ensemble serves. */
  async function aFollower(): Promise<ServerHandle> {
    await zk.waitServing();
    const leader = await zk.leader();
    return zk.servers.find((s) => s !== leader)!;
  }

  it("has one leader and two followers on distinct loopback ports", async () => {
    const leader = await zk.leader();
    const followers = await zk.followers();
    assert.equal(followers.length, 2);
    assert.ok(!followers.includes(leader));
    assert.deepEqual(
      zk.servers.map((s) => s.id),
      [1, 2, 3],
    );
    const ports = zk.servers.flatMap((s) => [s.clientPort, s.adminPort]);
    assert.equal(new Set(ports).size, ports.length);
    assert.equal(zk.connectString, zk.servers.map((s) => s.clientAddress).join(","));
    for (const s of zk.servers) {
      assert.equal(s.role, "participant");
      assert.equal(s.state, "running");
      assert.ok(s.pid !== undefined && s.pid > 0);
    }
  });

  it("elects another leader when the leader is killed, and takes it back as a follower", async () => {
    const old = await zk.leader();
    await old.kill();
    assert.equal(old.state, "stopped");
    assert.equal(await old.mode(), "down");
    const next = await zk.leader();
    assert.notEqual(next.id, old.id);
    await old.restart();
    assert.equal(await old.mode(), "follower");
    await zk.waitServing();
  });

  it("reports a paused follower as down until it is resumed", async () => {
    const follower = await aFollower();
    follower.pause();
    try {
      assert.equal(follower.state, "paused");
      // pause() returns once the kernel shows the process stopped, not merely signalled.
      assert.equal(processState(follower.pid!), "T");
      // The process is alive (the kernel accepts the connection) but never answers.
      assert.equal(await follower.mode(500), "down");
      const modes = await zk.modes(500);
      assert.equal(modes.get(follower.id), "down");
      // The rest still has a quorum and a leader.
      assert.notEqual((await zk.leader()).id, follower.id);
    } finally {
      follower.resume();
    }
    assert.equal(follower.state, "running");
    await follower.waitServing();
    await zk.waitServing();
  });

  it("restarts a running follower and waits until it serves", async () => {
    const follower = await aFollower();
    const pid = follower.pid;
    const starts = () => readFileSync(follower.logFile, "utf8").split("zoosight-testkit: starting server").length - 1;
    const startsBefore = starts();
    await follower.restart();
    assert.notEqual(follower.pid, pid);
    assert.equal(await follower.mode(), "follower");
    // The whole log, not a tail: a busy server logs hundreds of lines right after it starts.
    assert.equal(starts(), startsBefore + 1, "one more start marker in the server's log");
  });
});
