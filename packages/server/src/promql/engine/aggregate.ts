// Aggregation operators with by/without. Ports promql/engine.go aggregation() and
// aggregationK() (topk, bottomk, limitk) and aggregationCountValues(); quantile from quantile.go.
import type { Labels } from "../../tsdb/types.ts";
import type { Aggregation } from "../ast.ts";
import { PromQLExecutionError } from "../errors.ts";
import { formatFloat } from "../format-float.ts";
import { quantile } from "../functions/quantile.ts";
import { STREAMED, streamAggregate } from "./aggregate-stream.ts";
import { selectK } from "./go-heap.ts";
import { keepOnly, labelsKey, without } from "./labels.ts";
import type { Value, VecSample, Vector } from "./values.ts";

interface Group {
  labels: Labels;
  members: VecSample[];
}

/** Output labels of each input label set, per aggregation node (same objects recur every step). */
const groupLabelsCache = new WeakMap<Aggregation, WeakMap<Labels, Labels>>();

export function groupLabels(e: Aggregation, l: Labels, extraDrop?: string): Labels {
  let cache = groupLabelsCache.get(e);
  if (!cache) {
    cache = new WeakMap();
    groupLabelsCache.set(e, cache);
  }
  let labels = cache.get(l);
  if (labels) return labels;
  labels = e.without ? without(l, e.grouping) : keepOnly(l, e.grouping);
  if (extraDrop !== undefined && extraDrop in labels) {
    const { [extraDrop]: _, ...rest } = labels;
    labels = rest;
  }
  cache.set(l, labels);
  return labels;
}

const NO_LABELS: Labels = Object.freeze({});

function groupBy(e: Aggregation, vec: Vector, extraDrop?: string): Map<string, Group> {
  const groups = new Map<string, Group>();
  // topk(5, x), quantile(0.9, x): one group of everything, no label work per sample.
  if (!e.without && e.grouping.length === 0 && extraDrop === undefined) {
    if (vec.length > 0) groups.set("", { labels: NO_LABELS, members: vec.slice() });
    return groups;
  }
  for (const s of vec) {
    const labels = groupLabels(e, s.labels, extraDrop);
    const k = labelsKey(labels);
    let g = groups.get(k);
    if (!g) {
      g = { labels, members: [] };
      groups.set(k, g);
    }
    g.members.push(s);
  }
  return groups;
}

/** Kahan-Babuška-Neumaier summation, as Prometheus's kahanSumInc. */
export function kahanSum(values: Iterable<number>): number {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const t = sum + v;
    if (!Number.isFinite(t)) {
      sum = t;
      c = 0;
      continue;
    }
    if (Math.abs(sum) >= Math.abs(v)) c += sum - t + v;
    else c += v - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + c : sum;
}

function variance(values: number[]): number {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    count++;
    const delta = v - mean;
    mean += delta / count;
    m2 += delta * (v - mean);
  }
  return m2 / count;
}

/** Direct mean with Kahan summation; incremental mean once the running sum would overflow (engine.go aggregation, AVG). */
export function average(values: number[]): number {
  if (values.some((v) => !Number.isFinite(v))) {
    return values.reduce((a, b) => a + b, 0) / values.length;
  }
  const sum = kahanSum(values);
  if (Number.isFinite(sum)) return sum / values.length;
  let mean = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    const y = x / (i + 1) - mean / (i + 1) - c;
    const t = mean + y;
    c = t - mean - y;
    mean = t;
  }
  return mean;
}

/** The aggregations that need every value of a group (the others are streamed, aggregate-stream.ts). */
function simple(op: Aggregation["op"], vals: number[], param: number): number {
  switch (op) {
    case "stdvar":
      return variance(vals);
    case "stddev":
      return Math.sqrt(variance(vals));
    case "quantile":
      return quantile(param, vals);
    default:
      throw new PromQLExecutionError(`aggregation ${op} is not simple`);
  }
}

function kParam(op: string, p: Value | undefined): number {
  if (p?.type !== "scalar") throw new PromQLExecutionError(`${op} needs a scalar parameter`);
  if (Number.isNaN(p.v)) throw new PromQLExecutionError(op === "limit_ratio" ? "Ratio value is NaN" : "Parameter value is NaN");
  return p.v;
}

/** `keep`: only the groups whose value passes are wanted; honoured by the streamed operators only (see FnCall.keep). */
export function evalAggregation(e: Aggregation, input: Value, param: Value | undefined, t: number, keep?: (v: number) => boolean): Value {
  if (input.type !== "vector") throw new PromQLExecutionError("aggregation over a non-vector");
  const vec = input.samples;
  const out: Vector = [];
  switch (e.op) {
    case "topk":
    case "bottomk":
    case "limitk": {
      const kf = kParam(e.op, param);
      if (Math.abs(kf) >= 2 ** 53) throw new PromQLExecutionError(`Scalar value ${kf} overflows int64`);
      const k = Math.trunc(kf);
      if (k < 1) return { type: "vector", samples: [] };
      for (const g of groupBy(e, vec).values()) {
        const members = e.op === "limitk" ? g.members.slice(0, k) : selectK(g.members, k, e.op === "topk");
        for (const s of members) out.push({ ...s, t });
      }
      return { type: "vector", samples: out };
    }
    case "limit_ratio":
      kParam(e.op, param);
      throw new PromQLExecutionError("limit_ratio is not supported by zoosight");
    case "count_values": {
      if (param?.type !== "string") throw new PromQLExecutionError("count_values needs a string parameter");
      const label = param.v;
      if (!/^[\s\S]+$/.test(label) || !isValidLabelName(label)) throw new PromQLExecutionError(`invalid label name "${label}"`);
      for (const g of groupBy(e, vec, label).values()) {
        const counts = new Map<string, number>();
        for (const s of g.members) {
          const v = formatFloat(s.v);
          counts.set(v, (counts.get(v) ?? 0) + 1);
        }
        for (const [v, n] of counts) out.push({ labels: { ...g.labels, [label]: v }, v: n, t, dropName: false });
      }
      return { type: "vector", samples: out };
    }
    default: {
      if (STREAMED.has(e.op)) return { type: "vector", samples: streamAggregate(e, vec, t, (l) => groupLabels(e, l), keep) };
      let p = 0;
      if (e.op === "quantile") {
        if (param?.type !== "scalar") throw new PromQLExecutionError("quantile needs a scalar parameter");
        p = param.v;
      }
      for (const g of groupBy(e, vec).values()) {
        const v = simple(e.op, g.members.map((s) => s.v), p);
        out.push({ labels: g.labels, v, t, dropName: false });
      }
      return { type: "vector", samples: out };
    }
  }
}

function isValidLabelName(n: string): boolean {
  return n.length > 0 && Buffer.from(n, "utf8").toString("utf8") === n && !n.includes("\uFFFD");
}
