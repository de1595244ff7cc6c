// mntr (four-letter word) and the AdminServer's `monitor` command, ZooKeeper 3.4 to 3.9.
//
//   3.4/3.5:            zk_version\t3.4.14-…\nzk_avg_latency\t0\n…\nzk_followers\t2 (leader only)
//   3.6+ default:       adds counters and zk_avg_/min_/max_/cnt_/sum_/p50_… summary parts;
//                       leader-only zk_learners (renamed from zk_followers), zk_synced_followers, …
//   3.6+ Prometheus:    zk_fsynctime{quantile="0.5"}\tNaN, zk_fsynctime_count\t0.0,
//                       zk_jvm_memory_pool_bytes_max{pool="Code Cache"}\t1.2E8
//   AdminServer:        {"version": "…", "server_state": "leader", "znode_count": 5, …}
import type { JsonObject } from "../admin-http.ts";
import { ParseError } from "../errors.ts";
import { detachString } from "./detach-string.ts";
import type { MonitorLayout } from "./monitor-values.ts";
import { internLayout, MonitorValues, monitorValues } from "./monitor-values.ts";

export { detachString } from "./detach-string.ts";
export { MonitorLayout, MonitorValues, monitorValues } from "./monitor-values.ts";

/** A labelled sample (Prometheus metrics provider), name without the zk_ prefix. */
export interface LabeledSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MonitorData {
  version?: string;
  /** leader, follower, observer, standalone, read-only */
  serverState?: string;
  /** e.g. "following - broadcast" (3.6+ quorum members) */
  peerState?: string;
  /** Numeric unlabelled values, keys without zk_ prefix. zk_followers is also given as learners. */
  values: MonitorValues;
  labeled: LabeledSample[];
  /** Other non-numeric values (e.g. zk_observer_master_id on some versions). */
  strings: Record<string, string>;
  /** Lines that were neither a sample nor empty. */
  skipped: number;
}

const EMPTY_VALUES = monitorValues({});

const STRING_KEYS = new Set(["version", "server_state", "peer_state"]);

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Digits with an optional leading minus and at most one inner dot ("12", "-0.5"). */
function isPlainDecimal(t: string): boolean {
  let i = t.charCodeAt(0) === 45 ? 1 : 0;
  const first = i;
  let dot = -1;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 46 && dot < 0) dot = i;
    else if (c < 48 || c > 57) return false;
  }
  return t.length > first && dot !== first && dot !== t.length - 1;
}

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const c = t.charCodeAt(0);
  // Fast path: plain decimals such as "12" or "-0.5" (most mntr values), without the regex.
  if ((c >= 48 && c <= 57) || c === 45) {
    if (isPlainDecimal(t)) return Number(t);
    const n = Number(t);
    if (!Number.isNaN(n) && NUMERIC.test(t)) return n;
  }
  if (t === "NaN") return Number.NaN;
  if (t === "+Inf" || t === "Infinity") return Number.POSITIVE_INFINITY;
  if (t === "-Inf" || t === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (!NUMERIC.test(t)) return undefined;
  return Number(t);
}

/** Parses `{a="x",b="y \"q\""}` into a label map; undefined when malformed. */
export function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(text.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    let value = "";
    for (;;) {
      if (i >= text.length) return undefined;
      const c = text[i++];
      if (c === "\\") {
        const n = text[i++];
        value += n === "n" ? "\n" : (n ?? "");
      } else if (c === '"') break;
      else value += c;
    }
    labels[m[1]!] = value;
    const rest = /^\s*,?\s*/.exec(text.slice(i));
    i += rest ? rest[0].length : 0;
  }
  return labels;
}

/** Numeric values collected in answer order, with their keys (which must stay distinct). */
class ValueList {
  readonly keys: string[] = [];
  readonly values: number[] = [];
  readonly #slots = new Map<string, number>();

  set(key: string, value: number): void {
    const slot = this.#slots.get(key);
    if (slot !== undefined) {
      this.values[slot] = value; // a repeated key: the last one wins
      return;
    }
    this.#slots.set(key, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
  }

  build(): MonitorValues {
    const layout = internLayout(this.keys);
    const values = new Float64Array(layout.keys.length);
    values.set(this.values);
    return new MonitorValues(layout, values);
  }
}

/**
 * The value of `text[from, to)` when it is a plain decimal integer (optional minus sign, at most
 * 15 digits, nothing else), computed without cutting a substring; undefined otherwise.
 */
function plainInteger(text: string, from: number, to: number): number | undefined {
  let i = from;
  let negative = false;
  if (i < to && text.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  if (i >= to || to - i > 15) return undefined;
  let n = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return negative ? -n : n;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `text[from, to)` as a number when it is a plain integer or decimal ("12", "-0.5", "79.0") of at
 * most 15 digits, without cutting a substring. Digits and the power of ten are exact doubles, so
 * the one division is correctly rounded: the same number as Number(text). Undefined otherwise.
 */
function plainNumber(text: string, from: number, to: number): number | undefined {
  let i = from;
  const negative = i < to && text.charCodeAt(i) === 45;
  if (negative) i++;
  let n = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && fraction < 0 && digits > 0) fraction = 0;
    else if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else return undefined;
  }
  if (digits === 0 || digits > 15 || fraction === 0) return undefined;
  const v = fraction > 0 ? n / POW10[fraction]! : n;
  return negative ? -v : v;
}

/**
 * The fast path for one line that is exactly "zk_<key>\t<plain number>" ending in \n, \r\n or the
 * end of the text: reads it char by char (no search, no substring), stores the number in
 * `out[slot]` and returns where the next line starts; -1 when the line is anything else.
 */
function knownLine(text: string, start: number, key: string, out: Float64Array, slot: number): number {
  const length = text.length;
  let i = start + 3;
  const keyEnd = i + key.length;
  if (keyEnd >= length || text.charCodeAt(start) !== 122 || text.charCodeAt(start + 1) !== 107 || text.charCodeAt(start + 2) !== 95) return -1;
  if (text.charCodeAt(keyEnd) !== 9 || !text.startsWith(key, i)) return -1;
  i = keyEnd + 1;
  const negative = i < length && text.charCodeAt(i) === 45;
  if (negative) i++;
  let n = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0 && digits > 0) fraction = 0;
    else break;
  }
  if (digits === 0 || digits > 15 || fraction === 0) return -1;
  let next = i;
  if (i < length) {
    const c = text.charCodeAt(i);
    if (c === 13 && i + 1 < length && text.charCodeAt(i + 1) === 10) next = i + 2;
    else if (c === 10) next = i + 1;
    else return -1;
  }
  const v = fraction > 0 ? n / POW10[fraction]! : n;
  out[slot] = negative ? -v : v;
  return next;
}

function isSpace(code: number): boolean {
  return code <= 32;
}

/**
 * Parses mntr text. Throws ParseError when no line is a zk_ sample (e.g. garbage).
 *
 * `layout` is the layout of the previous answer of the same server: while the keys follow it,
 * no key is cut from the text and the values go straight into one Float64Array. At the first
 * key that differs the parser falls back to collecting keys and finds or makes the new layout.
 */
export function parseMntr(text: string, layout?: MonitorLayout): MonitorData {
  const data: MonitorData = { values: EMPTY_VALUES, labeled: [], strings: {}, skipped: 0 };
  // Fast: values of `layout`, filled slot by slot. Slow (`list` set): keys and values collected.
  const fast = layout ? new Float64Array(layout.keys.length) : undefined;
  let slot = 0;
  let list: ValueList | undefined = layout ? undefined : new ValueList();
  /** Leaves the fast path: the slots filled so far become the start of a key list. */
  const toList = (): ValueList => {
    if (!list) {
      list = new ValueList();
      for (let i = 0; i < slot; i++) list.set(layout!.keys[i]!, fast![i]!);
    }
    return list;
  };
  let samples = 0;
  let start = 0;
  const length = text.length;
  while (start < length) {
    if (!list && slot < layout!.parsed) {
      // The common case: the next key of the known layout with a plain number; nothing is cut.
      const next = knownLine(text, start, layout!.keys[slot]!, fast!, slot);
      if (next >= 0) {
        start = next;
        slot++;
        samples++;
        continue;
      }
    }
    let end = text.indexOf("\n", start);
    if (end < 0) end = length;
    let lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const lineStart = start;
    start = end + 1;
    if (lineEnd === lineStart) continue;
    // Lines are "zk_<key>\t<value>": z=122 k=107 _=95.
    const tab = text.charCodeAt(lineStart) === 122 && text.charCodeAt(lineStart + 1) === 107 && text.charCodeAt(lineStart + 2) === 95
      ? text.indexOf("\t", lineStart + 3)
      : -1;
    if (tab < 0 || tab >= lineEnd) {
      if (text.slice(lineStart, lineEnd).trim() !== "") data.skipped++;
      continue;
    }
    let keyStart = lineStart + 3;
    let keyEnd = tab;
    while (keyStart < keyEnd && isSpace(text.charCodeAt(keyStart))) keyStart++;
    while (keyEnd > keyStart && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    let valueStart = tab + 1;
    while (valueStart < lineEnd && isSpace(text.charCodeAt(valueStart))) valueStart++;
    while (lineEnd > valueStart && isSpace(text.charCodeAt(lineEnd - 1))) lineEnd--;
    // The next key of the known layout in another spelling (spaces, an exponent): keep to it.
    if (!list && slot < layout!.parsed) {
      const expected = layout!.keys[slot]!;
      if (keyEnd - keyStart === expected.length && text.startsWith(expected, keyStart)) {
        const v = plainNumber(text, valueStart, lineEnd) ?? parseNumber(text.slice(valueStart, lineEnd));
        if (v !== undefined) {
          fast![slot++] = v;
          samples++;
          continue;
        }
      }
    }
    const key = text.slice(keyStart, keyEnd);
    const brace = key.indexOf("{");
    const name = brace < 0 ? key : key.slice(0, brace);
    if (name === "" || name.includes(" ")) {
      data.skipped++;
      continue;
    }
    if (brace < 0 && STRING_KEYS.has(name)) {
      const v = detachString(text.slice(valueStart, lineEnd));
      if (name === "version") data.version = v;
      else if (name === "server_state") data.serverState = v;
      else data.peerState = v;
      samples++;
      continue;
    }
    const value = (brace < 0 ? plainInteger(text, valueStart, lineEnd) : undefined) ?? parseNumber(text.slice(valueStart, lineEnd));
    if (brace >= 0) {
      if (!key.endsWith("}") || value === undefined) {
        data.skipped++;
        continue;
      }
      const labels = parseLabels(key.slice(brace + 1, -1));
      if (!labels) {
        data.skipped++;
        continue;
      }
      data.labeled.push({ name, labels, value });
    } else if (value === undefined) {
      data.strings[name] = detachString(text.slice(valueStart, lineEnd));
    } else {
      toList().set(name, value);
    }
    samples++;
  }
  if (samples === 0) throw new ParseError(`no zk_ sample in ${text.length} bytes`);
  // Fewer keys than the layout (a shorter answer) is a different layout too.
  data.values = !list && slot === layout!.parsed ? new MonitorValues(layout!, fast!) : toList().build();
  return data;
}

/** Reads the AdminServer's `monitor` JSON into the same shape as mntr. */
export function readMonitor(json: JsonObject): MonitorData {
  const data: MonitorData = { values: EMPTY_VALUES, labeled: [], strings: {}, skipped: 0 };
  const list = new ValueList();
  let samples = 0;
  for (const [key, v] of Object.entries(json)) {
    if (key === "command" || key === "error") continue;
    const brace = key.indexOf("{");
    if (brace > 0 && key.endsWith("}")) {
      const labels = parseLabels(key.slice(brace + 1, -1));
      const value = typeof v === "number" ? v : typeof v === "string" ? parseNumber(v) : undefined;
      if (!labels || value === undefined) data.skipped++;
      else {
        data.labeled.push({ name: key.slice(0, brace), labels, value });
        samples++;
      }
      continue;
    }
    if (key === "version" && typeof v === "string") data.version = v;
    else if (key === "server_state" && typeof v === "string") data.serverState = v;
    else if (key === "peer_state" && typeof v === "string") data.peerState = v;
    else if (typeof v === "number") list.set(key, v);
    else if (typeof v === "string") {
      const n = parseNumber(v);
      if (n === undefined) data.strings[key] = v;
      else list.set(key, n);
    } else {
      data.skipped++;
      continue;
    }
    samples++;
  }
  if (samples === 0) throw new ParseError("monitor answer has no values");
  data.values = list.build();
  return data;
}
