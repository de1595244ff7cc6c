// conf (four-letter word) and the AdminServer's `configuration` / `voting_view` JSON.
//   clientPort=21901
//   tickTime=500
//   serverId=1
//   membership:                                              (3.5+)
//   server.1=127.0.0.1:22801:22901:participant               (3.5+; ";host:port" client part optional)
//   server.2=127.0.0.1:22802:22902:participant;0.0.0.0:2181
//   version=0
// ZooKeeper 3.4 has no membership block but may list server.N lines the same way.
import type { JsonObject } from "../admin-http.ts";
import { ParseError } from "../errors.ts";

/** One member of the ensemble's voting view. */
export interface Member {
  id: number;
  /** Host of the quorum address. */
  host: string;
  /** Port of the quorum address (tells two ensembles on the same hosts apart). */
  quorumPort?: number;
  role: "participant" | "observer";
  /** host:port of its client port, when the view says it. */
  clientAddress?: string;
}

export interface ServerConfig {
  values: Record<string, string>;
  serverId?: number;
  members: Member[];
}

export function parseMemberLine(id: number, spec: string): Member {
  const [quorumPart = "", clientPart] = spec.split(";");
  const parts = quorumPart.split(":");
  const host = parts[0] ?? "";
  const role = parts[3] === "observer" ? "observer" : "participant";
  const member: Member = { id, host, role };
  const quorumPort = Number(parts[1]);
  if (Number.isInteger(quorumPort) && quorumPort > 0) member.quorumPort = quorumPort;
  if (clientPart !== undefined && clientPart.trim() !== "") {
    const c = clientPart.trim();
    member.clientAddress = c.includes(":") ? c : `${host}:${c}`;
  }
  return member;
}

export function parseConf(text: string): ServerConfig {
  const values: Record<string, string> = {};
  const members: Member[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    const m = /^server\.(\d+)$/.exec(key);
    if (m) members.push(parseMemberLine(Number(m[1]), value));
    else values[key] = value;
  }
  if (Object.keys(values).length === 0 && members.length === 0) {
    throw new ParseError(`not a conf answer (${text.length} bytes)`);
  }
  const config: ServerConfig = { values, members };
  if (values.serverId !== undefined && /^\d+$/.test(values.serverId)) config.serverId = Number(values.serverId);
  return config;
}

/** Reads the AdminServer's `voting_view`: {current_config: {"1": {server_addresses, client_address, learner_type}}}. */
export function readVotingView(json: JsonObject): Member[] {
  const view = json.current_config;
  if (typeof view !== "object" || view === null) throw new ParseError("voting_view answer has no current_config");
  const members: Member[] = [];
  for (const [id, v] of Object.entries(view as JsonObject)) {
    if (!/^\d+$/.test(id) || typeof v !== "object" || v === null) throw new ParseError(`voting_view member '${id}' is malformed`);
    const e = v as JsonObject;
    const addrs = Array.isArray(e.server_addresses) ? e.server_addresses : [];
    const first = typeof addrs[0] === "string" ? addrs[0] : "";
    const member: Member = {
      id: Number(id),
      host: first.includes(":") ? first.slice(0, first.lastIndexOf(":")) : first,
      role: e.learner_type === "observer" ? "observer" : "participant",
    };
    const quorumPort = Number(first.slice(first.lastIndexOf(":") + 1));
    if (first.includes(":") && Number.isInteger(quorumPort) && quorumPort > 0) member.quorumPort = quorumPort;
    if (typeof e.client_address === "string" && e.client_address !== "") member.clientAddress = e.client_address;
    members.push(member);
  }
  return members;
}

/** Reads the AdminServer's `configuration` JSON into conf-like values (tick_time → tickTime). */
export function readConfiguration(json: JsonObject): ServerConfig {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === "command" || k === "error") continue;
    const key = k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") values[key] = String(v);
  }
  const config: ServerConfig = { values, members: [] };
  const id = json.server_id;
  if (typeof id === "number") config.serverId = id;
  return config;
}
