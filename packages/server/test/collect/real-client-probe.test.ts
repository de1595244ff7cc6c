// The optional client probe (@zoosight/client) against a real standalone server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Ensemble } from "@zoosight/testkit";
import { startEnsemble } from "@zoosight/testkit";
import { WatchService } from "../../src/api/watch-service.ts";
import type { CliIO } from "../../src/cli/command.ts";
import { main } from "../../src/cli/main.ts";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import { realClock } from "../helpers/real-clock.ts";
import { TEST_LIMITS } from "../helpers/real-watch.ts";

describe("collect > client probe against a real server", { concurrency: false }, () => {
  let zk: Ensemble;
  before(async () => {
    zk = await startEnsemble({ servers: 1, name: "zoosight-probe" });
    await zk.waitServing(120_000);
  });
  after(async () => {
    await zk?.close();
  });

  test("read and write round trips are measured and exported; a dead server fails the probe", async () => {
    const service = new WatchService({
      ensembles: [{ name: "p", servers: [parseServerSpec(zk.servers[0]!.clientAddress)] }],
      clock: realClock,
      limits: TEST_LIMITS,
      probe: { timeoutMs: 5000 },
    });
    try {
      const { health } = await service.cycle();
      const probe = health[0]!.probe;
      assert.equal(probe?.ok, true, probe?.error);
      assert.equal(typeof probe?.readMs, "number");
      assert.equal(typeof probe?.writeMs, "number");
      assert.equal(health[0]!.verdict, "healthy");
      const text = service.metrics();
      assert.match(text, /^zookeeper_probe_success\{ensemble="p"\} 1$/m);
      assert.match(text, /^zookeeper_probe_write_seconds\{ensemble="p"\} [0-9.e-]+$/m);
      await zk.servers[0]!.kill();
      const after = (await service.cycle()).health[0]!;
      assert.equal(after.probe?.ok, false);
      assert.ok(after.reasons.some((r) => r.startsWith("client probe failed: ")), after.reasons.join("; "));
      assert.match(service.metrics(), /^zookeeper_probe_success\{ensemble="p"\} 0$/m);
    } finally {
      await service.close();
    }
    await zk.servers[0]!.restart(120_000);
  });

  test("zoosight status --probe prints the round trips", async () => {
    const out = { text: "" };
    const io: CliIO = {
      stdout: (t) => {
        out.text += t;
      },
      stderr: () => {},
      env: {},
      cwd: process.cwd(),
      interrupted: new Promise<void>(() => {}),
    };
    const code = await main(["status", "--probe", "--timeout", "5000", "--zk", zk.servers[0]!.clientAddress], io);
    assert.match(out.text, /^ensemble default: HEALTHY \(1\/1 voters serving, 0 leaders, probe read \d+ms write \d+ms\)$/m);
    assert.equal(code, 0);
  });
});
