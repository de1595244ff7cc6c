// Runs one PromQL test script against zoosight's engine over a MemoryQuerier and classifies every
// eval case: pass, fail (with why) or skip (with the reason: native histograms, unsupported feature).
import { readFileSync } from "node:fs";
import { labelsKey } from "../../../src/promql/engine/labels.ts";
import { instantQuery, rangeQuery, type QueryResult } from "../../../src/promql/engine/query.ts";
import { almostEqual } from "../../../src/promql/functions/almost.ts";
import { matches, MemoryQuerier } from "../../../src/promql/memory-querier.ts";
import type { LabelMatcher, Labels, Series } from "../../../src/tsdb/types.ts";
import { isStaleNaN } from "../../../src/tsdb/types.ts";
import { parseScript } from "./commands.ts";
import type { EvalCase } from "./script.ts";

export interface CaseResult {
  line: number;
  expr: string;
  status: "pass" | "fail" | "skip";
  reason?: string;
  /** Histogram skips are excluded from the pass-rate denominator; other skips are not. */
  histogram?: boolean;
  annotationsUnchecked?: boolean;
}

const EPSILON = 0.000001;

class TrackingQuerier extends MemoryQuerier {
  histograms: Labels[] = [];
  touchedHistogram = false;
  override select(m: readonly LabelMatcher[], mint: number, maxt: number): Series[] {
    if (this.histograms.some((l) => m.every((x) => matches(l, x)))) this.touchedHistogram = true;
    return super.select(m, mint, maxt);
  }
}

function eq(a: number, b: number): boolean {
  if (isStaleNaN(a) || isStaleNaN(b)) return isStaleNaN(a) && isStaleNaN(b);
  return almostEqual(a, b, EPSILON);
}

function fmt(l: Labels): string {
  return JSON.stringify(l);
}

/** Compares a result with the case's expectations; returns why it differs, or undefined. */
function compare(c: EvalCase, r: QueryResult): string | undefined {
  if (c.expectedString !== undefined) {
    return r.resultType === "string" && r.v === c.expectedString ? undefined : `expected string ${JSON.stringify(c.expectedString)}, got ${JSON.stringify(r)}`;
  }
  if (c.expectedScalar !== undefined || (c.expected.length === 0 && r.resultType === "scalar")) {
    if (r.resultType !== "scalar") return `expected scalar, got ${r.resultType}`;
    return c.expectedScalar !== undefined && eq(r.v, c.expectedScalar) ? undefined : `expected scalar ${c.expectedScalar}, got ${r.v}`;
  }
  const want = new Map(c.expected.map((e, i) => [labelsKey(e.labels), { e, pos: i }]));
  const range = c.range;
  if (range) {
    if (r.resultType !== "matrix") return `expected matrix, got ${r.resultType}`;
    for (const s of r.series) {
      const w = want.get(labelsKey(s.labels));
      if (!w) return `unexpected series ${fmt(s.labels)}`;
      const exp = w.e.values.flatMap((v, i) => (v === undefined ? [] : [{ t: range.start + i * range.step, v }]));
      if (exp.length !== s.points.length) return `${fmt(s.labels)}: expected ${exp.length} points, got ${s.points.length} ${JSON.stringify(s.points)}`;
      for (let i = 0; i < exp.length; i++) {
        const a = s.points[i];
        const b = exp[i];
        if (!a || !b || a.t !== b.t || !eq(a.v, b.v)) return `${fmt(s.labels)} point ${i}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`;
      }
      want.delete(labelsKey(s.labels));
    }
    return want.size > 0 ? `missing series ${[...want.values()].map((w) => fmt(w.e.labels)).join(" ")}` : undefined;
  }
  if (r.resultType !== "vector") return `expected vector, got ${r.resultType}`;
  let pos = 0;
  for (const s of r.samples) {
    const w = want.get(labelsKey(s.labels));
    if (!w) return `unexpected sample ${fmt(s.labels)} ${s.v}`;
    if (c.ordered && w.pos !== pos) return `${fmt(s.labels)} at position ${pos}, expected ${w.pos}`;
    const v = w.e.values[0];
    if (v === undefined || !eq(s.v, v)) return `${fmt(s.labels)}: expected ${v}, got ${s.v}`;
    want.delete(labelsKey(s.labels));
    pos++;
  }
  return want.size > 0 ? `missing ${[...want.values()].map((w) => fmt(w.e.labels)).join(" ")}` : undefined;
}

function unsupported(err: Error): string | undefined {
  if (/not supported by zoosight|duration expressions are not supported/.test(err.message)) return err.message;
  return undefined;
}

function runCase(q: TrackingQuerier, c: EvalCase): CaseResult {
  const base = { line: c.line, expr: c.expr, annotationsUnchecked: c.annotations.some((a) => a === "warn" || a === "info") };
  q.touchedHistogram = false;
  let result: QueryResult | undefined;
  let error: Error | undefined;
  const opts = { lookbackDelta: 300_000, noStepSubqueryInterval: 60_000 };
  try {
    result = c.range ? rangeQuery(q, c.expr, c.range.start, c.range.end, c.range.step, opts) : instantQuery(q, c.expr, c.at, opts);
  } catch (err) {
    error = err as Error;
  }
  if (c.histogramExpected || q.touchedHistogram) return { ...base, status: "skip", reason: "native histograms", histogram: true };
  if (error) {
    const why = unsupported(error);
    if (why) return { ...base, status: "skip", reason: why };
  }
  if (c.fail) {
    if (!error) return { ...base, status: "fail", reason: "expected an error, query succeeded" };
    if (c.fail.msg !== undefined && error.message !== c.fail.msg) return { ...base, status: "fail", reason: `error message ${JSON.stringify(error.message)} != ${JSON.stringify(c.fail.msg)}` };
    if (c.fail.regex !== undefined && !new RegExp(c.fail.regex).test(error.message)) return { ...base, status: "fail", reason: `error ${error.message} !~ ${c.fail.regex}` };
    return { ...base, status: "pass" };
  }
  if (error) return { ...base, status: "fail", reason: `${error.name}: ${error.message}` };
  const diff = compare(c, result as QueryResult);
  return diff ? { ...base, status: "fail", reason: diff } : { ...base, status: "pass" };
}

export function runScriptFile(path: string): CaseResult[] {
  const cmds = parseScript(readFileSync(path, "utf8"));
  let q = new TrackingQuerier();
  const out: CaseResult[] = [];
  for (const cmd of cmds) {
    if (cmd.kind === "clear") q = new TrackingQuerier();
    else if (cmd.kind === "load") {
      for (const s of cmd.series) {
        if (s.histogram) q.histograms.push(s.labels);
        else q.add(s.labels, s.samples);
      }
    } else out.push(runCase(q, cmd.case));
  }
  return out;
}
