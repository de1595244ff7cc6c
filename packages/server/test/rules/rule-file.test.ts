import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { countRules, loadRuleText } from "../../src/rules/rule-file.ts";

const GOOD = `groups:
  - name: zk
    interval: 1s
    limit: 10
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: ZkDown
        expr: up == 0
        for: 2m
        keep_firing_for: 1m
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.instance }} down ({{ $value | humanize }})"
`;

function errorsOf(text: string): string[] {
  return loadRuleText(text, "r.yml").errors.map((e) => e.message);
}

describe("rules > rule-file", () => {
  test("a valid file loads with durations, limit, labels and parsed templates", () => {
    const { groups, errors } = loadRuleText(GOOD, "r.yml");
    assert.deepEqual(errors, []);
    assert.equal(countRules(groups), 2);
    const g = groups[0]!;
    assert.equal(g.intervalMs, 1000);
    assert.equal(g.limit, 10);
    const alert = g.rules[1]!;
    assert.equal(alert.kind, "alert");
    if (alert.kind !== "alert") return;
    assert.equal(alert.forMs, 120_000);
    assert.equal(alert.keepFiringForMs, 60_000);
    assert.equal(alert.source.line, 8);
    assert.ok(alert.annotationTemplates.has("summary"));
  });

  test("errors name file:line, group, rule and key", () => {
    const text = `groups:
  - name: a
    rules:
      - alert: X
        expr: up == 0
        for: 5 minutes
  - name: a
    rules:
      - record: y
        alert: Y
        expr: up
      - alert: Z
      - alert: W
        expr: up
        labels:
          bad-name: x
        annotations:
          s: "{{ $label.instance }}"
      - alert: V
        expr: sum(up
      - record: r
        expr: up
        annotations: {a: b}
`;
    const errs = errorsOf(text);
    assert.ok(errs.includes('r.yml:6, group "a", rule "X", key "for": not a valid duration string: "5 minutes"'), errs.join("\n"));
    assert.ok(errs.some((e) => e.startsWith('r.yml:7, group "a", key "name": groupname: "a" is repeated')), errs.join("\n"));
    assert.ok(errs.some((e) => e.startsWith("r.yml:9,") && e.includes("only one of 'record' and 'alert' must be set")));
    assert.ok(errs.some((e) => e.startsWith("r.yml:12,") && e.includes("field 'expr' must be set")));
    assert.ok(errs.some((e) => e.startsWith("r.yml:16,") && e.includes("invalid label name: bad-name")));
    assert.ok(errs.some((e) => e.startsWith("r.yml:18,") && e.includes('key "annotations.s"') && e.includes('undefined variable "$label"')));
    assert.ok(errs.some((e) => e.startsWith("r.yml:20,") && e.includes("could not parse expression")));
    assert.ok(errs.some((e) => e.startsWith("r.yml:23,") && e.includes("invalid field 'annotations' in recording rule")));
  });

  test("unknown fields, bad YAML, empty file", () => {
    assert.match(errorsOf("groups:\n  - name: a\n    rules: []\n    intervall: 1m\n")[0]!, /^r\.yml:4, group "a", key "intervall": field intervall not found/);
    assert.match(errorsOf("groups: [\n")[0]!, /^r\.yml:\d+: /);
    assert.deepEqual(loadRuleText("", "r.yml"), { groups: [], errors: [] });
    assert.match(errorsOf("- a\n")[0]!, /must be a map with 'groups'/);
  });
});
