import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Dispatcher, parseAlertingConfig } from "../../src/alerting/index.ts";
import { ALERTMANAGER_BIN, type AlertmanagerProcess, NO_ALERTMANAGER, startAlertmanager } from "./alertmanager-process.ts";
import { type HttpTarget, httpTarget } from "./http-target.ts";

describe("alerting > end to end through a real Alertmanager", { skip: ALERTMANAGER_BIN ? false : NO_ALERTMANAGER }, () => {
  const dir = mkdtempSync(join(tmpdir(), "zoosight-am-"));
  let am: AlertmanagerProcess | undefined;
  let hook: HttpTarget | undefined;
  after(async () => {
    await am?.stop();
    await hook?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("zoosight forwards firing then resolved alerts to Alertmanager; its webhook delivers both", async () => {
    hook = await httpTarget();
    am = await startAlertmanager(
      dir,
      `route:\n  receiver: hook\n  group_by: [ensemble]\n  group_wait: 100ms\n  group_interval: 500ms\n  repeat_interval: 1h\nreceivers:\n  - name: hook\n    webhook_configs:\n      - url: ${hook.url}/am\n        send_resolved: true\n`,
    );
    const amUrl = am.url;

    const d = new Dispatcher({
      config: parseAlertingConfig({
        route: { receiver: "am", group_by: ["ensemble"], group_wait: "0s", group_interval: "1s" },
        receivers: [{ name: "am", alertmanager_configs: [{ url: amUrl }] }],
      }),
      retry: { initialBackoffMs: 100, maxBackoffMs: 500 },
    });
    try {
      const startsAt = Date.now();
      const labels = { alertname: "ZooKeeperQuorumLost", ensemble: "prod", severity: "critical" };
      d.receive([{ labels, annotations: { summary: "prod lost quorum" }, startsAt, endsAt: startsAt + 600_000, generatorURL: "http://zoosight/x" }]);
      await hook.waitFor(1);
      const firing = hook.received[0]!.body as { version: string; status: string; groupLabels: Record<string, string>; alerts: { labels: Record<string, string>; annotations: Record<string, string>; status: string }[] };
      assert.equal(firing.version, "4");
      assert.equal(firing.status, "firing");
      assert.deepEqual(firing.groupLabels, { ensemble: "prod" });
      assert.deepEqual(firing.alerts[0]!.labels, labels);
      assert.equal(firing.alerts[0]!.annotations.summary, "prod lost quorum");

      d.receive([{ labels, annotations: { summary: "prod lost quorum" }, startsAt, endsAt: Date.now(), generatorURL: "http://zoosight/x" }]);
      await hook.waitFor(2);
      const resolved = hook.received[1]!.body as { status: string; alerts: { status: string }[] };
      assert.equal(resolved.status, "resolved");
      assert.equal(resolved.alerts[0]!.status, "resolved");
      assert.ok(d.history.list().every((h) => h.outcome === "success" && h.receiver === "am"));
    } finally {
      d.stop();
    }
  });
});
