// Per-ensemble verdict from the servers' snapshots. Pure: same input, same output.
import type { ProbeResult } from "../collect/client-probe.ts";
import type { Member } from "../collect/parse/conf.ts";
import type { ServerSnapshot } from "../collect/snapshot.ts";
import type { ServerHealth } from "./server-health.ts";
import { SERVING_STATES, serverHealth } from "./server-health.ts";

export type Verdict = "healthy" | "degraded" | "no-quorum" | "multiple-leaders";
export const VERDICTS: readonly Verdict[] = ["healthy", "degraded", "no-quorum", "multiple-leaders"];

export interface EnsembleHealth {
  name: string;
  verdict: Verdict;
  /** Plain-word reasons for the verdict (empty when healthy). */
  reasons: string[];
  servers: ServerHealth[];
  /** Voting members according to the ensemble's own voting view (or the configuration). */
  votersConfigured: number;
  votersServing: number;
  /**
   * Voters not known to be down or hung: they could elect a leader. Fewer than a majority is a
   * lost quorum that no election can repair, unlike a leader election in progress, during which
   * voters are up but not serving.
   */
  votersUp: number;
  quorumNeeded: number;
  quorum: boolean;
  /** host:port of every server that reports itself leader. */
  leaders: string[];
  /** Members of the voting view that are not in the configuration. */
  discovered: Member[];
  /** Configured servers whose id is not in the voting view. */
  notMembers: string[];
  /** Largest minus smallest zxid counter among serving servers of the leader's epoch. */
  zxidSpread?: number;
  versions: string[];
  /** Configuration keys that differ between servers. */
  configDrift: string[];
  /** The client probe of this cycle, when probing. */
  probe?: ProbeResult;
  evaluatedAtMs: number;
}

export interface HealthOptions {
  /** A follower this many transactions behind the leader makes the ensemble degraded. */
  maxLag: number;
}

export const DEFAULT_HEALTH_OPTIONS: HealthOptions = { maxLag: 1000 };

const DRIFT_KEYS = ["tickTime", "initLimit", "syncLimit", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout"];

// A snapshot's member list is carried from cycle to cycle unchanged (it is read every
// detail cycle only), so its key is computed once per list rather than once per evaluation.
const memberKeys = new WeakMap<Member[], string>();

function memberKey(ms: Member[]): string {
  let key = memberKeys.get(ms);
  if (key === undefined) {
    key = [...ms]
      .sort((a, b) => a.id - b.id)
      .map((m) => `${m.id}:${m.host}:${m.quorumPort ?? ""}:${m.role}`)
      .join(",");
    memberKeys.set(ms, key);
  }
  return key;
}

/** The voting view most serving servers agree on. */
function votingView(snaps: ServerSnapshot[]): Member[] | undefined {
  const counts = new Map<string, { n: number; members: Member[] }>();
  for (const s of snaps) {
    if (!s.members || s.members.length === 0) continue;
    const k = memberKey(s.members);
    const e = counts.get(k) ?? { n: 0, members: s.members };
    e.n++;
    counts.set(k, e);
  }
  let best: { n: number; members: Member[] } | undefined;
  for (const e of counts.values()) if (!best || e.n > best.n) best = e;
  return best?.members;
}

export function evaluateEnsemble(
  name: string,
  snaps: ServerSnapshot[],
  atMs: number,
  options: HealthOptions = DEFAULT_HEALTH_OPTIONS,
  probe?: ProbeResult,
): EnsembleHealth {
  const view = votingView(snaps);
  const multi = snaps.length > 1 || (view !== undefined && view.length > 1);
  const servers = snaps.map((s) => serverHealth(s, multi));
  const voters = view?.filter((m) => m.role === "participant");
  const observerIds = new Set(view?.filter((m) => m.role === "observer").map((m) => m.id) ?? []);
  const votersConfigured =
    voters && voters.length > 0
      ? voters.length
      : servers.filter((s) => s.state !== "observer" && (s.id === undefined || !observerIds.has(s.id))).length;
  const votersServing = servers.filter(
    (s) => s.state === "leader" || s.state === "follower" || (s.state === "standalone" && votersConfigured <= 1),
  ).length;
  const voterIds = new Set(voters?.map((m) => m.id) ?? []);
  // A server down since zoosight started has no known id: such servers count as voters only up to
  // the number of voters in the view that no server with a known id accounts for.
  const unavailable = servers.filter((s) => s.state === "down" || s.state === "hung");
  const knownIds = new Set(servers.map((s) => s.id).filter((id) => id !== undefined));
  const unknownDown = unavailable.filter((s) => s.id === undefined).length;
  const unaccountedVoters = voterIds.size > 0 ? [...voterIds].filter((id) => !knownIds.has(id)).length : unknownDown;
  const knownDown = unavailable.filter((s) => s.id !== undefined && (voterIds.size > 0 ? voterIds.has(s.id) : !observerIds.has(s.id))).length;
  const votersDown = knownDown + Math.min(unknownDown, unaccountedVoters);
  const votersUp = Math.max(0, votersConfigured - votersDown);
  const quorumNeeded = Math.floor(votersConfigured / 2) + 1;
  const quorum = votersServing >= quorumNeeded;
  const leaders = servers.filter((s) => s.state === "leader").map((s) => s.server);

  // Lag behind the leader, and zxid spread.
  const leader = leaders.length === 1 ? servers.find((s) => s.server === leaders[0]) : undefined;
  const serving = servers.filter((s) => SERVING_STATES.has(s.state) && s.zxid !== undefined);
  if (leader?.zxid !== undefined) {
    const lz = BigInt(leader.zxid);
    for (const s of serving) {
      const z = BigInt(s.zxid!);
      if (z >> 32n === lz >> 32n) s.lag = Math.max(0, Number(lz - z));
    }
  }
  const epochMax = Math.max(...serving.map((s) => s.epoch ?? 0));
  const counters = serving.filter((s) => s.epoch === epochMax).map((s) => Number(BigInt(s.zxid!) & 0xffffffffn));
  const zxidSpread = counters.length > 0 ? Math.max(...counters) - Math.min(...counters) : undefined;

  const versions = [...new Set(servers.map((s) => s.version).filter((v): v is string => v !== undefined))].sort();
  const configDrift = DRIFT_KEYS.filter((k) => {
    const seen = new Set(snaps.map((s) => s.config?.values[k]).filter((v) => v !== undefined));
    return seen.size > 1;
  });
  const viewKeys = new Set(snaps.filter((s) => s.members && s.members.length > 0).map((s) => memberKey(s.members!)));
  if (viewKeys.size > 1) configDrift.push("membership");

  // Members are matched to configured servers by id, else by client address. While a server's
  // id is unknown (down since zoosight started), only members with a foreign client address
  // count as discovered.
  const ids = new Set(servers.map((s) => s.id).filter((id) => id !== undefined));
  const addresses = new Set(servers.map((s) => s.server));
  const unmatched = view?.filter((m) => !ids.has(m.id) && !(m.clientAddress && addresses.has(m.clientAddress))) ?? [];
  const unknownIds = servers.filter((s) => s.id === undefined).length;
  const discovered = unknownIds === 0 ? unmatched : unmatched.filter((m) => m.clientAddress && !addresses.has(m.clientAddress));
  const viewIds = new Set(view?.map((m) => m.id) ?? []);
  // The voting view lists voters only: an observer is a member without being in it.
  const notMembers =
    view === undefined ? [] : servers.filter((s) => s.id !== undefined && s.state !== "observer" && !viewIds.has(s.id)).map((s) => s.server);

  const reasons: string[] = [];
  let verdict: Verdict = "healthy";
  if (leaders.length > 1) {
    verdict = "multiple-leaders";
    reasons.push(`${leaders.length} servers report themselves leader: ${leaders.join(", ")}`);
  }
  if (!quorum) {
    if (verdict === "healthy") verdict = "no-quorum";
    reasons.push(`only ${votersServing} of ${votersConfigured} voters serving, ${quorumNeeded} needed for a quorum`);
  } else if (leaders.length === 0 && votersConfigured > 1) {
    if (verdict === "healthy") verdict = "no-quorum";
    reasons.push("no server reports itself leader");
  }
  const degraded: string[] = [];
  for (const s of servers) {
    if (!SERVING_STATES.has(s.state)) degraded.push(`${s.server} is ${s.state}${s.reason ? `: ${s.reason}` : ""}`);
    else if (s.lag !== undefined && s.lag > options.maxLag) degraded.push(`${s.server} is ${s.lag} transactions behind the leader`);
    else if (s.state === "read-only" && votersConfigured > 1) degraded.push(`${s.server} is read-only`);
  }
  if (versions.length > 1) degraded.push(`servers run different versions: ${versions.join(", ")}`);
  if (configDrift.length > 0) degraded.push(`configuration differs between servers: ${configDrift.join(", ")}`);
  for (const m of discovered) degraded.push(`member ${m.id} (${m.clientAddress ?? m.host}) is in the voting view but not configured`);
  for (const s of notMembers) degraded.push(`${s} is configured but not a member of the voting view`);
  if (probe && !probe.ok) degraded.push(`client probe failed: ${probe.error}`);
  if (degraded.length > 0 && verdict === "healthy") verdict = "degraded";
  reasons.push(...degraded);

  const health: EnsembleHealth = {
    name,
    verdict,
    reasons,
    servers,
    votersConfigured,
    votersServing,
    votersUp,
    quorumNeeded,
    quorum,
    leaders,
    discovered,
    notMembers,
    versions,
    configDrift,
    evaluatedAtMs: atMs,
  };
  if (zxidSpread !== undefined) health.zxidSpread = zxidSpread;
  if (probe) health.probe = probe;
  return health;
}
