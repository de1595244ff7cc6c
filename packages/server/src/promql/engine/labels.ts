// Label-set helpers: identity keys, matching signatures, name removal.
import type { Labels } from "../../tsdb/types.ts";

const SEP = "\u0000";

/** A stable identity string for a label set (sorted names). */
export function labelsKey(l: Labels): string {
  const names = Object.keys(l).sort();
  let out = "";
  for (const n of names) out += `${n}${SEP}${l[n]}${SEP}`;
  return out;
}

/** Key over only `names` (on(...)/by(...)). */
export function keyOn(l: Labels, names: readonly string[]): string {
  let out = "";
  for (const n of [...names].sort()) out += `${n}${SEP}${l[n] ?? ""}${SEP}`;
  return out;
}

/** Key over all labels except `names` and __name__ (ignoring(...)/without(...)). */
export function keyWithout(l: Labels, names: readonly string[]): string {
  const skip = new Set(names);
  skip.add("__name__");
  let out = "";
  for (const n of Object.keys(l).sort()) if (!skip.has(n)) out += `${n}${SEP}${l[n]}${SEP}`;
  return out;
}

export function dropName(l: Labels): Labels {
  if (!("__name__" in l)) return l;
  const { __name__: _, ...rest } = l;
  return rest;
}

export function keepOnly(l: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = l[n];
    if (v !== undefined && v !== "") out[n] = v;
  }
  return out;
}

export function without(l: Labels, names: readonly string[]): Labels {
  const skip = new Set(names);
  skip.add("__name__");
  const out: Record<string, string> = {};
  for (const [n, v] of Object.entries(l)) if (!skip.has(n)) out[n] = v;
  return out;
}

/** Prometheus's labels.String(): {__name__="x", a="b"} → x{a="b"}. */
export function formatLabels(l: Labels): string {
  const parts = Object.keys(l)
    .sort()
    .map((n) => `${n}=${JSON.stringify(l[n])}`);
  return `{${parts.join(", ")}}`;
}

/** Orders label sets as Prometheus's labels.Compare does (by sorted name/value pairs). */
export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort();
  const bn = Object.keys(b).sort();
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
