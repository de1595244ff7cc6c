// How ZooKeeper's own metric keys (mntr / monitor / the Prometheus provider) become
// zookeeper_* families that pass `promtool check metrics`: counters end in _total, gauges never
// end in _count/_sum, millisecond values are exported in seconds.

/** Keys ZooKeeper registers as counters (ServerMetrics 3.6–3.9) plus the packet counters. */
export const ZK_COUNTERS: ReadonlySet<string> = new Set(
  (
    "add_dead_watcher_stall_time bytes_received_count cnxn_closed_without_zk_server_running commit_count " +
    "connection_drop_count connection_rejected connection_request_count connection_revalidate_count " +
    "dead_watchers_cleared dead_watchers_queued diff_count digest_mismatches_count ensemble_auth_fail " +
    "ensemble_auth_skip ensemble_auth_success insecure_admin_count large_requests_rejected " +
    "learner_commit_received_count learner_proposal_received_count looking_count outstanding_changes_queued " +
    "outstanding_changes_removed prep_processor_request_queued proposal_count quit_leading_due_to_disloyal_voter " +
    "request_commit_queued request_throttle_wait_count requests_not_forwarded_to_commit_processor response_bytes " +
    "response_packet_cache_hits response_packet_cache_misses response_packet_get_children_cache_hits " +
    "response_packet_get_children_cache_misses restore_error_count restore_rate_limited_count revalidate_count " +
    "sessionless_connections_expired skip_learner_request_to_next_processor_count snap_count snapshot_error_count " +
    "snapshot_rate_limited_count stale_replies stale_requests stale_requests_dropped stale_sessions_expired " +
    "sync_processor_request_queued throttled_ops tls_handshake_exceeded unrecoverable_error_count " +
    "unsuccessful_handshake watch_bytes packets_received packets_sent auth_failed_count " +
    "fsync_threshold_exceed_count quota_exceeded_error_per_namespace"
  ).split(" "),
);

/** Gauges renamed for clarity and for promtool (no _count suffix on gauges). */
const GAUGE_RENAMES: Record<string, string> = {
  znode_count: "znodes",
  watch_count: "watches",
  ephemerals_count: "ephemerals",
  open_file_descriptor_count: "open_file_descriptors",
  max_file_descriptor_count: "max_file_descriptors",
  num_alive_connections: "alive_connections",
};

/** Millisecond-valued keys whose names do not say so. */
const MS_KEYS: Record<string, string> = {
  avg_latency: "avg_latency_seconds",
  min_latency: "min_latency_seconds",
  max_latency: "max_latency_seconds",
  uptime: "uptime_seconds",
  leader_uptime: "leader_uptime_seconds",
};

export interface MappedName {
  /** Family name, zookeeper_… */
  name: string;
  type: "gauge" | "counter";
  /** Multiply the value by this (1/1000 for milliseconds). */
  scale: number;
}

export function sanitize(key: string): string {
  const s = key.replace(/[^a-zA-Z0-9_]/g, "_");
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

/** Turns a unit word "ms"/"milliseconds" into seconds; returns the new name and scale. */
export function toBaseUnits(name: string): { name: string; scale: number } {
  const parts = name.split("_");
  let scale = 1;
  const out = parts.map((p) => {
    if (p === "ms" || p === "milliseconds") {
      scale = 1 / 1000;
      return "seconds";
    }
    if (p === "us" || p === "microseconds") {
      scale = 1 / 1e6;
      return "seconds";
    }
    if (p === "ns" || p === "nanoseconds") {
      scale = 1 / 1e9;
      return "seconds";
    }
    return p;
  });
  return { name: out.join("_"), scale };
}

const memo = new Map<string, MappedName>();

/** Maps one unlabelled or labelled, non-summary ZooKeeper key (no zk_ prefix); memoized. */
export function mapZooKeeperKey(key: string): MappedName {
  let m = memo.get(key);
  if (!m) {
    m = mapKey(key);
    if (memo.size < 50_000) memo.set(key, m);
  }
  return m;
}

function mapKey(key: string): MappedName {
  const k = sanitize(key);
  if (ZK_COUNTERS.has(k) || k.endsWith("_total")) {
    const base = k.replace(/_total$/, "").replace(/_count$/, "");
    const { name, scale } = toBaseUnits(base);
    return { name: `zookeeper_${name}_total`, type: "counter", scale };
  }
  if (MS_KEYS[k]) return { name: `zookeeper_${MS_KEYS[k]}`, type: "gauge", scale: 1 / 1000 };
  let base = GAUGE_RENAMES[k] ?? k;
  if (base.endsWith("_count")) base = `${base.slice(0, -"_count".length)}_number`;
  else if (base.endsWith("_sum")) base = `${base.slice(0, -"_sum".length)}_sum_value`;
  else if (base.endsWith("_bucket")) base = `${base.slice(0, -"_bucket".length)}_bucket_value`;
  // cnt_<metric>_ms is how many observations there were: a count, not scaled by the unit word.
  const { name, scale } = k.startsWith("cnt_") ? { name: base.replace(UNIT_WORD, ""), scale: 1 } : toBaseUnits(base);
  return { name: `zookeeper_${name}`, type: "gauge", scale };
}

const UNIT_WORD = /_(ms|milliseconds|us|microseconds|ns|nanoseconds)(?=_|$)/;
