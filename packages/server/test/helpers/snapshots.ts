// Hand-built snapshots for pure health and exporter tests.
import type { Member } from "../../src/collect/parse/conf.ts";
import { monitorValues } from "../../src/collect/parse/monitor-values.ts";
import type { ServerSnapshot, SourceOutcome } from "../../src/collect/snapshot.ts";
import type { FailureKind } from "../../src/collect/errors.ts";

export const VIEW3: Member[] = [1, 2, 3].map((id) => ({ id, host: "127.0.0.1", role: "participant" as const }));

export function serving(
  server: string,
  mode: string,
  opts: { id?: number; zxid?: bigint; version?: string; members?: Member[]; tickTime?: string } = {},
): ServerSnapshot {
  const s: ServerSnapshot = {
    ensemble: "e",
    server,
    startedMs: 1000,
    finishedMs: 1010,
    outcomes: [
      { source: "4lw:mntr", ok: true, durationMs: 5 },
      { source: "4lw:srvr", ok: true, durationMs: 5 },
    ],
    monitor: {
      version: opts.version ?? "3.8.0-abc, built on x",
      serverState: mode,
      values: monitorValues({ znode_count: 5, avg_latency: 1, num_alive_connections: 2, outstanding_requests: 0 }),
      labeled: [],
      strings: {},
      skipped: 0,
    },
    stats: { mode, zxid: opts.zxid ?? 0x100000005n, version: opts.version ?? "3.8.0-abc, built on x" },
  };
  if (opts.id !== undefined) s.config = { values: { tickTime: opts.tickTime ?? "500" }, serverId: opts.id, members: opts.members ?? VIEW3 };
  if (opts.members !== undefined || opts.id !== undefined) s.members = opts.members ?? VIEW3;
  return s;
}

export function failing(server: string, kind: FailureKind, reason: string, sources = ["4lw:mntr", "4lw:srvr"]): ServerSnapshot {
  const outcomes: SourceOutcome[] = sources.map((source) => ({ source, ok: false, durationMs: 5, failure: { kind, reason } }));
  return { ensemble: "e", server, startedMs: 1000, finishedMs: 1010, outcomes };
}
