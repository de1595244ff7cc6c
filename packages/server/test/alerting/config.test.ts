import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AlertingConfigError, parseAlertingConfig, parseAlertingYaml } from "../../src/alerting/index.ts";
import { formatDuration, parseDuration } from "../../src/alerting/duration.ts";
import { matchesAll, parseMatchers } from "../../src/alerting/matcher.ts";

const YAML = `ensembles:
  - name: prod
    servers: [zk1:2181]
global:
  resolve_timeout: 2m
route:
  receiver: default
  group_by: [ensemble, alertname]
  group_wait: 10s
  group_interval: 1m
  repeat_interval: 1h30m
  routes:
    - matchers: ['severity="critical"', 'ensemble=~"prod.*"']
      receiver: pager
      continue: true
    - match: {team: zk}
      match_re: {service: "zoo.*"}
      receiver: chat
      group_by: ['...']
      group_wait: 100ms
receivers:
  - name: default
    webhook_configs:
      - url: http://127.0.0.1:9/hook
  - name: pager
    email_configs:
      - to: ops@example.com
        from: zoosight@example.com
        smarthost: 127.0.0.1:25
        auth_username: u
        auth_password: hunter2
        require_tls: false
  - name: chat
    slack_configs:
      - api_url: https://hooks.example.com/services/T/B/X
        channel: '#zk'
        send_resolved: true
inhibit_rules:
  - source_matchers: ['alertname="ZooKeeperQuorumLost"']
    target_matchers: ['scope="server"']
    equal: [ensemble]
`;

describe("alerting > config", () => {
  test("durations like Prometheus", () => {
    assert.equal(parseDuration("1h30m"), 5_400_000);
    assert.equal(parseDuration("5s"), 5000);
    assert.equal(parseDuration("100ms"), 100);
    assert.equal(parseDuration("1d"), 86_400_000);
    assert.equal(parseDuration("0"), 0);
    assert.equal(parseDuration("5"), undefined);
    assert.equal(parseDuration("1m1h"), undefined);
    assert.equal(parseDuration("abc"), undefined);
    assert.equal(formatDuration(5_400_000), "1h30m");
    assert.equal(formatDuration(100), "100ms");
  });

  test("matchers: new syntax, braces, regex anchoring, bad input", () => {
    const ms = parseMatchers('{alertname="Zk Down", instance=~"zk[12]:.*", job!="x", env!~"dev|test"}');
    assert.equal(ms.length, 4);
    assert.ok(matchesAll(ms, { alertname: "Zk Down", instance: "zk1:2181", job: "zookeeper", env: "prod" }));
    assert.ok(!matchesAll(ms, { alertname: "Zk Down", instance: "xzk1:2181", job: "zookeeper" }));
    assert.ok(!matchesAll(ms, { alertname: "Zk Down", instance: "zk1:2181", env: "dev" }));
    assert.deepEqual(parseMatchers("a=b"), [{ name: "a", type: "=", value: "b" }]);
    assert.throws(() => parseMatchers('a=~"("'), /bad matcher/);
    assert.throws(() => parseMatchers("=b"), /bad matcher/);
  });

  test("a full config from YAML: inheritance, legacy match, '...', receivers, inhibit rules", () => {
    const c = parseAlertingYaml(YAML, "zoosight.yaml");
    assert.equal(c.resolveTimeoutMs, 120_000);
    assert.deepEqual(c.route.groupBy, ["ensemble", "alertname"]);
    assert.equal(c.route.repeatIntervalMs, 5_400_000);
    const [pager, chat] = c.route.routes;
    assert.equal(pager!.continue, true);
    assert.equal(pager!.groupWaitMs, 10_000, "inherited");
    assert.deepEqual(pager!.groupBy, ["ensemble", "alertname"], "inherited");
    assert.equal(pager!.matchers.length, 2);
    assert.deepEqual(chat!.matchers, [
      { name: "team", type: "=", value: "zk" },
      { name: "service", type: "=~", value: "zoo.*" },
    ]);
    assert.equal(chat!.groupBy, null);
    assert.equal(chat!.groupWaitMs, 100);
    assert.equal(c.receivers.length, 3);
    const email = c.receivers[1]!.integrations[0]!;
    assert.equal(email.kind, "email");
    assert.equal(email.kind === "email" && email.sendResolved, false, "email default send_resolved false");
    assert.equal(c.receivers[0]!.integrations[0]!.kind === "webhook" && c.receivers[0]!.integrations[0]!.sendResolved, true);
    assert.deepEqual(c.inhibitRules[0]!.equal, ["ensemble"]);
  });

  const bad = (replace: [string, string], key: RegExp, line?: number) => {
    const text = YAML.replace(replace[0], replace[1]);
    assert.notEqual(text, YAML, `replacement ${replace[0]} applies`);
    try {
      parseAlertingYaml(text, "z.yaml");
      assert.fail("should have thrown");
    } catch (err) {
      assert.ok(err instanceof AlertingConfigError, String(err));
      assert.match(err.message, key);
      if (line !== undefined) assert.equal(err.line, line, err.message);
      assert.doesNotMatch(err.message, /hunter2|hooks\.example\.com/);
      return err;
    }
  };

  test("route defaults: per alert and ensemble, 1s group_wait, 1m group_interval (fast for the pack's critical alerts)", () => {
    const c = parseAlertingConfig({ route: { receiver: "x", routes: [{ receiver: "x", matchers: ["severity=critical"] }] }, receivers: [{ name: "x" }] });
    for (const r of [c.route, c.route.routes[0]!]) {
      assert.deepEqual(r.groupBy, ["alertname", "ensemble"]);
      assert.equal(r.groupWaitMs, 1_000);
      assert.equal(r.groupIntervalMs, 60_000);
      assert.equal(r.repeatIntervalMs, 4 * 3_600_000);
    }
    const am = parseAlertingConfig({ route: { receiver: "x", group_by: [], group_wait: "30s", group_interval: "5m" }, receivers: [{ name: "x" }] });
    assert.deepEqual(am.route.groupBy, [], "an explicit empty group_by (Alertmanager's default) is kept");
    assert.equal(am.route.groupWaitMs, 30_000);
  });

  test("errors name file:line:key and never echo secrets", () => {
    bad(["receiver: pager", "receiver: nobody"], /^z\.yaml:14: route\.routes\[0\]\.receiver: unknown receiver 'nobody'/, 14);
    bad(["group_interval: 1m", "group_interval: 1 minute"], /^z\.yaml:\d+: route\.group_interval: '1 minute' is not a duration/, 10);
    bad(["'ensemble=~\"prod.*\"'", "'ensemble=~\"(\"'"], /route\.routes\[0\]\.matchers\[1\]: bad matcher/, 13);
    bad(["api_url: https://hooks.example.com/services/T/B/X", "api_url: hooks.example.com/secret-token"], /slack_configs\[0\]\.api_url: is not a valid URL/);
    bad(["        auth_username: u\n", ""], /email_configs\[0\]\.auth_username: auth_username and auth_password go together/);
    bad(["url: http://127.0.0.1:9/hook", "url: http://127.0.0.1:9/hook\n        colour: red"], /webhook_configs\[0\]\.colour: unknown key/);
    bad(["equal: [ensemble]", "equal: [ensemble]\n    source_match: {a: b}\n    bogus: 1"], /inhibit_rules\[0\]\.bogus: unknown key/);
    bad(["  - name: chat", "  - name: default"], /receivers\[2\]\.name: duplicate receiver name 'default'/);
  });

  test("a plain object without a source: errors name the key path", () => {
    assert.throws(
      () => parseAlertingConfig({ route: { receiver: "x", group_wait: "soon" }, receivers: [{ name: "x" }] }),
      (e: Error) => e instanceof AlertingConfigError && e.message === "route.group_wait: 'soon' is not a duration (e.g. 100ms, 5s, 1h30m)",
    );
    assert.throws(() => parseAlertingConfig({ receivers: [{ name: "x" }] }), /^AlertingConfigError: route: is required|route: is required/);
    assert.throws(() => parseAlertingConfig({ route: { receiver: "x", matchers: ['a="b"'] }, receivers: [{ name: "x" }] }), /root route must not have matchers/);
  });
});
