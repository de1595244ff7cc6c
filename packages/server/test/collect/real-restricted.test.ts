// A real ensemble with the AdminServer off and only srvr whitelisted: zoosight still classifies
// every server from what it may read, and says what it could not read and why.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Ensemble } from "@zoosight/testkit";
import { startEnsemble } from "@zoosight/testkit";
import { promtoolCheck } from "../helpers/promtool.ts";
import { cycleUntil, targetsOf, watch } from "../helpers/real-watch.ts";

describe("collect > real ensemble: AdminServer off, four-letter words not whitelisted", { concurrency: false }, () => {
  let zk: Ensemble;
  before(async () => {
    zk = await startEnsemble({ servers: 3, adminServer: false, fourLetterWords: "srvr", name: "zoosight-restricted" });
    await zk.waitServing(120_000);
  });
  after(async () => {
    await zk?.close();
  });

  test("states from srvr alone; admin-off and not-whitelisted reported per source", async () => {
    // The AdminServer ports are configured (admin.serverPort) but the AdminServer is disabled.
    const service = watch("restricted", targetsOf(zk, true));
    const { health } = await cycleUntil(service, (h) => h.leaders.length === 1, "one leader");
    const leader = await zk.leader(60_000);
    assert.deepEqual(health.leaders, [leader.clientAddress]);
    for (const s of health.servers) {
      assert.ok(["leader", "follower"].includes(s.state), `${s.server} ${s.state}`);
      const by = new Map(s.unreadable.map((u) => [u.source, u.kind]));
      assert.equal(by.get("admin:monitor"), "admin-off", s.server);
      assert.equal(by.get("4lw:mntr"), "not-whitelisted", s.server);
      assert.equal(by.get("4lw:conf"), "not-whitelisted", s.server);
      assert.equal(by.has("4lw:srvr"), false, s.server);
      assert.ok(s.zxid !== undefined, s.server);
    }
    // The voting view is unreadable, so the configured servers are taken as the voters.
    assert.equal(health.votersConfigured, 3);
    assert.equal(health.verdict, "healthy");
    const text = service.metrics();
    assert.equal(promtoolCheck(text).status, 0);
    assert.match(text, /^zookeeper_source_unreadable\{ensemble="restricted",server="[^"]+",source="4lw:mntr",reason="not-whitelisted"\} 1$/m);
    assert.match(text, /^zookeeper_source_unreadable\{ensemble="restricted",server="[^"]+",source="admin:monitor",reason="admin-off"\} 1$/m);
  });

  test("without AdminServer ports: four-letter words only, same verdict", async () => {
    const service = watch("restricted", targetsOf(zk, false));
    const { health } = await cycleUntil(service, (h) => h.leaders.length === 1, "one leader");
    assert.equal(health.verdict, "healthy");
    assert.ok(health.servers.every((s) => s.unreadable.every((u) => u.kind === "not-whitelisted")));
  });
});
