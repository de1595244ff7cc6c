import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { Dispatcher, parseAlertingConfig } from "../../../src/alerting/index.ts";
import { handleAlertmanagerApi } from "../../../src/api/alertmanager/index.ts";

const run = promisify(execFile);
const AMTOOL = "/usr/bin/amtool";

describe("api > alertmanager > the real amtool against zoosight", { skip: existsSync(AMTOOL) ? false : "Debian amtool not installed (apt-get install prometheus-alertmanager)" }, () => {
  let server: http.Server;
  let d: Dispatcher;
  let url = "";
  const amtool = async (...args: string[]) => {
    const r = await run(AMTOOL, [`--alertmanager.url=${url}`, ...args], { timeout: 20_000, env: { ...process.env, HOME: "/nonexistent" } });
    return r.stdout;
  };

  before(async () => {
    d = new Dispatcher({
      config: parseAlertingConfig({
        route: { receiver: "ops", group_wait: "1h", routes: [{ matchers: ['severity="critical"'], receiver: "pager" }] },
        receivers: [
          { name: "ops", webhook_configs: [{ url: "http://user:pw@127.0.0.1:9/hook?token=secret" }] },
          { name: "pager", email_configs: [{ to: "a@b.c", from: "z@b.c", smarthost: "127.0.0.1:25", auth_username: "u", auth_password: "hunter2" }] },
        ],
      }),
    });
    server = http.createServer((req, res) => {
      handleAlertmanagerApi(req, res, new URL(req.url ?? "/", "http://x"), { dispatcher: d, version: "0.1.0" })
        .then((handled) => {
          if (!handled) res.writeHead(404).end();
        })
        .catch(() => res.destroy());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    d.post([
      { labels: { alertname: "ZooKeeperServerDown", ensemble: "prod", instance: "zk1:2181", severity: "critical" }, annotations: { summary: "zk1 down" } },
      { labels: { alertname: "ZooKeeperLatencyHigh", ensemble: "prod", instance: "zk2:2181" } },
    ]);
  });
  after(async () => {
    d.stop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test("amtool alert query lists the active alerts; filters work", async () => {
    const out = await amtool("alert", "query");
    assert.match(out, /ZooKeeperServerDown/);
    assert.match(out, /ZooKeeperLatencyHigh/);
    const one = await amtool("alert", "query", "alertname=ZooKeeperLatencyHigh");
    assert.doesNotMatch(one, /ZooKeeperServerDown/);
    assert.match(one, /ZooKeeperLatencyHigh/);
    const json = JSON.parse(await amtool("alert", "query", "-o", "json")) as { labels: Record<string, string>; receivers: { name: string }[]; status: { state: string } }[];
    const down = json.find((a) => a.labels.alertname === "ZooKeeperServerDown")!;
    assert.deepEqual(down.receivers, [{ name: "pager" }]);
    assert.equal(down.status.state, "active");
  });

  test("amtool alert add posts an alert that alert query then lists", async () => {
    await amtool("alert", "add", "alertname=ManualTest", "ensemble=prod", "--annotation=summary=added by amtool");
    const a = d.store.all().find((x) => x.labels.alertname === "ManualTest");
    assert.equal(a?.annotations.summary, "added by amtool");
    assert.match(await amtool("alert", "query", "alertname=ManualTest"), /ManualTest/);
  });

  test("amtool silence add / query / expire; the silenced alert leaves the default alert query", async () => {
    const id = (await amtool("silence", "add", "alertname=ZooKeeperLatencyHigh", "--comment=c", "--author=a", "--duration=1h")).trim();
    assert.match(id, /^[0-9a-f-]{36}$/);
    const q = await amtool("silence", "query");
    assert.match(q, new RegExp(id));
    assert.match(q, /alertname="ZooKeeperLatencyHigh"/);
    const quiet = await amtool("silence", "query", "-q");
    assert.equal(quiet.trim(), id);
    assert.equal(d.silences.state(d.silences.get(id)!), "active");
    assert.equal(d.silences.get(id)!.createdBy, "a");
    const alerts = await amtool("alert", "query");
    assert.doesNotMatch(alerts, /ZooKeeperLatencyHigh/, "silenced alerts are hidden by default");
    assert.match(await amtool("alert", "query", "--silenced"), /ZooKeeperLatencyHigh/);
    await amtool("silence", "expire", id);
    assert.equal(d.silences.state(d.silences.get(id)!), "expired");
    assert.equal((await amtool("silence", "query")).includes(id), false, "expired silences are not listed by default");
    assert.match(await amtool("silence", "query", "--expired"), new RegExp(id));
    await assert.rejects(amtool("silence", "expire", "00000000-0000-0000-0000-000000000000"));
  });

  test("status and config show work and secrets are masked", async () => {
    const out = await amtool("config", "show");
    assert.match(out, /receiver: ops/);
    assert.doesNotMatch(out, /hunter2|token=secret|user:pw/);
    assert.match(out, /auth_password: <secret>/);
  });
});
