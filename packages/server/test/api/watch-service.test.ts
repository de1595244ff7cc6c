import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { WatchService } from "../../src/api/watch-service.ts";
import type { Appender } from "../../src/collect/appender.ts";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import type { Transport } from "../../src/collect/transport.ts";
import { fixture } from "../helpers/fixtures.ts";
import { VirtualClock } from "../helpers/virtual-clock.ts";

type AppendBatch = Parameters<Appender["append"]>[0];

function run(slowMs: number): Promise<AppendBatch[]> {
  return (async () => {
    const clock = new VirtualClock(0);
    // Every answer takes 40 virtual ms; 10.0.0.9 takes `slowMs`.
    const transport: Transport = {
      fourLetterWord: async (t, cmd) => {
        await clock.sleep(t.host === "10.0.0.9" ? slowMs : 40);
        return cmd === "mntr" ? fixture("zk-3.8/follower-mntr.txt") : cmd === "srvr" ? fixture("zk-3.8/follower-srvr.txt") : "imok";
      },
      adminCommand: async () => ({}),
    };
    const servers = ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.9:2181"].map((s) => parseServerSpec(s));
    const batches: AppendBatch[] = [];
    const service = new WatchService({
      ensembles: [{ name: "a", servers }],
      clock,
      transport,
      detailEvery: 1000,
      discover: false,
      appenders: [{ append: (b) => batches.push(b) }],
    });
    const stop = new AbortController();
    const loop = service.run(1000, stop.signal);
    await clock.advanceTo(3999);
    stop.abort();
    await clock.advanceTo(20_000);
    await loop;
    return batches;
  })();
}

const stamps = (batches: AppendBatch[], server: string) => batches.filter((b) => b.server === server).map((b) => b.timestampMs);

describe("api > watch service: what reaches the appenders", () => {
  test("every read once, stamped with the time it began (the tick), not when its answer came", async () => {
    const batches = await run(60);
    for (const server of ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.9:2181"]) assert.deepEqual(stamps(batches, server), [0, 1000, 2000, 3000], server);
    for (const b of batches.filter((x) => x.server !== "")) assert.ok(b.samples.length > 400, `${b.server} at ${b.timestampMs}`);
  });

  test("a server past the interval adds rounds, which report the others' reads again: appended once", async () => {
    const batches = await run(1500);
    for (const server of ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.9:2181"]) {
      const s = stamps(batches, server);
      assert.ok(s.length >= 2, `${server}: ${s.join(",")}`);
      assert.deepEqual(s, [...new Set(s)].sort((a, b) => a - b), `${server} appended once per read, in order: ${s.join(",")}`);
    }
    // The slow server: read at 0, then again as soon as that read is done (the read begun at
    // 3000 is still in flight at the stop).
    assert.deepEqual(stamps(batches, "10.0.0.9:2181"), [0, 1500]);
    // The fast servers' reads are stamped at ticks.
    for (const t of stamps(batches, "10.0.0.1:2181")) assert.equal(t % 1000, 0, String(t));
  });
});
