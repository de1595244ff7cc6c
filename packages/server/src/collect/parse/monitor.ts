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

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const c = t.charCodeAt(0);
  // Fast path: plain digits (most mntr values).
  if ((c >= 48 && c <= 57) || c === 45) {
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

/** Parses mntr text. Throws ParseError when no line is a zk_ sample (e.g. garbage). */
export function parseMntr(text: string): MonitorData {
  const data = emptyMonitor();
  let samples = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const tab = text.indexOf("\t", start);
    const lineStart = start;
    start = end + 1;
    if (lineEnd === lineStart) continue;
    if (tab < 0 || tab >= lineEnd || !text.startsWith("zk_", lineStart)) {
      if (text.slice(lineStart, lineEnd).trim() !== "") data.skipped++;
      continue;
    }
    const key = text.slice(lineStart + 3, tab).trim();
    const valueText = text.slice(tab + 1, lineEnd);
    const brace = key.indexOf("{");
    const name = brace < 0 ? key : key.slice(0, brace);
    if (name === "" || name.includes(" ")) {
      data.skipped++;
      continue;
    }
    if (brace < 0 && STRING_KEYS.has(name)) {
      if (name === "version") data.version = valueText.trim();
      else if (name === "server_state") data.serverState = valueText.trim();
      else data.peerState = valueText.trim();
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
      data.strings[name] = valueText.trim();
    } else {
      data.values[name] = value;
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
