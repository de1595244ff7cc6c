// `zoosight serve` against a real 1-server ensemble keeps history in --data: the metadata
// endpoints see the collected series, and a restarted serve still has them.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Ensemble } from "@zoosight/testkit";
import { startEnsemble } from "@zoosight/testkit";
import type { CliIO } from "../../src/cli/command.ts";
import { main } from "../../src/cli/main.ts";
import { Tsdb } from "../../src/tsdb/tsdb-store.ts";
import { isStaleNaN } from "../../src/tsdb/types.ts";

interface Running {
  base: string;
  out: { err: string };
  stop(): Promise<number>;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, tries = 120): Promise<T> {
  for (let i = 0; i < tries; i++) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`never happened: ${what}`);
}

async function serve(dir: string, zkList: string): Promise<Running> {
  const out = { err: "" };
  let interrupt: () => void = () => {};
  const io: CliIO = {
    stdout: () => {},
    stderr: (t) => {
      out.err += t;
    },
    env: {},
    cwd: dir,
    interrupted: new Promise<void>((resolve) => {
      interrupt = resolve;
    }),
  };
  const done = main(["serve", "--zk", zkList, "--name", "one", "--port", "0", "--interval", "300", "--data", "data"], io);
  const addr = await until("serve listening", async () => /listening on http:\/\/(\S+) /.exec(out.err)?.[1]);
  return {
    base: `http://${addr}`,
    out,
    stop: () => {
      interrupt();
      return done;
    },
  };
}

async function api(base: string, path: string): Promise<unknown> {
  const r = await fetch(base + path);
  const body = (await r.json()) as { status: string; data: unknown };
  assert.equal(body.status, "success", `${path}: ${JSON.stringify(body)}`);
  return body.data;
}

describe("tsdb > zoosight serve keeps history (real 1-server ensemble)", { concurrency: false }, () => {
  let zk: Ensemble;
  const dir = mkdtempSync(join(tmpdir(), "zoosight-serve-tsdb-"));

  before(async () => {
    zk = await startEnsemble({ servers: 1, name: "zoosight-tsdb-one" });
    await zk.waitServing(120_000);
  });

  after(async () => {
    await zk?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("collects into the store, serves /api/v1/series and /labels, and survives a restart", async () => {
    const server = zk.servers[0]!;
    const zkList = `${server.clientAddress}@${server.adminPort}`;
    const first = await serve(dir, zkList);
    const match = encodeURIComponent(`zookeeper_up{ensemble="one"}`);
    const series = (await until("zookeeper_up in /api/v1/series", async () => {
      const d = (await api(first.base, `/api/v1/series?match[]=${match}`)) as Record<string, string>[];
      return d.length > 0 ? d : undefined;
    })) as Record<string, string>[];
    assert.deepEqual(series, [{ __name__: "zookeeper_up", ensemble: "one", server: server.clientAddress }]);
    const labels = (await api(first.base, "/api/v1/labels")) as string[];
    for (const l of ["__name__", "ensemble", "server"]) assert.ok(labels.includes(l), `${l} in ${labels.join(",")}`);
    const names = (await api(first.base, "/api/v1/label/__name__/values")) as string[];
    assert.ok(names.some((n) => n.startsWith("zookeeper_")) && names.length > 10, names.join(","));
    const meta = (await api(first.base, "/api/v1/metadata?metric=zookeeper_up")) as Record<string, { type: string }[]>;
    assert.equal(meta.zookeeper_up?.[0]?.type, "gauge");
    const metrics = await (await fetch(`${first.base}/metrics`)).text();
    assert.match(metrics, /^zoosight_tsdb_samples_appended_total [1-9]\d*$/m);
    // let it collect a few more cycles
    await until("five zookeeper_up samples", async () => {
      const db = Number(/^zoosight_tsdb_samples_appended_total (\d+)$/m.exec(await (await fetch(`${first.base}/metrics`)).text())?.[1]);
      return db >= 5 * names.length ? true : undefined;
    });
    assert.equal(await first.stop(), 0);
    const stoppedAt = Date.now();

    // what the first run flushed on shutdown is on disk
    const db = Tsdb.open({ dir: join(dir, "data", "tsdb"), clock: { now: () => Date.now() } });
    const [up] = db.select([{ name: "__name__", type: "=", value: "zookeeper_up" }], 0, stoppedAt);
    assert.ok(up && up.samples.length >= 3, `${up?.samples.length} zookeeper_up samples`);
    // 0 is legitimate too: a scrape that did not answer in time on a loaded machine
    for (const s of up.samples) assert.ok(s.v === 1 || s.v === 0 || isStaleNaN(s.v), `zookeeper_up at ${s.t}: ${s.v}`);
    assert.ok(up.samples.some((s) => s.v === 1), "zookeeper_up was 1 at least once");
    for (let i = 1; i < up.samples.length; i++) assert.ok(up.samples[i]!.t > up.samples[i - 1]!.t);
    const firstRun = up.samples.length;
    db.close();

    // a restarted serve answers from the same history, before and after its own collections
    const second = await serve(dir, zkList);
    const old = (await api(second.base, `/api/v1/series?match[]=${match}&end=${stoppedAt / 1000}`)) as unknown[];
    assert.equal(old.length, 1);
    const oldNames = (await api(second.base, `/api/v1/label/__name__/values?end=${stoppedAt / 1000}`)) as string[];
    assert.deepEqual(oldNames, names.filter((n) => oldNames.includes(n)));
    assert.ok(oldNames.length >= names.length);
    await until("second run appends", async () => {
      const n = Number(/^zoosight_tsdb_samples_appended_total (\d+)$/m.exec(await (await fetch(`${second.base}/metrics`)).text())?.[1]);
      return n > 0 ? true : undefined;
    });
    assert.equal(await second.stop(), 0);
    const after = Tsdb.open({ dir: join(dir, "data", "tsdb"), clock: { now: () => Date.now() } });
    const [up2] = after.select([{ name: "__name__", type: "=", value: "zookeeper_up" }], 0, Number.MAX_SAFE_INTEGER);
    assert.ok(up2!.samples.length > firstRun, `${up2!.samples.length} > ${firstRun}`);
    after.close();
  });
});
