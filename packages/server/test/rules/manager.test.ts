import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { realClock } from "../../src/collect/clock.ts";
import { RuleManager } from "../../src/rules/manager.ts";
import { loadRuleText } from "../../src/rules/rule-file.ts";

describe("rules > manager", () => {
  test("runs many groups without Node's listener-leak warning (each group's loop waits on one shared signal)", async () => {
    const text = `groups:\n${Array.from({ length: 25 }, (_, i) => `  - name: g${i}\n    interval: 1h\n    rules:\n      - alert: A${i}\n        expr: vector(1)\n`).join("")}`;
    const { groups, errors } = loadRuleText(text, "many.yml");
    assert.deepEqual(errors, []);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    const manager = new RuleManager({ query: async () => [], notify: () => {}, clock: realClock });
    manager.load(groups);
    manager.start();
    await new Promise((r) => setTimeout(r, 50));
    await manager.stop();
    await new Promise((r) => setImmediate(r));
    process.off("warning", onWarning);
    assert.deepEqual(warnings.filter((w) => w.includes("MaxListeners")), []);
  });
});
