// /api/v1/query and /api/v1/query_range: zoosight's HTTP server over the PromQL engine and an
// in-memory querier; envelopes, error types, limits, and the real promtool as the client.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { startHttpServer } from "../../../src/api/http-server.ts";
import { handlePromQuery, type PromQueryDeps } from "../../../src/api/prom/index.ts";
import { WatchService } from "../../../src/api/watch-service.ts";
import { MemoryQuerier } from "../../../src/promql/index.ts";
import { realClock } from "../../helpers/real-clock.ts";

const T0 = 1_700_000_000_000;

function data(): MemoryQuerier {
  const q = new MemoryQuerier();
  for (const server of ["zk1:2181", "zk2:2181", "zk3:2181"]) {
    const samples = Array.from({ length: 61 }, (_, i) => ({ t: T0 + i * 15_000, v: i * 10 }));
    q.add({ __name__: "zookeeper_packets_received_total", ensemble: "main", server }, samples);
    q.add({ __name__: "zookeeper_up", ensemble: "main", server }, samples.map((s) => ({ t: s.t, v: 1 })));
  }
  return q;
}

/** Runs promtool without blocking this process's event loop (the server under test lives here). */
function promtool(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("promtool", args, { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A bare HTTP server around handlePromQuery, for limits the zoosight server does not expose. */
async function bare(deps: PromQueryDeps): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    handlePromQuery(req, res, new URL(req.url ?? "/", "http://x"), deps).then((done) => {
      if (!done) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

interface Body {
  status: string;
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

async function get(base: string, path: string): Promise<[number, Body]> {
  const r = await fetch(`${base}${path}`);
  return [r.status, (await r.json()) as Body];
}

describe("api > prom > query endpoints", () => {
  let base = "";
  let port = 0;
  let close: () => Promise<void> = async () => {};
  before(async () => {
    const service = new WatchService({
      ensembles: [],
      clock: realClock,
      limits: { connectTimeoutMs: 1000, totalTimeoutMs: 1000, maxBytes: 1 << 20 },
    });
    const server = await startHttpServer({ service, host: "127.0.0.1", port: 0, promMeta: { querier: data() } });
    base = `http://${server.address}`;
    port = server.port;
    close = server.close;
  });
  after(() => close());

  test("instant query: vector in Prometheus's envelope", async () => {
    const q = encodeURIComponent("sum by (ensemble) (rate(zookeeper_packets_received_total[1m]))");
    const [status, body] = await get(base, `/api/v1/query?query=${q}&time=${(T0 + 600_000) / 1000}`);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      status: "success",
      data: { resultType: "vector", result: [{ metric: { ensemble: "main" }, value: [(T0 + 600_000) / 1000, "2"] }] },
    });
  });

  test("range query (form POST): matrix, step-aligned points", async () => {
    const form = new URLSearchParams({ query: "count(zookeeper_up == 1)", start: String(T0 / 1000), end: String(T0 / 1000 + 60), step: "30s" });
    const r = await fetch(`${base}/api/v1/query_range`, { method: "POST", body: form });
    const body = (await r.json()) as Body;
    assert.deepEqual(body.data, {
      resultType: "matrix",
      result: [{ metric: {}, values: [[T0 / 1000, "3"], [T0 / 1000 + 30, "3"], [T0 / 1000 + 60, "3"]] }],
    });
  });

  test("errors: bad_data 400 (syntax with position, parameters), execution 422", async () => {
    let [status, body] = await get(base, `/api/v1/query?query=${encodeURIComponent("sum(rate(x[5m])")}`);
    assert.equal(status, 400);
    assert.equal(body.errorType, "bad_data");
    assert.match(body.error ?? "", /parse error at char 16/);
    [status, body] = await get(base, `/api/v1/query_range?query=up&start=10&end=0&step=1`);
    assert.equal(status, 400);
    [status, body] = await get(base, `/api/v1/query?query=up&time=yesterday`);
    assert.equal(status, 400);
    assert.match(body.error ?? "", /invalid parameter "time"/);
    const m2m = encodeURIComponent("zookeeper_up + on(ensemble) zookeeper_packets_received_total");
    [status, body] = await get(base, `/api/v1/query?query=${m2m}&time=${T0 / 1000 + 60}`);
    assert.equal(status, 422);
    assert.equal(body.errorType, "execution");
    assert.match(body.error ?? "", /many-to-many matching not allowed/);
  });

  test("limits: too many samples → execution 422; timeout → 503", async () => {
    const small = await bare({ querier: data(), limits: { maxSamples: 100 } });
    try {
      const [status, body] = await get(small.base, `/api/v1/query?query=${encodeURIComponent("zookeeper_up[1h]")}&time=${T0 / 1000 + 900}`);
      assert.equal(status, 422);
      assert.match(body.error ?? "", /too many samples/);
    } finally {
      await small.close();
    }
    let fakeNow = 0;
    const slow = await bare({ querier: data(), clock: () => (fakeNow += 1000), limits: { timeoutMs: 5000 } });
    try {
      const [status, body] = await get(slow.base, `/api/v1/query_range?query=zookeeper_up&start=${T0 / 1000}&end=${T0 / 1000 + 900}&step=15`);
      assert.equal(status, 503);
      assert.equal(body.errorType, "timeout");
    } finally {
      await slow.close();
    }
  });

  test("promtool query instant and range against zoosight", async () => {
    const server = `http://127.0.0.1:${port}`;
    const inst = await promtool(["query", "instant", "--time", String(T0 / 1000 + 600), server, 'zookeeper_up{server="zk2:2181"} * 5']);
    assert.equal(inst.status, 0, inst.stderr);
    assert.equal(inst.stdout.trim(), `{ensemble="main", server="zk2:2181"} => 5 @[${T0 / 1000 + 600}]`);
    const range = await promtool(["query", "range", "--start", String(T0 / 1000), "--end", String(T0 / 1000 + 30), "--step", "15s", server, "max(zookeeper_packets_received_total)"]);
    assert.equal(range.status, 0, range.stderr);
    assert.equal(range.stdout.trim(), `{} =>\n0 @[${T0 / 1000}]\n10 @[${T0 / 1000 + 15}]\n20 @[${T0 / 1000 + 30}]`);
    const bad = await promtool(["query", "instant", server, "sum("]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /bad_data|parse error/);
  });
});
