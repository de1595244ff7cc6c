// Reads promtool's rule unit-test file format (docs/configuration/unit_testing_rules.md).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { parseDuration } from "../duration.ts";
import { RuleTestError } from "../errors.ts";

export interface ExpAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface UnitTest {
  name: string;
  intervalMs: number;
  externalLabels: Record<string, string>;
  externalURL: string;
  inputSeries: { series: string; values: string }[];
  alertTests: { evalTimeMs: number; alertname: string; expAlerts: ExpAlert[] }[];
  exprTests: { expr: string; evalTimeMs: number; expSamples: { labels: string; value: number }[] }[];
}

export interface TestFile {
  path: string;
  ruleFiles: string[];
  evaluationIntervalMs: number;
  groupEvalOrder: string[];
  tests: UnitTest[];
}

type Obj = Record<string, unknown>;

function dur(v: unknown, what: string, file: string, fallback?: number): number {
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new RuleTestError(`${what} is required`, { file, key: what });
  }
  const ms = parseDuration(String(v));
  if (ms === undefined) throw new RuleTestError(`not a valid duration string: ${JSON.stringify(v)}`, { file, key: what });
  return ms;
}

function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === "object") for (const [k, x] of Object.entries(v as Obj)) out[k] = String(x);
  return out;
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? (v as Obj[]) : [];
}

export function readTestFile(path: string): TestFile {
  let doc: Obj;
  try {
    doc = (parse(readFileSync(path, "utf8")) ?? {}) as Obj;
  } catch (err) {
    throw new RuleTestError((err as Error).message.split("\n")[0]!, { file: path });
  }
  const evaluationIntervalMs = dur(doc.evaluation_interval, "evaluation_interval", path, 60_000);
  const ruleFiles = (Array.isArray(doc.rule_files) ? (doc.rule_files as unknown[]) : []).map((f) => resolve(dirname(path), String(f)));
  const tests = list(doc.tests).map((t, i): UnitTest => ({
    name: String(t.name ?? `#${i + 1}`),
    intervalMs: dur(t.interval, "interval", path, evaluationIntervalMs),
    externalLabels: strMap(t.external_labels),
    externalURL: String(t.external_url ?? ""),
    inputSeries: list(t.input_series).map((s) => ({ series: String(s.series ?? ""), values: String(s.values ?? "") })),
    alertTests: list(t.alert_rule_test).map((a) => ({
      evalTimeMs: dur(a.eval_time, "eval_time", path),
      alertname: String(a.alertname ?? ""),
      expAlerts: list(a.exp_alerts).map((e) => ({ labels: strMap(e.exp_labels), annotations: strMap(e.exp_annotations) })),
    })),
    exprTests: list(t.promql_expr_test).map((e) => ({
      expr: String(e.expr ?? ""),
      evalTimeMs: dur(e.eval_time, "eval_time", path),
      expSamples: list(e.exp_samples).map((s) => ({ labels: String(s.labels ?? ""), value: Number(s.value) })),
    })),
  }));
  const groupEvalOrder = Array.isArray(doc.group_eval_order) ? (doc.group_eval_order as unknown[]).map(String) : [];
  return { path, ruleFiles, evaluationIntervalMs, groupEvalOrder, tests };
}
