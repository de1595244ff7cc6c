// Runtime values of the evaluator (one evaluation timestamp at a time).
import type { Labels, Sample } from "../../tsdb/types.ts";

/** One element of an instant vector. `t` is the underlying sample's timestamp (for timestamp()). */
export interface VecSample {
  labels: Labels;
  v: number;
  t: number;
  /** Delayed __name__ removal (Prometheus's Sample.DropName): the name is dropped at the end. */
  dropName: boolean;
}

export interface RangeSeries {
  labels: Labels;
  points: Sample[];
  dropName: boolean;
}

export type Value =
  | { type: "scalar"; v: number }
  | { type: "string"; v: string }
  | { type: "vector"; samples: VecSample[] }
  /** `start`/`end`: the selected window (start exclusive), as rate() needs for extrapolation. */
  | { type: "matrix"; series: RangeSeries[]; start: number; end: number };

export type Vector = VecSample[];

export function vectorOf(samples: VecSample[]): Value {
  return { type: "vector", samples };
}

export function scalarOf(v: number): Value {
  return { type: "scalar", v };
}
