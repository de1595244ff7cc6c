// sum, avg, count, group, min and max folded sample by sample into one accumulator per group,
// without collecting the group's members (the common dashboard aggregations over many series).
// Same arithmetic as aggregate.ts (kahanSumInc from promql/engine.go, incremental mean on overflow).
import type { Labels } from "../../tsdb/types.ts";
import type { Aggregation } from "../ast.ts";
import { labelsKey } from "./labels.ts";
import type { Vector } from "./values.ts";

export const STREAMED = new Set<Aggregation["op"]>(["sum", "avg", "count", "group", "min", "max"]);

interface Acc {
  labels: Labels;
  n: number;
  sum: number;
  c: number;
  plain: number;
  nonFinite: boolean;
  mean: number;
  meanC: number;
  v: number;
}

export function streamAggregate(e: Aggregation, vec: Vector, t: number, groupLabels: (l: Labels) => Labels): Vector {
  const accs = new Map<string, Acc>();
  const op = e.op;
  for (const s of vec) {
    const labels = groupLabels(s.labels);
    const k = labelsKey(labels);
    let a = accs.get(k);
    const x = s.v;
    if (!a) {
      a = { labels, n: 0, sum: 0, c: 0, plain: 0, nonFinite: false, mean: 0, meanC: 0, v: x };
      accs.set(k, a);
    } else if (op === "min") {
      if (a.v > x || Number.isNaN(a.v)) a.v = x;
    } else if (op === "max") {
      if (a.v < x || Number.isNaN(a.v)) a.v = x;
    }
    a.n++;
    if (op !== "sum" && op !== "avg") continue;
    const sum = a.sum + x;
    if (!Number.isFinite(sum)) a.c = 0;
    else if (Math.abs(a.sum) >= Math.abs(x)) a.c += a.sum - sum + x;
    else a.c += x - sum + a.sum;
    a.sum = sum;
    if (op === "avg") {
      a.plain += x;
      if (!Number.isFinite(x)) a.nonFinite = true;
      const y = x / a.n - a.mean / a.n - a.meanC;
      const m = a.mean + y;
      a.meanC = m - a.mean - y;
      a.mean = m;
    }
  }
  const out: Vector = [];
  for (const a of accs.values()) {
    let v: number;
    switch (op) {
      case "sum":
        v = Number.isFinite(a.sum) ? a.sum + a.c : a.sum;
        break;
      case "avg":
        if (a.nonFinite) v = a.plain / a.n;
        else v = Number.isFinite(a.sum) ? (a.sum + a.c) / a.n : a.mean;
        break;
      case "count":
        v = a.n;
        break;
      case "group":
        v = 1;
        break;
      default:
        v = a.v;
    }
    out.push({ labels: a.labels, v, t, dropName: false });
  }
  return out;
}
