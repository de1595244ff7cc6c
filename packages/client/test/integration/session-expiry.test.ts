// Session expiry on a real server: reported by the server, detected by the
// client on its own while no server answers, and automatic renewal.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, createClient, type StateChange, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { nextState } from "../support/helpers.ts";

let ensemble: Ensemble;

before(async () => {
  ensemble = await startEnsemble({ servers: 1, name: "session-expiry" });
});
after(async () => {
  await ensemble?.close();
});

function until(zk: ZooKeeperClient, event: StateChange["event"], timeoutMs = 20000): Promise<StateChange> {
  return nextState(zk, (c) => c.event === event, timeoutMs);
}

describe("Session > expiry", () => {
  it("reports expiry told by the server and fails every later call with SessionExpiredError", async () => {
    const owner = await connect(ensemble.connectString, { sessionTimeoutMs: 4000 });
    const ephemeral = await owner.create("/expiry-server", "", { mode: "ephemeral" });
    const credentials = { sessionId: owner.sessionId, sessionPassword: owner.session.sessionPassword };
    await owner.close();
    // Resuming the closed session: the server answers the handshake with timeout 0 (expired).
    const zk = createClient(ensemble.connectString, credentials);
    const pending = zk.getData("/");
    const change = await until(zk, "expired");
    assert.equal(change.state, "expired");
    assert.match(change.reason ?? "", /reported the session as expired/);
    await assert.rejects(pending, { name: "SessionExpiredError", code: "SESSION_EXPIRED" });
    await assert.rejects(zk.getData("/"), { name: "SessionExpiredError", code: "SESSION_EXPIRED" });
    const probe = await connect(ensemble.connectString);
    assert.equal(await probe.exists(ephemeral), null, "the closed session's ephemeral node is gone");
    await probe.close();
    await zk.close();
  });

  it("declares the session expired on its own when no server answers for the negotiated timeout", async () => {
    const zk = await connect(ensemble.connectString, { sessionTimeoutMs: 2000 });
    const server = ensemble.servers[0]!;
    const states: string[] = [];
    zk.on("state", (c) => states.push(c.event));
    const pending = zk.getData("/").catch((e: Error) => e);
    server.pause();
    try {
      const change = await until(zk, "expired", 15000);
      assert.match(change.reason ?? "", /no server reachable/);
      assert.deepEqual(states.slice(0, 2), ["suspended", "expired"]);
      assert.equal(server.state, "paused", "expiry was detected while the server was still hung");
      // The call made just before the hang settles (answered in time, or failed); it never hangs.
      const result = await pending;
      if (result instanceof Error) assert.ok(["ConnectionLossError", "SessionExpiredError"].includes(result.name), result.name);
      await assert.rejects(zk.exists("/"), { name: "SessionExpiredError" });
    } finally {
      server.resume();
      await zk.close();
    }
  });

  it("with autoRenewSession starts a new session after expiry and keeps working", async () => {
    const zk = await connect(ensemble.connectString, { sessionTimeoutMs: 2000, autoRenewSession: true });
    const first = zk.sessionId;
    const server = ensemble.servers[0]!;
    const expired = until(zk, "expired", 15000);
    server.pause();
    try {
      await expired;
      const renewed = until(zk, "connected", 20000);
      server.resume();
      const change = await renewed;
      assert.notEqual(change.sessionId, first, "a new session id");
      assert.ok(await zk.exists("/"), "operations work on the new session");
    } finally {
      if (server.state === "paused") server.resume();
      await zk.close();
    }
  });

  it("close() ends the session at once and refuses later calls with ClientClosedError", async () => {
    const zk = await connect(ensemble.connectString);
    const probe = await connect(ensemble.connectString);
    const ephemeral = await zk.create("/expiry-close", "", { mode: "ephemeral" });
    const closed = until(zk, "closed");
    await zk.close();
    await closed;
    assert.equal(zk.state, "closed");
    assert.equal(await probe.exists(ephemeral), null, "ephemeral deleted by closeSession, not by timeout");
    await assert.rejects(zk.getData("/"), { name: "ClientClosedError" });
    await zk.close();
    await probe.close();
  });
});
