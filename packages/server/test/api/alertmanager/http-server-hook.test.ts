import assert from "node:assert/strict";
import { test } from "node:test";
import { Dispatcher, parseAlertingConfig } from "../../../src/alerting/index.ts";
import { startHttpServer } from "../../../src/api/http-server.ts";
import { WatchService } from "../../../src/api/watch-service.ts";
import { realClock } from "../../helpers/real-clock.ts";

test("api > alertmanager > served by zoosight's HTTP server when alerting is configured; other paths unaffected", async () => {
  const d = new Dispatcher({ config: parseAlertingConfig({ route: { receiver: "ops", group_wait: "1h" }, receivers: [{ name: "ops" }] }) });
  const service = new WatchService({ ensembles: [], clock: realClock, limits: { connectTimeoutMs: 1000, totalTimeoutMs: 1000, maxBytes: 1 << 20 } });
  const withAm = await startHttpServer({ service, host: "127.0.0.1", port: 0, alertmanager: { dispatcher: d } });
  const without = await startHttpServer({ service, host: "127.0.0.1", port: 0 });
  try {
    const post = await fetch(`http://${withAm.address}/api/v2/alerts`, { method: "POST", body: JSON.stringify([{ labels: { alertname: "X" } }]) });
    assert.equal(post.status, 200);
    const list = (await (await fetch(`http://${withAm.address}/api/v2/alerts`)).json()) as { labels: Record<string, string> }[];
    assert.deepEqual(list.map((a) => a.labels), [{ alertname: "X" }]);
    assert.equal((await fetch(`http://${withAm.address}/-/healthy`)).status, 200);
    assert.equal((await fetch(`http://${without.address}/api/v2/alerts`)).status, 404);
  } finally {
    d.stop();
    await withAm.close();
    await without.close();
  }
});
