// Element-wise math on instant vectors, clamp*, round. Ports promql/functions.go
// simpleFloatFunc(), funcClamp*, funcRound (round half up to the nearest multiple).
import type { Value, Vector } from "../engine/values.ts";
import type { FnCall, FnImpl } from "./types.ts";
import { scalarArg } from "./types.ts";

export function mapVector(f: (v: number, c: FnCall) => number): FnImpl {
  return (c) => {
    const a = c.args[0];
    if (a?.type !== "vector") return { type: "vector", samples: [] };
    const out: Vector = a.samples.map((s) => ({ labels: s.labels, v: f(s.v, c), t: c.t, dropName: true }));
    return { type: "vector", samples: out } satisfies Value;
  };
}

const sgn = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : v);

function round(v: number, c: FnCall): number {
  const to = c.args.length > 1 ? scalarArg(c, 1) : 1;
  const inv = 1 / to;
  return Math.floor(v * inv + 0.5) / inv;
}

function clamp(c: FnCall, min: number, max: number): Value {
  const a = c.args[0];
  if (a?.type !== "vector" || max < min) return { type: "vector", samples: [] };
  return {
    type: "vector",
    samples: a.samples.map((s) => ({ labels: s.labels, v: Math.max(min, Math.min(max, s.v)), t: c.t, dropName: true })),
  };
}


export const MATH_FUNCTIONS: Record<string, FnImpl> = {
  abs: mapVector(Math.abs),
  ceil: mapVector(Math.ceil),
  floor: mapVector(Math.floor),
  exp: mapVector(Math.exp),
  ln: mapVector(Math.log),
  log2: mapVector(Math.log2),
  log10: mapVector(Math.log10),
  sqrt: mapVector(Math.sqrt),
  sgn: mapVector(sgn),
  deg: mapVector((v) => (v * 180) / Math.PI),
  rad: mapVector((v) => (v * Math.PI) / 180),
  acos: mapVector(Math.acos),
  acosh: mapVector(Math.acosh),
  asin: mapVector(Math.asin),
  asinh: mapVector(Math.asinh),
  atan: mapVector(Math.atan),
  atanh: mapVector(Math.atanh),
  cos: mapVector(Math.cos),
  cosh: mapVector(Math.cosh),
  sin: mapVector(Math.sin),
  sinh: mapVector(Math.sinh),
  tan: mapVector(Math.tan),
  tanh: mapVector(Math.tanh),
  round: mapVector(round),
  clamp: (c) => clamp(c, scalarArg(c, 1), scalarArg(c, 2)),
  clamp_min: (c) => clamp(c, scalarArg(c, 1), Number.POSITIVE_INFINITY),
  clamp_max: (c) => clamp(c, Number.NEGATIVE_INFINITY, scalarArg(c, 1)),
  pi: () => ({ type: "scalar", v: Math.PI }),
};
