// promtool's input_series notation: a series selector `name{l="v"}` and expanding values
// ('1+2x3', '1x4', '_', '_x3', 'stale', '-1-1x2', 'Inf', 'NaN').
import { STALE_NAN } from "../../tsdb/types.ts";
import type { Labels } from "../../tsdb/types.ts";

/** One value per step: a number, STALE_NAN, or undefined for a missing sample (`_`). */
export type SeriesValue = number | undefined;

const NUM = String.raw`[+-]?(?:Inf|NaN|inf|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0x[0-9a-fA-F]+)`;
const EXPAND = new RegExp(`^(${NUM})(?:([+-])(${NUM}))?x(\\d+)$`);
const SINGLE = new RegExp(`^${NUM}$`);

function num(text: string): number {
  const t = text.replace(/^\+/, "");
  if (/^-?inf$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return Number.NaN;
  return Number(t);
}

/** Expands the values string; throws Error on bad syntax. */
export function expandValues(text: string): SeriesValue[] {
  const out: SeriesValue[] = [];
  for (const tok of text.trim().split(/\s+/).filter((t) => t !== "")) {
    if (tok === "_") out.push(undefined);
    else if (tok === "stale") out.push(STALE_NAN);
    else if (/^_x\d+$/.test(tok)) for (let i = 0; i < Number(tok.slice(2)); i++) out.push(undefined);
    else if (SINGLE.test(tok)) out.push(num(tok));
    else {
      const m = EXPAND.exec(tok);
      if (!m) throw new Error(`bad value ${JSON.stringify(tok)} in series values`);
      const start = num(m[1]!);
      const step = m[2] === undefined ? 0 : (m[2] === "-" ? -1 : 1) * num(m[3]!);
      for (let i = 0; i <= Number(m[4]); i++) out.push(start + i * step);
    }
  }
  return out;
}

/** Parses `name{a="b", c="d"}` (name optional) into labels with __name__. */
export function parseSeries(text: string): Labels {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?\s*$/s.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) throw new Error(`bad series ${JSON.stringify(text)}`);
  const labels: Record<string, string> = {};
  if (m[1]) labels.__name__ = m[1];
  let rest = (m[2] ?? "").trim();
  const pair = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*(?:,\s*|$)/s;
  while (rest !== "") {
    const p = pair.exec(rest);
    if (!p) throw new Error(`bad label matcher in series ${JSON.stringify(text)}`);
    const q = p[2]!;
    labels[p[1]!] = q.startsWith('"') ? (JSON.parse(q) as string) : q.slice(1, -1).replace(/\\(.)/g, "$1");
    rest = rest.slice(p[0].length).trim();
  }
  return labels;
}
