// The small four-letter words and AdminServer commands:
//   isro → "rw" | "ro" | "null" (not serving);  ruok → "imok"
//   cons → " /127.0.0.1:46636[0](queued=0,recved=1,sent=0)" one line per connection
//   wchs → "2 connections watching 3 paths\nTotal watches:4"
//   envi → "Environment:\nzookeeper.version=…\nhost.name=…"
//   admin leader → {is_leader, leader_id, leader_ip};  zabstate → {myid, is_leader, zabstate, last_zxid, zab_epoch}
//   admin watch_summary → {num_connections, num_paths, num_total_watches};  connections → {connections: [...]}
import type { JsonObject } from "../admin-http.ts";
import { ParseError } from "../errors.ts";
import { parseZxid } from "./srvr.ts";

export type ReadMode = "rw" | "ro" | "not-serving";

export function parseIsro(text: string): ReadMode {
  const t = text.trim();
  if (t === "rw") return "rw";
  if (t === "ro") return "ro";
  if (t === "null") return "not-serving";
  throw new ParseError(`isro answered '${t.slice(0, 40)}'`);
}

export function readIsReadOnly(json: JsonObject): ReadMode {
  if (typeof json.read_only !== "boolean") throw new ParseError("is_read_only answer has no read_only");
  return json.read_only ? "ro" : "rw";
}

export function parseRuok(text: string): true {
  if (text.trim() !== "imok") throw new ParseError(`ruok answered '${text.trim().slice(0, 40)}'`);
  return true;
}

export interface ClientConnection {
  address: string;
  queued?: number;
  received?: number;
  sent?: number;
}

export function parseCons(text: string): ClientConnection[] {
  const out: ClientConnection[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^\/?([^[\s]+)\[\d+\]\((.*)\)$/.exec(line);
    if (!m) throw new ParseError(`cons line '${line.slice(0, 60)}' is malformed`);
    const conn: ClientConnection = { address: m[1]! };
    for (const part of m[2]!.split(",")) {
      const [k, v] = part.split("=");
      const n = Number(v);
      if (k === "queued") conn.queued = n;
      else if (k === "recved") conn.received = n;
      else if (k === "sent") conn.sent = n;
    }
    out.push(conn);
  }
  return out;
}

export function readConnections(json: JsonObject): ClientConnection[] {
  const list = [json.connections, json.secure_connections].flatMap((l) => (Array.isArray(l) ? l : []));
  return list.map((c) => {
    const o = (typeof c === "object" && c !== null ? c : {}) as JsonObject;
    return { address: typeof o.remote_socket_address === "string" ? o.remote_socket_address : "?" };
  });
}

export interface WatchSummary {
  connections: number;
  paths: number;
  watches: number;
}

export function parseWchs(text: string): WatchSummary {
  const a = /(\d+) connections watching (\d+) paths/.exec(text);
  const b = /Total watches:\s*(\d+)/.exec(text);
  if (!a || !b) throw new ParseError(`not a wchs answer (${text.length} bytes)`);
  return { connections: Number(a[1]), paths: Number(a[2]), watches: Number(b[1]) };
}

export function readWatchSummary(json: JsonObject): WatchSummary {
  const { num_connections: c, num_paths: p, num_total_watches: w } = json;
  if (typeof c !== "number" || typeof p !== "number" || typeof w !== "number") {
    throw new ParseError("watch_summary answer lacks num_connections/num_paths/num_total_watches");
  }
  return { connections: c, paths: p, watches: w };
}

export function parseEnvi(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  if (Object.keys(env).length === 0) throw new ParseError(`not an envi answer (${text.length} bytes)`);
  return env;
}

export function readEnvironment(json: JsonObject): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(json)) if (k !== "command" && k !== "error" && typeof v === "string") env[k] = v;
  return env;
}

export interface LeaderInfo {
  isLeader: boolean;
  leaderId?: number;
  leaderIp?: string;
}

export function readLeader(json: JsonObject): LeaderInfo {
  if (typeof json.is_leader !== "boolean") throw new ParseError("leader answer has no is_leader");
  const info: LeaderInfo = { isLeader: json.is_leader };
  if (typeof json.leader_id === "number") info.leaderId = json.leader_id;
  if (typeof json.leader_ip === "string") info.leaderIp = json.leader_ip;
  return info;
}

export interface ZabState {
  myid?: number;
  isLeader?: boolean;
  voting: boolean;
  /** election, discovery, synchronization, broadcast, or "" when not running */
  phase: string;
  lastZxid?: bigint;
  epoch?: number;
}

export function readZabState(json: JsonObject): ZabState {
  if (typeof json.zabstate !== "string") throw new ParseError("zabstate answer has no zabstate");
  const z: ZabState = { voting: json.voting === true, phase: json.zabstate };
  if (typeof json.myid === "number") z.myid = json.myid;
  if (typeof json.is_leader === "boolean") z.isLeader = json.is_leader;
  if (typeof json.last_zxid === "string") {
    const zx = parseZxid(json.last_zxid);
    if (zx !== undefined) z.lastZxid = zx;
  }
  if (typeof json.zab_epoch === "number") z.epoch = json.zab_epoch;
  return z;
}
