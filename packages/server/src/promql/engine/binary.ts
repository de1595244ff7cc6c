// Binary operators: scalar/scalar, vector/scalar and vector/vector with on/ignoring and
// group_left/group_right. Ports promql/engine.go VectorBinop, VectorAnd/Or/Unless,
// VectorscalarBinop, resultMetric, scalarBinop and vectorElemBinop.
import type { Labels } from "../../tsdb/types.ts";
import type { BinaryExpr, BinaryOp, VectorMatching } from "../ast.ts";
import { PromQLExecutionError } from "../errors.ts";
import { formatLabels, keepOnly, keyOn, keyWithout, labelsKey } from "./labels.ts";
import type { Value, VecSample, Vector } from "./values.ts";

const COMPARISON = new Set<BinaryOp>(["==", "!=", ">", "<", ">=", "<="]);

export function isComparison(op: BinaryOp): boolean {
  return COMPARISON.has(op);
}

/** Arithmetic/comparison on two floats (scalarBinop / vectorElemBinop); comparisons return 1/0. */
export function arith(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case "+":
      return l + r;
    case "-":
      return l - r;
    case "*":
      return l * r;
    case "/":
      return l / r;
    case "%":
      return goMod(l, r);
    case "^":
      return goPow(l, r);
    case "atan2":
      return Math.atan2(l, r);
    case "==":
      return l === r ? 1 : 0;
    case "!=":
      return l !== r ? 1 : 0;
    case ">":
      return l > r ? 1 : 0;
    case "<":
      return l < r ? 1 : 0;
    case ">=":
      return l >= r ? 1 : 0;
    case "<=":
      return l <= r ? 1 : 0;
    default:
      throw new PromQLExecutionError(`operator "${op}" not allowed for scalar operations`);
  }
}

/** Go's math.Mod: result has the sign of l; Inf/NaN rules match JS's % except for finite l, infinite r. */
function goMod(l: number, r: number): number {
  return l % r;
}

/** Go's math.Pow differs from JS's ** for pow(±1, ±Inf) and pow(1, NaN) (Go returns 1). */
function goPow(l: number, r: number): number {
  if (l === 1 || r === 0) return 1;
  if (l === -1 && !Number.isFinite(r) && !Number.isNaN(r)) return 1;
  return l ** r;
}

function sigFn(m: VectorMatching): (l: Labels) => string {
  return m.on ? (l) => keyOn(l, m.labels) : (l) => keyWithout(l, m.labels);
}

const DEFAULT_MATCHING: VectorMatching = { card: "one-to-one", on: false, labels: [], include: [] };

function setOp(op: "and" | "or" | "unless", lhs: Vector, rhs: Vector, m: VectorMatching): Vector {
  const sig = sigFn(m);
  if (op === "and") {
    if (lhs.length === 0 || rhs.length === 0) return [];
    const right = new Set(rhs.map((s) => sig(s.labels)));
    return lhs.filter((s) => right.has(sig(s.labels)));
  }
  if (op === "or") {
    if (lhs.length === 0) return rhs;
    if (rhs.length === 0) return lhs;
    const left = new Set(lhs.map((s) => sig(s.labels)));
    return [...lhs, ...rhs.filter((s) => !left.has(sig(s.labels)))];
  }
  if (lhs.length === 0 || rhs.length === 0) return lhs;
  const right = new Set(rhs.map((s) => sig(s.labels)));
  return lhs.filter((s) => !right.has(sig(s.labels)));
}

/** Result label sets per (node, lhs labels, rhs labels): the same objects recur at every step. */
const resultCache = new WeakMap<BinaryExpr, WeakMap<Labels, WeakMap<Labels, Labels>>>();

function cachedResultLabels(e: BinaryExpr, l: Labels, r: Labels, m: VectorMatching): Labels {
  let byLeft = resultCache.get(e);
  if (!byLeft) {
    byLeft = new WeakMap();
    resultCache.set(e, byLeft);
  }
  let byRight = byLeft.get(l);
  if (!byRight) {
    byRight = new WeakMap();
    byLeft.set(l, byRight);
  }
  let out = byRight.get(r);
  if (!out) {
    out = resultLabels(l, r, e.op, m);
    byRight.set(r, out);
  }
  return out;
}

function resultLabels(l: Labels, r: Labels, op: BinaryOp, m: VectorMatching): Labels {
  let out: Record<string, string> = { ...l };
  if (!isComparison(op)) delete out.__name__;
  if (m.card === "one-to-one") {
    if (m.on) out = { ...keepOnly(out, m.labels) };
    else for (const n of m.labels) delete out[n];
  }
  for (const n of m.include) {
    const v = r[n];
    if (v !== undefined && v !== "") out[n] = v;
    else delete out[n];
  }
  return out;
}

/**
 * The outcome of matching one binary operator's sides: which right-hand element each left-hand
 * element pairs with and the result's labels. It depends on the label sets alone, so while both
 * sides hold the same label sets in the same order (the same series, evaluation after evaluation
 * of a rule, step after step of a range query) it is reused and only the values are computed.
 */
interface MatchPlan {
  lhs: Labels[];
  rhs: Labels[];
  /** Per left-hand element, the index of its right-hand match or -1. */
  pair: Int32Array;
  labels: (Labels | undefined)[];
}

const matchPlans = new WeakMap<BinaryExpr, MatchPlan>();

function sameLabels(v: Vector, ls: readonly Labels[]): boolean {
  if (v.length !== ls.length) return false;
  for (let i = 0; i < v.length; i++) if ((v[i] as VecSample).labels !== ls[i]) return false;
  return true;
}

function vectorVector(e: BinaryExpr, lhsIn: Vector, rhsIn: Vector): Vector {
  const m = e.matching ?? DEFAULT_MATCHING;
  if (lhsIn.length === 0 || rhsIn.length === 0) return [];
  const swap = m.card === "one-to-many";
  const [lhs, rhs] = swap ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const plan = matchPlans.get(e);
  const p = plan !== undefined && sameLabels(lhs, plan.lhs) && sameLabels(rhs, plan.rhs) ? plan : planMatch(e, m, lhs, rhs, swap);
  const cmp = isComparison(e.op);
  const out: Vector = [];
  for (let i = 0; i < lhs.length; i++) {
    const j = p.pair[i] as number;
    if (j < 0) continue;
    const ls = lhs[i] as VecSample;
    const rs = rhs[j] as VecSample;
    // No destructuring here or below: per element it allocates arrays and iterator results.
    const fl = swap ? rs.v : ls.v;
    const fr = swap ? ls.v : rs.v;
    let v = arith(e.op, fl, fr);
    const keep = cmp ? v === 1 : true;
    if (cmp) v = e.returnBool ? v : fl;
    if (!keep && !e.returnBool) continue;
    out.push({ labels: p.labels[i] as Labels, v, t: ls.t, dropName: e.returnBool });
  }
  return out;
}

/** Matches both sides by their signatures (throwing Prometheus's matching errors) and keeps the plan. */
function planMatch(e: BinaryExpr, m: VectorMatching, lhs: Vector, rhs: Vector, swap: boolean): MatchPlan {
  const sig = sigFn(m);
  const right = new Map<string, number>();
  for (let j = 0; j < rhs.length; j++) {
    const rs = rhs[j] as VecSample;
    const s = sig(rs.labels);
    const dupAt = right.get(s);
    if (dupAt !== undefined) {
      const dup = rhs[dupAt] as VecSample;
      const side = swap ? "left" : "right";
      const group = m.on ? keepOnly(rs.labels, m.labels) : keyWithoutLabels(rs.labels, m.labels);
      let [a, b] = [formatLabels(rs.labels), formatLabels(dup.labels)];
      if (a > b) [a, b] = [b, a];
      throw new PromQLExecutionError(
        `found duplicate series for the match group ${formatLabels(group)} on the ${side} hand-side of the operation: [${a}, ${b}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    right.set(s, j);
  }
  const matchedOne = new Set<string>();
  const matchedMany = new Map<string, Set<string>>();
  const pair = new Int32Array(lhs.length).fill(-1);
  const labels: (Labels | undefined)[] = new Array(lhs.length);
  for (let i = 0; i < lhs.length; i++) {
    const ls = lhs[i] as VecSample;
    const s = sig(ls.labels);
    const j = right.get(s);
    if (j === undefined) continue;
    const rs = rhs[j] as VecSample;
    const out = cachedResultLabels(e, ls.labels, rs.labels, m);
    if (m.card === "one-to-one") {
      if (matchedOne.has(s)) throw new PromQLExecutionError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      matchedOne.add(s);
    } else {
      const ins = labelsKey(out);
      let seen = matchedMany.get(s);
      if (!seen) {
        seen = new Set();
        matchedMany.set(s, seen);
      }
      if (seen.has(ins)) throw new PromQLExecutionError("multiple matches for labels: grouping labels must ensure unique matches");
      seen.add(ins);
    }
    pair[i] = j;
    labels[i] = out;
  }
  const plan: MatchPlan = { lhs: lhs.map((s) => s.labels), rhs: rhs.map((s) => s.labels), pair, labels };
  matchPlans.set(e, plan);
  return plan;
}

function keyWithoutLabels(l: Labels, names: string[]): Labels {
  const skip = new Set([...names, "__name__"]);
  return Object.fromEntries(Object.entries(l).filter(([n]) => !skip.has(n)));
}

function vectorScalar(e: BinaryExpr, vec: Vector, scalar: number, swap: boolean): Vector {
  const out: Vector = [];
  const cmp = isComparison(e.op);
  for (let i = 0; i < vec.length; i++) {
    const s = vec[i] as VecSample;
    const l = swap ? scalar : s.v;
    const r = swap ? s.v : scalar;
    let v = arith(e.op, l, r);
    let keep = true;
    if (cmp) {
      keep = v === 1;
      v = swap ? r : l;
      if (e.returnBool) {
        v = keep ? 1 : 0;
        keep = true;
      }
    }
    if (!keep) continue;
    out.push({ labels: s.labels, v, t: s.t, dropName: s.dropName || !cmp || e.returnBool });
  }
  return out;
}

/** Evaluates a binary expression given both operands' values. */
export function evalBinary(e: BinaryExpr, l: Value, r: Value): Value {
  if (l.type === "scalar" && r.type === "scalar") {
    return { type: "scalar", v: arith(e.op, l.v, r.v) };
  }
  if (l.type === "vector" && r.type === "vector") {
    if (e.op === "and" || e.op === "or" || e.op === "unless") {
      return { type: "vector", samples: setOp(e.op, l.samples, r.samples, e.matching ?? DEFAULT_MATCHING) };
    }
    return { type: "vector", samples: vectorVector(e, l.samples, r.samples) };
  }
  if (l.type === "vector" && r.type === "scalar") return { type: "vector", samples: vectorScalar(e, l.samples, r.v, false) };
  if (l.type === "scalar" && r.type === "vector") return { type: "vector", samples: vectorScalar(e, r.samples, l.v, true) };
  throw new PromQLExecutionError(`binary operator "${e.op}" between ${l.type} and ${r.type}`);
}

/**
 * Per operator node, its last operands and result. An instant query's operands are the same arrays
 * when its selectors' values were kept (instant-selectors.ts): a rule evaluated again before the
 * next collection gets its last result back. Values are never changed once made.
 */
const keptResults = new WeakMap<BinaryExpr, { l: unknown; r: unknown; out: Value }>();

function identity(v: Value): unknown {
  return v.type === "vector" ? v.samples : v.type === "matrix" ? v.series : v.v;
}

/** evalBinary for instant queries: the last result again when both operands are the same values. */
export function evalBinaryKept(e: BinaryExpr, l: Value, r: Value): Value {
  const li = identity(l);
  const ri = identity(r);
  const k = keptResults.get(e);
  if (k !== undefined && k.l === li && k.r === ri && k.out.type !== "scalar") return k.out;
  const out = evalBinary(e, l, r);
  keptResults.set(e, { l: li, r: ri, out });
  return out;
}
