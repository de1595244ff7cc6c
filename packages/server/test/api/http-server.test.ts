import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { startHttpServer } from "../../src/api/http-server.ts";
import { WatchService } from "../../src/api/watch-service.ts";
import type { Appender } from "../../src/collect/appender.ts";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import type { FakeServer } from "../helpers/fake-endpoints.ts";
import { closedPort } from "../helpers/fake-endpoints.ts";
import { fakeZooKeeper } from "../helpers/fake-zookeeper.ts";
import { promtoolCheck } from "../helpers/promtool.ts";
import { realClock } from "../helpers/real-clock.ts";

describe("api > HTTP server", () => {
  const closers: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of closers) await c();
  });

  test("/metrics, /-/healthy, /-/ready, /api/zoosight/ensembles and events; the appender seam", async () => {
    const leader: FakeServer = await fakeZooKeeper("leader");
    const follower: FakeServer = await fakeZooKeeper("follower");
    closers.push(leader.close, follower.close);
    const dead = await closedPort();
    const batches: { ensemble: string; server: string; n: number }[] = [];
    const appender: Appender = { append: (b) => batches.push({ ensemble: b.ensemble, server: b.server, n: b.samples.length }) };
    const service = new WatchService({
      ensembles: [{ name: "fake", servers: [leader.port, follower.port, dead].map((p) => parseServerSpec(`127.0.0.1:${p}`)) }],
      clock: realClock,
      limits: { connectTimeoutMs: 5000, totalTimeoutMs: 10000, maxBytes: 1 << 20 },
      appenders: [appender],
    });
    const http = await startHttpServer({ service, host: "127.0.0.1", port: 0 });
    closers.push(http.close);
    const base = `http://${http.address}`;

    assert.equal((await fetch(`${base}/-/healthy`)).status, 200);
    assert.equal((await fetch(`${base}/-/ready`)).status, 503);
    await service.cycle();
    assert.equal((await fetch(`${base}/-/ready`)).status, 200);

    const metrics = await fetch(`${base}/metrics`);
    assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain; version=0.0.4/);
    const text = await metrics.text();
    assert.equal(promtoolCheck(text).status, 0);
    assert.match(text, new RegExp(`zookeeper_server_state\\{ensemble="fake",server="127.0.0.1:${dead}",state="down"\\} 1`));

    const ens = (await (await fetch(`${base}/api/zoosight/ensembles`)).json()) as { data: { name: string; verdict: string; reasons: string[] }[] };
    assert.equal(ens.data[0]!.name, "fake");
    assert.equal(ens.data[0]!.verdict, "degraded");
    assert.match(ens.data[0]!.reasons[0]!, /is down: connection refused/);
    assert.equal((await fetch(`${base}/api/zoosight/ensembles/fake`)).status, 200);
    assert.equal((await fetch(`${base}/api/zoosight/ensembles/nope`)).status, 404);
    const events = (await (await fetch(`${base}/api/zoosight/events?since=0`)).json()) as { data: unknown[] };
    assert.deepEqual(events.data, []);
    assert.equal((await fetch(`${base}/api/zoosight/events?since=abc`)).status, 400);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    assert.equal((await fetch(`${base}/metrics`, { method: "POST" })).status, 405);

    // One batch per server and one per ensemble, per cycle.
    assert.deepEqual(
      batches.map((b) => b.server),
      [`127.0.0.1:${leader.port}`, `127.0.0.1:${follower.port}`, `127.0.0.1:${dead}`, ""],
    );
    assert.ok(batches.every((b) => b.n > 0));
  });
});
