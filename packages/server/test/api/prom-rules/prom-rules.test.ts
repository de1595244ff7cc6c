import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import { handlePromRules } from "../../../src/api/prom-rules/index.ts";
import { RuleGroup } from "../../../src/rules/group.ts";
import { loadRuleText } from "../../../src/rules/rule-file.ts";

// biome-ignore lint/suspicious/noExplicitAny: JSON response bodies, checked field by field
type Json = any;

const TEXT = `groups:
  - name: zk
    interval: 1s
    rules:
      - alert: Down
        expr: up == 0
        for: 1s
        labels: {severity: page}
        annotations: {summary: "{{ $labels.instance }} down"}
      - record: job:up:sum
        expr: sum(up)
`;

async function withServer(groups: RuleGroup[], fn: (base: string) => Promise<void>): Promise<void> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    handlePromRules(req, res, url, { groups: () => groups }).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

describe("api > prom-rules", () => {
  test("/api/v1/rules and /api/v1/alerts in Prometheus's shapes", async () => {
    const { groups } = loadRuleText(TEXT, "zk.yml");
    let answer: { labels: Record<string, string>; value: number }[] = [{ labels: { __name__: "up", instance: "zk1" }, value: 0 }];
    const g = new RuleGroup(groups[0]!, {
      query: async (expr) => (expr === "sum(up)" ? [{ labels: {}, value: 2 }] : answer),
      notify: () => {},
      externalLabels: {},
      externalURL: "",
      defaultIntervalMs: 60_000,
      resendDelayMs: 60_000,
    });
    await g.evaluate(1_000_000);
    await withServer([g], async (base) => {
      const rules = (await (await fetch(`${base}/api/v1/rules`)).json()) as Json;
      assert.equal(rules.status, "success");
      const grp = rules.data.groups[0];
      assert.equal(grp.name, "zk");
      assert.equal(grp.file, "zk.yml");
      assert.equal(grp.interval, 1);
      const [alert, record] = grp.rules;
      assert.equal(alert.type, "alerting");
      assert.equal(alert.state, "pending");
      assert.equal(alert.duration, 1);
      assert.equal(alert.health, "ok");
      assert.equal(alert.lastEvaluation, new Date(1_000_000).toISOString());
      assert.deepEqual(alert.alerts[0], {
        labels: { alertname: "Down", instance: "zk1", severity: "page" },
        annotations: { summary: "zk1 down" },
        state: "pending",
        activeAt: new Date(1_000_000).toISOString(),
        value: "0",
      });
      assert.equal(record.type, "recording");
      const only = (await (await fetch(`${base}/api/v1/rules?type=record`)).json()) as Json;
      assert.deepEqual(only.data.groups[0].rules.map((r: Json) => r.type), ["recording"]);
      const bad = await fetch(`${base}/api/v1/rules?type=x`);
      assert.equal(bad.status, 400);
      await bad.text();
      const alerts = (await (await fetch(`${base}/api/v1/alerts`)).json()) as Json;
      assert.equal(alerts.data.alerts.length, 1);
      answer = [];
      await g.evaluate(1_001_000);
      const none = (await (await fetch(`${base}/api/v1/alerts`)).json()) as Json;
      assert.deepEqual(none.data.alerts, []);
      const other = await fetch(`${base}/api/v1/query`);
      assert.equal(other.status, 404);
      await other.text();
    });
  });
});
