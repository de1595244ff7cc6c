// The built-in ZooKeeper rule pack, on by default. Written as a Prometheus rule file so that
// `zoosight rules export` writes it verbatim and `promtool check rules` accepts it. Uses only
// metric names that zoosight's /metrics exposes (packages/server/src/metrics/).
//
// Ensemble-level critical alerts run in a 1s group with a short `for` so that detection to
// notification stays under 5 s; per-server and capacity alerts run less often with longer `for`.
import type { RuleGroupSpec } from "../rule-spec.ts";
import { loadRuleText } from "../rule-file.ts";

const RB = "https://github.com/zoosight/zoosight/blob/main/docs/runbooks.md";

export const ZOOKEEPER_RULES_YAML = `# zoosight built-in ZooKeeper rule pack (zoosight rules export)
groups:
  - name: zookeeper-ensemble
    interval: 1s
    rules:
      - alert: ZooKeeperQuorumLost
        expr: zookeeper_ensemble_voters_up < zookeeper_ensemble_quorum_needed
        for: 2s
        labels:
          severity: critical
          scope: ensemble
        annotations:
          summary: "ZooKeeper ensemble {{ $labels.ensemble }} has lost its quorum"
          description: "Only {{ $value }} voters of ensemble {{ $labels.ensemble }} are up (the others are down or hung), fewer than a majority: no leader can be elected, clients cannot write and sessions expire."
          runbook: "Run zoosight status for the ensemble; restart the down or hung servers first (a majority must be up); check network partitions between voters. ${RB}#quorum-lost"
      - alert: ZooKeeperNoLeader
        expr: zookeeper_ensemble_leaders == 0 and zookeeper_ensemble_voters > 1
        for: 5s
        labels:
          severity: critical
          scope: ensemble
        annotations:
          summary: "ZooKeeper ensemble {{ $labels.ensemble }} has no leader"
          description: "No server of ensemble {{ $labels.ensemble }} reports itself leader: it is electing, stuck in election, or its voters cannot reach each other (a partition). With voters down, ZooKeeperQuorumLost says so."
          runbook: "Check zookeeper_server_state for looking servers and the servers' logs for election rounds; verify election ports (3888) are reachable between voters. ${RB}#no-leader"
      - alert: ZooKeeperMultipleLeaders
        expr: zookeeper_ensemble_leaders > 1
        for: 30s
        labels:
          severity: critical
          scope: ensemble
        annotations:
          summary: "ZooKeeper ensemble {{ $labels.ensemble }} reports {{ $value }} leaders"
          description: "More than one server of ensemble {{ $labels.ensemble }} claims leadership: a split brain or a stale server."
          runbook: "Compare zookeeper_zxid_epoch across the leaders; the one with the older epoch is stale; restart it. Verify the servers share one server.N configuration. ${RB}#multiple-leaders"
      - alert: ZooKeeperLeaderChanged
        expr: increase(zookeeper_ensemble_leader_changes_total[1m]) > 0
        labels:
          severity: warning
          scope: ensemble
        annotations:
          summary: "ZooKeeper ensemble {{ $labels.ensemble }} changed leader"
          description: "The leader of ensemble {{ $labels.ensemble }} changed in the last minute; clients saw a short write outage."
          runbook: "Find the previous leader in zoosight's events (/api/zoosight/events) and check why it lost leadership: crash, GC pause, disk stall or network. ${RB}#leader-changed"
      - alert: ZooKeeperElectionStorm
        expr: increase(zookeeper_ensemble_elections_total[15m]) > 3
        labels:
          severity: critical
          scope: ensemble
        annotations:
          summary: "ZooKeeper ensemble {{ $labels.ensemble }} keeps electing leaders"
          description: "{{ $value | humanize }} elections in 15 minutes in ensemble {{ $labels.ensemble }}."
          runbook: "Repeated elections point at an unstable leader (GC pauses, fsync stalls, overload) or flapping network; check jvm pause and fsync alerts and syncLimit/tickTime. ${RB}#election-storm"
  - name: zookeeper-servers
    interval: 5s
    rules:
      - alert: ZooKeeperServerDown
        expr: zookeeper_server_state{state="down"} == 1
        for: 15s
        labels:
          severity: critical
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} ({{ $labels.ensemble }}) is down"
          description: "The client port of {{ $labels.server }} refuses or drops connections."
          runbook: "Check the process and its log on the host; restart it; if it fails at start, look for a full disk or a corrupt snapshot/log in dataDir. ${RB}#server-down"
      - alert: ZooKeeperServerHung
        expr: zookeeper_server_state{state="hung"} == 1
        for: 15s
        labels:
          severity: critical
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} ({{ $labels.ensemble }}) accepts connections but does not answer"
          description: "{{ $labels.server }} connects but times out on every request: a stopped process, a long GC pause or a stuck disk."
          runbook: "Take a thread dump (jstack) of the server, check GC logs and disk latency; restart it if it does not recover. ${RB}#server-hung"
      - alert: ZooKeeperServerNotServing
        expr: max without (state) (zookeeper_server_state{state=~"looking|not-serving"}) == 1
        for: 10s
        labels:
          severity: critical
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} ({{ $labels.ensemble }}) is alive but not serving"
          description: "{{ $labels.server }} answers on its client port but does not serve requests: out of quorum or in leader election. up == 0 rules miss this."
          runbook: "Check that the server can reach the leader on the quorum port (2888) and the others on the election port (3888); compare its configuration with the others'. ${RB}#not-serving"
      - alert: ZooKeeperServerUnreadable
        expr: zookeeper_server_state{state="unknown"} == 1
        for: 1m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "zoosight cannot read ZooKeeper server {{ $labels.server }} ({{ $labels.ensemble }})"
          description: "Nothing zoosight asked {{ $labels.server }} could be read, so its state is unknown."
          runbook: "Check zookeeper_source_unreadable for the reason: four-letter words not whitelisted (4lw.commands.whitelist), AdminServer disabled, TLS or auth required. ${RB}#unreadable"
      - alert: ZooKeeperSourceUnreadable
        expr: zookeeper_source_unreadable == 1
        for: 5m
        labels:
          severity: info
          scope: server
        annotations:
          summary: "zoosight cannot read {{ $labels.source }} of {{ $labels.server }} ({{ $labels.reason }})"
          description: "The {{ $labels.source }} source of {{ $labels.server }} fails with {{ $labels.reason }}; some metrics are missing."
          runbook: "Allow the command in 4lw.commands.whitelist or enable the AdminServer (admin.serverPort) on the server. ${RB}#source-unreadable"
      - alert: ZooKeeperFollowerLagging
        expr: zookeeper_transactions_behind_leader > 1000
        for: 1m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} is {{ $value }} transactions behind the leader"
          description: "{{ $labels.server }} in {{ $labels.ensemble }} applies transactions slower than the leader commits them; reads from it are stale."
          runbook: "Check the follower's disk (fsync), GC pauses and network to the leader; a follower that never catches up should be restarted to resync. ${RB}#follower-lagging"
      - alert: ZooKeeperLatencyHigh
        expr: zookeeper_avg_latency_seconds > 0.1
        for: 5m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} average latency is {{ $value | humanizeDuration }}"
          description: "Average request latency of {{ $labels.server }} ({{ $labels.ensemble }}) is above 100ms."
          runbook: "Look for disk stalls (fsync), GC pauses, too many connections or large znodes; compare with the other servers. ${RB}#latency-high"
      - alert: ZooKeeperOutstandingRequests
        expr: zookeeper_outstanding_requests > 100
        for: 2m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "{{ $value }} requests queued on ZooKeeper server {{ $labels.server }}"
          description: "Requests pile up on {{ $labels.server }} ({{ $labels.ensemble }}): the server cannot keep up with its clients."
          runbook: "Find the clients driving the load (the cons four-letter word or /api/zoosight/ensembles connections); check disk and GC; consider adding observers for read load. ${RB}#outstanding-requests"
      - alert: ZooKeeperFileDescriptorsNearLimit
        expr: zookeeper_open_file_descriptors / zookeeper_max_file_descriptors > 0.85
        for: 5m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} uses {{ $value | humanizePercentage }} of its file descriptors"
          description: "{{ $labels.server }} ({{ $labels.ensemble }}) is close to its file descriptor limit; new connections will fail."
          runbook: "Raise the limit (LimitNOFILE / ulimit -n) or find the client leaking connections; maxClientCnxns caps connections per client IP. ${RB}#file-descriptors"
      - alert: ZooKeeperFsyncStalls
        expr: (delta(zookeeper_sum_fsynctime[5m]) / delta(zookeeper_cnt_fsynctime[5m]) or rate(zookeeper_fsynctime_sum[5m]) / rate(zookeeper_fsynctime_count[5m])) > 100
        for: 1m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} fsyncs take {{ $value | humanize }}ms on average"
          description: "Transaction log fsyncs on {{ $labels.server }} ({{ $labels.ensemble }}) averaged over 100ms in the last 5 minutes (ZooKeeper logs each one over fsync.warningthresholdms, 1s by default); writes stall and followers may drop out."
          runbook: "Put dataLogDir on a dedicated, fast disk; check for other I/O on the host and for swapping. ${RB}#fsync"
  - name: zookeeper-capacity
    interval: 30s
    rules:
      - alert: ZooKeeperZnodeCountGrowth
        expr: predict_linear(zookeeper_znodes[1h], 6 * 3600) > 1000000
        for: 15m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} ({{ $labels.ensemble }}) will hold over a million znodes within 6 hours"
          description: "At the growth of the last hour, {{ $labels.server }} will hold {{ $value | humanize }} znodes in 6 hours."
          runbook: "Find the fastest-growing subtree (zkCli.sh getAllChildrenNumber on the top-level paths) and the client creating it; clean up leaked ephemeral/sequential nodes or use TTL/container nodes. ${RB}#znode-growth"
      - alert: ZooKeeperDataSizeGrowth
        expr: predict_linear(zookeeper_approximate_data_size[1h], 6 * 3600) > 1073741824
        for: 15m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} ({{ $labels.ensemble }}) data will exceed 1GiB within 6 hours"
          description: "At the growth of the last hour, the data tree of {{ $labels.server }} will be {{ $value | humanize1024 }}B in 6 hours; snapshots and restarts get slow and the heap fills."
          runbook: "Find large znodes (zkCli.sh stat shows dataLength); ZooKeeper is not a blob store; move payloads elsewhere. ${RB}#data-size"
      - alert: ZooKeeperWatchCountGrowth
        expr: predict_linear(zookeeper_watches[1h], 6 * 3600) > 1000000
        for: 15m
        labels:
          severity: warning
          scope: server
        annotations:
          summary: "ZooKeeper server {{ $labels.server }} will hold over a million watches within 6 hours"
          description: "Watch count of {{ $labels.server }} ({{ $labels.ensemble }}) projects to {{ $value | humanize }}."
          runbook: "Find the clients and paths behind the watches (wchc per connection, wchp per path): ZooKeeper keeps one watch per path and connection, so growth means more watched paths or more connections. ${RB}#watches"
      - alert: ZooKeeperVersionDrift
        expr: zookeeper_ensemble_versions > 1
        for: 1h
        labels:
          severity: warning
          scope: ensemble
        annotations:
          summary: "ZooKeeper ensemble {{ $labels.ensemble }} runs {{ $value }} different versions"
          description: "Servers of {{ $labels.ensemble }} report different ZooKeeper versions for over an hour: an unfinished rolling upgrade."
          runbook: "Compare zookeeper_server_version_info per server and finish (or roll back) the upgrade. ${RB}#version-drift"
      - alert: ZooKeeperConfigDrift
        expr: zookeeper_ensemble_config_drift > 0
        for: 5m
        labels:
          severity: warning
          scope: ensemble
        annotations:
          summary: "ZooKeeper ensemble {{ $labels.ensemble }} servers disagree on {{ $value }} configuration keys"
          description: "Servers of {{ $labels.ensemble }} differ in tickTime, initLimit, syncLimit, session timeouts, maxClientCnxns or membership."
          runbook: "zoosight status --json lists the differing keys; align zoo.cfg across servers and restart them one at a time. ${RB}#config-drift"
      - alert: ZooKeeperMembershipMismatch
        expr: zookeeper_ensemble_members_unconfigured > 0 or zookeeper_ensemble_servers_not_members > 0
        for: 5m
        labels:
          severity: warning
          scope: ensemble
        annotations:
          summary: "ZooKeeper ensemble {{ $labels.ensemble }} membership differs from zoosight's configuration"
          description: "The ensemble's voting view and the servers zoosight is configured with do not match; zoosight may not watch every voter."
          runbook: "Compare the voting view (conf / AdminServer voting_view) with zoosight's ensembles: configuration. ${RB}#membership"
`;

/** The pack's groups, validated. Throws if the pack itself is invalid (a bug). */
export function builtinRuleGroups(): RuleGroupSpec[] {
  const { groups, errors } = loadRuleText(ZOOKEEPER_RULES_YAML, "<builtin:zookeeper>");
  if (errors.length > 0) throw errors[0]!;
  return groups;
}
