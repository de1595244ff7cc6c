import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Alert, VectorSample } from "../../src/alerting/alert.ts";
import type { RuleSeriesSample } from "../../src/rules/alerting-rule.ts";
import { RESOLVED_RETENTION_MS } from "../../src/rules/alerting-rule.ts";
import { RuleGroup } from "../../src/rules/group.ts";
import { loadRuleText } from "../../src/rules/rule-file.ts";
import { isStaleNaN } from "../../src/tsdb/types.ts";

const S = 1000;
const M = 60 * S;

/** A group over a fake QueryFn whose answer the test sets per step. */
function setup(rules: string, opts: { interval?: string } = {}) {
  const text = `groups:\n  - name: g\n    interval: ${opts.interval ?? "1m"}\n    rules:\n${rules}`;
  const { groups, errors } = loadRuleText(text, "t.yml");
  assert.deepEqual(errors, []);
  let answer: VectorSample[] = [];
  const sent: { t: number; alerts: Alert[] }[] = [];
  const appended: { t: number; samples: readonly RuleSeriesSample[] }[] = [];
  let now = 0;
  const group = new RuleGroup(groups[0]!, {
    query: async () => answer,
    notify: (alerts) => sent.push({ t: now, alerts: [...alerts] }),
    append: (t, samples) => appended.push({ t, samples }),
    externalLabels: { dc: "eu" },
    externalURL: "http://zoosight:7070",
    defaultIntervalMs: M,
    resendDelayMs: M,
  });
  return {
    group,
    sent,
    appended,
    set: (a: VectorSample[]) => {
      answer = a;
    },
    at: async (t: number) => {
      now = t;
      await group.evaluate(t);
    },
    state: () => (group.rules[0] as import("../../src/rules/alerting-rule.ts").AlertingRule).alerts().map((a) => a.state),
  };
}

const down = (instance = "zk1") => [{ labels: { __name__: "up", instance }, value: 0 }];

const RULE = `      - alert: Down
        expr: up == 0
        for: 2m
        labels: {severity: page, who: "{{ $labels.instance }}"}
        annotations: {summary: "{{ $labels.instance }} is {{ $value }} in {{ $externalLabels.dc }}"}
`;

describe("rules > group (virtual clock)", () => {
  test("for: pending until held for 2m, then firing and notified once per resend delay", async () => {
    const g = setup(RULE);
    g.set(down());
    await g.at(0);
    assert.deepEqual(g.state(), ["pending"]);
    await g.at(1 * M);
    assert.deepEqual(g.state(), ["pending"]);
    assert.equal(g.sent.length, 0, "pending alerts are never sent");
    await g.at(2 * M);
    assert.deepEqual(g.state(), ["firing"]);
    assert.equal(g.sent.length, 1);
    const a = g.sent[0]!.alerts[0]!;
    assert.deepEqual(a.labels, { alertname: "Down", instance: "zk1", severity: "page", who: "zk1" });
    assert.deepEqual(a.annotations, { summary: "zk1 is 0 in eu" });
    assert.equal(a.startsAt, 2 * M);
    assert.equal(a.endsAt, 2 * M + 4 * M, "endsAt = now + 4 × max(interval, resend delay)");
    assert.match(a.generatorURL, /^http:\/\/zoosight:7070\/graph\?g0\.expr=up%20%3D%3D%200/);
    await g.at(3 * M);
    assert.equal(g.sent.length, 1, "not re-sent within the resend delay (lastSent + 1m is not before now)");
    await g.at(3 * M + 30 * S);
    assert.equal(g.sent.length, 2, "re-sent after the resend delay");
  });

  test("a pending alert that clears is dropped without any notification", async () => {
    const g = setup(RULE);
    g.set(down());
    await g.at(0);
    g.set([]);
    await g.at(1 * M);
    assert.deepEqual(g.state(), []);
    assert.equal(g.sent.length, 0);
  });

  test("resolved alerts are sent at once, re-sent as resolved, and dropped after 15 minutes", async () => {
    const g = setup(RULE.replace("for: 2m", "for: 0s"));
    g.set(down());
    await g.at(0);
    assert.equal(g.sent.length, 1);
    g.set([]);
    await g.at(1 * M);
    assert.deepEqual(g.state(), ["inactive"]);
    assert.equal(g.sent.length, 2);
    assert.equal(g.sent[1]!.alerts[0]!.endsAt, 1 * M, "endsAt = resolvedAt");
    await g.at(2 * M + 1);
    assert.equal(g.sent.length, 3, "resolved alert re-sent after the resend delay");
    assert.equal(g.sent[2]!.alerts[0]!.endsAt, 1 * M);
    await g.at(1 * M + RESOLVED_RETENTION_MS + 1);
    assert.deepEqual(g.state(), [], "gone after the retention");
  });

  test("keep_firing_for holds a firing alert and resets when the condition returns", async () => {
    const g = setup(RULE.replace("for: 2m", "for: 0s\n        keep_firing_for: 3m"));
    g.set(down());
    await g.at(0);
    g.set([]);
    await g.at(1 * M);
    await g.at(3 * M);
    assert.deepEqual(g.state(), ["firing"], "held for 3m from the first absent evaluation");
    g.set(down());
    await g.at(4 * M);
    g.set([]);
    await g.at(5 * M);
    await g.at(7 * M);
    assert.deepEqual(g.state(), ["firing"], "hold-down restarted at 5m");
    await g.at(8 * M);
    assert.deepEqual(g.state(), ["inactive"]);
    const resolved = g.sent.flatMap((s) => s.alerts).filter((a) => a.endsAt === 8 * M);
    assert.equal(resolved.length, 1);
    const resolvedBefore = g.sent.filter((s) => s.t < 8 * M).flatMap((s) => s.alerts.filter((a) => a.endsAt <= s.t));
    assert.equal(resolvedBefore.length, 0, "no resolved notification while held");
  });

  test("identity is the label set after templating: two instances are two alerts, a duplicate is an error", async () => {
    const g = setup(RULE);
    g.set([...down("zk1"), ...down("zk2")]);
    await g.at(0);
    assert.equal(g.state().length, 2);
    await g.at(2 * M);
    assert.equal(g.sent[0]!.alerts.length, 2);
    const dup = setup(`      - alert: Dup
        expr: up == 0
        labels: {instance: fixed}
`);
    dup.set([...down("zk1"), ...down("zk2")]);
    await dup.at(0);
    const h = dup.group.health.get(dup.group.rules[0]!)!;
    assert.equal(h.health, "err");
    assert.match(h.lastError, /same labelset/);
  });

  test("ALERTS and ALERTS_FOR_STATE series, with stale markers when the alert goes away", async () => {
    const g = setup(RULE);
    g.set(down());
    await g.at(0);
    const first = g.appended[0]!.samples;
    const alerts = first.find((s) => s.labels.__name__ === "ALERTS")!;
    assert.equal(alerts.labels.alertstate, "pending");
    assert.equal(first.find((s) => s.labels.__name__ === "ALERTS_FOR_STATE")!.value, 0);
    await g.at(2 * M);
    const second = g.appended[1]!.samples;
    assert.ok(second.some((s) => s.labels.alertstate === "firing" && s.value === 1));
    assert.ok(second.some((s) => s.labels.alertstate === "pending" && isStaleNaN(s.value)), "pending series marked stale");
  });

  test("recording rules produce renamed series with rule labels; limit errors", async () => {
    const g = setup(`      - record: job:up:sum
        expr: sum by (job) (up)
        labels: {team: zk}
`);
    g.set([{ labels: { job: "zk" }, value: 3 }]);
    await g.at(0);
    assert.deepEqual(g.appended[0]!.samples, [{ labels: { __name__: "job:up:sum", job: "zk", team: "zk" }, value: 3 }]);
  });

  test("evaluation timestamps are slotted inside the interval", () => {
    const g = setup(RULE, { interval: "10s" });
    const off = g.group.offsetMs();
    assert.ok(off >= 0 && off < 10 * S);
    const t = g.group.evalTimestamp(1_000_000_123);
    assert.ok(t <= 1_000_000_123 && 1_000_000_123 - t < 10 * S);
    assert.equal((t - off) % (10 * S), 0);
  });

  test("for state restored from ALERTS_FOR_STATE, with the grace period", async () => {
    const g = setup(RULE.replace("for: 2m", "for: 30m"));
    g.set(down());
    await g.at(60 * M);
    const rule = g.group.rules[0] as import("../../src/rules/alerting-rule.ts").AlertingRule;
    rule.restoreForState(() => 35 * 60, 60 * M, 10 * M);
    assert.equal(rule.alerts()[0]!.activeAt, 60 * M + 10 * M - 30 * M, "fires no sooner than grace period after restart");
    rule.restoreForState(() => 10 * 60, 60 * M, 10 * M);
    assert.equal(rule.alerts()[0]!.activeAt, 60 * M + 10 * M - 30 * M);
    await g.at(70 * M);
    assert.deepEqual(g.state(), ["firing"]);
  });
});
