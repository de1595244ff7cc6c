// sum, avg, count, group, min and max folded sample by sample into one accumulator per group,
// without collecting the group's members (the common dashboard aggregations over many series).
// Same arithmetic as aggregate.ts (kahanSumInc from promql/engine.go, incremental mean on overflow).
import type { Labels } from "../../tsdb/types.ts";
import type { Aggregation } from "../ast.ts";
import { labelsKey } from "./labels.ts";
import type { VecSample, Vector } from "./values.ts";

export const STREAMED = new Set<Aggregation["op"]>(["sum", "avg", "count", "group", "min", "max"]);

/**
 * Per aggregation node: group ids by group key, and the group id of each input position as last
 * seen. The same series arrive at the same positions step after step, so a group is usually found
 * by one identity comparison instead of a label-set key lookup.
 */
interface GroupTable {
  ids: Map<string, number>;
  labels: Labels[];
  posLabels: (Labels | undefined)[];
  posGid: number[];
  /** Per group: the call that last touched it (accumulators are reset on first touch). */
  stamp: number[];
  n: number[];
  sum: number[];
  c: number[];
  plain: number[];
  nonFinite: boolean[];
  mean: number[];
  meanC: number[];
  v: number[];
  calls: number;
}

/** Tables are dropped when a node has seen this many distinct groups (a long-lived rule over churning series). */
const MAX_GROUPS = 100_000;
const tables = new WeakMap<Aggregation, GroupTable>();

function tableFor(e: Aggregation): GroupTable {
  let tb = tables.get(e);
  if (!tb || tb.labels.length > MAX_GROUPS) {
    tb = { ids: new Map(), labels: [], posLabels: [], posGid: [], stamp: [], n: [], sum: [], c: [], plain: [], nonFinite: [], mean: [], meanC: [], v: [], calls: 0 };
    tables.set(e, tb);
  }
  return tb;
}

/** The group id of the input at position `i` with labels `l`. */
function groupOf(tb: GroupTable, i: number, l: Labels, groupLabels: (l: Labels) => Labels): number {
  if (tb.posLabels[i] === l) return tb.posGid[i] as number;
  const labels = groupLabels(l);
  const k = labelsKey(labels);
  let id = tb.ids.get(k);
  if (id === undefined) {
    id = tb.labels.length;
    tb.ids.set(k, id);
    tb.labels.push(labels);
    tb.stamp.push(0);
    tb.n.push(0);
    tb.sum.push(0);
    tb.c.push(0);
    tb.plain.push(0);
    tb.nonFinite.push(false);
    tb.mean.push(0);
    tb.meanC.push(0);
    tb.v.push(0);
  }
  tb.posLabels[i] = l;
  tb.posGid[i] = id;
  return id;
}

/** Folds value x into group g (first touch in this call resets the group). */
function add(tb: GroupTable, op: Aggregation["op"], call: number, touched: number[], g: number, x: number): void {
  const { stamp, n, sum, c, mean, meanC, v } = tb;
  if (stamp[g] !== call) {
    stamp[g] = call;
    touched.push(g);
    n[g] = 0;
    sum[g] = 0;
    c[g] = 0;
    tb.plain[g] = 0;
    tb.nonFinite[g] = false;
    mean[g] = 0;
    meanC[g] = 0;
    v[g] = x;
  } else if (op === "min") {
    const a = v[g] as number;
    if (a > x || Number.isNaN(a)) v[g] = x;
  } else if (op === "max") {
    const a = v[g] as number;
    if (a < x || Number.isNaN(a)) v[g] = x;
  }
  const cnt = (n[g] as number) + 1;
  n[g] = cnt;
  if (op !== "sum" && op !== "avg") return;
  // kahanSumInc (engine.go).
  const prev = sum[g] as number;
  const next = prev + x;
  if (!Number.isFinite(next)) c[g] = 0;
  else if (Math.abs(prev) >= Math.abs(x)) c[g] = (c[g] as number) + (prev - next + x);
  else c[g] = (c[g] as number) + (x - next + prev);
  sum[g] = next;
  if (op === "avg") {
    tb.plain[g] = (tb.plain[g] as number) + x;
    if (!Number.isFinite(x)) tb.nonFinite[g] = true;
    const m0 = mean[g] as number;
    const y = x / cnt - m0 / cnt - (meanC[g] as number);
    const m = m0 + y;
    meanC[g] = m - m0 - y;
    mean[g] = m;
  }
}

/** `keep`: only the groups whose result passes are wanted (see FnCall.keep). */
function finish(tb: GroupTable, op: Aggregation["op"], touched: number[], t: number, keep?: (v: number) => boolean): Vector {
  const { n, sum, c, v } = tb;
  const out: Vector = [];
  for (let i = 0; i < touched.length; i++) {
    const g = touched[i] as number;
    let r: number;
    const total = sum[g] as number;
    switch (op) {
      case "sum":
        r = Number.isFinite(total) ? total + (c[g] as number) : total;
        break;
      case "avg":
        if (tb.nonFinite[g]) r = (tb.plain[g] as number) / (n[g] as number);
        else r = Number.isFinite(total) ? (total + (c[g] as number)) / (n[g] as number) : (tb.mean[g] as number);
        break;
      case "count":
        r = n[g] as number;
        break;
      case "group":
        r = 1;
        break;
      default:
        r = v[g] as number;
    }
    if (keep === undefined || keep(r)) out.push({ labels: tb.labels[g] as Labels, v: r, t, dropName: false });
  }
  return out;
}

export function streamAggregate(e: Aggregation, vec: Vector, t: number, groupLabels: (l: Labels) => Labels, keep?: (v: number) => boolean): Vector {
  const tb = tableFor(e);
  const call = ++tb.calls;
  const touched: number[] = [];
  for (let i = 0; i < vec.length; i++) {
    const s = vec[i] as VecSample;
    add(tb, e.op, call, touched, groupOf(tb, i, s.labels, groupLabels), s.v);
  }
  return finish(tb, e.op, touched, t, keep);
}

/**
 * The same over one step of column-stored input (range-functions.ts): series si is present when
 * has[base + si] is 1, with value vals[base + si]; no input vector is built.
 */
export function streamAggregateColumns(
  e: Aggregation,
  labels: readonly Labels[],
  vals: Float64Array,
  has: Uint8Array,
  base: number,
  t: number,
  groupLabels: (l: Labels) => Labels,
): Vector {
  const tb = tableFor(e);
  const call = ++tb.calls;
  const touched: number[] = [];
  for (let si = 0; si < labels.length; si++) {
    if (has[base + si] !== 1) continue;
    add(tb, e.op, call, touched, groupOf(tb, si, labels[si] as Labels, groupLabels), vals[base + si] as number);
  }
  return finish(tb, e.op, touched, t);
}
