import type { FailureKind } from "./errors.ts";
import type { ServerConfig, Member } from "./parse/conf.ts";
import type { MonitorData } from "./parse/monitor.ts";
import type { ClientConnection, LeaderInfo, ReadMode, WatchSummary, ZabState } from "./parse/small.ts";
import type { ServerStats } from "./parse/srvr.ts";

/** What happened to one request of one scrape. */
export interface SourceOutcome {
  /** "4lw:mntr", "admin:monitor", … */
  source: string;
  ok: boolean;
  durationMs: number;
  failure?: { kind: FailureKind; reason: string };
}

/** Everything read from one server in one scrape; fields are absent when not read. */
export interface ServerSnapshot {
  ensemble: string;
  /** host:port of the client port (the `server` label). */
  server: string;
  startedMs: number;
  finishedMs: number;
  outcomes: SourceOutcome[];
  /**
   * Whether the client port answered when last asked: in this scrape, or (a healthy server read
   * through its AdminServer alone) in an earlier one. Absent: judge from this scrape's outcomes.
   */
  clientPortAnswered?: boolean;
  monitor?: MonitorData;
  stats?: ServerStats;
  config?: ServerConfig;
  /** The voting view as this server sees it (AdminServer voting_view or conf membership). */
  members?: Member[];
  readMode?: ReadMode;
  ruok?: boolean;
  connections?: ClientConnection[];
  watches?: WatchSummary;
  leader?: LeaderInfo;
  zab?: ZabState;
  environment?: Record<string, string>;
}

/** The failures of a snapshot, by source. */
export function failures(s: ServerSnapshot): SourceOutcome[] {
  return s.outcomes.filter((o) => !o.ok);
}

/** True when the client port gave at least one complete answer (including "not serving"). */
export function clientPortAnswered(s: ServerSnapshot): boolean {
  if (s.clientPortAnswered !== undefined) return s.clientPortAnswered;
  return s.outcomes.some(
    (o) =>
      o.source.startsWith("4lw:") &&
      (o.ok || o.failure?.kind === "not-serving" || o.failure?.kind === "not-whitelisted"),
  );
}
