import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseMntr } from "../../src/collect/parse/monitor.ts";
import { parseSrvr } from "../../src/collect/parse/srvr.ts";
import type { ServerSnapshot } from "../../src/collect/snapshot.ts";
import { HealthTracker } from "../../src/health/tracker.ts";
import { renderMetrics } from "../../src/metrics/exporter.ts";
import { formatSample, renderExposition } from "../../src/metrics/exposition.ts";
import { mapZooKeeperKey } from "../../src/metrics/zookeeper-names.ts";
import { fixture } from "../helpers/fixtures.ts";
import { failing } from "../helpers/snapshots.ts";
import { promtoolCheck } from "../helpers/promtool.ts";

const PROMETHEUS_PROVIDER_MNTR = [
  "zk_version\t3.8.0-5a02a05, built on 2022-02-25 08:49 UTC",
  "zk_server_state\tfollower",
  "zk_znode_count\t5.0",
  'zk_fsynctime{quantile="0.5"}\tNaN',
  "zk_fsynctime_count\t3.0",
  "zk_fsynctime_sum\t12.0",
  'zk_jvm_pause_time_ms{quantile="0.5"}\t4.0',
  "zk_jvm_pause_time_ms_count\t2.0",
  "zk_jvm_pause_time_ms_sum\t8.0",
  'zk_jvm_gc_collection_seconds_count{gc="G1 Young Generation"}\t7.0',
  'zk_jvm_gc_collection_seconds_sum{gc="G1 Young Generation"}\t0.5',
  'zk_jvm_memory_pool_bytes_max{pool="Compressed \\"Class\\" Space"}\t1.073741824E9',
  'zk_write_per_namespace{key="cluster",quantile="0.5"}\t1.0',
  "zk_write_per_namespace_count{key=\"cluster\"}\t1.0",
  "zk_write_per_namespace_sum{key=\"cluster\"}\t1.0",
  'zk_quota_exceeded_error_per_namespace{key="/app"}\t2.0',
  "zk_commit_count\t11438.0",
  "zk_packets_received\t20.0",
].join("\n");

function snap(server: string, mntr: string, srvr?: string): ServerSnapshot {
  const s: ServerSnapshot = {
    ensemble: "prod",
    server,
    startedMs: 1000,
    finishedMs: 1020,
    outcomes: [{ source: "4lw:mntr", ok: true, durationMs: 12 }],
    monitor: parseMntr(mntr),
  };
  if (srvr) s.stats = parseSrvr(srvr);
  return s;
}

function exportOf(snaps: ServerSnapshot[]): string {
  const t = new HealthTracker();
  const { health } = t.update("prod", snaps, 2000);
  return renderMetrics({
    ensembles: [{ health, counters: t.counters("prod"), snapshots: snaps }],
    collector: { cycles: 1, lastCycleDurationMs: 20, errors: new Map([["prod\u0000127.0.0.1:3\u00004lw:mntr\u0000refused", 1]]), requests: new Map(), sentinelSignals: new Map() },
  });
}

function typeOf(text: string, family: string): string | undefined {
  return new RegExp(`^# TYPE ${family} (\\w+)$`, "m").exec(text)?.[1];
}

describe("metrics > exporter", () => {
  test("ZooKeeper 3.8 default-provider output passes promtool and is typed", () => {
    const text = exportOf([
      snap("127.0.0.1:1", fixture("zk-3.8/leader-mntr.txt"), fixture("zk-3.8/leader-srvr.txt")),
      snap("127.0.0.1:2", fixture("zk-3.8/follower-mntr.txt"), fixture("zk-3.8/follower-srvr.txt")),
      failing("127.0.0.1:3", "refused", "connection refused"),
    ]);
    const check = promtoolCheck(text);
    assert.equal(check.status, 0, check.output);
    assert.equal(check.output, "");
    assert.equal(typeOf(text, "zookeeper_packets_received_total"), "counter");
    assert.equal(typeOf(text, "zookeeper_commit_total"), "counter");
    assert.equal(typeOf(text, "zookeeper_znodes"), "gauge");
    assert.equal(typeOf(text, "zookeeper_learners"), "gauge");
    assert.equal(typeOf(text, "zookeeper_server_state"), "gauge");
    assert.equal(typeOf(text, "zookeeper_ensemble_elections_total"), "counter");
    assert.equal(typeOf(text, "zoosight_scrape_errors_total"), "counter");
    assert.match(text, /^zookeeper_server_state\{ensemble="prod",server="127.0.0.1:1",state="leader"\} 1$/m);
    assert.match(text, /^zookeeper_server_state\{ensemble="prod",server="127.0.0.1:3",state="down"\} 1$/m);
    assert.match(text, /^zookeeper_up\{ensemble="prod",server="127.0.0.1:3"\} 0$/m);
    assert.match(text, /^zookeeper_learners\{ensemble="prod",server="127.0.0.1:1"\} 2$/m);
    assert.match(text, /^zookeeper_ensemble_verdict\{ensemble="prod",verdict="degraded"\} 1$/m);
    assert.match(text, /^zoosight_scrape_errors_total\{ensemble="prod",server="127.0.0.1:3",source="4lw:mntr",reason="refused"\} 1$/m);
    // Every family is announced once, with HELP and TYPE.
    const types = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
    assert.equal(new Set(types).size, types.length);
  });

  test("Prometheus-provider mntr: summaries typed as summaries, ms in seconds, labels escaped", () => {
    const text = exportOf([snap("127.0.0.1:1", PROMETHEUS_PROVIDER_MNTR)]);
    const check = promtoolCheck(text);
    assert.equal(check.status, 0, check.output);
    assert.equal(typeOf(text, "zookeeper_fsynctime"), "summary");
    assert.match(text, /^zookeeper_fsynctime\{ensemble="prod",server="127.0.0.1:1",quantile="0.5"\} NaN$/m);
    assert.match(text, /^zookeeper_fsynctime_count\{ensemble="prod",server="127.0.0.1:1"\} 3$/m);
    assert.equal(typeOf(text, "zookeeper_jvm_pause_time_seconds"), "summary");
    assert.match(text, /^zookeeper_jvm_pause_time_seconds_sum\{ensemble="prod",server="127.0.0.1:1"\} 0.008$/m);
    assert.equal(typeOf(text, "zookeeper_jvm_gc_collection_seconds"), "summary");
    assert.match(text, /pool="Compressed \\"Class\\" Space"/);
    assert.equal(typeOf(text, "zookeeper_quota_exceeded_error_per_namespace_total"), "counter");
    assert.equal(typeOf(text, "zookeeper_commit_total"), "counter");
  });

  test("name mapping", () => {
    assert.deepEqual(mapZooKeeperKey("znode_count"), { name: "zookeeper_znodes", type: "gauge", scale: 1 });
    assert.deepEqual(mapZooKeeperKey("bytes_received_count"), { name: "zookeeper_bytes_received_total", type: "counter", scale: 1 });
    assert.deepEqual(mapZooKeeperKey("uptime"), { name: "zookeeper_uptime_seconds", type: "gauge", scale: 0.001 });
    assert.deepEqual(mapZooKeeperKey("p99_jvm_pause_time_ms"), { name: "zookeeper_p99_jvm_pause_time_seconds", type: "gauge", scale: 0.001 });
    // a count of observations is not scaled by the unit word of what it counts
    assert.deepEqual(mapZooKeeperKey("cnt_jvm_pause_time_ms"), { name: "zookeeper_cnt_jvm_pause_time", type: "gauge", scale: 1 });
    assert.equal(mapZooKeeperKey("some_new_count").name, "zookeeper_some_new_number");
  });

  test("exposition escapes and formats special values", () => {
    assert.equal(formatSample({ name: "m", labels: { a: 'x"y\\z\nw' }, value: Number.POSITIVE_INFINITY }), 'm{a="x\\"y\\\\z\\nw"} +Inf');
    assert.equal(renderExposition([{ name: "m", type: "gauge", help: "h", samples: [] }]), "");
  });
});
