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

/** Sorted label names per label set (series' label sets are long-lived and compared again and again). */
const sortedNamesCache = new WeakMap<Labels, string[]>();

function sortedNames(l: Labels): string[] {
  let names = sortedNamesCache.get(l);
  if (!names) {
    names = Object.keys(l).sort();
    sortedNamesCache.set(l, names);
  }
  return names;
}

/** Orders label sets as Prometheus's labels.Compare does (by sorted name/value pairs). */
export function compareLabelSets(a: Labels, b: Labels): number {
  if (a === b) return 0;
  const an = sortedNames(a);
  const bn = sortedNames(b);
  const n = Math.min(an.length, bn.length);
  for (let i = 0; i < n; i++) {
    const x = an[i] as string;
    const y = bn[i] as string;
    if (x !== y) return x < y ? -1 : 1;
    const xv = a[x] as string;
    const yv = b[y] as string;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return an.length - bn.length;
}
