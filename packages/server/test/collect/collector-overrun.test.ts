import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Collector } from "../../src/collect/collector.ts";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import type { Transport } from "../../src/collect/transport.ts";
import { fixture } from "../helpers/fixtures.ts";
import { VirtualClock } from "../helpers/virtual-clock.ts";

describe("collect > collector scheduling: a server that overruns the interval", () => {
  test("does not delay the reads of the other servers of its ensemble", async () => {
    const clock = new VirtualClock(0);
    // 10.0.0.9 takes 2500 virtual ms per request (longer than the 1000 ms interval); the others answer at once.
    const transport: Transport = {
      fourLetterWord: async (t, cmd) => {
        if (t.host === "10.0.0.9") await clock.sleep(2500);
        return cmd === "mntr" ? fixture("zk-3.8/follower-mntr.txt") : cmd === "srvr" ? fixture("zk-3.8/follower-srvr.txt") : "imok";
      },
      adminCommand: async () => ({}),
    };
    const servers = ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.9:2181"].map((s) => parseServerSpec(s));
    const reads = new Map<string, number[]>();
    const onSnapshot = (s: { server: string; finishedMs: number }) => reads.set(s.server, [...(reads.get(s.server) ?? []), s.finishedMs]);
    const collector = new Collector({ ensembles: [{ name: "a", servers }], clock, transport, detailEvery: 1000, discover: false, onSnapshot });
    const cycles: number[] = [];
    const stop = new AbortController();
    const loop = collector.run(1000, stop.signal, (r) => cycles.push(r.startedMs));
    await clock.advanceTo(5999);
    stop.abort();
    await clock.advanceTo(20_000);
    await loop;
    // The fast servers are read at every tick, whatever the slow one does.
    assert.deepEqual(reads.get("10.0.0.1:2181"), [0, 1000, 2000, 3000, 4000, 5000]);
    assert.deepEqual(reads.get("10.0.0.2:2181"), [0, 1000, 2000, 3000, 4000, 5000]);
    // The slow one starts again as soon as it is done, one scrape at a time (the one in flight at the stop completes).
    assert.deepEqual(reads.get("10.0.0.9:2181"), [2500, 5000, 7500]);
    // Every tick's cycle is reported (the first when the slow server is done), and the slow server's catch-up.
    assert.deepEqual([...cycles].sort((a, b) => a - b), [0, 1000, 2000, 2500, 3000, 4000, 5000]);
  });
});
