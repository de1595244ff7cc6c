// Runs promtool-format rule unit tests with zoosight's own rule evaluator and PromQL engine over
// an in-memory querier: input series loaded up front, every group evaluated at each
// evaluation_interval step from 0 to the last eval_time, recorded series and ALERTS fed back.
import type { VectorSample } from "../../alerting/alert.ts";
import { instantQuery, MemoryQuerier } from "../../promql/index.ts";
import type { Labels } from "../../tsdb/types.ts";
import { AlertingRule } from "../alerting-rule.ts";
import { RuleGroup } from "../group.ts";
import { formatLabels, labelsKey, sortedLabels } from "../labels.ts";
import { loadRuleFile } from "../rule-file.ts";
import type { RuleGroupSpec } from "../rule-spec.ts";
import { goV } from "../template/index.ts";
import { expandValues, parseSeries } from "./series-notation.ts";
import type { TestFile, UnitTest } from "./test-file.ts";
import { readTestFile } from "./test-file.ts";

export interface FileOutcome {
  file: string;
  ok: boolean;
  /** Lines explaining failures (promtool-like). */
  messages: string[];
}

function query(q: MemoryQuerier) {
  return async (expr: string, t: number): Promise<VectorSample[] | number> => {
    const r = instantQuery(q, expr, t);
    if (r.resultType === "scalar") return r.v;
    if (r.resultType === "vector") return r.samples.map((s) => ({ labels: s.labels, value: s.v }));
    throw new Error(`rule result is a ${r.resultType}, not a vector or scalar`);
  };
}

function fmtTime(ms: number): string {
  const s = ms / 1000;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

function fmtAlerts(list: { labels: Labels; annotations: Labels }[]): string {
  return `[${list.map((a, i) => ` ${i}: Labels:${formatLabels(a.labels)} Annotations:${formatLabels(a.annotations)}`).join(",")} ]`;
}

/** Runs one test file; never throws (problems become failure messages). */
export async function runTestFile(path: string): Promise<FileOutcome> {
  const messages: string[] = [];
  let file: TestFile;
  try {
    file = readTestFile(path);
  } catch (err) {
    return { file: path, ok: false, messages: [(err as Error).message] };
  }
  const groups: RuleGroupSpec[] = [];
  for (const rf of file.ruleFiles) {
    const r = loadRuleFile(rf);
    for (const e of r.errors) messages.push(e.message);
    groups.push(...r.groups);
  }
  if (messages.length > 0) return { file: path, ok: false, messages };
  for (const t of file.tests) {
    try {
      messages.push(...(await runTest(file, groups, t)));
    } catch (err) {
      messages.push(`name: ${t.name}: ${(err as Error).message}`);
    }
  }
  return { file: path, ok: messages.length === 0, messages };
}

async function runTest(file: TestFile, groups: RuleGroupSpec[], t: UnitTest): Promise<string[]> {
  const q = new MemoryQuerier();
  for (const s of t.inputSeries) {
    const values = expandValues(s.values);
    q.add(parseSeries(s.series), values.flatMap((v, i) => (v === undefined ? [] : [{ t: i * t.intervalMs, v }])));
  }
  const order = file.groupEvalOrder;
  const sorted = order.length > 0 ? [...groups].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name)) : groups;
  const running = sorted.map(
    (g) =>
      new RuleGroup(g, {
        query: query(q),
        notify: () => {},
        append: (ts, samples) => {
          for (const s of samples) q.add(s.labels, [{ t: ts, v: s.value }]);
        },
        externalLabels: t.externalLabels,
        externalURL: t.externalURL,
        defaultIntervalMs: file.evaluationIntervalMs,
        resendDelayMs: 60_000,
      }),
  );
  const failures: string[] = [];
  const alertTests = [...t.alertTests].sort((a, b) => a.evalTimeMs - b.evalTimeMs);
  const maxT = Math.max(0, ...t.alertTests.map((a) => a.evalTimeMs), ...t.exprTests.map((e) => e.evalTimeMs));
  let next = 0;
  for (let ts = 0; ts <= maxT; ts += file.evaluationIntervalMs) {
    for (const g of running) {
      await g.evaluate(ts);
      for (const [rule, h] of g.health) if (h.health === "err") failures.push(`    name: ${t.name}, rule: ${rule.name}, time: ${fmtTime(ts)}: ${h.lastError}`);
    }
    while (next < alertTests.length && alertTests[next]!.evalTimeMs < ts + file.evaluationIntervalMs) {
      const at = alertTests[next++]!;
      const got = running
        .flatMap((g) => g.rules)
        .filter((r): r is AlertingRule => r instanceof AlertingRule && r.name === at.alertname)
        .flatMap((r) => r.alerts().filter((a) => a.state === "firing"))
        .map((a) => ({ labels: a.labels, annotations: a.annotations }));
      const exp = at.expAlerts.map((e) => ({ labels: sortedLabels({ ...e.labels, alertname: at.alertname }), annotations: sortedLabels(e.annotations) }));
      const key = (a: { labels: Labels; annotations: Labels }) => `${labelsKey(a.labels)}\u0002${labelsKey(a.annotations)}`;
      const gotKeys = got.map(key).sort();
      const expKeys = exp.map(key).sort();
      if (gotKeys.join("\u0003") !== expKeys.join("\u0003")) {
        failures.push(`    name: ${t.name},\n    alertname: ${at.alertname}, time: ${fmtTime(at.evalTimeMs)}, \n        exp:${fmtAlerts(exp)}, \n        got:${fmtAlerts(got)}`);
      }
    }
  }
  for (const e of t.exprTests) {
    const r = instantQuery(q, e.expr, e.evalTimeMs);
    const got =
      r.resultType === "vector" ? r.samples.map((s) => ({ labels: s.labels, value: s.v })) : r.resultType === "scalar" ? [{ labels: {}, value: r.v }] : [];
    const fmt = (l: { labels: Labels; value: number }[]) =>
      l
        .map((s) => `${labelsKey(s.labels)}=${goV(s.value)}`)
        .sort()
        .join("\n");
    const exp = e.expSamples.map((s) => ({ labels: s.labels.trim() === "" ? {} : parseSeries(s.labels), value: s.value }));
    if (fmt(got) !== fmt(exp)) {
      failures.push(`    expr: ${JSON.stringify(e.expr)}, time: ${fmtTime(e.evalTimeMs)},\n        exp: ${exp.map((s) => `${formatLabels(s.labels)} ${goV(s.value)}`).join(", ")}\n        got: ${got.map((s) => `${formatLabels(s.labels)} ${goV(s.value)}`).join(", ")}`);
    }
  }
  return failures;
}
