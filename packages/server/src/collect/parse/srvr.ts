// srvr / stat (four-letter words), ZooKeeper 3.4 to 3.9:
//   Zookeeper version: 3.8.0-…, built on …
//   Latency min/avg/max: 0/0.0/0
//   Received: 2
//   Sent: 3
//   Connections: 1
//   Outstanding: 0
//   Zxid: 0x100000000
//   Mode: leader
//   Node count: 5
//   Proposal sizes last/min/max: -1/-1/-1      (leader, 3.5+)
// and the AdminServer's `server_stats` JSON.
import type { JsonObject } from "../admin-http.ts";
import { ParseError } from "../errors.ts";
import { detachString } from "./detach-string.ts";

export interface ServerStats {
  version?: string;
  /** leader, follower, observer, standalone, read-only */
  mode?: string;
  /** Last processed zxid, as a bigint (it does not fit a double). */
  zxid?: bigint;
  latencyMin?: number;
  latencyAvg?: number;
  latencyMax?: number;
  received?: number;
  sent?: number;
  connections?: number;
  outstanding?: number;
  nodeCount?: number;
}

export function parseZxid(text: string): bigint | undefined {
  const t = text.trim();
  if (/^0x[0-9a-fA-F]{1,16}$/.test(t) || /^\d{1,20}$/.test(t)) return BigInt(t);
  return undefined;
}

/** zxid → epoch (high 32 bits) and counter (low 32 bits). */
export function splitZxid(zxid: bigint): { epoch: number; counter: number } {
  return { epoch: Number(zxid >> 32n), counter: Number(zxid & 0xffffffffn) };
}

function int(text: string): number | undefined {
  const n = Number(text.trim());
  return text.trim() !== "" && Number.isFinite(n) ? n : undefined;
}

export function parseSrvr(text: string): ServerStats {
  const stats: ServerStats = {};
  let known = 0;
  // Line by line without split() or a regular expression: this runs for every server every cycle.
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(":", start);
    const lineStart = start;
    start = end + 1;
    if (colon < 0 || colon >= end) continue;
    const key = text.slice(lineStart, colon).trim();
    const value = text.slice(colon + 1, end).trim();
    switch (key) {
      case "Zookeeper version":
        stats.version = detachString(value);
        break;
      case "Latency min/avg/max": {
        const [min, avg, max] = value.split("/").map(int);
        stats.latencyMin = min;
        stats.latencyAvg = avg;
        stats.latencyMax = max;
        break;
      }
      case "Received":
        stats.received = int(value);
        break;
      case "Sent":
        stats.sent = int(value);
        break;
      case "Connections":
        stats.connections = int(value);
        break;
      case "Outstanding":
        stats.outstanding = int(value);
        break;
      case "Zxid":
        stats.zxid = parseZxid(value);
        break;
      case "Mode":
        stats.mode = value;
        break;
      case "Node count":
        stats.nodeCount = int(value);
        break;
      default:
        continue;
    }
    known++;
  }
  if (known === 0 || (stats.mode === undefined && stats.version === undefined)) {
    throw new ParseError(`not a srvr answer (${text.length} bytes)`);
  }
  return stats;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Reads the AdminServer's `server_stats` (srvr) JSON. */
export function readServerStats(json: JsonObject): ServerStats {
  const s = json.server_stats;
  if (typeof s !== "object" || s === null) throw new ParseError("server_stats answer has no server_stats object");
  const st = s as JsonObject;
  const stats: ServerStats = {};
  if (typeof json.version === "string") stats.version = json.version;
  if (typeof st.server_state === "string") stats.mode = st.server_state;
  const zxid = st.last_processed_zxid;
  if (typeof zxid === "number" && Number.isSafeInteger(zxid)) stats.zxid = BigInt(zxid);
  else if (typeof zxid === "string") stats.zxid = parseZxid(zxid);
  stats.latencyMin = num(st.min_latency);
  stats.latencyAvg = num(st.avg_latency);
  stats.latencyMax = num(st.max_latency);
  stats.received = num(st.packets_received);
  stats.sent = num(st.packets_sent);
  stats.connections = num(st.num_alive_client_connections);
  stats.outstanding = num(st.outstanding_requests);
  stats.nodeCount = num(json.node_count);
  return stats;
}
