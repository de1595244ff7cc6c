// A real ZooKeeper's AdminServer (Jetty) over the keep-alive connection: successive cycles reuse one
// connection and read nothing else from a healthy server; a restarted server is read again at once.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Ensemble } from "@zoosight/testkit";
import { startEnsemble } from "@zoosight/testkit";
import { Collector } from "../../src/collect/collector.ts";
import type { ServerSnapshot } from "../../src/collect/snapshot.ts";
import { createNetTransport } from "../../src/collect/transport.ts";
import { serverHealth } from "../../src/health/server-health.ts";
import { realClock } from "../helpers/real-clock.ts";
import { targetsOf } from "../helpers/real-watch.ts";

// Bounds, not timings: wide enough that a busy machine does not make a read miss them (a miss
// would make the scrape unclean and bring srvr back, which is not what is tested here).
const LIMITS = { connectTimeoutMs: 10_000, totalTimeoutMs: 20_000, maxBytes: 4 * 1024 * 1024 };

describe("collect > real AdminServer: keep-alive", { concurrency: false }, () => {
  let zk: Ensemble;
  const transport = createNetTransport();
  let collector: Collector;
  before(async () => {
    zk = await startEnsemble({ servers: 1, name: "zoosight-keepalive" });
    await zk.waitServing(120_000);
    collector = new Collector({ ensembles: [{ name: "ka", servers: targetsOf(zk) }], clock: realClock, limits: LIMITS, detailEvery: 1000, transport });
  });
  after(async () => {
    await collector?.close();
    await zk?.close();
  });

  const scrape = async (): Promise<ServerSnapshot> => (await collector.collectOnce()).ensembles.get("ka")![0]!;

  test("cycles reuse one connection; between detail cycles only monitor + server_stats are asked", async () => {
    const first = await scrape();
    assert.deepEqual(first.outcomes.filter((o) => !o.ok), [], "the detail cycle reads every source");
    const opened = transport.admin.opened;
    const second = await scrape();
    const third = await scrape();
    for (const s of [second, third]) {
      assert.deepEqual(s.outcomes.map((o) => `${o.source} ${o.ok}`).sort(), ["admin:monitor true", "admin:server_stats true"]);
      assert.equal(serverHealth(s, false).state, "standalone");
      assert.equal(typeof s.stats?.zxid, "bigint");
      assert.equal(s.monitor?.values.get("znode_count"), first.monitor?.values.get("znode_count"));
      assert.equal(s.monitor?.values.layout, first.monitor?.values.layout, "read from its bytes in the same layout");
      assert.equal(s.clientPortAnswered, true);
    }
    assert.equal(transport.admin.opened, opened, "no connection opened after the first cycle");
    assert.equal(opened, 1);
    assert.equal(transport.admin.sockets, 1);
  });

  test("a restarted server is read again on the next cycle, on a new connection", async () => {
    const before = transport.admin.opened;
    await zk.servers[0]!.restart(120_000);
    const s = await scrape();
    assert.deepEqual(s.outcomes.filter((o) => !o.ok), []);
    assert.equal(serverHealth(s, false).state, "standalone");
    assert.equal(transport.admin.opened, before + 1);
    await collector.close();
    assert.equal(transport.admin.sockets, 0);
  });
});
