// Derived health figures (zookeeper_*) and collector self-metrics (zoosight_*) as families.
import type { CollectorStats } from "../collect/collector.ts";
import type { ServerSnapshot } from "../collect/snapshot.ts";
import { clientPortAnswered } from "../collect/snapshot.ts";
import type { EnsembleHealth } from "../health/ensemble-health.ts";
import { VERDICTS } from "../health/ensemble-health.ts";
import type { ServerHealth } from "../health/server-health.ts";
import { SERVER_STATES, SERVING_STATES } from "../health/server-health.ts";
import type { EnsembleCounters } from "../health/tracker.ts";
import type { FamilySet } from "./exposition.ts";

const g = (help: string) => ({ type: "gauge" as const, help });
const c = (help: string) => ({ type: "counter" as const, help });

export function addServerHealthFamilies(set: FamilySet, snap: ServerSnapshot, h: ServerHealth, base: Record<string, string>): void {
  set.add("zookeeper_up", g("1 when the server's client port answered the last scrape in time (even 'not serving')"), base, clientPortAnswered(snap) ? 1 : 0);
  set.add("zookeeper_serving", g("1 when the server serves client requests (leader, follower, observer, standalone, read-only)"), base, SERVING_STATES.has(h.state) ? 1 : 0);
  for (const st of SERVER_STATES) {
    set.add("zookeeper_server_state", g("Server state as zoosight classifies it: 1 for the current state, 0 for the others"), { ...base, state: st }, h.state === st ? 1 : 0);
  }
  if (h.version !== undefined) set.add("zookeeper_server_version_info", g("ZooKeeper version the server reports"), { ...base, version: h.version }, 1);
  if (h.id !== undefined) set.add("zookeeper_server_id", g("The server's id (myid)"), base, h.id);
  if (h.zxid !== undefined) {
    const z = BigInt(h.zxid);
    set.add("zookeeper_zxid_epoch", g("Epoch of the last processed zxid"), base, Number(z >> 32n));
    set.add("zookeeper_zxid_sequence", g("Counter part (low 32 bits) of the last processed zxid"), base, Number(z & 0xffffffffn));
  }
  if (h.lag !== undefined) set.add("zookeeper_transactions_behind_leader", g("Transactions behind the leader (same epoch)"), base, h.lag);
  for (const u of h.unreadable) {
    set.add("zookeeper_source_unreadable", g("1 for each source that could not be read in the last scrape, with the reason"), { ...base, source: u.source, reason: u.kind }, 1);
  }
  set.add("zoosight_scrape_duration_seconds", g("Duration of the last scrape of the server"), base, h.scrapeDurationMs / 1000);
  set.add("zoosight_last_scrape_timestamp_seconds", g("When the last scrape of the server finished (Unix time)"), base, h.scrapedAtMs / 1000);
  for (const o of snap.outcomes) {
    set.add("zoosight_request_duration_seconds", g("Duration of the last request per source"), { ...base, source: o.source }, o.durationMs / 1000);
  }
}

export function addEnsembleFamilies(set: FamilySet, h: EnsembleHealth, counters: EnsembleCounters): void {
  const base = { ensemble: h.name };
  for (const v of VERDICTS) {
    set.add("zookeeper_ensemble_verdict", g("Ensemble verdict: 1 for the current one (healthy, degraded, no-quorum, multiple-leaders)"), { ...base, verdict: v }, h.verdict === v ? 1 : 0);
  }
  set.add("zookeeper_ensemble_healthy", g("1 when the ensemble's verdict is healthy"), base, h.verdict === "healthy" ? 1 : 0);
  set.add("zookeeper_ensemble_quorum", g("1 when enough voters serve for a quorum"), base, h.quorum ? 1 : 0);
  set.add("zookeeper_ensemble_voters", g("Voting members in the ensemble's voting view (or configuration)"), base, h.votersConfigured);
  set.add("zookeeper_ensemble_voters_serving", g("Voting members serving as leader or follower"), base, h.votersServing);
  set.add("zookeeper_ensemble_voters_up", g("Voting members not down or hung (able to elect a leader)"), base, h.votersUp);
  set.add("zookeeper_ensemble_quorum_needed", g("Voters needed for a quorum"), base, h.quorumNeeded);
  set.add("zookeeper_ensemble_leaders", g("Servers reporting themselves leader (exactly 1 expected)"), base, h.leaders.length);
  set.add("zookeeper_ensemble_elections_total", c("Leader elections zoosight observed (new leader or new epoch)"), base, counters.elections);
  set.add("zookeeper_ensemble_leader_changes_total", c("Changes of leader identity zoosight observed"), base, counters.leaderChanges);
  if (h.zxidSpread !== undefined) set.add("zookeeper_ensemble_zxid_spread", g("Largest minus smallest zxid counter among serving servers"), base, h.zxidSpread);
  set.add("zookeeper_ensemble_versions", g("Distinct ZooKeeper versions among the servers (1 expected)"), base, h.versions.length);
  set.add("zookeeper_ensemble_config_drift", g("Configuration keys that differ between servers"), base, h.configDrift.length);
  set.add("zookeeper_ensemble_members_unconfigured", g("Voting-view members that the configuration does not list"), base, h.discovered.length);
  set.add("zookeeper_ensemble_servers_not_members", g("Configured servers that are not in the voting view"), base, h.notMembers.length);
  if (h.probe) {
    set.add("zookeeper_probe_success", g("1 when the client probe read and wrote its canary znode"), base, h.probe.ok ? 1 : 0);
    if (h.probe.readMs !== undefined) set.add("zookeeper_probe_read_seconds", g("Round trip of the client probe's read (getData)"), base, h.probe.readMs / 1000);
    if (h.probe.writeMs !== undefined) set.add("zookeeper_probe_write_seconds", g("Round trip of the client probe's write (setData)"), base, h.probe.writeMs / 1000);
  }
}

export function addCollectorFamilies(set: FamilySet, stats: CollectorStats): void {
  set.add("zoosight_collection_cycles_total", c("Collection cycles completed"), {}, stats.cycles);
  set.add("zoosight_collection_cycle_duration_seconds", g("Duration of the last collection cycle"), {}, stats.lastCycleDurationMs / 1000);
  for (const [key, n] of stats.requests) {
    const [ensemble = "", server = "", source = ""] = key.split("\u0000");
    set.add("zoosight_requests_total", c("Requests sent to servers, per source"), { ensemble, server, source }, n);
  }
  for (const [key, n] of stats.errors) {
    const [ensemble = "", server = "", source = "", reason = ""] = key.split("\u0000");
    set.add("zoosight_scrape_errors_total", c("Failed requests, per server, source and reason"), { ensemble, server, source, reason }, n);
  }
}
