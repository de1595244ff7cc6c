// The sentinel's signal wakes an ensemble's collection loop: a cycle at once, then a fast pace
// while the ensemble settles, then the normal interval again (virtual clock, fake sentinel).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Collector } from "../../src/collect/collector.ts";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import type { Transport } from "../../src/collect/transport.ts";
import { fixture } from "../helpers/fixtures.ts";
import { VirtualClock } from "../helpers/virtual-clock.ts";

const INSTANT: Transport = {
  fourLetterWord: async (_t, cmd) => (cmd === "mntr" ? fixture("zk-3.8/follower-mntr.txt") : cmd === "srvr" ? fixture("zk-3.8/follower-srvr.txt") : "imok"),
  adminCommand: async () => ({}),
};

function setup() {
  const clock = new VirtualClock(0);
  const signals = new Map<string, (reason: string) => void>();
  const closed: string[] = [];
  const ensembles = ["a", "b"].map((name, i) => ({ name, servers: [parseServerSpec(`10.0.0.${i}:2181`)] }));
  const collector = new Collector({
    ensembles,
    clock,
    transport: INSTANT,
    detailEvery: 1000,
    // Each ensemble on its own tick (b half an interval after a), so a nudge of one shows alone.
    batchServers: 1,
    sentinel: {
      fastIntervalMs: 500,
      settleMs: 2000,
      create: (connectString, onSignal) => ({
        start: () => signals.set(connectString, onSignal),
        close: async () => {
          closed.push(connectString);
        },
      }),
    },
  });
  return { clock, signals, closed, collector };
}

describe("collect > sentinel wakes the collection (virtual clock)", () => {
  test("a signal collects its ensemble at once, then every fastInterval until settled, then at the interval", async () => {
    const { clock, signals, closed, collector } = setup();
    const starts: [string, number][] = [];
    const stop = new AbortController();
    const loop = collector.run(10_000, stop.signal, (r) => starts.push([r.ensemble, r.startedMs]));
    await clock.advanceTo(3000);
    assert.deepEqual([...signals.keys()], ["10.0.0.0:2181", "10.0.0.1:2181"], "one sentinel per ensemble, on its servers");
    signals.get("10.0.0.0:2181")!("sentinel session suspended");
    await clock.advanceTo(25_000);
    stop.abort();
    await loop;
    await collector.close();
    const a = starts.filter(([e]) => e === "a").map(([, t]) => t);
    const b = starts.filter(([e]) => e === "b").map(([, t]) => t);
    // a: regular at 0, woken at 3000, fast until 5000, then the interval again.
    assert.deepEqual(a, [0, 3000, 3500, 4000, 4500, 5000, 15_000, 25_000]);
    // b had no signal: its regular pace (offset by half the interval) is untouched.
    assert.deepEqual(b, [5000, 15_000, 25_000]);
    assert.equal(collector.stats.sentinelSignals.get("a"), 1);
    assert.equal(collector.stats.sentinelSignals.get("b"), undefined);
    assert.deepEqual(closed.sort(), ["10.0.0.0:2181", "10.0.0.1:2181"], "close() closes every sentinel");
  });

  test("a signal during the fast pace wakes the loop at once and extends the fast pace", async () => {
    const { clock, signals, collector } = setup();
    const starts: number[] = [];
    const stop = new AbortController();
    const loop = collector.run(10_000, stop.signal, (r) => {
      if (r.ensemble === "a") starts.push(r.startedMs);
    });
    await clock.advanceTo(1000);
    const signal = signals.get("10.0.0.0:2181")!;
    signal("suspended");
    await clock.advanceTo(2200);
    signal("reconnected"); // at 2200, between fast ticks: wakes at once and settles until 4200
    await clock.advanceTo(14_300);
    stop.abort();
    await loop;
    assert.deepEqual(starts, [0, 1000, 1500, 2000, 2200, 2700, 3200, 3700, 4200, 14_200]);
  });

  test("without the sentinel option no session is opened and the pace is the interval", async () => {
    const clock = new VirtualClock(0);
    const collector = new Collector({ ensembles: [{ name: "a", servers: [parseServerSpec("10.0.0.1:2181")] }], clock, transport: INSTANT });
    const starts: number[] = [];
    const stop = new AbortController();
    const loop = collector.run(1000, stop.signal, (r) => starts.push(r.startedMs));
    await clock.advanceTo(3500);
    stop.abort();
    await loop;
    assert.deepEqual(starts, [0, 1000, 2000, 3000]);
    assert.equal(collector.stats.sentinelSignals.size, 0);
  });
});
