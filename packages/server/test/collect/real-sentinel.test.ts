// The sentinel on a real ensemble: with a collection interval far longer than the test, SIGKILL of
// the leader is still collected and reported within seconds, because the sentinel session is
// dropped by the election and wakes the ensemble's loop.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { WatchService } from "../../src/api/watch-service.ts";
import type { EnsembleHealth } from "../../src/health/ensemble-health.ts";
import { realClock } from "../helpers/real-clock.ts";
import { TEST_LIMITS, targetsOf } from "../helpers/real-watch.ts";

let ensemble: Ensemble;
before(async () => {
  ensemble = await startEnsemble({ servers: 3, name: "real-sentinel" });
});
after(async () => {
  await ensemble?.close();
});

describe("collect > sentinel on a real ensemble", () => {
  it("SIGKILL of the leader is collected at once although the next tick is minutes away", async () => {
    const INTERVAL_MS = 600_000;
    const service = new WatchService({
      ensembles: [{ name: "s", servers: targetsOf(ensemble) }],
      clock: realClock,
      limits: TEST_LIMITS,
      sentinel: { fastIntervalMs: 300, settleMs: 10_000 },
    });
    const stop = new AbortController();
    const seen: EnsembleHealth[] = [];
    let onHealth: () => void = () => {};
    const loop = service.run(INTERVAL_MS, stop.signal, (r) => {
      const h = service.tracker.latest(r.ensemble);
      if (h) seen.push(h);
      onHealth();
    });
    const waitFor = (what: string, pred: (h: EnsembleHealth) => boolean) =>
      new Promise<EnsembleHealth>((resolve, reject) => {
        // A bound far below the interval: without the sentinel nothing would be collected at all.
        const timer = setTimeout(() => reject(new Error(`${what}: not seen; last ${JSON.stringify(seen.at(-1)?.servers.map((s) => [s.server, s.state]))}`)), 120_000);
        onHealth = () => {
          const h = seen.at(-1);
          if (h && pred(h)) {
            clearTimeout(timer);
            resolve(h);
          }
        };
        onHealth();
      });
    try {
      const first = await waitFor("first cycle with a leader", (h) => h.leaders.length === 1);
      const oldLeader = first.leaders[0]!;
      const victim = ensemble.servers.find((s) => s.clientAddress === oldLeader)!;
      // Let the sentinel session connect before the fault.
      await new Promise((r) => setTimeout(r, 3000));
      const cyclesBefore = seen.length;
      await victim.kill();
      const after = await waitFor("a new leader reported", (h) => h.leaders.length === 1 && h.leaders[0] !== oldLeader);
      assert.ok(seen.length > cyclesBefore, "cycles ran between ticks");
      assert.ok((service.collector.stats.sentinelSignals.get("s") ?? 0) >= 1, "the sentinel signalled");
      assert.equal(after.servers.find((s) => s.server === oldLeader)?.state, "down", "the killed leader is reported down");
    } finally {
      stop.abort();
      await loop;
      await service.close();
      const victim = ensemble.servers.find((s) => s.state !== "running");
      if (victim) await victim.restart();
    }
  });
});
