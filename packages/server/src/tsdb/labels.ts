// Canonical identity of a label set: names sorted, empty values dropped (an empty value is the
// same as an absent label in Prometheus), encoded with length prefixes so that any bytes in a
// value can never make two different label sets share a key.
import type { Labels } from "./types.ts";

export function canonicalLabels(labels: Labels): Labels {
  const names = Object.keys(labels).sort();
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = labels[n]!;
    if (v !== "") out[n] = v;
  }
  return out;
}

/** The key of an already canonical label set. */
export function labelsKey(labels: Labels): string {
  let key = "";
  for (const n in labels) {
    const v = labels[n]!;
    key += `${n.length}:${n}${v.length}:${v}`;
  }
  return key;
}

/** The labels of one collected sample: __name__ plus its labels. */
export function sampleLabels(name: string, labels: Readonly<Record<string, string>>): Labels {
  return canonicalLabels({ ...labels, __name__: name });
}
