// Splits a .test script into load / clear / eval commands (promqltest/test.go parse()).
import { type Command, duration, type EvalCase, expandValues, parseLabels, splitSeriesLine } from "./script.ts";

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const LOAD = /^load(?:_(with_nhcb))?\s+(.+?)$/;

function unquoteExpectString(s: string): string {
  const t = s.trim();
  if (t.startsWith("`")) return t.slice(1, -1);
  return JSON.parse(t) as string;
}

export function parseScript(text: string): Command[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const cmds: Command[] = [];
  let i = 0;
  const body = (): { line: number; text: string }[] => {
    const out: { line: number; text: string }[] = [];
    while (i + 1 < lines.length) {
      const next = lines[i + 1] as string;
      if (next.trim() === "") break;
      i++;
      if (next.trim().startsWith("#")) continue;
      out.push({ line: i + 1, text: next.trim() });
    }
    return out;
  };
  for (; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === "" || raw.startsWith("#")) continue;
    const line = i + 1;
    if (raw === "clear") {
      cmds.push({ kind: "clear", line });
      continue;
    }
    const load = LOAD.exec(raw);
    if (load) {
      const step = duration(load[2] as string);
      const series = body().map((b) => {
        const [sel, vals] = splitSeriesLine(b.text);
        const { values, histogram } = expandValues(vals);
        const samples = values.flatMap((v, k) => (v === undefined ? [] : [{ t: k * step, v }]));
        return { labels: parseLabels(sel), samples, histogram };
      });
      cmds.push({ kind: "load", line, series });
      continue;
    }
    const inst = EVAL_INSTANT.exec(raw);
    const rng = inst ? null : EVAL_RANGE.exec(raw);
    if (!inst && !rng) throw new Error(`line ${line}: unknown command ${raw}`);
    const mod = (inst ? inst[1] : rng?.[1]) ?? "";
    const c: EvalCase = {
      line,
      text: raw,
      expr: (inst ? inst[3] : rng?.[5]) as string,
      range: rng ? { start: duration(rng[2] as string), end: duration(rng[3] as string), step: duration(rng[4] as string) } : undefined,
      at: inst ? duration(inst[2] ?? "0") : 0,
      fail: mod === "fail" ? {} : undefined,
      ordered: mod === "ordered",
      annotations: mod === "warn" || mod === "info" ? [mod] : [],
      expectedString: undefined,
      expectedScalar: undefined,
      expected: [],
      histogramExpected: false,
    };
    for (const b of body()) {
      const t = b.text;
      if (t.startsWith("expect string")) {
        c.expectedString = unquoteExpectString(t.slice("expect string".length));
        continue;
      }
      if (t.split(" ")[0] === "expect") {
        const m = EXPECT.exec(t);
        if (!m) throw new Error(`line ${b.line}: bad expect line ${t}`);
        if (m[1] === "fail") c.fail = m[2] === "msg" ? { msg: (m[3] as string).trim() } : m[2] === "regex" ? { regex: (m[3] as string).trim() } : {};
        else if (m[1] === "ordered") c.ordered = true;
        else c.annotations.push(m[1] as string);
        continue;
      }
      if (t.includes("{{")) c.histogramExpected = true;
      const [sel, vals] = splitSeriesLine(t);
      if (vals === "") {
        c.expectedScalar = expandValues(t).values[0];
        continue;
      }
      const { values, histogram } = expandValues(vals);
      if (histogram) c.histogramExpected = true;
      c.expected.push({ labels: parseLabels(sel), values });
    }
    cmds.push({ kind: "eval", case: c });
  }
  return cmds;
}
