// A selected series whose samples the store holds as columns: readers that understand columns
// (the PromQL engine's range functions) read them directly; `samples` is built on first read.
import type { Labels, Sample, SampleColumns, Series } from "./types.ts";

export class ColumnSeries implements Series {
  readonly labels: Labels;
  readonly columns: SampleColumns;
  readonly staleFree: boolean;
  #samples: Sample[] | undefined;

  constructor(labels: Labels, columns: SampleColumns) {
    this.labels = labels;
    this.columns = columns;
    this.staleFree = columns.staleFree;
  }

  get samples(): Sample[] {
    if (this.#samples === undefined) {
      const { t, v } = this.columns;
      const out: Sample[] = new Array(t.length);
      for (let i = 0; i < t.length; i++) out[i] = { t: t[i] as number, v: v[i] as number };
      this.#samples = out;
    }
    return this.#samples;
  }
}
