import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Dispatcher, parseAlertingConfig } from "../../src/alerting/index.ts";
import { type HttpTarget, httpTarget } from "./http-target.ts";

const AM = "/usr/bin/prometheus-alertmanager";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitReady(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`alertmanager exited ${proc.exitCode}: ${log()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`alertmanager not ready: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("alerting > end to end through a real Alertmanager", { skip: existsSync(AM) ? false : "Debian prometheus-alertmanager not installed" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "zoosight-am-"));
  let proc: ChildProcess | undefined;
  let hook: HttpTarget | undefined;
  after(async () => {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    }
    await hook?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("zoosight forwards firing then resolved alerts to Alertmanager; its webhook delivers both", async () => {
    hook = await httpTarget();
    const port = await freePort();
    writeFileSync(
      join(dir, "alertmanager.yml"),
      `route:\n  receiver: hook\n  group_by: [ensemble]\n  group_wait: 100ms\n  group_interval: 500ms\n  repeat_interval: 1h\nreceivers:\n  - name: hook\n    webhook_configs:\n      - url: ${hook.url}/am\n        send_resolved: true\n`,
    );
    let log = "";
    proc = spawn(AM, [`--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--cluster.listen-address=", "--log.level=warn"], { stdio: ["ignore", "ignore", "pipe"] });
    proc.stderr!.on("data", (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    const amUrl = `http://127.0.0.1:${port}`;
    await waitReady(amUrl, proc, () => log);

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
