// `zoosight serve` end to end with alerting: a real 3-server ensemble, the built-in rule pack over
// the embedded store, and a webhook receiver from zoosight.yaml. SIGKILL of the leader must reach
// the webhook as a LeaderChanged notification, and the rule state is visible at /api/v1/alerts.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import type { CliIO } from "../../../src/cli/command.ts";
import { main } from "../../../src/cli/main.ts";

interface WebhookBody {
  version: string;
  status: string;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

let ensemble: Ensemble;
let dir: string;
let hook: http.Server;
const received: WebhookBody[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "zoosight-serve-alerting-"));
  hook = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push(JSON.parse(body) as WebhookBody);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  ensemble = await startEnsemble({ servers: 3, name: "serve-alerting" });
});
after(async () => {
  await ensemble?.close();
  await new Promise<void>((r) => hook?.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("serve > alerting end to end", () => {
  it("notifies the webhook of a leader change after SIGKILL of the leader", async () => {
    const port = (hook.address() as AddressInfo).port;
    const servers = ensemble.servers.map((s) => `"${s.clientAddress}@${s.adminPort}"`).join(", ");
    writeFileSync(
      join(dir, "zoosight.yaml"),
      [
        "ensembles:",
        "  - name: e2e",
        `    servers: [${servers}]`,
        "route:",
        "  receiver: hook",
        "  group_by: [alertname, ensemble]",
        "  group_wait: 500ms",
        "  group_interval: 1s",
        "  repeat_interval: 1h",
        "receivers:",
        "  - name: hook",
        "    webhook_configs:",
        `      - url: http://127.0.0.1:${port}/hook`,
        "",
      ].join("\n"),
    );
    const out = { err: "" };
    let interrupt: () => void = () => {};
    const io: CliIO = {
      stdout: () => {},
      stderr: (t) => {
        out.err += t;
      },
      env: {},
      cwd: dir,
      interrupted: new Promise<void>((resolve) => {
        interrupt = resolve;
      }),
    };
    const done = main(["serve", "--config", "zoosight.yaml", "--port", "0", "--interval", "500", "--data", "data"], io);
    try {
      const addr = await until("serve listening", () => /listening on http:\/\/(\S+) /.exec(out.err)?.[1]);
      const base = `http://${addr}`;
      // The rule pack is loaded and evaluated: /api/v1/rules lists the ensemble group.
      const rules = await until("rules evaluated", async () => {
        const r = (await (await fetch(`${base}/api/v1/rules`)).json()) as { data: { groups: { name: string; lastEvaluation: string }[] } };
        return r.data.groups.some((g) => g.name === "zookeeper-ensemble") ? r : undefined;
      });
      assert.ok(rules.data.groups.length >= 3);
      // Let a few collections land so that increase() has a baseline before the election.
      await until("leader known in the store", async () => {
        const q = (await (await fetch(`${base}/api/v1/query?query=zookeeper_ensemble_leader_changes_total`)).json()) as { data: { result: unknown[] } };
        return q.data.result.length > 0 ? true : undefined;
      });
      await new Promise((r) => setTimeout(r, 3000));
      const leader = await ensemble.leader();
      await leader.kill();
      const note = await until(
        "ZooKeeperLeaderChanged at the webhook",
        () => received.find((b) => b.alerts.some((a) => a.labels.alertname === "ZooKeeperLeaderChanged" && a.status === "firing")),
        90000,
      );
      assert.equal(note.version, "4");
      const alert = note.alerts.find((a) => a.labels.alertname === "ZooKeeperLeaderChanged")!;
      assert.equal(alert.labels.ensemble, "e2e");
      assert.ok(alert.annotations.summary, "the pack's summary annotation is filled in");
      const alerts = (await (await fetch(`${base}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string> }[] } };
      assert.ok(alerts.data.alerts.some((a) => a.labels.alertname === "ZooKeeperLeaderChanged"));
      // The Alertmanager API answers for this configuration (amtool's entry point).
      const status = (await (await fetch(`${base}/api/v2/status`)).json()) as { config: { original: string } };
      assert.match(status.config.original, /receiver: hook/);
      await leader.restart();
    } finally {
      interrupt();
      assert.equal(await done, 0, out.err);
    }
  });
});
