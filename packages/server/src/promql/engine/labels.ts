// Label-set helpers: identity keys, matching signatures, name removal.
import type { Labels } from "../../tsdb/types.ts";
import { compareLabelSets } from "../../tsdb/labels.ts";

const SEP = "\u0000";

// Label sets are immutable once built, and the same objects recur at every step of a range
// query, so keys are memoized by object identity.
const keyCache = new WeakMap<Labels, string>();
const onCache = new WeakMap<readonly string[], WeakMap<Labels, string>>();
const withoutCache = new WeakMap<readonly string[], WeakMap<Labels, string>>();

function cacheFor(outer: WeakMap<readonly string[], WeakMap<Labels, string>>, names: readonly string[]): WeakMap<Labels, string> {
  let inner = outer.get(names);
  if (!inner) {
    inner = new WeakMap();
    outer.set(names, inner);
  }
  return inner;
}

/** A stable identity string for a label set (sorted names). */
export function labelsKey(l: Labels): string {
  let out = keyCache.get(l);
  if (out !== undefined) return out;
  out = "";
  for (const n of Object.keys(l).sort()) out += `${n}${SEP}${l[n]}${SEP}`;
  keyCache.set(l, out);
  return out;
}

/** Key over only `names` (on(...)/by(...)); `names` should be a long-lived array (an AST field). */
export function keyOn(l: Labels, names: readonly string[]): string {
  const cache = cacheFor(onCache, names);
  let out = cache.get(l);
  if (out !== undefined) return out;
  out = "";
  for (const n of [...names].sort()) out += `${n}${SEP}${l[n] ?? ""}${SEP}`;
  cache.set(l, out);
  return out;
}

/** Key over all labels except `names` and __name__ (ignoring(...)/without(...)). */
export function keyWithout(l: Labels, names: readonly string[]): string {
  const cache = cacheFor(withoutCache, names);
  let out = cache.get(l);
  if (out !== undefined) return out;
  const skip = new Set(names);
  skip.add("__name__");
  out = "";
  for (const n of Object.keys(l).sort()) if (!skip.has(n)) out += `${n}${SEP}${l[n]}${SEP}`;
  cache.set(l, out);
  return out;
}

const dropNameCache = new WeakMap<Labels, Labels>();

export function dropName(l: Labels): Labels {
  if (!("__name__" in l)) return l;
  let out = dropNameCache.get(l);
  if (!out) {
    const { __name__: _, ...rest } = l;
    out = rest;
    dropNameCache.set(l, out);
  }
  return out;
}

/** A label set without one label, memoized by identity (histogram_quantile's "without le"). */
const withoutOneCache = new Map<string, WeakMap<Labels, Labels>>();

export function withoutLabel(l: Labels, name: string): Labels {
  let cache = withoutOneCache.get(name);
  if (!cache) {
    cache = new WeakMap();
    withoutOneCache.set(name, cache);
  }
  let out = cache.get(l);
  if (!out) {
    const { [name]: _, ...rest } = l;
    out = rest;
    cache.set(l, out);
  }
  return out;
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
export const compareLabels = compareLabelSets;
