// The template functions Prometheus offers in rule templates (template/template.go), with its
// exact output formats, plus Go text/template's builtins. Pure functions over plain values.
import { TemplateError } from "../errors.ts";
import { goG, goPrint, goSprintf } from "./go-format.ts";

export type Value = string | number | boolean | null | undefined | readonly Value[] | { readonly [k: string]: Value };
export type TemplateFn = (...args: Value[]) => Value;

function toFloat(v: Value, fn: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const t = v.trim();
    const n = /^[+-]?inf$/i.test(t) ? (t.startsWith("-") ? -Infinity : Infinity) : Number(t);
    if (t !== "" && !Number.isNaN(n)) return n;
    if (/^nan$/i.test(t)) return Number.NaN;
  }
  throw new TemplateError(`error calling ${fn}: can't convert ${goPrint(v)} to float`);
}

function scaled(v: number, prefixes: string[], base: number): string {
  let prefix = "";
  for (const p of prefixes) {
    if (Math.abs(v) < base) break;
    prefix = p;
    v /= base;
  }
  return `${goG(v, 4)}${prefix}`;
}

function small(v: number, unit: string): string {
  let prefix = "";
  for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goG(v, 4)}${prefix}${unit}`;
}

export function humanize(x: Value): string {
  const v = toFloat(x, "humanize");
  if (v === 0 || !Number.isFinite(v)) return goG(v, 4);
  if (Math.abs(v) >= 1) return scaled(v, ["k", "M", "G", "T", "P", "E", "Z", "Y"], 1000);
  return small(v, "");
}

export function humanize1024(x: Value): string {
  const v = toFloat(x, "humanize1024");
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return goG(v, 4);
  return scaled(v, ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"], 1024);
}

export function humanizeDuration(x: Value): string {
  let v = toFloat(x, "humanizeDuration");
  if (!Number.isFinite(v)) return goG(v, 4);
  if (v === 0) return `${goG(v, 4)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? "-" : "";
    v = Math.abs(v);
    const whole = Math.trunc(v);
    const seconds = whole % 60;
    const minutes = Math.trunc(whole / 60) % 60;
    const hours = Math.trunc(whole / 3600) % 24;
    const days = Math.trunc(whole / 86400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${goG(v, 4)}s`;
  }
  return small(v, "s");
}

export function humanizePercentage(x: Value): string {
  return `${goG(toFloat(x, "humanizePercentage") * 100, 4)}%`;
}

/** Go's time.Time.String() of a UTC instant: "2006-01-02 15:04:05.999999999 +0000 UTC". */
export function humanizeTimestamp(x: Value): string {
  const v = toFloat(x, "humanizeTimestamp");
  if (!Number.isFinite(v)) return goG(v, 4);
  const nanos = BigInt(Math.trunc(v * 1e9));
  let secs = nanos / 1_000_000_000n;
  let frac = nanos % 1_000_000_000n;
  if (frac < 0n) {
    frac += 1_000_000_000n;
    secs -= 1n;
  }
  const iso = new Date(Number(secs) * 1000).toISOString();
  const fracText = frac === 0n ? "" : `.${frac.toString().padStart(9, "0").replace(/0+$/, "")}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fracText} +0000 UTC`;
}

export function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

function compare(fn: string, a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError(`error calling ${fn}: incompatible types for comparison`);
}

function stringArg(v: Value, fn: string): string {
  if (typeof v !== "string") throw new TemplateError(`error calling ${fn}: wrong type for value; expected string; got ${typeof v}`);
  return v;
}

/** Go's strings.Title: upper-cases the first letter of each word. */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
}

export const FUNCTIONS: Readonly<Record<string, TemplateFn>> = {
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
  printf: (format, ...args) => goSprintf(stringArg(format, "printf"), args),
  print: (...args) => args.map(goPrint).join(""),
  println: (...args) => `${args.map(goPrint).join(" ")}\n`,
  title: (s) => title(stringArg(s, "title")),
  toUpper: (s) => stringArg(s, "toUpper").toUpperCase(),
  toLower: (s) => stringArg(s, "toLower").toLowerCase(),
  match: (re, s) => new RegExp(stringArg(re, "match")).test(stringArg(s, "match")),
  reReplaceAll: (re, repl, s) =>
    stringArg(s, "reReplaceAll").replace(new RegExp(stringArg(re, "reReplaceAll"), "g"), stringArg(repl, "reReplaceAll").replace(/\$\{?(\w+)\}?/g, "$<$1>").replace(/\$<(\d+)>/g, "$$$1")),
  stripPort: (s) => {
    const t = stringArg(s, "stripPort");
    const m = /^\[(.*)\]:\d+$/.exec(t) ?? /^([^:]*):\d+$/.exec(t);
    return m ? m[1]! : t;
  },
  stripDomain: (s) => {
    const t = stringArg(s, "stripDomain");
    const m = /^([^.:]+)[^:]*(:\d+)?$/.exec(t);
    return m && !/^\d/.test(t) ? `${m[1]}${m[2] ?? ""}` : t;
  },
  eq: (a, ...bs) => bs.some((b) => compare("eq", a, b) === 0),
  ne: (a, b) => compare("ne", a, b) !== 0,
  lt: (a, b) => compare("lt", a, b) < 0,
  le: (a, b) => compare("le", a, b) <= 0,
  gt: (a, b) => compare("gt", a, b) > 0,
  ge: (a, b) => compare("ge", a, b) >= 0,
  and: (...args) => args.find((a) => !truthy(a)) ?? args[args.length - 1],
  or: (...args) => args.find((a) => truthy(a)) ?? args[args.length - 1],
  not: (a) => !truthy(a),
  len: (a) => {
    if (typeof a === "string" || Array.isArray(a)) return a.length;
    if (a && typeof a === "object") return Object.keys(a).length;
    throw new TemplateError(`error calling len: len of ${typeof a}`);
  },
  index: (a, ...keys) => {
    let cur: Value = a;
    for (const k of keys) {
      if (Array.isArray(cur) && typeof k === "number") cur = cur[k];
      else if (cur && typeof cur === "object" && typeof k === "string") cur = (cur as Record<string, Value>)[k] ?? "";
      else throw new TemplateError(`error calling index: cannot index ${goPrint(cur)} with ${goPrint(k)}`);
    }
    return cur;
  },
};

export const FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(FUNCTIONS));
