// Parser for Prometheus's PromQL test scripts (promql/promqltest/README.md): load / clear /
// eval instant|range with expected results, expect fail|ordered|warn|info|no_warn|no_info|string,
// and the older eval_fail / eval_ordered / eval_warn / eval_info forms.
import type { Labels, Sample } from "../../../src/tsdb/types.ts";
import { STALE_NAN } from "../../../src/tsdb/types.ts";
import { parseToAst } from "../../../src/promql/parse/from-lezer.ts";
import { parseNumber, parseUnitDuration } from "../../../src/promql/parse/literals.ts";

export interface LoadedSeries {
  labels: Labels;
  samples: Sample[];
  /** The series has native histogram samples ({{...}}); they are not loaded. */
  histogram: boolean;
}

export interface ExpectedSeries {
  labels: Labels;
  /** One value per step; undefined for an omitted point (`_`). */
  values: (number | undefined)[];
}

export interface EvalCase {
  line: number;
  text: string;
  expr: string;
  range: { start: number; end: number; step: number } | undefined;
  at: number;
  fail: { msg?: string; regex?: string } | undefined;
  ordered: boolean;
  /** warn/info/no_warn/no_info expectations: reported, not checked. */
  annotations: string[];
  expectedString: string | undefined;
  expectedScalar: number | undefined;
  expected: ExpectedSeries[];
  /** An expected value is a native histogram. */
  histogramExpected: boolean;
}

export type Command =
  | { kind: "load"; line: number; series: LoadedSeries[] }
  | { kind: "clear"; line: number }
  | { kind: "eval"; case: EvalCase };

export function duration(text: string): number {
  const d = parseUnitDuration(text.trim());
  if (d !== undefined) return d;
  const n = Number(text.trim());
  if (Number.isFinite(n)) return n * 1000;
  throw new Error(`bad duration ${text}`);
}

/** Splits `metric{a="b c"} 1 2 3` into the selector and the values text. */
export function splitSeriesLine(line: string): [string, string] {
  const s = line.trim();
  const brace = s.indexOf("{");
  const space = s.search(/\s/);
  if (brace === -1 || (space !== -1 && space < brace)) return space === -1 ? [s, ""] : [s.slice(0, space), s.slice(space).trim()];
  let inStr: string | undefined;
  for (let i = brace; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === "\\") i++;
      else if (c === inStr) inStr = undefined;
    } else if (c === '"' || c === "'" || c === "`") inStr = c;
    else if (c === "}") return [s.slice(0, i + 1), s.slice(i + 1).trim()];
  }
  throw new Error(`unterminated label set in ${line}`);
}

export function parseLabels(selector: string): Labels {
  if (selector === "{}") return {};
  const e = parseToAst(selector);
  if (e.kind !== "vectorSelector") throw new Error(`not a series selector: ${selector}`);
  const out: Record<string, string> = {};
  for (const m of e.matchers) if (m.value !== "") out[m.name] = m.value;
  return out;
}

function tokenize(values: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < values.length) {
    while (i < values.length && /\s/.test(values[i] as string)) i++;
    if (i >= values.length) break;
    let j = i;
    while (j < values.length && !/\s/.test(values[j] as string)) {
      if (values.startsWith("{{", j)) {
        const end = values.indexOf("}}", j);
        j = end === -1 ? values.length : end + 2;
      } else j++;
    }
    out.push(values.slice(i, j));
    i = j;
  }
  return out;
}

function num(text: string): number {
  if (text === "stale") return STALE_NAN;
  const n = parseNumber(text);
  if (n === undefined) throw new Error(`bad value ${text}`);
  return n;
}

/** Expands `1+2x3` → 1 3 5 7, `_x2` → two omitted points, `stale`, `Inf`, `-2x2` → -2 -2 -2. */
export function expandValues(values: string): { values: (number | undefined)[]; histogram: boolean } {
  const out: (number | undefined)[] = [];
  let histogram = false;
  for (const tok of tokenize(values)) {
    if (tok.includes("{{")) {
      histogram = true;
      const m = /x(\d+)$/.exec(tok);
      const n = m ? Number(m[1]) + 1 : 1;
      for (let i = 0; i < n; i++) out.push(undefined);
      continue;
    }
    if (tok === "_") {
      out.push(undefined);
      continue;
    }
    const x = tok.lastIndexOf("x");
    if (x === -1) {
      out.push(num(tok));
      continue;
    }
    const left = tok.slice(0, x);
    const count = Number(tok.slice(x + 1));
    if (left === "_") {
      for (let i = 0; i < count; i++) out.push(undefined);
      continue;
    }
    let split = -1;
    for (let i = 1; i < left.length; i++) {
      const c = left[i];
      if ((c === "+" || c === "-") && !/[eE]/.test(left[i - 1] as string)) split = i;
    }
    if (split === -1) {
      const a = num(left);
      for (let i = 0; i <= count; i++) out.push(a);
      continue;
    }
    const a = num(left.slice(0, split));
    const b = num(left.slice(split));
    for (let i = 0; i <= count; i++) out.push(a + b * i);
  }
  return { values: out, histogram };
}
