// `zoosight serve` forwarding to a real Alertmanager (alertmanager_configs in zoosight.yaml), whose
// own webhook receiver is a test HTTP server: leader change and quorum lost reach it through
// Alertmanager, and so do their resolutions.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { ALERTMANAGER_BIN, type AlertmanagerProcess, NO_ALERTMANAGER, startAlertmanager } from "../../alerting/alertmanager-process.ts";
import { loseQuorum, type RunningServe, startServe, startWebhook, until, type Webhook, waitBaseline, writeServeConfig } from "./serve-alerting-helpers.ts";

const NAME = "e2e-am";
let ensemble: Ensemble;
let dir: string;
let hook: Webhook;
let am: AlertmanagerProcess | undefined;
let serve: RunningServe | undefined;

describe("serve > alerting end to end through a real Alertmanager", { skip: ALERTMANAGER_BIN ? false : NO_ALERTMANAGER }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "zoosight-serve-am-"));
    hook = await startWebhook();
    ensemble = await startEnsemble({ servers: 3, name: "serve-alerting-am", startTimeoutMs: 180_000 });
  });
  after(async () => {
    await serve?.stop().catch(() => {});
    await am?.stop();
    await ensemble?.close();
    await hook?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("leader changed and quorum lost arrive through Alertmanager's webhook, then their resolutions", { timeout: 240_000 }, async () => {
    am = await startAlertmanager(
      dir,
      [
        "route:",
        "  receiver: hook",
        "  group_by: [alertname, ensemble]",
        "  group_wait: 200ms",
        "  group_interval: 1s",
        "  repeat_interval: 1h",
        "receivers:",
        "  - name: hook",
        "    webhook_configs:",
        `      - url: ${hook.url}`,
        "        send_resolved: true",
        "",
      ].join("\n"),
    );
    writeServeConfig(dir, NAME, ensemble, [
      "route:",
      "  receiver: alertmanager",
      "  group_by: [alertname, ensemble]",
      "  group_wait: 500ms",
      "  group_interval: 1s",
      "  repeat_interval: 1h",
      "receivers:",
      "  - name: alertmanager",
      "    alertmanager_configs:",
      `      - url: ${am.url}`,
    ]);
    serve = await startServe(dir);
    const base = serve.base;
    await waitBaseline(base, NAME);
    const { first, second } = await loseQuorum(ensemble, base, NAME);

    const timeline = () => `\nAlertmanager's notifications:\n${hook.timeline()}`;
    const arrived = (name: string, status: "firing" | "resolved", timeoutMs: number) =>
      until(
        `${name} ${status} through Alertmanager`,
        () => hook.received.find((b) => b.alerts.some((a) => a.labels.alertname === name && a.status === status)),
        timeoutMs,
        timeline,
      );
    const leader = await arrived("ZooKeeperLeaderChanged", "firing", 90_000);
    const quorum = await arrived("ZooKeeperQuorumLost", "firing", 90_000);
    // Alertmanager's own payload: its receiver name, its group key, zoosight's labels and annotations
    assert.equal(quorum.receiver, "hook");
    assert.match(quorum.groupKey, /alertname="ZooKeeperQuorumLost"/);
    const q = quorum.alerts.find((a) => a.labels.alertname === "ZooKeeperQuorumLost")!;
    assert.equal(q.labels.ensemble, NAME);
    assert.equal(q.labels.severity, "critical");
    assert.match(q.annotations.summary ?? "", /lost its quorum/);
    assert.ok(leader.alerts.every((a) => a.labels.ensemble === NAME));
    // Alertmanager holds it as an active alert (zoosight re-posts it at every group flush)
    const amUrl = am.url;
    await until(
      "ZooKeeperQuorumLost active in Alertmanager",
      async () => {
        const active = (await (await fetch(`${amUrl}/api/v2/alerts?active=true&filter=${encodeURIComponent(`ensemble="${NAME}"`)}`)).json()) as { labels: Record<string, string> }[];
        return active.some((a) => a.labels.alertname === "ZooKeeperQuorumLost") ? true : undefined;
      },
      30_000,
      timeline,
    );

    await Promise.all([first.restart(120_000), second.restart(120_000)]);
    await arrived("ZooKeeperQuorumLost", "resolved", 90_000);
    await arrived("ZooKeeperLeaderChanged", "resolved", 150_000);
    // zoosight inhibited the per-server alerts before forwarding: Alertmanager never notified them
    assert.deepEqual(hook.received.filter((b) => b.alerts.some((a) => a.labels.scope === "server")), [], timeline());
    await serve.stop();
    serve = undefined;
  });
});
