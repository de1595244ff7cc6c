import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AlertingRule } from "../../src/rules/alerting-rule.ts";
import { loadRuleText } from "../../src/rules/rule-file.ts";
import type { AlertRuleSpec } from "../../src/rules/rule-spec.ts";

const RULES = `groups:
  - name: g
    rules:
      - alert: High
        expr: x > 1
        for: 10s
        labels:
          level: '{{ if gt $value 5.0 }}big{{ else }}small{{ end }}'
        annotations:
          summary: 'value {{ $value }} on {{ $labels.instance }}'
`;

function rule(): AlertingRule {
  const { groups, errors } = loadRuleText(RULES, "t.yaml");
  assert.deepEqual(errors, []);
  return new AlertingRule(groups[0]!.rules[0] as AlertRuleSpec, { externalLabels: {}, externalURL: "" });
}

describe("rules > alerting rule with the same label-set objects evaluation after evaluation", () => {
  test("expands templates again when the value changes, and follows the state, exactly as with fresh objects", () => {
    const shared = { __name__: "x", instance: "zk1" };
    const memo = rule();
    const plain = rule();
    const steps = [2, 2, 7, 7, 2, Number.NaN, Number.NaN];
    for (const [i, v] of steps.entries()) {
      const ts = i * 5000;
      const a = memo.eval([{ labels: shared, value: v }], ts);
      const b = plain.eval([{ labels: { __name__: "x", instance: "zk1" }, value: v }], ts);
      assert.deepEqual(a, b, `step ${i}`);
      if (v === 7) assert.ok(a.some((x) => x.labels.level === "big"));
      assert.deepEqual(
        memo.alerts().map((x) => ({ ...x })),
        plain.alerts().map((x) => ({ ...x })),
        `step ${i}`,
      );
    }
    const last = memo.alerts().find((x) => x.state !== "inactive");
    assert.equal(last?.annotations.summary, "value NaN on zk1");
  });
});
