import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Collector } from "../../src/collect/collector.ts";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import type { Transport } from "../../src/collect/transport.ts";
import { fixture } from "../helpers/fixtures.ts";
import { VirtualClock } from "../helpers/virtual-clock.ts";

// In-memory transport: every server answers at once like a 3.8 follower.
const INSTANT: Transport = {
  fourLetterWord: async (_t, cmd) => (cmd === "mntr" ? fixture("zk-3.8/follower-mntr.txt") : cmd === "srvr" ? fixture("zk-3.8/follower-srvr.txt") : "imok"),
  adminCommand: async () => ({}),
};

describe("collect > collector scheduling (virtual clock)", () => {
  test("batches of ensembles are spread evenly over the interval and keep a fixed rate", async () => {
    const clock = new VirtualClock(0);
    const ensembles = ["a", "b", "c", "d"].map((name, i) => ({ name, servers: [parseServerSpec(`10.0.0.${i}:2181`)] }));
    // One server per batch: every ensemble on its own tick.
    const collector = new Collector({ ensembles, clock, transport: INSTANT, detailEvery: 1000, batchServers: 1 });
    const starts: [string, number][] = [];
    const stop = new AbortController();
    const loop = collector.run(1000, stop.signal, (r) => starts.push([r.ensemble, r.startedMs]));
    await clock.advanceTo(2999);
    stop.abort();
    await loop;
    assert.deepEqual(starts, [
      ["a", 0],
      ["b", 250],
      ["c", 500],
      ["d", 750],
      ["a", 1000],
      ["b", 1250],
      ["c", 1500],
      ["d", 1750],
      ["a", 2000],
      ["b", 2250],
      ["c", 2500],
      ["d", 2750],
    ]);
    assert.equal(collector.stats.cycles, 12);
  });

  test("by default about a hundred servers start together, in configuration order", async () => {
    const clock = new VirtualClock(0);
    // 30 ensembles of 5: the first 20 (100 servers) at 0, the other 10 half an interval later.
    const ensembles = Array.from({ length: 30 }, (_, i) => ({
      name: `e${i}`,
      servers: Array.from({ length: 5 }, (_, j) => parseServerSpec(`10.0.${i}.${j}:2181`)),
    }));
    const collector = new Collector({ ensembles, clock, transport: INSTANT, detailEvery: 1000 });
    const starts = new Map<string, number[]>();
    const stop = new AbortController();
    const loop = collector.run(1000, stop.signal, (r) => starts.set(r.ensemble, [...(starts.get(r.ensemble) ?? []), r.startedMs]));
    await clock.advanceTo(1999);
    stop.abort();
    await loop;
    for (let i = 0; i < 30; i++) assert.deepEqual(starts.get(`e${i}`), i < 20 ? [0, 1000] : [500, 1500], `e${i}`);
  });

  test("an ensemble whose cycle overruns the interval starts the next at once, without piling up", async () => {
    const clock = new VirtualClock(0);
    // Every request takes 1500 virtual ms.
    const slow: Transport = {
      fourLetterWord: async (t, cmd, l) => {
        await clock.sleep(1500);
        return INSTANT.fourLetterWord(t, cmd, l);
      },
      adminCommand: async () => ({}),
    };
    const collector = new Collector({ ensembles: [{ name: "a", servers: [parseServerSpec("10.0.0.1:2181")] }], clock, transport: slow });
    const starts: number[] = [];
    const stop = new AbortController();
    const loop = collector.run(1000, stop.signal, (r) => starts.push(r.startedMs));
    await clock.advanceTo(5000);
    stop.abort();
    await clock.advanceTo(10_000); // let the cycle in flight finish; it is not reported
    await loop;
    assert.deepEqual(starts, [0, 1500, 3000]);
  });
});
