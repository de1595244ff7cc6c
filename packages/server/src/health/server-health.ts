// Per-server state, from one snapshot. Pure.
import type { ServerSnapshot, SourceOutcome } from "../collect/snapshot.ts";
import { splitZxid } from "../collect/parse/srvr.ts";

export type ServerState =
  | "leader"
  | "follower"
  | "observer"
  | "standalone"
  | "read-only"
  | "looking"
  | "not-serving"
  | "hung"
  | "down"
  | "unknown";

export const SERVER_STATES: readonly ServerState[] = [
  "leader",
  "follower",
  "observer",
  "standalone",
  "read-only",
  "looking",
  "not-serving",
  "hung",
  "down",
  "unknown",
];

/** States in which the server answers clients. */
export const SERVING_STATES: ReadonlySet<ServerState> = new Set(["leader", "follower", "observer", "standalone", "read-only"]);

export interface Unreadable {
  source: string;
  kind: string;
  reason: string;
}

export interface ServerHealth {
  server: string;
  state: ServerState;
  /** Why the state is what it is, in plain words (empty for a plainly serving server). */
  reason: string;
  id?: number;
  version?: string;
  /** Last processed zxid, hex ("0x100000003"). */
  zxid?: string;
  epoch?: number;
  /** Transactions behind the leader (same epoch only). */
  lag?: number;
  latencyAvgMs?: number;
  latencyMaxMs?: number;
  outstanding?: number;
  connections?: number;
  watches?: number;
  znodes?: number;
  openFileDescriptors?: number;
  maxFileDescriptors?: number;
  /** Leader-only: learners and synced followers. */
  learners?: number;
  syncedFollowers?: number;
  /** What could not be read and why. */
  unreadable: Unreadable[];
  scrapedAtMs: number;
  scrapeDurationMs: number;
}

const MODES: Record<string, ServerState> = {
  leader: "leader",
  follower: "follower",
  observer: "observer",
  standalone: "standalone",
  "read-only": "read-only",
  readonly: "read-only",
};

// "closed": every connection was dropped before any answer — a process that is dying (the moment
// after SIGKILL) or refusing clients (maxClientCnxns); either way clients cannot use it.
const DOWN_KINDS = new Set(["refused", "unresolvable", "unreachable", "closed"]);

function firstFailure(outcomes: SourceOutcome[], pred: (o: SourceOutcome) => boolean): SourceOutcome | undefined {
  return outcomes.find((o) => !o.ok && pred(o));
}

/** Classifies one snapshot. `multiServer`: the server belongs to an ensemble of more than one. */
export function classifyServer(s: ServerSnapshot, multiServer: boolean): { state: ServerState; reason: string } {
  const mode = s.monitor?.serverState ?? s.stats?.mode;
  if (mode !== undefined) {
    const state = s.readMode === "ro" ? "read-only" : MODES[mode];
    if (state) return { state, reason: "" };
    return { state: "unknown", reason: `unknown mode '${mode}'` };
  }
  if (s.readMode === "ro") return { state: "read-only", reason: "" };
  const notServing = firstFailure(s.outcomes, (o) => o.failure?.kind === "not-serving");
  if (notServing || s.readMode === "not-serving") {
    const phase = s.zab?.phase;
    const peer = s.monitor?.peerState ?? "";
    if (phase === "election" || phase === "discovery" || phase === "synchronization" || peer.startsWith("looking")) {
      return { state: "looking", reason: `in leader election${phase ? ` (zab phase ${phase})` : ""}` };
    }
    if (multiServer) return { state: "looking", reason: "alive but not serving requests (no quorum or election)" };
    return { state: "not-serving", reason: "alive but not serving requests" };
  }
  const clientFailures = s.outcomes.filter((o) => o.source.startsWith("4lw:") && !o.ok);
  const hung = firstFailure(s.outcomes, (o) => o.failure?.kind === "hung");
  if (hung) return { state: "hung", reason: `connects but does not answer: ${hung.failure!.reason}` };
  const anyClientOk = s.outcomes.some((o) => o.source.startsWith("4lw:") && o.ok);
  if (!anyClientOk && clientFailures.length > 0 && clientFailures.every((o) => DOWN_KINDS.has(o.failure!.kind))) {
    return { state: "down", reason: clientFailures[0]!.failure!.reason };
  }
  const why = s.outcomes.filter((o) => !o.ok).map((o) => `${o.source}: ${o.failure!.reason}`);
  return { state: "unknown", reason: why.length > 0 ? `nothing readable (${why.join("; ")})` : "nothing read" };
}

function n(v: number | undefined): number | undefined {
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** Builds a ServerHealth from a snapshot; lag is filled in by the ensemble evaluation. */
export function serverHealth(s: ServerSnapshot, multiServer: boolean): ServerHealth {
  const { state, reason } = classifyServer(s, multiServer);
  const m = s.monitor?.values;
  const h: ServerHealth = {
    server: s.server,
    state,
    reason,
    unreadable: s.outcomes
      .filter((o) => !o.ok)
      .map((o) => ({ source: o.source, kind: o.failure!.kind, reason: o.failure!.reason })),
    scrapedAtMs: s.finishedMs,
    scrapeDurationMs: s.finishedMs - s.startedMs,
  };
  const id = s.config?.serverId ?? s.zab?.myid;
  if (id !== undefined) h.id = id;
  const version = s.monitor?.version ?? s.stats?.version;
  if (version !== undefined) h.version = version.split(",")[0]!.trim();
  if (s.stats?.zxid !== undefined) {
    h.zxid = `0x${s.stats.zxid.toString(16)}`;
    h.epoch = splitZxid(s.stats.zxid).epoch;
  }
  const set = <K extends keyof ServerHealth>(k: K, v: ServerHealth[K] | undefined) => {
    if (v !== undefined) h[k] = v;
  };
  set("latencyAvgMs", n(m?.get("avg_latency")) ?? s.stats?.latencyAvg);
  set("latencyMaxMs", n(m?.get("max_latency")) ?? s.stats?.latencyMax);
  set("outstanding", n(m?.get("outstanding_requests")) ?? s.stats?.outstanding);
  set("connections", n(m?.get("num_alive_connections")) ?? s.stats?.connections);
  set("watches", n(m?.get("watch_count")) ?? s.watches?.watches);
  set("znodes", n(m?.get("znode_count")) ?? s.stats?.nodeCount);
  set("openFileDescriptors", n(m?.get("open_file_descriptor_count")));
  set("maxFileDescriptors", n(m?.get("max_file_descriptor_count")));
  set("learners", n(m?.get("learners")));
  set("syncedFollowers", n(m?.get("synced_followers")));
  return h;
}
