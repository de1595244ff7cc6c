// Label-set helpers for rule evaluation: canonical identity keys, sorted copies.
import type { Labels } from "../tsdb/types.ts";

const keys = new WeakMap<Labels, string>();

/**
 * A stable identity for a label set (sorted name=value pairs, unambiguous separators); memoised
 * per label-set object (label sets are never modified once made).
 */
export function labelsKey(l: Labels): string {
  let k = keys.get(l);
  if (k === undefined) {
    k = Object.keys(l)
      .sort()
      .map((n) => `${n}\u0000${l[n]}`)
      .join("\u0001");
    keys.set(l, k);
  }
  return k;
}

export function sortedLabels(l: Record<string, string>): Labels {
  const out: Record<string, string> = {};
  for (const k of Object.keys(l).sort()) out[k] = l[k]!;
  return out;
}

/** Prometheus's text form: {a="b", c="d"} (with alertname etc. as given). */
export function formatLabels(l: Labels): string {
  return `{${Object.keys(l)
    .sort()
    .map((k) => `${k}=${JSON.stringify(l[k])}`)
    .join(", ")}}`;
}
