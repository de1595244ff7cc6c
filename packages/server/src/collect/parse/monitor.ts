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
  values: Record<string, number>;
  labeled: LabeledSample[];
  /** Other non-numeric values (e.g. zk_observer_master_id on some versions). */
  strings: Record<string, string>;
  /** Lines that were neither a sample nor empty. */
  skipped: number;
}

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

function emptyMonitor(): MonitorData {
  return { values: {}, labeled: [], strings: {}, skipped: 0 };
}

function applyAliases(data: MonitorData): MonitorData {
  // 3.4/3.5 call the leader's learner count zk_followers; 3.6+ zk_learners.
  if (data.values.learners === undefined && data.values.followers !== undefined) data.values.learners = data.values.followers;
  return data;
}

/**
 * A copy of `s` that does not share memory with the text it was cut from: V8 represents a slice
 * of 13 characters or more as a view of its parent, so a version string kept in a snapshot would
 * otherwise keep the whole 16 kB mntr answer alive until the next scrape.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
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

/** Parses mntr text. Throws ParseError when no line is a zk_ sample (e.g. garbage). */
export function parseMntr(text: string): MonitorData {
  const data = emptyMonitor();
  const values = data.values;
  let samples = 0;
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
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
    let key = text.slice(lineStart + 3, tab);
    if (key.charCodeAt(0) <= 32 || key.charCodeAt(key.length - 1) <= 32) key = key.trim();
    const brace = key.indexOf("{");
    const name = brace < 0 ? key : key.slice(0, brace);
    if (name === "" || name.includes(" ")) {
      data.skipped++;
      continue;
    }
    // Most values are plain integers: no substring, no regular expression.
    const int = brace < 0 ? plainInteger(text, tab + 1, lineEnd) : undefined;
    if (int !== undefined) {
      if (STRING_KEYS.has(name)) {
        // A numeric version / state is no use; keep the text as the general path does.
      } else {
        values[name] = int;
        samples++;
        continue;
      }
    }
    const valueText = text.slice(tab + 1, lineEnd);
    if (brace < 0 && STRING_KEYS.has(name)) {
      const v = detachString(valueText.trim());
      if (name === "version") data.version = v;
      else if (name === "server_state") data.serverState = v;
      else data.peerState = v;
      samples++;
      continue;
    }
    const value = parseNumber(valueText);
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
      data.strings[name] = detachString(valueText.trim());
    } else {
      values[name] = value;
    }
    samples++;
  }
  if (samples === 0) throw new ParseError(`no zk_ sample in ${text.length} bytes`);
  return applyAliases(data);
}

/** Reads the AdminServer's `monitor` JSON into the same shape as mntr. */
export function readMonitor(json: JsonObject): MonitorData {
  const data = emptyMonitor();
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
    else if (typeof v === "number") data.values[key] = v;
    else if (typeof v === "string") {
      const n = parseNumber(v);
      if (n === undefined) data.strings[key] = v;
      else data.values[key] = n;
    } else {
      data.skipped++;
      continue;
    }
    samples++;
  }
  if (samples === 0) throw new ParseError("monitor answer has no values");
  return applyAliases(data);
}
