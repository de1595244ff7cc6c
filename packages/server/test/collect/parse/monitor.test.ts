import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ParseError } from "../../../src/collect/errors.ts";
import { parseLabels, parseMntr, readMonitor } from "../../../src/collect/parse/monitor.ts";
import { fixture, fixtureJson } from "../../helpers/fixtures.ts";

// ZooKeeper 3.4.14 mntr (leader), as printed by MonitorCommand before ZOOKEEPER-3117.
const MNTR_34 = [
  "zk_version\t3.4.14-4c25d480e66aadd371de8bd2fd8da255ac140bcf, built on 03/06/2019 16:18 GMT",
  "zk_avg_latency\t0",
  "zk_max_latency\t12",
  "zk_min_latency\t0",
  "zk_packets_received\t70",
  "zk_packets_sent\t69",
  "zk_num_alive_connections\t1",
  "zk_outstanding_requests\t0",
  "zk_server_state\tleader",
  "zk_znode_count\t4",
  "zk_watch_count\t0",
  "zk_ephemerals_count\t0",
  "zk_approximate_data_size\t27",
  "zk_open_file_descriptor_count\t28",
  "zk_max_file_descriptor_count\t1048576",
  "zk_followers\t2",
  "zk_synced_followers\t2",
  "zk_pending_syncs\t0",
  "",
].join("\n");

// ZooKeeper 3.8 with metricsProvider.className=…PrometheusMetricsProvider (shape from telegraf #11520).
const MNTR_PROMETHEUS = [
  "zk_version\t3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC",
  "zk_server_state\tfollower",
  "zk_peer_state\tfollowing - broadcast",
  "zk_znode_count\t5.0",
  'zk_fsynctime{quantile="0.5"}\tNaN',
  "zk_fsynctime_count\t0.0",
  "zk_fsynctime_sum\t0.0",
  'zk_jvm_memory_pool_bytes_max{pool="Compressed Class Space"}\t1.073741824E9',
  'zk_write_per_namespace{key="cluster",quantile="0.5"}\t1.0',
  "zk_commit_count\t11438.0",
  "",
].join("\n");

describe("collect > parse > mntr", () => {
  test("3.8 leader: state, peer state, leader-only fields, learners", () => {
    const m = parseMntr(fixture("zk-3.8/leader-mntr.txt"));
    assert.equal(m.serverState, "leader");
    assert.equal(m.peerState, "leading - broadcast");
    assert.match(m.version ?? "", /^3\.8\.0/);
    assert.equal(m.values.get("learners"), 2);
    assert.equal(m.values.get("synced_followers"), 2);
    assert.equal(m.values.get("quorum_size"), 3);
    assert.equal(m.values.get("p99_quorum_ack_latency"), 0);
    assert.equal(m.skipped, 0);
  });

  test("3.8 follower has no leader-only fields", () => {
    const m = parseMntr(fixture("zk-3.8/follower-mntr.txt"));
    assert.equal(m.serverState, "follower");
    assert.equal(m.values.get("learners"), undefined);
    assert.equal(m.values.get("synced_followers"), undefined);
    assert.equal(m.values.get("avg_latency"), 0);
  });

  test("3.4: zk_followers is also reported as learners", () => {
    const m = parseMntr(MNTR_34);
    assert.equal(m.serverState, "leader");
    assert.equal(m.values.get("followers"), 2);
    assert.equal(m.values.get("learners"), 2);
    assert.equal(m.values.get("max_file_descriptor_count"), 1048576);
  });

  test("Prometheus provider lines keep their labels, NaN and exponent values", () => {
    const m = parseMntr(MNTR_PROMETHEUS);
    assert.equal(m.values.get("znode_count"), 5);
    assert.equal(m.values.get("fsynctime_count"), 0);
    assert.equal(m.values.get("commit_count"), 11438);
    const fs = m.labeled.find((s) => s.name === "fsynctime");
    assert.deepEqual(fs?.labels, { quantile: "0.5" });
    assert.ok(Number.isNaN(fs?.value));
    const pool = m.labeled.find((s) => s.name === "jvm_memory_pool_bytes_max");
    assert.deepEqual(pool?.labels, { pool: "Compressed Class Space" });
    assert.equal(pool?.value, 1073741824);
    const ns = m.labeled.find((s) => s.name === "write_per_namespace");
    assert.deepEqual(ns?.labels, { key: "cluster", quantile: "0.5" });
  });

  test("garbage is rejected, odd lines are skipped", () => {
    assert.throws(() => parseMntr("\u0000\u00ff\u0013garbage\nmore"), ParseError);
    assert.throws(() => parseMntr(""), ParseError);
    const m = parseMntr("zk_znode_count\t5\nnot a line\nzk_bad{unclosed\t1\n");
    assert.equal(m.values.get("znode_count"), 5);
    assert.equal(m.skipped, 2);
  });

  test("label parser handles escapes and rejects malformed text", () => {
    assert.deepEqual(parseLabels('a="x \\"q\\"",b="y"'), { a: 'x "q"', b: "y" });
    assert.equal(parseLabels('a=x"'), undefined);
    assert.equal(parseLabels('a="open'), undefined);
  });
});

describe("collect > parse > admin monitor", () => {
  test("reads the same keys as mntr from JSON", () => {
    const m = readMonitor(fixtureJson("zk-3.8/leader-admin-monitor.json"));
    assert.equal(m.serverState, "leader");
    assert.equal(m.values.get("learners"), 2);
    assert.equal(typeof m.values.get("znode_count"), "number");
  });

  test("labelled keys (Prometheus provider) become labelled samples", () => {
    const m = readMonitor({ server_state: "follower", 'fsynctime{quantile="0.5"}': "NaN", command: "monitor", error: null });
    assert.equal(m.labeled.length, 1);
    assert.deepEqual(m.labeled[0]!.labels, { quantile: "0.5" });
  });

  test("an empty answer is garbage", () => {
    assert.throws(() => readMonitor({ command: "monitor", error: null }), ParseError);
  });
});
