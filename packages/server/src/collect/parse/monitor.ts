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
import { EMPTY_VALUES, MntrReader, ValueList } from "./mntr-reader.ts";
import type { MonitorLayout } from "./monitor-values.ts";
import type { MonitorValues } from "./monitor-values.ts";
import { parseLabels, parseNumber, POW10 } from "./numbers.ts";

export { detachString } from "./detach-string.ts";
export { parseMntrBytes } from "./mntr-bytes.ts";
export { MonitorLayout, MonitorValues, monitorValues } from "./monitor-values.ts";
export { parseLabels, parseNumber } from "./numbers.ts";

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

/**
 * Parses mntr text. Throws ParseError when no line is a zk_ sample (e.g. garbage).
 *
 * `layout` is the layout of the previous answer of the same server: while the keys follow it,
 * no key is cut from the text and the values go straight into one Float64Array. At the first
 * key that differs the parser falls back to collecting keys and finds or makes the new layout.
 */
export function parseMntr(text: string, layout?: MonitorLayout): MonitorData {
  const r = new MntrReader(layout);
  let start = 0;
  const length = text.length;
  while (start < length) {
    if (r.expecting()) {
      // The common case: the next key of the known layout with a plain number; nothing is cut.
      const next = knownLine(text, start, layout!.keys[r.slot]!, r.fast!, r.slot);
      if (next >= 0) {
        start = next;
        r.slot++;
        r.samples++;
        continue;
      }
    }
    let end = text.indexOf("\n", start);
    if (end < 0) end = length;
    r.line(text, start, end);
    start = end + 1;
  }
  return r.finish(length);
}

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
