// A real 5-server ensemble, `zoosight serve` (through the CLI), and a real Prometheus (Debian
// package) scraping it; the series are checked through Prometheus's HTTP API.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Ensemble } from "@zoosight/testkit";
import { freePort, startEnsemble } from "@zoosight/testkit";
import type { CliIO } from "../../src/cli/command.ts";
import { main } from "../../src/cli/main.ts";
import { promtoolCheck } from "../helpers/promtool.ts";

interface PromResult {
  metric: Record<string, string>;
  value: [number, string];
}

async function promQuery(base: string, query: string): Promise<PromResult[]> {
  const r = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await r.json()) as { status: string; data: { result: PromResult[] } };
  assert.equal(body.status, "success");
  return body.data.result;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, tries = 120): Promise<T> {
  for (let i = 0; i < tries; i++) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`never happened: ${what}`);
}

describe("api > real Prometheus scrapes zoosight serve (5-server ensemble)", { concurrency: false }, () => {
  let zk: Ensemble;
  let prom: ChildProcess | undefined;
  let stopServe: () => void = () => {};
  let serveDone: Promise<number> | undefined;
  const dir = mkdtempSync(join(tmpdir(), "zoosight-prom-"));
  let zoosight = "";
  let promBase = "";
  const serveOut = { out: "", err: "" };

  before(async () => {
    zk = await startEnsemble({ servers: 5, name: "zoosight-five" });
    await zk.waitServing(120_000);
    const zkList = zk.servers.map((s) => `${s.clientAddress}@${s.adminPort}`).join(",");
    const io: CliIO = {
      stdout: (t) => {
        serveOut.out += t;
      },
      stderr: (t) => {
        serveOut.err += t;
      },
      env: {},
      cwd: dir,
      interrupted: new Promise<void>((resolve) => {
        stopServe = resolve;
      }),
    };
    serveDone = main(["serve", "--zk", zkList, "--name", "five", "--port", "0", "--interval", "1000", "--data", "data"], io);
    zoosight = await until("zoosight serve listening", async () => /listening on http:\/\/(\S+) /.exec(serveOut.err)?.[1]);
    const promPort = await freePort();
    writeFileSync(
      join(dir, "prometheus.yml"),
      `global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\nscrape_configs:\n  - job_name: zoosight\n    static_configs:\n      - targets: ["${zoosight}"]\n`,
    );
    prom = spawn(
      "/usr/bin/prometheus",
      [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "tsdb")}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: "ignore" },
    );
    promBase = `http://127.0.0.1:${promPort}`;
  });

  after(async () => {
    if (prom && prom.exitCode === null) {
      const exited = new Promise((r) => prom!.once("exit", r));
      prom.kill("SIGKILL");
      await exited;
    }
    stopServe();
    await serveDone;
    await zk?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("zoosight's own view of the 5 servers is healthy and promtool passes", async () => {
    const text = await until("all five servers classified", async () => {
      const t = await (await fetch(`http://${zoosight}/metrics`)).text();
      return /zookeeper_ensemble_verdict\{ensemble="five",verdict="healthy"\} 1/.test(t) ? t : undefined;
    });
    const check = promtoolCheck(text);
    assert.equal(check.status, 0, check.output);
    assert.match(text, /^zookeeper_ensemble_voters\{ensemble="five"\} 5$/m);
    assert.match(text, /^zookeeper_ensemble_voters_serving\{ensemble="five"\} 5$/m);
    assert.match(text, /^zookeeper_ensemble_leaders\{ensemble="five"\} 1$/m);
    const api = (await (await fetch(`http://${zoosight}/api/zoosight/ensembles/five`)).json()) as { data: { servers: unknown[] } };
    assert.equal(api.data.servers.length, 5);
  });

  test("Prometheus ingests the series with ensemble/server labels and the right types", async () => {
    const leaders = await until("leader series in Prometheus", async () => {
      const r = await promQuery(promBase, 'zookeeper_server_state{state="leader"} == 1');
      return r.length === 1 ? r : undefined;
    });
    const leader = await zk.leader(60_000);
    assert.equal(leaders[0]!.metric.ensemble, "five");
    assert.equal(leaders[0]!.metric.server, leader.clientAddress);
    assert.equal(leaders[0]!.metric.job, "zoosight");
    // On a loaded machine a scrape can time out, and Prometheus then marks the last scrape's series
    // stale; wait for a scrape that has all five servers rather than reading whatever is current.
    const up = await until("zookeeper_up of five servers", async () => {
      const r = await promQuery(promBase, "zookeeper_up");
      return r.length === 5 ? r : undefined;
    });
    assert.deepEqual(new Set(up.map((r) => r.metric.server)), new Set(zk.servers.map((s) => s.clientAddress)));
    await until("a successful scrape (up == 1)", async () => ((await promQuery(promBase, 'up{job="zoosight"} == 1')).length === 1 ? true : undefined));
    const meta = (await (await fetch(`${promBase}/api/v1/metadata`)).json()) as { data: Record<string, { type: string }[]> };
    assert.equal(meta.data.zookeeper_server_state?.[0]?.type, "gauge");
    assert.equal(meta.data.zookeeper_ensemble_elections_total?.[0]?.type, "counter");
    assert.equal(meta.data.zookeeper_packets_received_total?.[0]?.type, "counter");
    assert.equal(meta.data.zoosight_requests_total?.[0]?.type, "counter");
  });

  test("a follower killed shows up in Prometheus as down, the ensemble degraded", async () => {
    const [follower] = await zk.followers();
    assert.ok(follower);
    await follower.kill();
    await until("follower down in Prometheus", async () => {
      const r = await promQuery(promBase, `zookeeper_server_state{server="${follower.clientAddress}",state="down"} == 1`);
      return r.length === 1 ? r : undefined;
    });
    await until("ensemble degraded in Prometheus", async () => {
      const r = await promQuery(promBase, 'zookeeper_ensemble_verdict{verdict="degraded"} == 1');
      return r.length === 1 ? r : undefined;
    });
    assert.match(serveOut.out, new RegExp(`five server-down: ${follower.clientAddress.replace(/\./g, "\\.")}: follower → down`));
  });
});
