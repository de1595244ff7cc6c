import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { AlertingConfigError, dispatcherFromConfigFile, VirtualClock } from "../../src/alerting/index.ts";

const dir = mkdtempSync(join(tmpdir(), "zoosight-alerting-setup-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("alerting > setup: a dispatcher from zoosight.yaml only when it has an alerting part; errors name file:line", async () => {
  const none = join(dir, "none.yaml");
  writeFileSync(none, "ensembles:\n  - name: a\n    servers: [zk1:2181]\n");
  assert.equal(await dispatcherFromConfigFile({ configFile: none, dataDir: dir }), undefined);
  const good = join(dir, "good.yaml");
  writeFileSync(good, "ensembles:\n  - name: a\n    servers: [zk1:2181]\nroute:\n  receiver: ops\nreceivers:\n  - name: ops\n    webhook_configs: [{url: 'http://127.0.0.1:9/'}]\n");
  const d = await dispatcherFromConfigFile({ configFile: good, dataDir: join(dir, "data"), clock: new VirtualClock() });
  assert.ok(d);
  assert.equal(d.config.receivers[0]!.name, "ops");
  d.stop();
  const bad = join(dir, "bad.yaml");
  writeFileSync(bad, "route:\n  receiver: nobody\nreceivers:\n  - name: ops\n");
  await assert.rejects(dispatcherFromConfigFile({ configFile: bad, dataDir: dir }), (e: Error) => e instanceof AlertingConfigError && e.message.startsWith(`${bad}:2: route.receiver: unknown receiver 'nobody'`));
});

test("alerting > setup: without inhibit_rules a lost quorum inhibits that ensemble's per-server alerts and NoLeader; an explicit list (even empty) replaces the default", async () => {
  const base = "route:\n  receiver: ops\nreceivers:\n  - name: ops\n    webhook_configs: [{url: 'http://127.0.0.1:9/'}]\n";
  const file = join(dir, "defaults.yaml");
  writeFileSync(file, base);
  const d = (await dispatcherFromConfigFile({ configFile: file, dataDir: join(dir, "defaults"), clock: new VirtualClock() }))!;
  const now = d.clock.now();
  const alert = (labels: Record<string, string>) => ({ labels, annotations: {}, startsAt: now, endsAt: now + 60_000, generatorURL: "" });
  d.receive([
    alert({ alertname: "ZooKeeperQuorumLost", ensemble: "a", scope: "ensemble" }),
    alert({ alertname: "ZooKeeperServerDown", ensemble: "a", scope: "server", server: "a1" }),
    alert({ alertname: "ZooKeeperNoLeader", ensemble: "a", scope: "ensemble" }),
    alert({ alertname: "ZooKeeperLeaderChanged", ensemble: "a", scope: "ensemble" }),
    alert({ alertname: "ZooKeeperServerDown", ensemble: "b", scope: "server", server: "b1" }),
  ]);
  const state = (name: string, ensemble: string) => d.status(d.store.all().find((a) => a.labels.alertname === name && a.labels.ensemble === ensemble)!).state;
  assert.equal(state("ZooKeeperServerDown", "a"), "suppressed");
  assert.equal(state("ZooKeeperNoLeader", "a"), "suppressed");
  assert.equal(state("ZooKeeperQuorumLost", "a"), "active");
  assert.equal(state("ZooKeeperLeaderChanged", "a"), "active");
  assert.equal(state("ZooKeeperServerDown", "b"), "active");
  d.stop();
  const explicit = join(dir, "explicit.yaml");
  writeFileSync(explicit, `${base}inhibit_rules: []\n`);
  const e = (await dispatcherFromConfigFile({ configFile: explicit, dataDir: join(dir, "explicit"), clock: new VirtualClock() }))!;
  assert.deepEqual(e.config.inhibitRules, []);
  e.stop();
});
