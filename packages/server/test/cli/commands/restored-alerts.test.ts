import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Alert, VectorSample } from "../../../src/alerting/alert.ts";
import { RestoredAlertCheck } from "../../../src/cli/commands/restored-alerts.ts";
import { RuleGroup } from "../../../src/rules/group.ts";
import { loadRuleText } from "../../../src/rules/rule-file.ts";

const start = Date.UTC(2026, 0, 1);
const restoredAlert = (labels: Record<string, string>): Alert => ({ labels, annotations: {}, startsAt: start - 60_000, endsAt: start + 240_000, generatorURL: "" });

function group(result: () => VectorSample[]): RuleGroup {
  const { groups, errors } = loadRuleText("groups:\n  - name: g\n    interval: 1s\n    rules:\n      - alert: Down\n        expr: up == 0\n        for: 10s\n", "t.yaml");
  assert.deepEqual(errors, []);
  return new RuleGroup(groups[0]!, { query: async () => result(), notify: () => {}, externalLabels: {}, externalURL: "", defaultIntervalMs: 1000, resendDelayMs: 60_000 });
}

describe("serve > alerts restored after a restart", () => {
  test("resolved once their rule has evaluated without holding them; kept while pending; other alerts left alone", async () => {
    let result: VectorSample[] = [{ labels: { __name__: "up", server: "b" }, value: 0 }];
    const g = group(() => result);
    const gone = restoredAlert({ alertname: "Down", server: "a" });
    const pending = restoredAlert({ alertname: "Down", server: "b" });
    const resent = restoredAlert({ alertname: "Down", server: "c" });
    const foreign = restoredAlert({ alertname: "PostedByAmtool", server: "a" });
    const check = new RestoredAlertCheck([gone, pending, resent, foreign]);
    // no collection of this run yet: an evaluation over old or no data judges nothing
    await g.evaluate(start - 1000);
    assert.deepEqual(check.stale([g], start), []);
    check.freshSince = start;
    // the rule has not evaluated since the first collection: nothing is judged yet
    assert.deepEqual(check.stale([g], start), []);
    check.sent([{ ...resent, startsAt: start }]);
    await g.evaluate(start + 1000);
    assert.deepEqual(check.stale([g], start + 1000), [{ ...gone, endsAt: start + 1000 }]);
    // b is pending again (its `for` restarts), so it stays firing in the dispatcher
    await g.evaluate(start + 2000);
    assert.deepEqual(check.stale([g], start + 2000), []);
    // ... until the condition ends before the rule fires it again
    result = [];
    await g.evaluate(start + 3000);
    assert.deepEqual(check.stale([g], start + 3000), [{ ...pending, endsAt: start + 3000 }]);
    assert.deepEqual(check.stale([g], start + 4000), [], "each alert is resolved once");
    assert.equal(check.done, false, "an alert no rule knows is never judged");
    check.sent([foreign]);
    assert.equal(check.done, true);
  });
});
