// `zoosight query`: table and --json output against a running server (--url) and a data
// directory (--data), range queries, and bad input.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startHttpServer } from "../../../src/api/http-server.ts";
import { WatchService } from "../../../src/api/watch-service.ts";
import type { CliIO } from "../../../src/cli/command.ts";
import { main } from "../../../src/cli/main.ts";
import { MemoryQuerier } from "../../../src/promql/index.ts";
import { Tsdb } from "../../../src/tsdb/index.ts";
import { realClock } from "../../helpers/real-clock.ts";

const T0 = 1_700_000_000_000;

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    }, env: {}, cwd: process.cwd(), interrupted: new Promise(() => {}) };
  const code = await main(["query", ...argv], io);
  return { code, out, err };
}

describe("cli > query", () => {
  let base = "";
  let close: () => Promise<void> = async () => {};
  const dir = mkdtempSync(join(tmpdir(), "zoosight-query-"));
  before(async () => {
    const q = new MemoryQuerier();
    q.add({ __name__: "zookeeper_up", ensemble: "main", server: "zk1:2181" }, [{ t: T0, v: 1 }, { t: T0 + 60_000, v: 0 }]);
    q.add({ __name__: "zookeeper_up", ensemble: "main", server: "zk2:2181" }, [{ t: T0, v: 1 }, { t: T0 + 60_000, v: 1 }]);
    const service = new WatchService({ ensembles: [], clock: realClock, limits: { connectTimeoutMs: 1000, totalTimeoutMs: 1000, maxBytes: 1 << 20 } });
    const server = await startHttpServer({ service, host: "127.0.0.1", port: 0, promMeta: { querier: q } });
    base = `http://${server.address}`;
    close = server.close;
    const tsdb = Tsdb.open({ dir: join(dir, "tsdb"), clock: { now: () => T0 + 120_000 } });
    tsdb.appendSample({ __name__: "zookeeper_znode_count", ensemble: "main", server: "zk1:2181" }, T0, 42);
    tsdb.flush();
    tsdb.close();
  });
  after(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("instant query as a table and as JSON (--url)", async () => {
    const r = await run(["sum by (ensemble) (zookeeper_up)", "--url", base, "--time", String(T0 / 1000 + 60)]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `SERIES             VALUE  TIME\n{ensemble="main"}  1      ${new Date(T0 + 60_000).toISOString()}\n`);
    const j = await run(["zookeeper_up == 0", "--url", base, "--time", String(T0 / 1000 + 60), "--json"]);
    assert.deepEqual(JSON.parse(j.out), {
      resultType: "vector",
      result: [{ metric: { __name__: "zookeeper_up", ensemble: "main", server: "zk1:2181" }, value: [T0 / 1000 + 60, "0"] }],
    });
  });

  test("range query (--range --start --end --step)", async () => {
    const r = await run(["count(zookeeper_up)", "--url", base, "--range", "--start", String(T0 / 1000), "--end", String(T0 / 1000 + 60), "--step", "1m", "--json"]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { resultType: "matrix", result: [{ metric: {}, values: [[T0 / 1000, "2"], [T0 / 1000 + 60, "2"]] }] });
  });

  test("--data queries a data directory through the store", async () => {
    const r = await run(["zookeeper_znode_count", "--data", dir, "--time", String(T0 / 1000 + 30), "--json"]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), {
      resultType: "vector",
      result: [{ metric: { __name__: "zookeeper_znode_count", ensemble: "main", server: "zk1:2181" }, value: [T0 / 1000 + 30, "42"] }],
    });
  });

  test("bad input: one clear line and a non-zero exit", async () => {
    let r = await run([]);
    assert.equal(r.code, 2);
    assert.match(r.err, /missing the PromQL expression/);
    r = await run(["up", "--time", "soon"]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--time: cannot parse "soon"/);
    r = await run(["sum(", "--url", base]);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad_data: parse error/);
    r = await run(["up", "--url", "http://127.0.0.1:1"]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot reach/);
  });
});
