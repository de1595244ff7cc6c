import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fingerprint, type StoredAlert } from "../../src/alerting/index.ts";
import { emailBody } from "../../src/alerting/integrations/email-body.ts";

const now = Date.UTC(2026, 0, 1, 12);
const alert = (labels: Record<string, string>, annotations: Record<string, string>, resolved = false): StoredAlert => ({
  labels,
  annotations,
  startsAt: now - 60_000,
  endsAt: resolved ? now - 1000 : now + 240_000,
  generatorURL: "http://zoosight:7070/graph?g0.expr=x",
  fingerprint: fingerprint(labels),
  updatedAt: now,
});
const ctx = (groupLabels: Record<string, string>) => ({ receiver: "ops", groupKey: "{}", groupLabels, reason: "first notification", externalURL: "http://zoosight:7070", now });

describe("alerting > e-mail body", () => {
  test("subject names the alert and its group; each alert leads with its summary, then description, runbook, labels, times, link", () => {
    const quorum = alert(
      { alertname: "ZooKeeperQuorumLost", ensemble: "prod", scope: "ensemble", severity: "critical" },
      { summary: "ZooKeeper ensemble prod has lost its quorum", description: "Only 1 voters serve.", runbook: "Restart the down servers.", dashboard: "http://grafana/zk" },
    );
    const { subject, text } = emailBody(ctx({ ensemble: "prod" }), [quorum]);
    assert.equal(subject, "[FIRING:1] ZooKeeperQuorumLost (ensemble=prod)");
    assert.equal(
      text,
      [
        "[FIRING:1] ZooKeeperQuorumLost (ensemble=prod)",
        "",
        "Receiver ops, first notification, group ensemble=prod.",
        "",
        "Firing (1):",
        "",
        "* ZooKeeper ensemble prod has lost its quorum",
        "  Alert:       ZooKeeperQuorumLost",
        "  Description: Only 1 voters serve.",
        "  Runbook:     Restart the down servers.",
        "  Dashboard:   http://grafana/zk",
        "  Labels:      ensemble=prod, scope=ensemble, severity=critical",
        "  Since:       2026-01-01T11:59:00.000Z",
        "  Source:      http://zoosight:7070/graph?g0.expr=x",
        "",
        "-- ",
        "zoosight http://zoosight:7070",
        "",
      ].join("\n"),
    );
  });

  test("resolved: [RESOLVED] subject, the resolution time; several alert names are listed, then counted", () => {
    const names = ["A", "B", "C", "D"].map((n) => alert({ alertname: n, ensemble: "prod" }, {}, true));
    const { subject, text } = emailBody(ctx({}), names);
    assert.equal(subject, "[RESOLVED] A, B, C +1 more");
    assert.match(text, /Resolved \(4\):\n\n\* A\n {2}Alert: {7}A\n {2}Labels: {6}ensemble=prod\n {2}Since: {7}2026-01-01T11:59:00.000Z\n {2}Resolved: {4}2026-01-01T11:59:59.000Z/);
    assert.doesNotMatch(text, /Firing/);
  });
});
