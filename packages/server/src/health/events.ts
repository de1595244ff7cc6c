// Time-stamped events: every change between two evaluations of an ensemble. Pure.
import type { EnsembleHealth } from "./ensemble-health.ts";

export type HealthEventKind =
  | "server-state-changed"
  | "server-down"
  | "server-up"
  | "leader-changed"
  | "election"
  | "quorum-lost"
  | "quorum-regained"
  | "verdict-changed"
  | "member-discovered";

export interface HealthEvent {
  atMs: number;
  ensemble: string;
  kind: HealthEventKind;
  /** host:port, when the event is about one server. */
  server?: string;
  from?: string;
  to?: string;
  message: string;
}

const UNAVAILABLE = new Set(["down", "hung", "unknown"]);

/** Leader identity of an evaluation: the single leader's host:port, or undefined. */
export function leaderOf(h: EnsembleHealth): string | undefined {
  return h.leaders.length === 1 ? h.leaders[0] : undefined;
}

/** The events that lead from `prev` to `next` (prev undefined: first evaluation, no events). */
export function diffHealth(prev: EnsembleHealth | undefined, next: EnsembleHealth, lastLeader?: string): HealthEvent[] {
  if (!prev) return [];
  const at = next.evaluatedAtMs;
  const ensemble = next.name;
  const events: HealthEvent[] = [];
  const before = new Map(prev.servers.map((s) => [s.server, s]));
  for (const s of next.servers) {
    const p = before.get(s.server);
    if (!p || p.state === s.state) continue;
    const why = s.reason ? ` (${s.reason})` : "";
    let kind: HealthEventKind = "server-state-changed";
    if (UNAVAILABLE.has(s.state) && !UNAVAILABLE.has(p.state)) kind = "server-down";
    else if (!UNAVAILABLE.has(s.state) && UNAVAILABLE.has(p.state)) kind = "server-up";
    events.push({ atMs: at, ensemble, kind, server: s.server, from: p.state, to: s.state, message: `${s.server}: ${p.state} → ${s.state}${why}` });
  }
  const oldLeader = leaderOf(prev) ?? lastLeader;
  const newLeader = leaderOf(next);
  if (newLeader !== undefined && oldLeader !== undefined && newLeader !== oldLeader) {
    events.push({ atMs: at, ensemble, kind: "leader-changed", server: newLeader, from: oldLeader, to: newLeader, message: `leader changed from ${oldLeader} to ${newLeader}` });
  }
  const oldEpoch = epochOfLeader(prev);
  const newEpoch = epochOfLeader(next);
  const epochMoved = oldEpoch !== undefined && newEpoch !== undefined && newEpoch > oldEpoch;
  if ((newLeader !== undefined && oldLeader !== undefined && newLeader !== oldLeader) || epochMoved) {
    events.push({
      atMs: at,
      ensemble,
      kind: "election",
      server: newLeader,
      message: `leader election: ${newLeader ?? "?"} leads${newEpoch !== undefined ? ` epoch ${newEpoch}` : ""}`,
    });
  }
  if (prev.quorum && !next.quorum) {
    events.push({ atMs: at, ensemble, kind: "quorum-lost", message: `quorum lost: ${next.votersServing} of ${next.votersConfigured} voters serving` });
  } else if (!prev.quorum && next.quorum) {
    events.push({ atMs: at, ensemble, kind: "quorum-regained", message: `quorum regained: ${next.votersServing} of ${next.votersConfigured} voters serving` });
  }
  const known = new Set(prev.discovered.map((m) => m.id));
  for (const m of next.discovered) {
    if (!known.has(m.id)) events.push({ atMs: at, ensemble, kind: "member-discovered", message: `member ${m.id} (${m.clientAddress ?? m.host}) found in the voting view` });
  }
  if (prev.verdict !== next.verdict) {
    events.push({
      atMs: at,
      ensemble,
      kind: "verdict-changed",
      from: prev.verdict,
      to: next.verdict,
      message: `ensemble ${prev.verdict} → ${next.verdict}${next.reasons.length > 0 ? `: ${next.reasons[0]}` : ""}`,
    });
  }
  return events.map((e) => (e.server === undefined ? (({ server: _s, ...rest }) => rest)(e) : e));
}

function epochOfLeader(h: EnsembleHealth): number | undefined {
  const l = leaderOf(h);
  return l === undefined ? undefined : h.servers.find((s) => s.server === l)?.epoch;
}
