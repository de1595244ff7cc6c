/** One sample, typed, ready for an exporter or a time-series store. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Metric family metadata, keyed by family name. */
export interface FamilyMeta {
  type: "gauge" | "counter" | "summary" | "untyped";
  help: string;
}

/**
 * The seam to a time-series store: called once per server per collection cycle with that
 * server's samples, and once per ensemble with the derived health samples (server = "").
 */
export interface Appender {
  append(batch: { ensemble: string; server: string; timestampMs: number; samples: Sample[] }): void;
}
