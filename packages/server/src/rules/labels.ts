// Label-set helpers for rule evaluation: canonical identity keys, sorted copies.
import type { Labels } from "../tsdb/types.ts";

/** A stable identity for a label set (sorted name=value pairs, unambiguous separators). */
export function labelsKey(l: Labels): string {
  return Object.keys(l)
    .sort()
    .map((k) => `${k}\u0000${l[k]}`)
    .join("\u0001");
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
