// `zoosight serve` end to end with alerting: a real 3-server ensemble, the built-in rule pack over
// the embedded store, and a webhook receiver from zoosight.yaml. SIGKILL of the leader must reach
// the webhook as a LeaderChanged notification, and the rule state is visible at /api/v1/alerts.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { getJson, leaderChanges, type RunningServe, ruleAlerts, startServe, startWebhook, until, type Webhook, waitBaseline, writeServeConfig } from "./serve-alerting-helpers.ts";

let ensemble: Ensemble;
let dir: string;
let hook: Webhook;
let serve: RunningServe | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "zoosight-serve-alerting-"));
  hook = await startWebhook();
  ensemble = await startEnsemble({ servers: 3, name: "serve-alerting", startTimeoutMs: 180_000 });
});
after(async () => {
  await serve?.stop().catch(() => {});
  await ensemble?.close();
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("serve > alerting end to end", () => {
  it("notifies the webhook of a leader change after SIGKILL of the leader", { timeout: 180_000 }, async () => {
    writeServeConfig(dir, "e2e", ensemble, [
      "route:",
      "  receiver: hook",
      "  group_by: [alertname, ensemble]",
      "  group_wait: 500ms",
      "  group_interval: 1s",
      "  repeat_interval: 1h",
      "receivers:",
      "  - name: hook",
      "    webhook_configs:",
      `      - url: ${hook.url}`,
    ]);
    serve = await startServe(dir);
    const base = serve.base;
    // The rule pack is loaded and evaluated: /api/v1/rules lists the ensemble group.
    const rules = await until("rules evaluated", async () => {
      const r = await getJson<{ data: { groups: { name: string }[] } }>(`${base}/api/v1/rules`);
      return r.data.groups.some((g) => g.name === "zookeeper-ensemble") ? r : undefined;
    });
    assert.ok(rules.data.groups.length >= 3);
    const before = await waitBaseline(base, "e2e");
    const leader = await ensemble.leader();
    await leader.kill();
    await until("zoosight sees the new leader", async () => ((await leaderChanges(base, "e2e")) > before ? true : undefined), 60_000);
    const note = await until(
      "ZooKeeperLeaderChanged at the webhook",
      () => hook.received.find((b) => b.alerts.some((a) => a.labels.alertname === "ZooKeeperLeaderChanged" && a.status === "firing")),
      90_000,
    );
    assert.equal(note.version, "4");
    const alert = note.alerts.find((a) => a.labels.alertname === "ZooKeeperLeaderChanged")!;
    assert.equal(alert.labels.ensemble, "e2e");
    assert.ok(alert.annotations.summary, "the pack's summary annotation is filled in");
    assert.ok((await ruleAlerts(base)).some((a) => a.labels.alertname === "ZooKeeperLeaderChanged"));
    // The Alertmanager API answers for this configuration (amtool's entry point), with the
    // default ZooKeeper inhibit rules since zoosight.yaml has none.
    const status = await getJson<{ config: { original: string } }>(`${base}/api/v2/status`);
    assert.match(status.config.original, /receiver: hook/);
    assert.match(status.config.original, /alertname="ZooKeeperQuorumLost"/);
    await serve.stop();
    serve = undefined;
  });
});
