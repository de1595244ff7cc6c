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
