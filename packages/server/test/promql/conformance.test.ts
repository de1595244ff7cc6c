// Prometheus's own PromQL test scripts (../shared/conformance/promql, read at test time, never
// copied) against zoosight's engine. One test per file prints its passed/failed/skipped cases with
// every skip reason; the last test enforces the pass rate over the cases without native histograms.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { type CaseResult, runScriptFile } from "./conformance/runner.ts";

const DIR = "/work/shared/conformance/promql";
/** The target: at least 95% of the cases without native histograms pass. */
const MIN_PASS_RATE = 0.95;

const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith(".test")).sort() : [];
const all: { file: string; results: CaseResult[] }[] = [];

test("PromQL > conformance > scripts are present", () => {
  assert.ok(files.length > 0, `no .test files in ${DIR}`);
});

for (const file of files) {
  test(`PromQL > conformance > ${file}`, (t) => {
    const results = runScriptFile(join(DIR, file));
    all.push({ file, results });
    const count = (s: string) => results.filter((r) => r.status === s).length;
    const lines = [`${file}: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`];
    const reasons = new Map<string, number>();
    for (const r of results) if (r.status === "skip") reasons.set(r.reason ?? "?", (reasons.get(r.reason ?? "?") ?? 0) + 1);
    for (const [reason, n] of reasons) lines.push(`  skipped ${n}: ${reason}`);
    for (const r of results) if (r.status === "fail") lines.push(`  FAIL line ${r.line}: ${r.expr} :: ${r.reason}`);
    t.diagnostic(lines.join("\n"));
    assert.ok(results.length > 0, `${file} has no eval cases`);
  });
}

test(`PromQL > conformance > pass rate over non-histogram cases >= ${MIN_PASS_RATE * 100}%`, () => {
  const results = all.flatMap((f) => f.results);
  const counted = results.filter((r) => !r.histogram);
  const passed = counted.filter((r) => r.status === "pass").length;
  const rate = passed / counted.length;
  const table = all.map((f) => {
    const c = (s: string) => f.results.filter((r) => r.status === s).length;
    return `${f.file.padEnd(20)} passed ${String(c("pass")).padStart(4)}  failed ${String(c("fail")).padStart(3)}  skipped ${String(c("skip")).padStart(3)}`;
  });
  console.log(`${table.join("\n")}\npass rate over ${counted.length} non-histogram cases: ${(rate * 100).toFixed(1)}%`);
  assert.ok(all.length === files.length, "every file ran");
  assert.ok(rate >= MIN_PASS_RATE, `pass rate ${(rate * 100).toFixed(1)}% < ${MIN_PASS_RATE * 100}%`);
});
