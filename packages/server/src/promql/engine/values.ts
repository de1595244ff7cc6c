// Runtime values of the evaluator (one evaluation timestamp at a time).
import type { ColumnsOrigin, Labels, Sample } from "../../tsdb/types.ts";

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
  /** The window's samples, stale markers removed. */
  points: Sample[];
  dropName: boolean;
  /** The same window as columns t[from, to) / v[from, to), when the store gave columns (read only). */
  columns?: WindowColumns;
}

export interface WindowColumns {
  t: Float64Array;
  v: Float64Array;
  from: number;
  to: number;
  /** The store's storage the columns are part of, when it only grows (tsdb ColumnsOrigin). */
  origin?: ColumnsOrigin | undefined;
  /** Derived by functions and kept with the window (shared by the rules reading it between two collections). */
  increase?: number | undefined;
  /** predict_linear's [slope, intercept at the last sample, its time]. */
  regression?: readonly [number, number, number] | undefined;
}

/** A window held as columns; `points` is built only when a function without a column form reads it. */
export class ColumnRange implements RangeSeries {
  readonly labels: Labels;
  readonly columns: WindowColumns;
  dropName = false;
  #points: Sample[] | undefined;

  constructor(labels: Labels, columns: WindowColumns) {
    this.labels = labels;
    this.columns = columns;
  }

  get points(): Sample[] {
    if (this.#points === undefined) {
      const { t, v, from, to } = this.columns;
      const out: Sample[] = new Array(to - from);
      for (let i = from; i < to; i++) out[i - from] = { t: t[i] as number, v: v[i] as number };
      this.#points = out;
    }
    return this.#points;
  }
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
