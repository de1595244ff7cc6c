// One standalone server: the cheapest real ZooKeeper, used for everything
// that does not need a quorum (4lw, AdminServer, zkCli, super digest, TTL
// nodes, stop/start/wipe) and for start failures.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import { type Ensemble, EnsembleStartError, freePort, ServerError, startEnsemble, zkCli } from "../src/index.ts";
import { poll } from "../src/wait.ts";

const NOBODY_ACL = "digest:nobody:AAAAAAAAAAAAAAAAAAAAAAAAAAA=:cdrwa";

describe("standalone server", () => {
  let zk: Ensemble;
  before(async () => {
    zk = await startEnsemble({ servers: 1, name: "standalone", superDigest: { user: "super", password: "secret" }, extendedTypes: true });
  });
  after(() => zk?.close());

  it("serves 4lw, AdminServer and zkCli on loopback", async () => {
    const s = zk.server(1);
    assert.equal(zk.servers.length, 1);
    assert.equal(zk.connectString, `127.0.0.1:${s.clientPort}`);
    assert.equal(await s.mode(), "standalone");
    assert.equal(await zk.leader(), s);
    assert.equal(await s.fourLetterWord("ruok"), "imok");
    assert.deepEqual(await s.admin("ruok"), { command: "ruok", error: null });
    const r = await zkCli(zk.connectString, ["create /hello world", "get /hello"]);
    assert.match(r.stdout, /^world$/m, r.stdout + r.stderr);
  });

  it("lets the super user read a node nobody else may read", async () => {
    const denied = await zkCli(zk.connectString, [`create /secret data ${NOBODY_ACL}`, "get /secret"]);
    assert.match(denied.stdout + denied.stderr, /Insufficient permission/);
    const allowed = await zkCli(zk.connectString, ["addauth digest super:secret", "get /secret"]);
    assert.match(allowed.stdout, /^data$/m, allowed.stdout + allowed.stderr);
  });

  it("expires TTL nodes when extendedTypes is on", async () => {
    const count = async () => Number(/zk_znode_count\s+(\d+)/.exec(await zk.server(1).fourLetterWord("mntr"))?.[1]);
    const initial = await count();
    const r = await zkCli(zk.connectString, ["create -t 1000 /ttl x"]);
    assert.match(r.stdout + r.stderr, /Created \/ttl/);
    // Unmodified and childless, it goes after 1000 ms plus at most one 100 ms check.
    const gone = await poll(async () => ((await count()) === initial ? true : undefined), 10000, 200);
    assert.equal(gone, true, "TTL node still there after 10 s");
    const later = await zkCli(zk.connectString, ["stat /ttl"]);
    assert.match(later.stdout + later.stderr, /Node does not exist/);
  });

  it("keeps data across stop/start and restart, loses it after wipe", async () => {
    const s = zk.server(1);
    await zkCli(zk.connectString, ["create /keep v1"]);
    await s.restart();
    assert.match((await zkCli(zk.connectString, ["get /keep"])).stdout, /^v1$/m);
    await assert.rejects(s.wipe(), (e: unknown) => e instanceof ServerError && /wipe: server is running/.test(e.message));
    await s.stop();
    assert.equal(s.state, "stopped");
    assert.equal(s.pid, undefined);
    assert.equal(await s.mode(), "down");
    await s.wipe();
    assert.deepEqual(readdirSync(s.dataDir), ["myid"]);
    await s.start();
    await s.waitServing();
    const r = await zkCli(zk.connectString, ["get /keep"]);
    assert.match(r.stdout + r.stderr, /Node does not exist/);
  });
});

describe("start failures", () => {
  const leftovers = (name: string) => readdirSync(tmpdir()).filter((f) => f.startsWith(`zoosight-testkit-${name}-`));

  it("starts over with new ports when a port is taken", async () => {
    const blocker = createServer();
    const blocked = await freePort();
    await new Promise<void>((r) => blocker.listen(blocked, "127.0.0.1", r));
    let calls = 0;
    // The very first port (server 1's client port) is already in use.
    const portSource = () => (calls++ === 0 ? Promise.resolve(blocked) : freePort());
    try {
      const zk = await startEnsemble({ servers: 1, name: "port-taken", portSource });
      try {
        assert.notEqual(zk.server(1).clientPort, blocked);
        assert.equal(await zk.server(1).mode(), "standalone");
      } finally {
        await zk.close();
      }
    } finally {
      blocker.close();
    }
  });

  it("names the failing server and shows its log, and leaves no folder behind", async () => {
    const earlier = new Set(leftovers("bad-config"));
    await assert.rejects(startEnsemble({ servers: 1, name: "bad-config", extraConfig: { tickTime: "soon" } }), (e: unknown) => {
      assert.ok(e instanceof EnsembleStartError, String(e));
      assert.equal(e.name, "EnsembleStartError");
      assert.equal(e.context.serverId, 1);
      assert.equal(e.attempts, 1);
      assert.match(e.message, /server 1/);
      assert.match(e.message, /zookeeper\.log/);
      assert.match(e.context.logTail ?? "", /soon/);
      return true;
    });
    assert.deepEqual(leftovers("bad-config").filter((f) => !earlier.has(f)), []);
  });

  it("wraps any other start failure and still removes its folder", async () => {
    const earlier = new Set(leftovers("no-ports"));
    const portSource = () => Promise.reject(new Error("out of ports"));
    await assert.rejects(startEnsemble({ servers: 1, name: "no-ports", portSource }), (e: unknown) => {
      assert.ok(e instanceof EnsembleStartError);
      assert.match(e.message, /ensemble no-ports: could not start the ensemble: out of ports/);
      return true;
    });
    assert.deepEqual(leftovers("no-ports").filter((f) => !earlier.has(f)), []);
  });
});
