// absent, absent_over_time, sort, sort_desc, vector, scalar. Ports promql/functions.go funcAbsent,
// funcAbsentOverTime, createLabelsForAbsentFunction, funcSort(Desc) (NaN last), funcScalar.
import type { Labels } from "../../tsdb/types.ts";
import type { Expr } from "../ast.ts";
import type { VecSample } from "../engine/values.ts";
import type { FnImpl } from "./types.ts";

function absentLabels(e: Expr | undefined): Labels {
  const vs = e?.kind === "vectorSelector" ? e : e?.kind === "matrixSelector" ? e.vector : undefined;
  if (!vs) return {};
  const out: Record<string, string> = {};
  const has = new Set<string>();
  for (const m of vs.matchers) {
    if (m.name === "__name__") continue;
    if (m.type === "=" && !has.has(m.name)) {
      out[m.name] = m.value;
      has.add(m.name);
    } else delete out[m.name];
  }
  return out;
}

function byValue(desc: boolean): (a: VecSample, b: VecSample) => number {
  return (a, b) => {
    if (Number.isNaN(a.v)) return Number.isNaN(b.v) ? 0 : 1;
    if (Number.isNaN(b.v)) return -1;
    return desc ? b.v - a.v : a.v - b.v;
  };
}

export const MISC_FUNCTIONS: Record<string, FnImpl> = {
  absent: (c) => {
    const a = c.args[0];
    if (a && a.type === "vector" && a.samples.length > 0) return { type: "vector", samples: [] };
    return { type: "vector", samples: [{ labels: absentLabels(c.call.args[0]), v: 1, t: c.t, dropName: false }] };
  },
  absent_over_time: (c) => {
    const a = c.args[0];
    if (a && a.type === "matrix" && a.series.some((s) => s.points.length > 0)) return { type: "vector", samples: [] };
    return { type: "vector", samples: [{ labels: absentLabels(c.call.args[0]), v: 1, t: c.t, dropName: false }] };
  },
  sort: (c) => {
    const a = c.args[0];
    return { type: "vector", samples: a?.type === "vector" ? [...a.samples].sort(byValue(false)) : [] };
  },
  sort_desc: (c) => {
    const a = c.args[0];
    return { type: "vector", samples: a?.type === "vector" ? [...a.samples].sort(byValue(true)) : [] };
  },
  vector: (c) => {
    const a = c.args[0];
    return { type: "vector", samples: [{ labels: {}, v: a?.type === "scalar" ? a.v : Number.NaN, t: c.t, dropName: false }] };
  },
  scalar: (c) => {
    const a = c.args[0];
    return { type: "scalar", v: a?.type === "vector" && a.samples.length === 1 ? (a.samples[0] as VecSample).v : Number.NaN };
  },
};
